/**
 * The daemon's live compliance loop with injected seams (ready, gather, clock, sleep): the first
 * run waits for the poll loop, verdicts and run metadata reach the state, a broken run keeps the
 * previous verdicts, a reload cancels a run and starts the next at once, interval 0 turns it off,
 * shutdown cancels promptly, and a device that cannot be read has its findings not-evaluated.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DeviceLeases } from '../../../../agent/daemon/device-lease.js';
import type { DaemonInputs } from '../../../../agent/daemon/inputs.js';
import { evaluateStepwise, LiveComplianceLoop, outcomeOf, type LiveComplianceOptions } from '../../../../agent/daemon/live-compliance.js';
import { daemonGather } from '../../../../agent/daemon/live-gather.js';
import { createDaemonLogger } from '../../../../agent/daemon/logger.js';
import { PollSamples } from '../../../../agent/daemon/samples.js';
import { DaemonState } from '../../../../agent/daemon/state.js';
import type { LiveRunOutcome } from '../../../../agent/metrics/state.js';
import type { AgentConfig, DeviceConfig } from '../../../../config/agent/model.js';
import { Secret } from '../../../../config/secrets/secret.js';
import type { DeviceSample, InterfaceSample } from '../../../../drivers/snmp/sample.js';
import { evaluateLive } from '../../../../policies/compliance/live/evaluate.js';
import type { LiveEvidence } from '../../../../policies/compliance/live/model.js';
import { RULES } from '../../../../policies/compliance/registry.js';
import { compliantEvidence, compliantLedger } from '../../policies/compliance/live/fixture.js';

const ledger = compliantLedger();
const snmp = { version: '2c' as const, port: 161, community: new Secret('c', { kind: 'inline' }), timeoutMs: 1000, retries: 0, maxRepetitions: 10 };
const devices: DeviceConfig[] = [
  { id: 'sw-hz-1', address: '127.0.0.1', platform: 'huawei-vrp', snmp, autoApply: false },
  { id: 'sw-hz-2', address: '127.0.0.1', platform: 'cisco-iosxe', snmp, autoApply: false },
];

function inputs(intervalMs: number): DaemonInputs {
  const config: AgentConfig = {
    ledger: '/tmp/ledger.yaml',
    devices,
    polling: { intervalMs: 30_000, timeoutMs: 20_000, concurrency: 8, staticRefreshMs: 600_000 },
    push: { confirmTimeoutS: 120, concurrency: 4, maxDeletes: 5, arpPpsPerUser: 1, icmpLimitPps: 1000, ownershipPrefix: 'ecpa:' },
    reconcile: { intervalMs: 300_000 },
    compliance: { intervalMs, concurrency: 2 },
    exporter: { listen: '127.0.0.1:0' },
  };
  return { configFile: '/tmp/agent.yaml', config, ledgerFile: '/tmp/ledger.yaml', ledger, intents: new Map(), warnings: [] };
}

/** The compliant evidence with sw-hz-2 limiting ICMP to `pps`. */
function evidenceWithIcmp(pps: number): LiveEvidence {
  const e = compliantEvidence(ledger);
  return {
    ...e,
    devices: e.devices.map((d) => (d.device === 'sw-hz-2' ? { ...d, icmp: { status: 'read' as const, value: [{ pps, scope: 'global', origin: 'configured' as const, source: `limit ${pps}` }], source: 'running config' } } : d)),
  };
}

/** Sleeps the test ends by hand (or that end when their signal aborts). */
class Sleeps {
  readonly asked: number[] = [];
  #pending: ((slept: boolean) => void)[] = [];
  readonly sleep = (ms: number, signal: AbortSignal): Promise<boolean> => {
    this.asked.push(ms);
    return new Promise((resolve) => {
      if (signal.aborted) return resolve(false);
      this.#pending.push(resolve);
      signal.addEventListener('abort', () => {
        this.#pending = this.#pending.filter((p) => p !== resolve);
        resolve(false);
      }, { once: true });
    });
  };
  /** Ends the oldest pending sleep. */
  wake(): void {
    this.#pending.shift()?.(true);
  }
}

/** Resolves once `cond` holds, checking after each turn of the event loop (no timer). */
async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setImmediate(r));
}

interface Harness {
  readonly loop: LiveComplianceLoop;
  readonly state: DaemonState;
  readonly sleeps: Sleeps;
  readonly stop: AbortController;
  readonly logs: Record<string, unknown>[];
  readonly outcomes: LiveRunOutcome[];
  /** Resolves with the outcome of run number `n` (1 = the first). */
  run(n: number): Promise<LiveRunOutcome>;
  /** Resolves once the loop has asked for its `n`-th sleep. */
  slept(n: number): Promise<void>;
  setInputs(i: DaemonInputs): void;
}

function harness(over: Partial<LiveComplianceOptions> & Pick<LiveComplianceOptions, 'gather'>, first: DaemonInputs = inputs(900_000)): Harness {
  const state = new DaemonState();
  state.ledgerAttempt(1, ledger, 0);
  const sleeps = new Sleeps();
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({ write(chunk: Buffer, _e, done) { for (const l of chunk.toString().split('\n')) if (l.trim()) logs.push(JSON.parse(l) as Record<string, unknown>); done(); } });
  let current = first;
  const outcomes: LiveRunOutcome[] = [];
  let t = 1_000_000;
  const loop = new LiveComplianceLoop({
    state,
    logger: createDaemonLogger('debug', sink),
    inputs: () => current,
    ready: async () => true,
    sleep: sleeps.sleep,
    // Each reading of the clock is 1.25 s after the previous one.
    now: () => (t += 1250),
    onRun: (o) => { outcomes.push(o); },
    ...over,
  });
  const stop = new AbortController();
  return {
    loop, state, sleeps, stop, logs, outcomes,
    run: async (n) => {
      await until(() => outcomes.length >= n);
      return outcomes[n - 1] as LiveRunOutcome;
    },
    slept: (n) => until(() => sleeps.asked.length >= n),
    setInputs: (i) => { current = i; },
  };
}

const verdictOf = (h: Harness, rule: string, subject: string) => h.state.snapshot().compliance.find((c) => c.ruleId === rule && c.subject === subject);

describe('LiveComplianceLoop', () => {
  it('waits for the poll loop, exports the live verdicts with the time and duration of the run, then waits the interval', async () => {
    let ready!: (v: boolean) => void;
    const gathered: DaemonInputs[] = [];
    const h = harness({
      ready: () => new Promise((r) => { ready = r; }),
      gather: async (i) => { gathered.push(i); return evidenceWithIcmp(300); },
    });
    h.loop.start(h.stop.signal);
    await new Promise((r) => setImmediate(r));
    expect(gathered).toHaveLength(0);
    expect(h.state.snapshot().liveCompliance).toEqual({ intervalSeconds: 900, runs: { pass: 0, fail: 0, incomplete: 0, error: 0, cancelled: 0 } });
    expect(verdictOf(h, 'icmp-limit', 'partner:acme-carrier')).toEqual(expect.objectContaining({ evaluation: 'offline', verdict: 'not-evaluated' }));
    ready(true);
    expect(await h.run(1)).toBe('fail');
    expect(verdictOf(h, 'icmp-limit', 'device:sw-hz-2')).toEqual({ ruleId: 'icmp-limit', subject: 'device:sw-hz-2', evaluation: 'live', verdict: 'fail' });
    expect(verdictOf(h, 'icmp-limit', 'device:sw-hz-1')).toMatchObject({ evaluation: 'live', verdict: 'pass' });
    expect(verdictOf(h, 'redundant-circuits', 'partner:acme-carrier')).toMatchObject({ evaluation: 'offline', verdict: 'pass' });
    expect(verdictOf(h, 'icmp-limit', 'partner:acme-carrier')).toBeUndefined();
    // Clock readings: the loop's start of the cycle, then the run's start (1,002,500) and end (1,003,750).
    expect(h.state.snapshot().liveCompliance).toEqual({ intervalSeconds: 900, lastRunSeconds: 1003.75, lastRunDurationSeconds: 1.25, runs: { pass: 0, fail: 1, incomplete: 0, error: 0, cancelled: 0 } });
    expect(h.logs.find((l) => l['msg'] === 'live compliance run done')).toMatchObject({ outcome: 'fail', failing: ['icmp-limit device:sw-hz-2'] });
    await h.slept(1);
    // The next run is one interval after this one started.
    expect(h.sleeps.asked[0]).toBeGreaterThan(900_000 - 4 * 1250);
    expect(h.sleeps.asked[0]).toBeLessThan(900_000);
    h.sleeps.wake();
    expect(await h.run(2)).toBe('fail');
    expect(gathered).toHaveLength(2);
    h.stop.abort();
    await h.loop.stopped();
  });

  it('counts a run that breaks as error, keeps the previous verdicts, and runs again at the next interval', async () => {
    let calls = 0;
    const h = harness({
      gather: async () => {
        calls++;
        if (calls === 2) throw new Error('evaluation bug');
        return evidenceWithIcmp(calls === 1 ? 300 : 1000);
      },
    });
    h.loop.start(h.stop.signal);
    expect(await h.run(1)).toBe('fail');
    await h.slept(1);
    h.sleeps.wake();
    expect(await h.run(2)).toBe('error');
    expect(verdictOf(h, 'icmp-limit', 'device:sw-hz-2')).toMatchObject({ evaluation: 'live', verdict: 'fail' });
    expect(h.state.snapshot().liveCompliance?.runs).toEqual({ pass: 0, fail: 1, incomplete: 0, error: 1, cancelled: 0 });
    expect(h.logs.find((l) => l['msg'] === 'live compliance run failed; the verdicts of the last finished run stay')).toMatchObject({ level: 'error', err: 'evaluation bug' });
    await h.slept(2);
    h.sleeps.wake();
    expect(await h.run(3)).not.toBe('error');
    expect(verdictOf(h, 'icmp-limit', 'device:sw-hz-2')).toMatchObject({ evaluation: 'live', verdict: 'pass' });
    h.stop.abort();
    await h.loop.stopped();
  });

  it('on reload cancels the run in progress and starts the next at once with the new inputs', async () => {
    const seen: number[] = [];
    const h = harness({
      gather: (i, signal) => {
        seen.push(i.config.compliance.intervalMs);
        // The first run hangs until cancelled, as a read of a slow device would.
        if (seen.length === 1) return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('interrupted')), { once: true }));
        return Promise.resolve(evidenceWithIcmp(1000));
      },
    });
    h.loop.start(h.stop.signal);
    await until(() => seen.length === 1);
    h.setInputs(inputs(60_000));
    h.loop.reschedule();
    expect(await h.run(1)).toBe('cancelled');
    expect(await h.run(2)).not.toBe('cancelled');
    expect(seen).toEqual([900_000, 60_000]);
    expect(h.state.snapshot().liveCompliance).toMatchObject({ intervalSeconds: 60, runs: { cancelled: 1 } });
    expect(h.logs.find((l) => l['msg'] === 'live compliance run cancelled')).toMatchObject({ reason: 'inputs reloaded' });
    // No wait between the cancelled run and the next.
    await h.slept(1);
    expect(h.sleeps.asked).toHaveLength(1);
    h.stop.abort();
    await h.loop.stopped();
  });

  it('with interval 0 runs nothing and exports the device rules offline again; a reload that turns it on runs at once', async () => {
    let calls = 0;
    const h = harness({ gather: async () => { calls++; return evidenceWithIcmp(300); } });
    h.loop.start(h.stop.signal);
    await h.run(1);
    expect(verdictOf(h, 'icmp-limit', 'device:sw-hz-2')?.evaluation).toBe('live');
    await h.slept(1);
    h.setInputs(inputs(0));
    h.loop.reschedule();
    // The loop takes the new interval and idles in a wait that only a reload or shutdown ends.
    await h.slept(2);
    expect(calls).toBe(1);
    expect(h.state.snapshot().liveCompliance).toEqual({ intervalSeconds: 0, runs: { pass: 0, fail: 1, incomplete: 0, error: 0, cancelled: 0 } });
    expect(verdictOf(h, 'icmp-limit', 'device:sw-hz-2')).toBeUndefined();
    expect(verdictOf(h, 'icmp-limit', 'partner:acme-carrier')).toMatchObject({ evaluation: 'offline', verdict: 'not-evaluated' });
    h.sleeps.wake(); // an idle wait that ends on its own starts no run: it idles again
    await h.slept(3);
    expect(calls).toBe(1);
    h.setInputs(inputs(120_000));
    h.loop.reschedule();
    expect(await h.run(2)).toBe('fail');
    expect(calls).toBe(2);
    expect(h.state.snapshot().liveCompliance?.intervalSeconds).toBe(120);
    h.stop.abort();
    await h.loop.stopped();
  });

  it('stops promptly on shutdown, cancelling the run in progress', async () => {
    let started = false;
    const h = harness({
      gather: (_i, signal) => {
        started = true;
        return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('interrupted')), { once: true }));
      },
    });
    h.loop.start(h.stop.signal);
    await until(() => started);
    h.stop.abort(new Error('daemon stopping'));
    await h.loop.stopped();
    expect(h.outcomes).toEqual(['cancelled']);
    expect(h.state.snapshot().liveCompliance?.runs.cancelled).toBe(1);
    expect(h.state.snapshot().liveCompliance?.lastRunSeconds).toBeUndefined();
    expect(h.sleeps.asked).toEqual([]);
  });

  it('never starts when shut down before the poll loop is ready', async () => {
    let calls = 0;
    const h = harness({ ready: (signal) => new Promise((r) => signal.addEventListener('abort', () => r(false), { once: true })), gather: async () => { calls++; return evidenceWithIcmp(1000); } });
    h.loop.start(h.stop.signal);
    h.stop.abort();
    await h.loop.stopped();
    expect(calls).toBe(0);
  });
});

describe('evaluateStepwise', () => {
  it('gives the report evaluateLive gives, one rule at a time', async () => {
    const live = evidenceWithIcmp(300);
    expect(await evaluateStepwise(ledger, live, RULES, new AbortController().signal)).toEqual(evaluateLive({ ledger, live }, RULES));
  });

  it('stops between rules when its signal aborts', async () => {
    const stop = new AbortController();
    const pending = evaluateStepwise(ledger, evidenceWithIcmp(1000), RULES, stop.signal);
    stop.abort();
    expect(await pending).toBeUndefined();
  });
});

describe('outcomeOf', () => {
  it('fail over incomplete over pass', () => {
    expect(outcomeOf({ verdict: 'fail', complete: false })).toBe('fail');
    expect(outcomeOf({ verdict: 'not-evaluated', complete: false })).toBe('incomplete');
    expect(outcomeOf({ verdict: 'pass', complete: true })).toBe('pass');
  });
});

describe('the daemon gather', () => {
  function iface(ifIndex: number, name: string, alias: string, octets: bigint): InterfaceSample {
    return {
      ifIndex, name, descr: name, alias, speedBps: 1e9, operStatus: 1, counterBits: 64, discontinuityTime: 0,
      counters: { inOctets: octets, outOctets: octets, inUcastPkts: octets / 100n, outUcastPkts: octets / 100n, inDiscards: 0n, outDiscards: 0n },
    };
  }
  const sampleOf = (deviceId: string, at: number, octets: bigint): DeviceSample => {
    const circuits = ledger.circuits.filter((c) => c.device === deviceId);
    const ports = ledger.sharedPorts.filter((p) => circuits.some((c) => c.id === p.circuitId));
    const interfaces = [
      ...circuits.map((c, i) => iface(i + 1, c.port, 'circuit', octets * 4n)),
      ...ports.map((p, i) => iface(100 + i, `${circuits.find((c) => c.id === p.circuitId)?.port ?? ''}.${p.vlan}`, `ecpa:${p.id}`, octets)),
    ];
    return { deviceId, at, sysUpTime: at / 10, interfaces, durationMs: 1, pdus: 1, varbinds: 1, qos: undefined, staticRefresh: undefined, warnings: [] };
  };

  it('makes the findings of a device that cannot be read not-evaluated, judges the others, and reads under the device lease', async () => {
    const samples = new PollSamples();
    for (const d of devices) {
      samples.succeeded(sampleOf(d.id, 10_000, 1_000_000n));
      samples.succeeded(sampleOf(d.id, 40_000, 31_000_000n));
    }
    const leases = new DeviceLeases();
    const compliantConfig = compliantEvidence(ledger).devices.find((d) => d.device === 'sw-hz-2')?.config;
    if (compliantConfig?.status !== 'read') throw new Error('fixture');
    const leased: boolean[] = [];
    const gather = daemonGather(samples, leases, {
      readConfig: async (device) => {
        leased.push(leases.busy(device.id));
        if (device.id === 'sw-hz-1') throw Object.assign(new Error('authentication failed'), { code: 'ECPA_AUTH' });
        return { observed: compliantConfig.value, limits: undefined };
      },
      readMtu: async () => new Map(),
      poll: async () => { throw new Error('the poll loop has two samples of each device: no poll'); },
    });
    const h = harness({ gather });
    h.loop.start(h.stop.signal);
    expect(await h.run(1)).not.toBe('error');
    h.stop.abort();
    await h.loop.stopped();
    expect(leased).toEqual([true, true]);
    for (const sp of ['pc-sp-0001', 'pc-sp-0003']) {
      expect(verdictOf(h, 'qos-throttling', `shared-port:${sp}`), sp).toMatchObject({ evaluation: 'live', verdict: 'not-evaluated' });
    }
    expect(verdictOf(h, 'arp-rate-limit', 'device:sw-hz-1')).toMatchObject({ evaluation: 'live', verdict: 'not-evaluated' });
    expect(verdictOf(h, 'qos-throttling', 'shared-port:pc-sp-0002')).toMatchObject({ evaluation: 'live', verdict: 'pass' });
    // Counters from the poll loop's samples, 30 s apart, moved: monitoring is shown on both devices.
    expect(verdictOf(h, 'monitoring-enabled', 'shared-port:pc-sp-0002')).toMatchObject({ evaluation: 'live', verdict: 'pass' });
  });
});
