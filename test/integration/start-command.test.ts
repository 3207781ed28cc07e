/**
 * `ecpa start` in-process (what `npm start` runs), on a copy of the example config with free
 * ports and 1 s polls: it prints where the metrics are, every shared port gets a rate, and it stops
 * cleanly when its signal aborts.
 */
import { createConnection } from 'node:net';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCommand } from '../../agent/cli/commands/start.js';
import { runCli } from '../../agent/cli/dispatch.js';
import { eventually, exampleOnFreePorts, sample } from './lab-setup.js';

describe('ecpa start', () => {
  it('runs the agent against the lab fleet and prints where the metrics are', async () => {
    const config = await exampleOnFreePorts('ecpa-start-');
    const dir = dirname(config);
    let out = '';
    let err = '';
    const controller = new AbortController();
    const exit = runCli([startCommand], ['start', '--config', config, '--listen', '127.0.0.1:0', '--log-level', 'warn'], {
      stdout: (t) => (out += t),
      stderr: (t) => (err += t),
      env: {},
      cwd: dir,
    }, controller.signal);
    try {
      const url = await eventually('the metrics URL on stdout', 15_000, async () => /metrics: (http:\/\/[\d.:]+)\/metrics/.exec(out)?.[1]);
      expect(out).toContain('lab fleet of 4 simulated switches');
      const metrics = await eventually('a rate for every shared port', 10_000, async () => {
        const t = await (await fetch(`${url}/metrics`)).text();
        const n = t.split('\n').filter((l) => l.startsWith('ecpa_shared_port_receive_bytes_per_second{')).length;
        return n === 24 ? t : undefined;
      });
      expect(sample(metrics, 'ecpa_device_up', { device: 'hz-acc-03' })).toBe(1);
    } finally {
      controller.abort(new Error('test over'));
    }
    expect(await exit).toBe(0);
    expect(err).not.toContain('"level":"error"');
    // Everything it started is gone: the NETCONF ports refuse connections.
    const port = Number(/hz-acc-01 \(openconfig\): NETCONF 127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
    await expect(new Promise((resolve, reject) => {
      const s = createConnection(port, '127.0.0.1', () => { s.destroy(); resolve('open'); });
      s.on('error', reject);
    })).rejects.toThrow(/ECONNREFUSED/);
  });
});
