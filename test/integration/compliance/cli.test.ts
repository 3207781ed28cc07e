/**
 * `ecpa check` through the CLI dispatcher against the lab: option parsing, formats, --output, the
 * exit codes, and --offline refusing live-only options.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../../agent/cli/command.js';
import { runCli } from '../../../agent/cli/dispatch.js';
import { commands } from '../../../agent/cli/registry.js';
import { exampleScenario, withFaults } from '../../lab/fleet/scenario.js';
import { startLab } from '../lab-setup.js';

function io(env: Record<string, string | undefined>, cwd: string): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, env, cwd, out: () => out, err: () => err };
}

describe('ecpa check (CLI)', () => {
  it('writes an HTML report with --output, JUnit to stdout, and exits by the verdicts', async () => {
    const lab = await startLab(withFaults({ ...exampleScenario(), flaps: [] }, [{ kind: 'missing-policer', sharedPort: 'pc-bp1v0020' }]));
    try {
      const a = io(lab.env, lab.dir);
      const code = await runCli(commands, ['check', '--config', lab.configFile, '--format', 'html', '--output', 'report.html', '--sample-seconds', '1'], a);
      expect(code, a.err()).toBe(1);
      expect(a.out()).toBe('');
      expect(a.err()).toMatch(/report written to report.html/);
      const html = readFileSync(join(lab.dir, 'report.html'), 'utf8');
      expect(html).toContain('data-result="FAIL"');
      expect(html).toContain('no policer for pc-bp1v0020 on hz-acc-04');

      const b = io(lab.env, lab.dir);
      expect(await runCli(commands, ['check', '--config', lab.configFile, '--format', 'junit', '--sample-seconds', '1', '--rule', 'qos-throttling'], b)).toBe(1);
      expect(b.out()).toMatch(/<testsuite name="qos-throttling" tests="24" failures="1" errors="0" skipped="0"/);

      const c = io(lab.env, lab.dir);
      expect(await runCli(commands, ['check', '--config', lab.configFile, '--format', 'junit', '--sample-seconds', '1', '--rule', 'circuit-ports-up', '--rule', 'vlan-unique'], c)).toBe(0);
    } finally {
      await lab.fleet.stop();
    }
  }, 90_000);

  it('refuses bad live options with exit 2', async () => {
    const d = io({}, '/tmp');
    expect(await runCli(commands, ['check', '--probe-icmp', 'example.net'], d)).toBe(2);
    expect(d.err()).toMatch(/not an IPv4 or IPv6 address/);
    const e = io({}, '/tmp');
    expect(await runCli(commands, ['check', '--offline', '--probe-icmp', '127.0.0.1'], e)).toBe(2);
    expect(e.err()).toMatch(/--probe-icmp is for a live check/);
    const f = io({}, '/tmp');
    expect(await runCli(commands, ['check', '--sample-seconds', '0'], f)).toBe(2);
  });
});
