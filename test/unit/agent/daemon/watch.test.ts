/** The file watcher: a replaced file (rename) triggers once; a rewrite with the same content does not. */
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileWatcher } from '../../../../agent/daemon/watch.js';

let watcher: FileWatcher | undefined;
afterEach(() => watcher?.close());
const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('FileWatcher', () => {
  it('reports a replaced file once, and ignores a same-content rewrite and other files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecpa-watch-'));
    const file = join(dir, 'ledger.yaml');
    writeFileSync(file, 'a: 1\n');
    const seen: string[][] = [];
    watcher = new FileWatcher({ onChange: (f) => seen.push([...f]), onError: (e) => { throw e; }, debounceMs: 50 });
    await watcher.watch([file]);
    writeFileSync(join(dir, 'other.txt'), 'x');
    writeFileSync(file, 'a: 1\n');
    await wait(200);
    expect(seen).toEqual([]);
    writeFileSync(`${file}.tmp`, 'a: 2\n');
    renameSync(`${file}.tmp`, file);
    await wait(200);
    expect(seen).toEqual([[file]]);
  });
});
