import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../../agent/ledger/atomic-write.js';
import { unifiedDiff } from '../../../../agent/ledger/diff.js';

describe('unifiedDiff', () => {
  const a = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
  it('is empty for equal texts', () => {
    expect(unifiedDiff(a, a, 'f')).toBe('');
  });
  it('prints one hunk with three lines of context', () => {
    const b = a.replace('line 10\n', 'line ten\n');
    expect(unifiedDiff(a, b, 'f')).toBe('--- f\n+++ f (edited)\n@@ -7,7 +7,7 @@\n line 7\n line 8\n line 9\n-line 10\n+line ten\n line 11\n line 12\n line 13\n');
  });
  it('prints an insertion and a deletion at the ends', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\nc\n', 'f')).toBe('--- f\n+++ f (edited)\n@@ -1,2 +1,3 @@\n a\n b\n+c\n');
    expect(unifiedDiff('a\nb\n', 'b\n', 'f')).toBe('--- f\n+++ f (edited)\n@@ -1,2 +1,1 @@\n-a\n b\n');
  });
  it('splits distant changes into two hunks', () => {
    const b = a.replace('line 2\n', 'line two\n').replace('line 19\n', 'line nineteen\n');
    const hunks = unifiedDiff(a, b, 'f').split('\n').filter((l) => l.startsWith('@@'));
    expect(hunks).toEqual(['@@ -1,5 +1,5 @@', '@@ -16,5 +16,5 @@']);
  });
});

describe('writeFileAtomic', () => {
  it('replaces the file, keeps its mode, and leaves no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecpa-atomic-'));
    const file = join(dir, 'ledger.yaml');
    writeFileSync(file, 'old\n');
    chmodSync(file, 0o664); // group-writable: umask 022 would drop it without the explicit chmod
    await writeFileAtomic(file, 'new\n');
    expect(readFileSync(file, 'utf8')).toBe('new\n');
    expect(statSync(file).mode & 0o777).toBe(0o664);
    expect(readdirSync(dir)).toEqual(['ledger.yaml']);
  });
  it('leaves the old file untouched when the write cannot happen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecpa-atomic-'));
    await expect(writeFileAtomic(join(dir, 'missing-dir', 'ledger.yaml'), 'x')).rejects.toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
