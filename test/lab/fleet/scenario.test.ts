/** The fleet's pure parts: scenario loads, faults, the SNMP view of a configuration, and the loads per interface. */
import { describe, expect, it } from 'vitest';
import type { DeviceIntent, ObservedDevice } from '../../../policies/intent/model.js';
import type { Ledger, SharedPort } from '../../../policies/ledger/model.js';
import { interfaceLoads, labView, type LabView } from './interfaces.js';
import { exampleScenario, faultedIntent, faultPorts, offeredLoad, unknownScenarioPorts, withFaults, type FleetScenario } from './scenario.js';

const ref = (id: string, vlan: number) => ({ sharedPortId: id, tenant: '1', circuitId: 'c1', vlan, status: 'enabled' as const });
const intent: DeviceIntent = {
  device: 'sw1',
  platform: 'openconfig',
  ownershipPrefix: 'ecpa-',
  subinterfaces: [
    { ref: ref('p1', 101), port: 'Et1', vlan: 101, description: 'ecpa-p1', enabled: true, statistics: true },
    { ref: ref('p2', 102), port: 'Et1', vlan: 102, description: 'ecpa-p2', enabled: true, statistics: true },
  ],
  policers: [
    { ref: ref('p1', 101), owner: 'p1', rateBps: 200e6, burstBytes: 1, at: { port: 'Et1', vlan: 101 } },
    { ref: ref('p2', 102), owner: 'p2', rateBps: 100e6, burstBytes: 1, at: { port: 'Et9', vlan: 0 } },
  ],
  arp: { ppsPerSource: 1 },
  icmp: { pps: 1000 },
};

function port(id: string, vlan: number, bps: number, status: SharedPort['status'] = 'enabled', attachment?: { device: string; port: string }): SharedPort {
  return {
    id, tenant: '1', circuitId: 'c1', vlan, bandwidth: { spec: '200M', bps }, status,
    attachment: attachment ?? { device: 'sw1', port: 'Et1' }, attachmentExplicit: attachment !== undefined,
  };
}
const ledger: Ledger = {
  partner: { name: 'x', site: 'china' },
  accessPoints: [{ id: 'ap' }],
  circuits: [{ id: 'c1', accessPointId: 'ap', bandwidth: { spec: '10G', bps: 10e9 }, device: 'sw1', port: 'Et1' }],
  sharedPorts: [port('p1', 101, 200e6), port('p2', 102, 100e6, 'enabled', { device: 'sw1', port: 'Et9' }), port('p3', 103, 100e6, 'accepted')],
};
const scenario: FleetScenario = {
  name: 't', offered: { p1: { inBps: 300e6, outBps: 10e6 }, p2: { inBps: 150e6, outBps: 5e6 } }, spread: 'deterministic', flaps: [], faults: [], seed: 'intent',
};

describe('scenario', () => {
  it('gives named ports their load, others a stable 20-80 % spread, and non-enabled ports none', () => {
    expect(offeredLoad(scenario, ledger.sharedPorts[0] as SharedPort)?.inBps).toBe(300e6);
    expect(offeredLoad(scenario, ledger.sharedPorts[2] as SharedPort)).toBeUndefined();
    const other = port('p9', 109, 1e9);
    const a = offeredLoad(scenario, other);
    expect(a).toEqual(offeredLoad(scenario, other));
    expect(a?.inBps).toBeGreaterThanOrEqual(0.2e9);
    expect(a?.inBps).toBeLessThanOrEqual(0.8e9);
    expect(offeredLoad({ ...scenario, spread: 'idle' }, other)).toBeUndefined();
  });

  it('lists the ports a device\'s faults name', () => {
    const s = withFaults(scenario, [
      { kind: 'duplicate-vlan', device: 'sw1', port: 'Et2', vlan: 101 },
      { kind: 'small-mtu', device: 'sw1', port: 'Et3', mtu: 1400 },
      { kind: 'small-mtu', device: 'sw2', port: 'Et4', mtu: 1400 },
      { kind: 'no-arp-limit', device: 'sw1' },
    ]);
    expect(faultPorts(s, 'sw1')).toEqual(['Et2', 'Et3']);
    expect(s.name).toBe('t+duplicate-vlan+small-mtu+small-mtu+no-arp-limit');
  });

  it('names the shared ports a scenario refers to that the ledger lacks', () => {
    expect(unknownScenarioPorts(withFaults(scenario, [{ kind: 'missing-policer', sharedPort: 'nope' }]), ledger)).toEqual(['nope']);
    expect(unknownScenarioPorts(exampleScenario(), ledger)).toEqual(['pc-bp1v0003', 'pc-bp1v0012']);
  });

  it.each([
    [{ kind: 'missing-policer', sharedPort: 'p1' } as const, (i: DeviceIntent) => i.policers.map((p) => p.owner), ['p2']],
    [{ kind: 'wrong-policer-rate', sharedPort: 'p1', rateBps: 5e6 } as const, (i: DeviceIntent) => i.policers.map((p) => p.rateBps), [5e6, 100e6]],
    [{ kind: 'no-arp-limit', device: 'sw1' } as const, (i: DeviceIntent) => i.arp, null],
    [{ kind: 'icmp-limit', device: 'sw1', pps: 300 } as const, (i: DeviceIntent) => i.icmp, { pps: 300 }],
    [{ kind: 'icmp-limit', device: 'other', pps: 300 } as const, (i: DeviceIntent) => i.icmp, { pps: 1000 }],
    // Operator statements are not the agent's: they go into the rendered configuration (operator-config.test.ts).
    [{ kind: 'duplicate-vlan', device: 'sw1', port: 'Et2', vlan: 101 } as const, (i: DeviceIntent) => i, intent],
    [{ kind: 'small-mtu', device: 'sw1', port: 'Et1', mtu: 1400 } as const, (i: DeviceIntent) => i, intent],
    [{ kind: 'counters-unreadable', device: 'sw1' } as const, (i: DeviceIntent) => i, intent],
  ])('applies fault %o to the seeded intent', (fault, pick, expected) => {
    expect(pick(faultedIntent(intent, [fault]))).toEqual(expected);
  });
});

describe('labView', () => {
  const observed: ObservedDevice = {
    subinterfaces: [
      { port: 'Et1', vlan: 101, description: 'ecpa-p1', enabled: true, statistics: true, owner: 'p1' },
      { port: 'Et1', vlan: 103, description: 'ecpa-p3', enabled: false, statistics: true, owner: 'p3' },
    ],
    policers: [
      { owner: 'p1', rateBps: 200e6, burstBytes: 1, at: { port: 'Et1', vlan: 101 } },
      { owner: 'p2', rateBps: 100e6, burstBytes: 1, at: { port: 'Et9', vlan: 0 } },
      { owner: 'px', rateBps: 1e6, burstBytes: 1, at: null },
    ],
    arp: null,
    icmp: null,
  };

  it('lists ports and one subinterface per VLAN, with aliases, state and the applied policers', () => {
    const view = labView(observed, ['Et1', 'Et9'], 10_000);
    expect(view.interfaces).toEqual([
      { name: 'Et1', speedMbps: 10_000 },
      { name: 'Et1.101', parent: 'Et1', alias: 'ecpa-p1', speedMbps: 10_000, operStatus: 1 },
      { name: 'Et1.103', parent: 'Et1', alias: 'ecpa-p3', speedMbps: 10_000, operStatus: 2 },
      { name: 'Et9', speedMbps: 10_000 },
    ]);
    expect([...view.policers]).toEqual([['Et1.101', { inBps: 200e6, outBps: 200e6 }], ['Et9', { inBps: 100e6, outBps: 100e6 }]]);
  });

  it('serves ifMtu from the device\'s own reading of its configuration, and none without it', () => {
    const config = {
      portMtu: new Map([['Et1', 9216], ['Et9', 1500]]),
      inheritedMtu: new Map([['Et1', 9216], ['Et9', 1500]]),
      subinterfaces: [{ port: 'Et1', vlan: 101, name: 'Et1.101', description: 'ecpa-p1', mtu: 1400 }],
    };
    const view = labView(observed, ['Et1', 'Et9'], 10_000, config);
    expect(view.interfaces.map((i) => [i.name, i.mtu])).toEqual([['Et1', 9216], ['Et1.101', 1400], ['Et1.103', 9216], ['Et9', 1500]]);
    expect(labView(observed, ['Et1', 'Et9'], 10_000).interfaces.every((i) => i.mtu === undefined)).toBe(true);
  });

  it('puts a tenant\'s load on its subinterface, and for an explicit attachment what passes its policer', () => {
    const full: ObservedDevice = { ...observed, subinterfaces: [...observed.subinterfaces, { port: 'Et1', vlan: 102, description: 'ecpa-p2', enabled: true, statistics: true, owner: 'p2' }] };
    const views = new Map<string, LabView>([['sw1', labView(full, ['Et1', 'Et9'], 10_000)]]);
    const loads = interfaceLoads(ledger, scenario, views).get('sw1');
    expect(loads?.get('Et1.101')?.inBps).toBe(300e6);
    expect(loads?.get('Et9')?.inBps).toBe(150e6);
    expect(loads?.get('Et1.102')?.inBps).toBe(100e6);
    expect(loads?.has('Et1.103')).toBe(false);
  });

  it('carries no load where the configuration lacks the subinterface', () => {
    const views = new Map<string, LabView>([['sw1', labView({ ...observed, subinterfaces: [] }, ['Et1'], 10_000)]]);
    expect(interfaceLoads(ledger, scenario, views).get('sw1')?.size).toBe(0);
  });
});
