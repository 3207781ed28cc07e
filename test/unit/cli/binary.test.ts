import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/peer.js';
import { scratch } from './helpers.js';

// Proves the published bin works: build with the package's own script, then run dist/agent/cli/main.js.
const MAIN = join(repoRoot, 'dist/agent/cli/main.js');
const run = (args: string[], cwd = repoRoot) => spawnSync(process.execPath, [MAIN, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' }, timeout: 60_000 });

describe('the ecpa binary', () => {
  beforeAll(() => {
    const build = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, encoding: 'utf8', timeout: 300_000 });
    if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
  }, 320_000);

  it('ledger check on the example exits 0', () => {
    const r = run(['ledger', 'check', 'config/examples/ledger.yaml']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('config/examples/ledger.yaml: valid');
  });

  it('exits 1 with the code and both ports on a duplicate VLAN', () => {
    const dir = scratch();
    const file = join(dir, 'config/examples/ledger.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('circuit: pc-bp1c0001, vlan: 102', 'circuit: pc-bp1c0001, vlan: 101'));
    const r = run(['ledger', 'check'], dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/ledger\.yaml:\d+:\d+: error \[OperationFailed\.VlanIdAlreadyInUse\] .*pc-bp1v0001.*pc-bp1v0002/);
  });

  it('check --offline --format json prints only JSON on stdout', () => {
    const r = run(['check', '--offline', '--format', 'json']);
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { verdict: string }).verdict).toBe('pass');
  });

  it('a usage error exits 2', () => {
    expect(run(['ledger', 'check', '--bogus']).status).toBe(2);
  });
});
