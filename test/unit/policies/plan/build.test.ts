/** policies/plan: intent vs observed → plan, table-driven; hashes; guards. */
import { describe, expect, it } from 'vitest';
import type { DeviceIntent, ObservedDevice, ObservedPolicer, ObservedSubinterface, PolicerIntent, SubinterfaceIntent } from '../../../../policies/intent/model.js';
import { countChanges, planDevice } from '../../../../policies/plan/build.js';
import { checkDeletes, checkHash, checkOwnership } from '../../../../policies/plan/guard.js';
import { canonicalJson, planHash } from '../../../../policies/plan/hash.js';
import type { Unexpressible } from '../../../../policies/plan/model.js';

const ref = (id: string, vlan: number) => ({ sharedPortId: id, tenant: '1234567890123456', circuitId: 'pc-c1', vlan, status: 'enabled' as const });
const sub = (id: string, vlan: number, over: Partial<SubinterfaceIntent> = {}): SubinterfaceIntent => ({
  ref: ref(id, vlan), port: 'Ethernet1', vlan, description: `ecpa:${id} tenant=1234567890123456`, enabled: true, statistics: true, ...over,
});
const pol = (id: string, vlan: number, rateBps = 100e6): PolicerIntent => ({ ref: ref(id, vlan), owner: id, rateBps, burstBytes: rateBps / 80, at: { port: 'Ethernet1', vlan } });
const seen = (s: SubinterfaceIntent, over: Partial<ObservedSubinterface> = {}): ObservedSubinterface => {
  const { ref: r, ...spec } = s;
  return { ...spec, owner: r.sharedPortId, ...over };
};
const seenPol = (p: PolicerIntent, over: Partial<ObservedPolicer> = {}): ObservedPolicer => {
  const { ref: _r, ...spec } = p;
  return { ...spec, ...over };
};
const intent = (subs: SubinterfaceIntent[], pols: PolicerIntent[], limits: Partial<Pick<DeviceIntent, 'arp' | 'icmp'>> = {}): DeviceIntent => ({
  device: 'sw1', platform: 'cisco-iosxe', ownershipPrefix: 'ecpa:', subinterfaces: subs, policers: pols, arp: limits.arp ?? null, icmp: limits.icmp ?? null,
});
const observed = (subs: ObservedSubinterface[], pols: ObservedPolicer[], limits: Partial<Pick<ObservedDevice, 'arp' | 'icmp'>> = {}): ObservedDevice => ({
  subinterfaces: subs, policers: pols, arp: limits.arp ?? null, icmp: limits.icmp ?? null,
});
const NONE: Unexpressible[] = [];

const a = sub('pc-a', 101);
const b = sub('pc-b', 102);
const pa = pol('pc-a', 101);
const pb = pol('pc-b', 102);
const foreign: ObservedSubinterface = { port: 'Ethernet1', vlan: 3000, description: 'operator mgmt vlan', enabled: true, statistics: true, owner: null };

interface Case {
  readonly name: string;
  readonly intent: DeviceIntent;
  readonly observed: ObservedDevice;
  readonly unexpressible?: Unexpressible[];
  /** `action kind key [fields]` per change. */
  readonly changes: string[];
  readonly notOwned?: string[];
  readonly conflicts?: string[];
  readonly tenantDeletes?: number;
}

const CASES: Case[] = [
  { name: 'empty device, empty intent: no changes', intent: intent([], []), observed: observed([], []), changes: [] },
  { name: 'device holds the intent: no changes', intent: intent([a, b], [pa, pb]), observed: observed([seen(a), seen(b)], [seenPol(pa), seenPol(pb)]), changes: [] },
  {
    name: 'fresh device: everything created, subinterfaces before policers',
    intent: intent([b, a], [pb, pa]),
    observed: observed([], []),
    changes: ['create subinterface Ethernet1.101', 'create subinterface Ethernet1.102', 'create policer pc-a', 'create policer pc-b'],
  },
  {
    name: 'changed fields only are listed in a modify',
    intent: intent([a], [pol('pc-a', 101, 200e6)]),
    observed: observed([seen(a, { enabled: false })], [seenPol(pa)]),
    changes: ['modify subinterface Ethernet1.101 [enabled]', 'modify policer pc-a [rateBps,burstBytes]'],
  },
  {
    name: 'policer applied nowhere (one direction only) is re-applied',
    intent: intent([a], [pa]),
    observed: observed([seen(a)], [seenPol(pa, { at: null })]),
    changes: ['modify policer pc-a [appliedAt]'],
  },
  {
    name: 'owned objects the intent no longer wants are removed and counted',
    intent: intent([a], [pa]),
    observed: observed([seen(a), seen(b)], [seenPol(pa), seenPol(pb)]),
    changes: ['remove subinterface Ethernet1.102', 'remove policer pc-b'],
    tenantDeletes: 2,
  },
  {
    name: 'foreign subinterface on a managed port is listed, never removed',
    intent: intent([a], [pa]),
    observed: observed([seen(a), foreign], [seenPol(pa)]),
    changes: [],
    notOwned: ['Ethernet1.3000'],
  },
  {
    name: 'intent wanting the place of a foreign object is a conflict, not a change',
    intent: intent([sub('pc-c', 3000)], []),
    observed: observed([foreign], []),
    changes: [],
    conflicts: ['Ethernet1.3000 pc-c'],
  },
  {
    name: 'a subinterface owned by another shared port is re-labelled (still the agent\'s)',
    intent: intent([a], []),
    observed: observed([seen(a, { owner: 'pc-old', description: 'ecpa:pc-old tenant=1' })], []),
    changes: ['modify subinterface Ethernet1.101 [description]'],
  },
  {
    name: 'VLAN 0 is keyed by the port itself',
    intent: intent([sub('pc-z', 0)], []),
    observed: observed([], []),
    changes: ['create subinterface Ethernet1'],
  },
  {
    name: 'expressible ARP limit is planned',
    intent: intent([a], [pa], { arp: { ppsPerSource: 1 } }),
    observed: observed([seen(a)], [seenPol(pa)], { arp: { ppsPerSource: 5 } }),
    changes: ['modify arp-limit device [ppsPerSource]'],
  },
  {
    name: 'unexpressible ARP and ICMP are reported, never planned',
    intent: intent([a], [pa], { arp: { ppsPerSource: 1 }, icmp: { pps: 1000 } }),
    observed: observed([seen(a)], [seenPol(pa)]),
    unexpressible: [{ feature: 'icmp-limit', reason: 'no model' }, { feature: 'arp-rate-limit', reason: 'no model' }],
    changes: [],
  },
];

const describeChange = (c: { action: string; kind: string; key: string; fields: readonly { field: string }[] }): string =>
  `${c.action} ${c.kind} ${c.key}${c.action === 'modify' ? ` [${c.fields.map((f) => f.field).join(',')}]` : ''}`;

describe('planDevice', () => {
  it.each(CASES)('$name', (c) => {
    const p = planDevice({ intent: c.intent, observed: c.observed, unexpressible: c.unexpressible ?? NONE });
    expect(p.changes.map(describeChange)).toEqual(c.changes);
    expect(p.notOwned.map((o) => o.key)).toEqual(c.notOwned ?? []);
    expect(p.conflicts.map((x) => `${x.key} ${x.sharedPortId}`)).toEqual(c.conflicts ?? []);
    expect(p.tenantDeletes).toBe(c.tenantDeletes ?? 0);
    expect(p.removals.subinterfaces.every((s) => s.owner !== null)).toBe(true);
  });

  it('hands a moved policer to the driver as a removal of its old application, not a tenant deletion', () => {
    const moved = { ...pa, at: { port: 'Ethernet3', vlan: 0 } };
    const p = planDevice({ intent: intent([a], [moved]), observed: observed([seen(a)], [seenPol(pa)]), unexpressible: NONE });
    expect(p.changes.map(describeChange)).toEqual(['modify policer pc-a [appliedAt]']);
    expect(p.removals.policers).toEqual([seenPol(pa)]);
    expect(p.tenantDeletes).toBe(0);
  });

  it('lists unexpressible features sorted, with their reasons', () => {
    const p = planDevice({ intent: intent([], [], { arp: { ppsPerSource: 1 } }), observed: observed([], []), unexpressible: [{ feature: 'icmp-limit', reason: 'r2' }, { feature: 'arp-rate-limit', reason: 'r1' }] });
    expect(p.unexpressible).toEqual([{ feature: 'arp-rate-limit', reason: 'r1' }, { feature: 'icmp-limit', reason: 'r2' }]);
  });

  it('shows before and after of every field of a create and a removal', () => {
    const p = planDevice({ intent: intent([a], []), observed: observed([seen(b)], []), unexpressible: NONE });
    const created = p.changes.find((c) => c.action === 'create');
    const removed = p.changes.find((c) => c.action === 'remove');
    expect(created?.fields.map((f) => [f.field, f.before, f.after])).toEqual([['description', null, a.description], ['enabled', null, true], ['statistics', null, true]]);
    expect(removed?.after).toBeNull();
    expect(removed?.before).toEqual({ description: b.description, enabled: true, statistics: true });
    expect(countChanges(p)).toEqual({ create: 1, modify: 0, remove: 1 });
  });
});

describe('plan hashes', () => {
  const base = { intent: intent([a, b], [pa, pb]), observed: observed([], []), unexpressible: NONE };

  it('is stable across input order and object key order', () => {
    const one = planDevice(base);
    const two = planDevice({ ...base, intent: intent([b, a], [pb, pa]) });
    expect(two.hash).toBe(one.hash);
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
    expect(planHash([{ device: 'x', hash: one.hash }, { device: 'y', hash: 'h' }])).toBe(planHash([{ device: 'y', hash: 'h' }, { device: 'x', hash: one.hash }]));
  });

  it('moves when any planned value moves, not when only foreign objects do', () => {
    const one = planDevice(base);
    expect(planDevice({ ...base, intent: intent([a, b], [pa, pol('pc-b', 102, 300e6)]) }).hash).not.toBe(one.hash);
    expect(planDevice({ ...base, observed: observed([seen(a)], []) }).hash).not.toBe(one.hash);
    expect(planDevice({ ...base, observed: observed([foreign], []) }).hash).toBe(one.hash);
    expect(one.hash).toMatch(/^sha256:[0-9a-f]{16}$/);
  });

  it('differs between devices with the same changes', () => {
    const p = planDevice(base);
    expect(planDevice({ ...base, intent: { ...intent([a, b], [pa, pb]), device: 'sw2' } }).hash).not.toBe(p.hash);
  });
});

describe('plan guards', () => {
  it.each([
    { deletes: [0, 0], max: 0, force: false, refused: false },
    { deletes: [3, 2], max: 5, force: false, refused: false },
    { deletes: [3, 3], max: 5, force: false, refused: true },
    { deletes: [3, 3], max: 5, force: true, refused: false },
  ])('deletes $deletes with maxDeletes $max force $force → refused $refused', ({ deletes, max, force, refused }) => {
    const plans = deletes.map((n, i) => ({ device: `sw${i}`, tenantDeletes: n }));
    const r = checkDeletes(plans, max, force);
    expect(r !== undefined).toBe(refused);
    if (r) {
      expect(r.code).toBe('TOO_MANY_DELETES');
      expect(r.message).toContain('sw0: 3, sw1: 3');
    }
  });

  it('refuses a device whose intent needs a foreign object, naming it', () => {
    const p = planDevice({ intent: intent([sub('pc-c', 3000)], []), observed: observed([foreign], []), unexpressible: NONE });
    const r = checkOwnership(p);
    expect(r?.code).toBe('NOT_OWNED');
    expect(r?.device).toBe('sw1');
    expect(r?.message).toContain("Ethernet1.3000 (wanted by pc-c, holds 'operator mgmt vlan')");
    expect(checkOwnership(planDevice({ intent: intent([a], []), observed: observed([], []), unexpressible: NONE }))).toBeUndefined();
  });

  it('refuses a moved hash', () => {
    expect(checkHash('sha256:1', 'sha256:1', 'plan')).toBeUndefined();
    expect(checkHash('sha256:1', 'sha256:2', 'the plan')?.code).toBe('PLAN_CHANGED');
  });
});
