/**
 * `ecpa run` as a real process (the CLI entry point under tsx) against the lab fleet: SIGHUP
 * reloads; SIGTERM during an auto-apply lets the apply finish and exits 0 with no lock held and no
 * confirmed commit pending on any device.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exampleScenario, withFaults } from '../lab/fleet/scenario.js';
import { repoRoot } from '../support/peer.js';
import { eventually, startLab, type Lab } from './lab-setup.js';

interface Running {
  readonly child: ChildProcess;
  readonly lines: Record<string, unknown>[];
  readonly exited: Promise<number | null>;
}

function runAgent(lab: Lab, args: readonly string[]): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'agent', 'cli', 'main.ts'), 'run', '--config', lab.configFile, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...lab.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  let buffer = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        lines.push({ msg: 'non-json', text: line });
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, lines, exited };
}

const seen = (r: Running, msg: string, extra: (l: Record<string, unknown>) => boolean = () => true): Promise<Record<string, unknown>> =>
  eventually(`log line '${msg}'`, 15_000, async () => r.lines.find((l) => l['msg'] === msg && extra(l)));

let lab: Lab | undefined;
let agent: Running | undefined;

afterEach(async () => {
  if (agent && agent.child.exitCode === null) agent.child.kill('SIGKILL');
  await lab?.fleet.stop();
  lab = undefined;
  agent = undefined;
});

describe('ecpa run as a process', () => {
  it('reloads on SIGHUP and exits 0 on SIGTERM', async () => {
    lab = await startLab({ ...exampleScenario(), flaps: [] });
    agent = runAgent(lab, []);
    await seen(agent, 'daemon started');
    agent.child.kill('SIGHUP');
    await seen(agent, 'reloaded config and ledger');
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
    expect(agent.lines.at(-1)?.['msg']).toBe('stopped');
  });

  it('on SIGTERM during an auto-apply, lets the apply finish: no lock, no pending confirmed commit', async () => {
    // Initech's policer is missing on hz-acc-01: the daemon applies it (--auto-apply). The lab
    // holds every commit for 2 s, so SIGTERM lands while the transaction is open.
    lab = await startLab(withFaults({ ...exampleScenario(), flaps: [] }, [{ kind: 'missing-policer', sharedPort: 'pc-bp1v0003' }]));
    const device = lab.fleet.devices.get('hz-acc-01');
    if (device === undefined) throw new Error('no hz-acc-01');
    device.netconf.faults.delayMs = { commit: 2000 };
    expect(device.observed().policers.some((p) => p.owner === 'pc-bp1v0003')).toBe(false);
    agent = runAgent(lab, ['--auto-apply', '--log-level', 'debug']);
    await seen(agent, 'apply phase', (l) => l['device'] === 'hz-acc-01' && l['phase'] === 'commit');
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
    const msgs = agent.lines.map((l) => String(l['msg']));
    expect(msgs.indexOf('shutdown requested')).toBeGreaterThan(-1);
    expect(msgs.indexOf('auto-apply done')).toBeGreaterThan(msgs.indexOf('shutdown requested'));
    expect(msgs.at(-1)).toBe('stopped');
    for (const d of lab.fleet.devices.values()) {
      expect(d.netconf.state.pending, `${d.id} pending confirmed commit`).toBeUndefined();
      expect(d.netconf.state.locks.size, `${d.id} locks`).toBe(0);
    }
    // The apply was confirmed, not rolled back: the policer is on the device now.
    expect(device.netconf.state.rollbacks).toEqual([]);
    expect(device.observed().policers.some((p) => p.owner === 'pc-bp1v0003')).toBe(true);
  });
});
