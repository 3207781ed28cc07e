/**
 * The reconcile loop takes the device's lease around a run: while the live compliance check reads
 * a device (holds its lease), a reconcile run of that device waits; other devices run; a shutdown
 * while waiting runs nothing. The devices have no NETCONF settings, so a run ends at once (a
 * terminal `no-netconf` failure) without any I/O.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DeviceLeases } from '../../../../agent/daemon/device-lease.js';
import type { DaemonInputs } from '../../../../agent/daemon/inputs.js';
import { createDaemonLogger } from '../../../../agent/daemon/logger.js';
import { ReconcileLoop, type RunResult } from '../../../../agent/daemon/reconcile-loop.js';
import { DaemonState } from '../../../../agent/daemon/state.js';
import type { AgentConfig, DeviceConfig } from '../../../../config/agent/model.js';
import { buildIntents } from '../../../../policies/intent/build.js';
import { compliantLedger } from '../../policies/compliance/live/fixture.js';

const ledger = compliantLedger();
const devices: DeviceConfig[] = [
  { id: 'sw-hz-1', address: '192.0.2.1', platform: 'huawei-vrp', autoApply: false },
  { id: 'sw-hz-2', address: '192.0.2.2', platform: 'cisco-iosxe', autoApply: false },
];
const config: AgentConfig = {
  ledger: '/tmp/ledger.yaml',
  devices,
  polling: { intervalMs: 30_000, timeoutMs: 20_000, concurrency: 8, staticRefreshMs: 600_000 },
  push: { confirmTimeoutS: 120, concurrency: 4, maxDeletes: 5, arpPpsPerUser: 1, icmpLimitPps: 1000, ownershipPrefix: 'ecpa:' },
  reconcile: { intervalMs: 3_600_000 },
  compliance: { intervalMs: 0, concurrency: 2 },
  exporter: { listen: '127.0.0.1:0' },
};
const inputs: DaemonInputs = {
  configFile: '/tmp/agent.yaml', config, ledgerFile: '/tmp/ledger.yaml', ledger,
  intents: new Map(buildIntents(ledger, devices, config.push).map((i) => [i.device, i])), warnings: [],
};

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setImmediate(r));
}

describe('ReconcileLoop with device leases', () => {
  it('waits for a device whose lease is held, runs the others, then runs it once the lease is released', async () => {
    const leases = new DeviceLeases();
    let release!: () => void;
    const held = leases.hold('sw-hz-1', undefined, () => new Promise<void>((r) => { release = r; }));
    const runs: [string, RunResult][] = [];
    const loop = new ReconcileLoop({
      state: new DaemonState(),
      logger: createDaemonLogger('silent', new Writable({ write: (_c, _e, done) => done() })),
      inputs: () => inputs,
      autoApplyAll: false,
      leases,
      onRun: (device, result) => runs.push([device, result]),
    });
    const stop = new AbortController();
    loop.start(stop.signal, new AbortController().signal);
    await until(() => runs.length === 1);
    await new Promise((r) => setImmediate(r));
    expect(runs).toEqual([['sw-hz-2', { kind: 'failed', reason: 'no-netconf', terminal: true }]]);
    release();
    await held;
    await until(() => runs.length === 2);
    expect(runs[1]).toEqual(['sw-hz-1', { kind: 'failed', reason: 'no-netconf', terminal: true }]);
    stop.abort();
    await loop.idle();
  });

  it('runs nothing for a device it was waiting for when the daemon stops', async () => {
    const leases = new DeviceLeases();
    let release!: () => void;
    const held = leases.hold('sw-hz-1', undefined, () => new Promise<void>((r) => { release = r; }));
    const runs: string[] = [];
    const loop = new ReconcileLoop({
      state: new DaemonState(),
      logger: createDaemonLogger('silent', new Writable({ write: (_c, _e, done) => done() })),
      inputs: () => inputs,
      autoApplyAll: false,
      leases,
      onRun: (device) => runs.push(device),
    });
    const stop = new AbortController();
    loop.start(stop.signal, new AbortController().signal);
    await until(() => runs.length === 1);
    stop.abort();
    await loop.idle();
    release();
    await held;
    expect(runs).toEqual(['sw-hz-2']);
  });
});
