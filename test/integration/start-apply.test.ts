/**
 * `ecpa start --apply` in-process: the lab switches start EMPTY and the daemon's auto-apply pushes
 * the intent through the real apply path on every platform, Junos (hz-acc-04, the lab server
 * running as a Junos device: load-configuration + commit-configuration in minutes) included. Every
 * shared port of the example ledger ends `in-sync` and no apply fails.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCommand } from '../../agent/cli/commands/start.js';
import { runCli } from '../../agent/cli/dispatch.js';
import { eventually, exampleOnFreePorts, sample } from './lab-setup.js';

describe('ecpa start --apply', () => {
  it('configures every empty lab switch, the Junos one included, and every shared port ends in-sync', async () => {
    const config = await exampleOnFreePorts('ecpa-start-apply-');
    const dir = dirname(config);
    let out = '';
    let err = '';
    const controller = new AbortController();
    const exit = runCli([startCommand], ['start', '--apply', '--config', config, '--listen', '127.0.0.1:0', '--log-level', 'info'], {
      stdout: (t) => (out += t),
      stderr: (t) => (err += t),
      env: {},
      cwd: dir,
    }, controller.signal);
    try {
      const url = await eventually('the metrics URL on stdout', 15_000, async () => /metrics: (http:\/\/[\d.:]+)\/metrics/.exec(out)?.[1]);
      const ledger = readFileSync(join(dir, 'ledger.yaml'), 'utf8');
      const ids = [...ledger.matchAll(/id: (pc-bp1v[0-9]+)/g)].map((m) => m[1] as string).filter((id, i, all) => all.indexOf(id) === i);
      expect(ids.length).toBeGreaterThan(20);
      const metrics = await eventually('every shared port in-sync', 40_000, async () => {
        const t = await (await fetch(`${url}/metrics`)).text();
        return ids.every((id) => sample(t, 'ecpa_shared_port_config_state', { shared_port: id, state: 'in-sync' }) === 1) ? t : undefined;
      }).catch((e: unknown) => {
        // Say why: the daemon's log lines about the devices that failed.
        throw new Error(`${(e as Error).message}\n${err.split('\n').filter((l) => /"level":(40|50)|warn|error/.test(l)).slice(-6).join('\n')}`);
      });
      for (const device of ['hz-acc-01', 'hz-acc-02', 'hz-acc-03', 'hz-acc-04']) {
        expect(sample(metrics, 'ecpa_device_errors_total', { device, reason: 'apply-failed' }) ?? 0).toBe(0);
      }
      // The Junos switch was applied by the daemon (auto-apply done), not seeded.
      const done = err.split('\n').filter((l) => l.includes('"auto-apply done"') && l.includes('"device":"hz-acc-04"'));
      expect(done.length).toBeGreaterThan(0);
      expect(done[0]).toContain('"status":"applied"');
    } finally {
      controller.abort(new Error('test over'));
    }
    expect(await exit).toBe(0);
    expect(err).not.toContain('"level":"error"');
    expect(err).not.toContain('"level":50');
  }, 60_000);
});
