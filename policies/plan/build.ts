/**
 * Intent vs observed → the plan of one device (pure: no I/O, no clock).
 *
 * Objects are matched by identity: subinterfaces by attachpoint (`port.vlan`), policers by the
 * shared-port id their name carries, ARP and ICMP limits per device. An owned object the intent
 * no longer wants is removed; an object without the ownership prefix is never touched: it is
 * listed as not owned, and if the intent wants its place the device is refused (a conflict).
 * A requirement the platform cannot express is listed as such and never planned as a change, so
 * a plan cannot keep "fixing" what the device cannot hold.
 */
import { observableOf } from '../intent/observable.js';
import type { ArpLimitSpec, Attachpoint, DeviceIntent, IcmpLimitSpec, ObservedDevice, ObservedPolicer, ObservedSubinterface, SubinterfaceSpec } from '../intent/model.js';
import { deviceHash } from './hash.js';
import type { ChangeCounts, DevicePlan, FieldChange, NotOwnedObject, ObjectChange, OwnershipConflict, PlanObjectKind, PlanValue, Unexpressible } from './model.js';

/** What `planDevice` compares. */
export interface PlanInput {
  readonly intent: DeviceIntent;
  readonly observed: ObservedDevice;
  /** Requirements the device's driver cannot express (from its capabilities). */
  readonly unexpressible: readonly Unexpressible[];
}

type Fields = Record<string, PlanValue>;

/** `port` for VLAN 0 (the routed main interface), `port.vlan` for a subinterface. */
export function attachpointKey(at: Attachpoint): string {
  return at.vlan === 0 ? at.port : `${at.port}.${at.vlan}`;
}

function subinterfaceFields(s: SubinterfaceSpec): Fields {
  return { description: s.description, enabled: s.enabled, statistics: s.statistics };
}

function policerFields(p: Omit<ObservedPolicer, 'owner'>): Fields {
  return { rateBps: p.rateBps, burstBytes: p.burstBytes, appliedAt: p.at === null ? null : attachpointKey(p.at) };
}

function diffFields(before: Fields | null, after: Fields | null): FieldChange[] {
  const names = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return names
    .map((field) => ({ field, before: before?.[field] ?? null, after: after?.[field] ?? null }))
    .filter((f) => before === null || after === null || f.before !== f.after);
}

function change(kind: PlanObjectKind, key: string, sharedPortId: string | null, before: Fields | null, after: Fields | null): ObjectChange | undefined {
  const fields = diffFields(before, after);
  if (before !== null && after !== null && fields.length === 0) return undefined;
  const action = before === null ? 'create' : after === null ? 'remove' : 'modify';
  return { action, kind, key, sharedPortId, before, after, fields };
}

const KIND_ORDER: Readonly<Record<PlanObjectKind, number>> = { subinterface: 0, policer: 1, 'arp-limit': 2, 'icmp-limit': 3 };

function byKindThenKey(a: { kind: PlanObjectKind; key: string }, b: { kind: PlanObjectKind; key: string }): number {
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

function limitChange<T extends ArpLimitSpec | IcmpLimitSpec>(kind: 'arp-limit' | 'icmp-limit', want: T | null, have: T | null): ObjectChange | undefined {
  const fields = (v: T | null): Fields | null => (v === null ? null : { ...v });
  if (want === null && have === null) return undefined;
  return change(kind, 'device', null, fields(have), fields(want));
}

/**
 * The plan of one device. Never throws: conflicts are data (apply refuses the device on them).
 * The result's `changes` is empty exactly when the device already holds the intent.
 */
export function planDevice(input: PlanInput): DevicePlan {
  const { intent, observed, unexpressible } = input;
  const arpGap = unexpressible.some((u) => u.feature === 'arp-rate-limit');
  const icmpGap = unexpressible.some((u) => u.feature === 'icmp-limit');
  const wanted = observableOf(intent, { arp: !arpGap, icmp: !icmpGap });
  const changes: ObjectChange[] = [];
  const notOwned: NotOwnedObject[] = [];
  const conflicts: OwnershipConflict[] = [];
  const removeSubs: ObservedSubinterface[] = [];
  const removePolicers: ObservedPolicer[] = [];

  const have = new Map(observed.subinterfaces.map((s) => [attachpointKey(s), s]));
  const want = new Map(wanted.subinterfaces.map((s) => [attachpointKey(s), s]));
  for (const [key, w] of want) {
    const h = have.get(key);
    if (h !== undefined && h.owner === null) {
      conflicts.push({ kind: 'subinterface', key, sharedPortId: w.owner ?? '', foreignDescription: h.description });
      continue;
    }
    const c = change('subinterface', key, w.owner, h === undefined ? null : subinterfaceFields(h), subinterfaceFields(w));
    if (c) changes.push(c);
  }
  for (const [key, h] of have) {
    if (want.has(key)) continue;
    if (h.owner === null) {
      notOwned.push({ kind: 'subinterface', key, description: h.description });
      continue;
    }
    const c = change('subinterface', key, h.owner, subinterfaceFields(h), null);
    if (c) changes.push(c);
    removeSubs.push(h);
  }

  const havePolicers = new Map(observed.policers.map((p) => [p.owner, p]));
  const wantPolicers = new Map(wanted.policers.map((p) => [p.owner, p]));
  const movedPolicers: ObservedPolicer[] = [];
  for (const [owner, w] of wantPolicers) {
    const h = havePolicers.get(owner);
    const c = change('policer', owner, owner, h === undefined ? null : policerFields(h), policerFields(w));
    if (c) changes.push(c);
    // Applied elsewhere than wanted: the old application must go (drivers keep the policy of an
    // owner still in the intent and remove only that application). Not a tenant deletion.
    if (h !== undefined && h.at !== null && w.at !== null && attachpointKey(h.at) !== attachpointKey(w.at)) movedPolicers.push(h);
  }
  for (const [owner, h] of havePolicers) {
    if (wantPolicers.has(owner)) continue;
    const c = change('policer', owner, owner, policerFields(h), null);
    if (c) changes.push(c);
    removePolicers.push(h);
  }

  // A limit the platform cannot express is neither planned nor removed: it is reported instead.
  const arp = arpGap ? undefined : limitChange('arp-limit', wanted.arp, observed.arp);
  const icmp = icmpGap ? undefined : limitChange('icmp-limit', wanted.icmp, observed.icmp);
  if (arp) changes.push(arp);
  if (icmp) changes.push(icmp);

  changes.sort(byKindThenKey);
  notOwned.sort(byKindThenKey);
  conflicts.sort(byKindThenKey);
  const tenantDeletes = removeSubs.length + removePolicers.length;
  removePolicers.push(...movedPolicers);
  return {
    device: intent.device,
    platform: intent.platform,
    changes,
    notOwned,
    conflicts,
    unexpressible: [...unexpressible].sort((a, b) => (a.feature < b.feature ? -1 : a.feature > b.feature ? 1 : 0)),
    removals: { subinterfaces: removeSubs, policers: removePolicers },
    tenantDeletes,
    hash: deviceHash(intent.device, intent.platform, changes, conflicts),
  };
}

/** Counts of changes by action. */
export function countChanges(plan: Pick<DevicePlan, 'changes'>): ChangeCounts {
  let create = 0;
  let modify = 0;
  let remove = 0;
  for (const c of plan.changes) {
    if (c.action === 'create') create++;
    else if (c.action === 'modify') modify++;
    else remove++;
  }
  return { create, modify, remove };
}
