/**
 * The fleet over real sockets: each lab device's running config reads back through its platform
 * driver as the ledger's intent; SNMP (v2c and v3) shows one subinterface per VLAN whose counters
 * follow the scenario and the configured policers (exact, on an injected clock); a commit that
 * changes a policer or adds a VLAN shows in the counters; flapping and faults behave as declared.
 */
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDaemonInputs, processSecrets, type DaemonInputs } from '../../../agent/daemon/inputs.js';
import { readObserved } from '../../../agent/push/read.js';
import { managedPorts } from '../../../agent/push/target.js';
import { scopeOf } from '../../../drivers/driver.js';
import { NetconfClient } from '../../../drivers/netconf/client.js';
import { SnmpPoller } from '../../../drivers/snmp/poller.js';
import { driverFor } from '../../../drivers/registry.js';
import { observableOf } from '../../../policies/intent/observable.js';
import type { DeviceIntent } from '../../../policies/intent/model.js';
import { computeDeviceRates } from '../../../agent/telemetry/rates.js';
import type { DeviceSample } from '../../../drivers/snmp/sample.js';
import { repoRoot } from '../../support/peer.js';
import { withLabSecrets } from './example.js';
import { fleetSpecsFromConfig, startFleet, type LabFleet } from './fleet.js';
import { exampleScenario, LAB_PACKET_BYTES, withFaults, type FleetScenario } from './scenario.js';
import { coverageOf } from '../../support/coverage.js';

let fleet: LabFleet | undefined;
afterEach(async () => {
  await fleet?.stop();
  fleet = undefined;
});

async function example(): Promise<{ inputs: DaemonInputs; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'ecpa-fleet-'));
  writeFileSync(join(dir, 'ledger.yaml'), readFileSync(join(repoRoot, 'config', 'examples', 'ledger.yaml'), 'utf8'));
  writeFileSync(join(dir, 'agent.yaml'), readFileSync(join(repoRoot, 'config', 'examples', 'agent.yaml'), 'utf8').replace(/knownHosts: [^,}]+/g, 'knownHosts: ./known_hosts'));
  const loaded = await loadDaemonInputs(join(dir, 'agent.yaml'), processSecrets(withLabSecrets({})));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return { inputs: loaded.inputs, dir };
}

async function start(scenario: FleetScenario, clock?: () => number): Promise<{ inputs: DaemonInputs; fleet: LabFleet }> {
  const { inputs, dir } = await example();
  const specs = fleetSpecsFromConfig(inputs.config).map((s) => ({ ...s, netconf: { ...s.netconf, port: 0 }, snmp: { ...s.snmp, port: 0 } }));
  fleet = await startFleet({ ledger: inputs.ledger, devices: inputs.config.devices, push: inputs.config.push, specs, scenario, hostKeyDir: join(dir, 'keys'), ...(clock ? { clock } : {}) });
  return { inputs, fleet };
}

async function connect(inputs: DaemonInputs, f: LabFleet, id: string): Promise<NetconfClient> {
  const device = f.devices.get(id);
  const cfg = inputs.config.devices.find((d) => d.id === id);
  if (!device || !cfg?.netconf?.password) throw new Error(id);
  return NetconfClient.connect({
    host: '127.0.0.1', port: device.netconf.port, username: cfg.netconf.username, password: cfg.netconf.password,
    hostKey: { fingerprint: device.netconf.hostKeyFingerprints[0] as string, trustOnFirstUse: false },
    connectTimeoutMs: 5000, keepaliveIntervalMs: 0, rpcTimeoutMs: 5000,
  });
}

async function poll(inputs: DaemonInputs, f: LabFleet, poller: SnmpPoller, id: string): Promise<DeviceSample> {
  const cfg = inputs.config.devices.find((d) => d.id === id);
  const device = f.devices.get(id);
  if (!cfg?.snmp || !device) throw new Error(id);
  const r = await poller.pollDevice({ deviceId: id, address: '127.0.0.1', settings: { ...cfg.snmp, port: device.snmpPort } }, { timeoutMs: 2000 });
  if (!r.ok) throw r.error;
  return r.sample;
}

function intentOf(inputs: DaemonInputs, id: string): DeviceIntent {
  const i = inputs.intents.get(id);
  if (!i) throw new Error(id);
  return i;
}

describe('lab fleet', () => {
  it('holds the ledger intent on every device, read back over NETCONF by its driver', async () => {
    const { inputs, fleet: f } = await start({ ...exampleScenario(), flaps: [] });
    for (const d of inputs.config.devices) {
      const driver = driverFor(d.platform);
      const intent = intentOf(inputs, d.id);
      const client = await connect(inputs, f, d.id);
      try {
        const observed = await readObserved(client, driver, scopeOf(intent, managedPorts(inputs.ledger, d.id)));
        const coverage = coverageOf(driver);
        expect(observed, d.id).toEqual(observableOf(intent, coverage));
      } finally {
        await client.closeSession();
      }
    }
  });

  it('serves subinterface counters that follow the offered load and the policers (SNMP v2c and v3)', async () => {
    let now = 1_000_000;
    const clock = (): number => now;
    const { inputs, fleet: f } = await start({ ...exampleScenario(), flaps: [] }, clock);
    const poller = new SnmpPoller({ staticRefreshMs: 60_000, clock });
    const rate = async (id: string, ifName: string): Promise<{ inBps: number; discardsPps: number }> => {
      const a = await poll(inputs, f, poller, id);
      now += 10_000;
      const b = await poll(inputs, f, poller, id);
      const r = computeDeviceRates(a, b).interfaces.find((i) => i.sample.name === ifName);
      if (r?.status !== 'rates') throw new Error(`no rates for ${ifName}: ${r?.status}`);
      return { inBps: r.rates.inBitsPerSecond ?? NaN, discardsPps: r.rates.inDiscardsPerSecond ?? NaN };
    };
    // Initech: 300 Mbit/s offered on its 200M policer → 100 Mbit/s dropped.
    expect(await rate('hz-acc-01', 'Ethernet1/1.103')).toEqual({ inBps: 300e6, discardsPps: 100e6 / 8 / LAB_PACKET_BYTES });
    // Vandelay (explicit attachment, policed on its access port): 150 Mbit/s passes to the circuit.
    expect(await rate('hz-acc-02', 'XGigabitEthernet0/0/1.206')).toEqual({ inBps: 150e6, discardsPps: 0 });
    // hz-acc-03 answers SNMPv3 authPriv; its subinterfaces carry the spread.
    const v3 = await poll(inputs, f, poller, 'hz-acc-03');
    expect(v3.interfaces.map((i) => i.name)).toContain('TenGigabitEthernet1/0/1.302');
    expect(v3.interfaces.find((i) => i.name === 'TenGigabitEthernet1/0/1.302')?.alias).toBe(intentOf(inputs, 'hz-acc-03').subinterfaces.find((s) => s.vlan === 302)?.description);
    expect(v3.interfaces.find((i) => i.name === 'TenGigabitEthernet1/0/1.302')?.alias).toMatch(/pc-bp1v0015 /);
  });

  it('follows a committed change: a new policer rate, then a new VLAN subinterface', async () => {
    let now = 5_000_000;
    const clock = (): number => now;
    const { inputs, fleet: f } = await start({ ...exampleScenario(), flaps: [] }, clock);
    const device = f.devices.get('hz-acc-01');
    if (!device) throw new Error('hz-acc-01');
    const driver = driverFor('openconfig');
    const intent = intentOf(inputs, 'hz-acc-01');
    const commit = async (next: DeviceIntent): Promise<void> => {
      const client = await connect(inputs, f, 'hz-acc-01');
      try {
        await client.editConfig('candidate', driver.render(next));
        await client.commit();
      } finally {
        await client.closeSession();
      }
      await f.sync();
    };
    await commit({ ...intent, policers: intent.policers.map((p) => (p.owner === 'pc-bp1v0003' ? { ...p, rateBps: 250e6 } : p)) });
    expect(device.view.policers.get('Ethernet1/1.103')).toEqual({ inBps: 250e6, outBps: 250e6 });
    const poller = new SnmpPoller({ staticRefreshMs: 60_000, clock });
    const a = await poll(inputs, f, poller, 'hz-acc-01');
    now += 10_000;
    const b = await poll(inputs, f, poller, 'hz-acc-01');
    const r = computeDeviceRates(a, b).interfaces.find((i) => i.sample.name === 'Ethernet1/1.103');
    expect(r?.status === 'rates' ? r.rates.inDiscardsPerSecond : undefined).toBe(50e6 / 8 / LAB_PACKET_BYTES);

    const port = device.snmpPort;
    const extra = { ...intent.subinterfaces[0], ref: { ...intent.subinterfaces[0]!.ref, sharedPortId: 'pc-new', vlan: 150 }, vlan: 150, description: `${intent.ownershipPrefix}pc-new tenant=1 New` } as DeviceIntent['subinterfaces'][number];
    await commit({ ...intent, subinterfaces: [...intent.subinterfaces, extra] });
    expect(device.snmpPort).toBe(port);
    const c = await poll(inputs, f, poller, 'hz-acc-01');
    expect(c.interfaces.map((i) => i.name)).toContain('Ethernet1/1.150');
  });

  it('flaps a device\'s SNMP agent on schedule and silences one whose counters are unreadable', async () => {
    const scenario = withFaults({ ...exampleScenario(), flaps: [{ device: 'hz-acc-03', upMs: 100, downMs: 200 }] }, [{ kind: 'counters-unreadable', device: 'hz-acc-02' }]);
    const { fleet: f } = await start(scenario);
    const flapping = f.devices.get('hz-acc-03');
    expect(f.devices.get('hz-acc-02')?.muted).toBe(true);
    expect(flapping?.muted).toBe(false);
    const states: boolean[] = [];
    for (let i = 0; i < 8; i++) {
      await new Promise((r) => setTimeout(r, 60));
      states.push(flapping?.muted ?? false);
    }
    expect(states).toContain(true);
    expect(states.lastIndexOf(false)).toBeGreaterThan(states.indexOf(true));
  });

  it('seeds a broken requirement so that the driver reads it back broken', async () => {
    const { fleet: f } = await start(withFaults({ ...exampleScenario(), flaps: [] }, [
      { kind: 'missing-policer', sharedPort: 'pc-bp1v0019' },
      { kind: 'icmp-limit', device: 'hz-acc-04', pps: 300 },
      { kind: 'no-arp-limit', device: 'hz-acc-04' },
      { kind: 'duplicate-vlan', device: 'hz-acc-01', port: 'Ethernet1/2', vlan: 101 },
    ]));
    const junos = f.devices.get('hz-acc-04')?.observed();
    expect(junos?.policers.some((p) => p.owner === 'pc-bp1v0019')).toBe(false);
    expect(junos?.icmp).toEqual({ pps: 300 });
    expect(junos?.arp).toBeNull();
    const oc = f.devices.get('hz-acc-01')?.observed();
    expect(oc?.subinterfaces.filter((s) => s.vlan === 101).map((s) => [s.port, s.owner])).toEqual([['Ethernet1/1', 'pc-bp1v0001'], ['Ethernet1/2', null]]);
  });
});
