import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../support/peer.js';

// policies/ledger and policies/compliance are pure: no I/O, no clock, no logger, no randomness, and
// imports only from within policies/.
const DIRS = ['policies/ledger', 'policies/compliance'];
const FORBIDDEN: [RegExp, string][] = [
  [/from ['"]node:/, 'a node: module'],
  [/from ['"](fs|path|os|child_process|net|http)['"]/, 'a Node built-in'],
  [/\bDate\.now\(|new Date\(/, 'the clock'],
  [/\bMath\.random\(/, 'randomness'],
  [/\bconsole\.(log|error|warn|info|debug)\(/, 'console'],
  [/\bprocess\./, 'process'],
  [/from ['"]\.\.\/\.\.\/(agent|drivers|config)\//, 'a module outside policies/'],
  [/from ['"](pino|ssh2|net-snmp|prom-client|yaml)['"]/, 'an I/O library'],
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('policies stay pure', () => {
  const all = DIRS.flatMap((d) => files(join(repoRoot, d)));
  it('has files to check', () => {
    expect(all.length).toBeGreaterThan(8);
  });
  it.each(all.map((f) => [relative(repoRoot, f)]))('%s', (file) => {
    const text = readFileSync(join(repoRoot, file), 'utf8');
    const found = FORBIDDEN.filter(([re]) => re.test(text)).map(([, what]) => what);
    expect(found).toEqual([]);
  });
});
