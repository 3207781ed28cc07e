/** The poll loop against two lab switches on loopback: snapshots, rates on the second cycle, a dead device, removal. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelemetryCollector } from '../../../../agent/telemetry/collector.js';
import type { AgentConfig, DeviceConfig } from '../../../../config/agent/model.js';
import { Secret } from '../../../../config/secrets/secret.js';
import { startLabSnmpAgent, type LabSnmpAgent } from '../../../lab/snmp/agent.js';

let now = 1_900_000_000_000;
let sw: LabSnmpAgent;
beforeAll(async () => {
  sw = await startLabSnmpAgent({
    model: { sysName: 'a', interfaces: [{ name: 'xe-0/0/1', speedMbps: 10_000 }, { name: 'xe-0/0/1.401', speedMbps: 10_000, parent: 'xe-0/0/1' }] },
    community: 'public',
    clock: () => now,
  });
  sw.setOffered('xe-0/0/1.401', { inBps: 40e6, outBps: 4e6 });
});
afterAll(async () => sw?.stop());

const device = (id: string, port: number): DeviceConfig => ({
  id,
  address: '127.0.0.1',
  platform: 'junos',
  autoApply: false,
  snmp: { version: '2c', port, community: new Secret('public', { kind: 'inline' }), timeoutMs: 200, retries: 0, maxRepetitions: 20 },
});
const config = (devices: DeviceConfig[]): AgentConfig => ({
  ledger: '/dev/null',
  devices,
  polling: { intervalMs: 30_000, timeoutMs: 500, concurrency: 4, staticRefreshMs: 600_000 },
  push: { confirmTimeoutS: 120, concurrency: 4, maxDeletes: 5, arpPpsPerUser: 1, icmpLimitPps: 1000, ownershipPrefix: 'ecpa-' },
  reconcile: { intervalMs: 60_000 },
  compliance: { intervalMs: 0, concurrency: 4 },
  exporter: { listen: '127.0.0.1:0' },
});

describe('TelemetryCollector', () => {
  it('keeps the latest snapshot per device, with rates from the second cycle, and forgets removed devices', async () => {
    let cfg = config([device('a', sw.port), device('dead', 9)]);
    const cycles: number[] = [];
    const c = new TelemetryCollector({
      config: () => cfg,
      ledger: () => ({
        partner: { name: 'p', site: 'china' },
        accessPoints: [{ id: 'ap' }],
        circuits: [{ id: 'pc-c4', accessPointId: 'ap', bandwidth: { spec: '10G', bps: 1e10 }, device: 'a', port: 'xe-0/0/1' }],
        sharedPorts: [{ id: 'pc-v401', tenant: '7', circuitId: 'pc-c4', vlan: 401, bandwidth: { spec: '50M', bps: 5e7 }, status: 'enabled', attachment: { device: 'a', port: 'xe-0/0/1' }, attachmentExplicit: false }],
      }),
      clock: () => now,
      onCycle: (s) => cycles.push(s.length),
    });
    const signal = new AbortController().signal;
    await c.runCycle(signal);
    now += 30_000;
    await c.runCycle(signal);
    const a = c.latest().get('a');
    expect(a?.ok).toBe(true);
    if (!a?.ok) return;
    const tenant = a.report.sharedPorts[0];
    expect(tenant).toMatchObject({ sharedPortId: 'pc-v401', tenant: '7', vlan: 401, interfaceName: 'xe-0/0/1.401', matchedBy: 'name' });
    expect(tenant?.rates?.inBitsPerSecond).toBeCloseTo(40e6, -1);
    expect(c.latest().get('dead')).toMatchObject({ ok: false, error: { code: 'ECPA_SNMP_TIMEOUT' } });
    cfg = config([device('a', sw.port)]);
    await c.runCycle(signal);
    expect([...c.latest().keys()]).toEqual(['a']);
    expect(cycles).toEqual([2, 2, 1]);
  });

  it('runs cycles until stopped, without overlap', async () => {
    const cfg = { ...config([device('a', sw.port)]), polling: { intervalMs: 20, timeoutMs: 500, concurrency: 1, staticRefreshMs: 600_000 } };
    let n = 0;
    const c = new TelemetryCollector({ config: () => cfg, ledger: () => undefined, onCycle: () => void n++ });
    c.start();
    await new Promise((r) => setTimeout(r, 150));
    await c.stop();
    const after = n;
    expect(after).toBeGreaterThanOrEqual(2);
    await new Promise((r) => setTimeout(r, 60));
    expect(n).toBe(after);
  });
});
