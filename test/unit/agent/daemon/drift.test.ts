/** Config states from real plans (policies/plan) of an intent against observed variants. */
import { describe, expect, it } from 'vitest';
import { mergeStates, portStatesFromPlan, straySubinterfaces } from '../../../../agent/daemon/drift.js';
import type { ConfigState } from '../../../../agent/metrics/state.js';
import type { DeviceIntent, ObservedDevice } from '../../../../policies/intent/model.js';
import { observableOf } from '../../../../policies/intent/observable.js';
import { planDevice } from '../../../../policies/plan/build.js';

const ref = (id: string, vlan: number) => ({ sharedPortId: id, tenant: '1', circuitId: 'c1', vlan, status: 'enabled' as const });
const intent: DeviceIntent = {
  device: 'sw1',
  platform: 'openconfig',
  ownershipPrefix: 'ecpa-',
  subinterfaces: [
    { ref: ref('p1', 101), port: 'Et1', vlan: 101, description: 'ecpa-p1 tenant=1', enabled: true, statistics: true },
    { ref: ref('p2', 102), port: 'Et1', vlan: 102, description: 'ecpa-p2 tenant=1', enabled: true, statistics: true },
  ],
  policers: [
    { ref: ref('p1', 101), owner: 'p1', rateBps: 200e6, burstBytes: 2_500_000, at: { port: 'Et1', vlan: 101 } },
    { ref: ref('p2', 102), owner: 'p2', rateBps: 100e6, burstBytes: 1_250_000, at: { port: 'Et1', vlan: 102 } },
  ],
  arp: null,
  icmp: null,
};
const held = observableOf(intent, { arp: true, icmp: true });
const states = (observed: ObservedDevice): Record<string, ConfigState> =>
  Object.fromEntries(portStatesFromPlan(intent, planDevice({ intent, observed, unexpressible: [] })).map((s) => [s.sharedPortId, s.state]));

describe('portStatesFromPlan', () => {
  it('in-sync when the device holds the intent', () => {
    expect(states(held)).toEqual({ p1: 'in-sync', p2: 'in-sync' });
  });
  it('missing when nothing of the port is there, drifted when part of it differs', () => {
    const observed: ObservedDevice = {
      ...held,
      subinterfaces: held.subinterfaces.filter((s) => s.owner !== 'p2'),
      policers: held.policers.filter((p) => p.owner !== 'p2').map((p) => ({ ...p, rateBps: 300e6 })),
    };
    expect(states(observed)).toEqual({ p1: 'drifted', p2: 'missing' });
  });
  it('not-owned when a foreign subinterface holds the place', () => {
    const observed: ObservedDevice = { ...held, subinterfaces: held.subinterfaces.map((s) => (s.owner === 'p2' ? { ...s, owner: null, description: 'manual' } : s)) };
    expect(states(observed).p2).toBe('not-owned');
  });
  it('lists foreign subinterfaces and owned orphans as stray', () => {
    const observed: ObservedDevice = {
      ...held,
      subinterfaces: [...held.subinterfaces, { port: 'Et1', vlan: 900, description: 'manual', enabled: true, statistics: true, owner: null }, { port: 'Et1', vlan: 901, description: 'ecpa-gone', enabled: true, statistics: true, owner: 'gone' }],
    };
    expect(straySubinterfaces(planDevice({ intent, observed, unexpressible: [] }))).toEqual([{ interface: 'Et1.900', vlan: 900 }, { interface: 'Et1.901', vlan: 901 }]);
  });
});

describe('mergeStates', () => {
  it.each([
    [['in-sync', 'in-sync'], 'in-sync'],
    [['missing', 'missing'], 'missing'],
    [['missing', 'in-sync'], 'drifted'],
    [['drifted', 'in-sync'], 'drifted'],
    [['not-owned', 'drifted'], 'not-owned'],
    [['unknown', 'in-sync'], 'unknown'],
    [[], 'unknown'],
  ] as [ConfigState[], ConfigState][])('%j → %s', (parts, want) => {
    expect(mergeStates(parts)).toBe(want);
  });
});
