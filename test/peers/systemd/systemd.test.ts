/**
 * `systemd-analyze verify` and `systemd-analyze security --offline` on deploy/systemd/ecpa.service
 * (Debian package `systemd`; works without systemd as PID 1). ExecStart names /usr/bin/node; where
 * node lives elsewhere the copy under test points at this Node.js instead, so verify can check it.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { peerAvailable } from '../../support/peer.js';
import { deployPath } from '../../unit/deploy/artifacts.js';

function analyze(args: readonly string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile('systemd-analyze', args, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, out: stdout + stderr });
    });
  });
}

const available = await peerAvailable('systemd-analyze', async () => (await analyze(['--version'])).code === 0);
const dir = mkdtempSync(join(tmpdir(), 'ecpa-systemd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function unitCopy(name: string, edit: (text: string) => string = (t) => t): string {
  let text = readFileSync(deployPath('systemd', 'ecpa.service'), 'utf8');
  if (!existsSync('/usr/bin/node')) text = text.replace('/usr/bin/node', process.execPath);
  const file = join(dir, name);
  writeFileSync(file, edit(text));
  return file;
}

describe.runIf(available)('systemd-analyze', () => {
  it('verify: the unit is clean', async () => {
    const run = await analyze(['verify', unitCopy('ecpa.service')]);
    expect(run).toEqual({ code: 0, out: '' });
  });

  it('verify: reports a misspelt directive (the check can fail)', async () => {
    const run = await analyze(['verify', unitCopy('ecpa-typo.service', (t) => t.replace('ProtectSystem=strict', 'ProtectSytem=strict'))]);
    // verify exits 0 on an unknown key; the message is what fails the clean test above.
    expect(run.out).toContain("Unknown key 'ProtectSytem' in section [Service]");
  });

  it('security: exposure level at most 2.0 (OK)', async () => {
    const run = await analyze(['security', '--offline=true', unitCopy('ecpa.service')]);
    const level = Number(/Overall exposure level for ecpa\.service: ([\d.]+)/.exec(run.out)?.[1]);
    expect(level, run.out.slice(-500)).toBeLessThanOrEqual(2.0);
  });
});
