/**
 * Per shared port config state from a device plan, pure. A shared port's objects on one device
 * (its subinterface, its policer) are compared through the plan of that device:
 *  - in-sync: the plan changes none of them;
 *  - missing: the plan creates all of them (nothing of the port is on the device);
 *  - not-owned: the place of its subinterface is held by configuration the agent does not own;
 *  - drifted: anything else (some objects differ or are absent).
 * A shared port whose objects sit on two devices (circuit and attachment) gets one partial state per
 * device; `mergeStates` combines them.
 */
import type { ConfigState } from '../metrics/state.js';
import type { DeviceIntent } from '../../policies/intent/model.js';
import type { DevicePlan } from '../../policies/plan/model.js';

/** The part of a shared port's state that one device holds. */
export interface PartialPortState {
  readonly sharedPortId: string;
  readonly state: ConfigState;
}

/** A subinterface on a managed port that the ledger does not explain (foreign, or an owned orphan). */
export interface StraySubinterface {
  readonly interface: string;
  readonly vlan: number;
}

/** States of the shared ports whose objects the intent puts on this device. */
export function portStatesFromPlan(intent: DeviceIntent, plan: DevicePlan): PartialPortState[] {
  const expected = new Map<string, number>();
  for (const s of intent.subinterfaces) expected.set(s.ref.sharedPortId, (expected.get(s.ref.sharedPortId) ?? 0) + 1);
  for (const p of intent.policers) expected.set(p.ref.sharedPortId, (expected.get(p.ref.sharedPortId) ?? 0) + 1);
  const conflicted = new Set(plan.conflicts.map((c) => c.sharedPortId));
  const out: PartialPortState[] = [];
  for (const [id, count] of expected) {
    const changes = plan.changes.filter((c) => c.sharedPortId === id && c.action !== 'remove');
    let state: ConfigState;
    if (conflicted.has(id)) state = 'not-owned';
    else if (changes.length === 0) state = 'in-sync';
    else if (changes.length === count && changes.every((c) => c.action === 'create')) state = 'missing';
    else state = 'drifted';
    out.push({ sharedPortId: id, state });
  }
  return out;
}

/** Subinterfaces the ledger does not explain: not owned by the agent, or owned by a port no longer in the ledger. */
export function straySubinterfaces(plan: DevicePlan): StraySubinterface[] {
  const fromKey = (key: string): StraySubinterface => {
    const dot = key.lastIndexOf('.');
    const vlan = dot > 0 ? Number(key.slice(dot + 1)) : NaN;
    return { interface: key, vlan: Number.isInteger(vlan) ? vlan : 0 };
  };
  const foreign = plan.notOwned.map((n) => fromKey(n.key));
  const orphans = plan.removals.subinterfaces.map((s) => ({ interface: s.vlan === 0 ? s.port : `${s.port}.${s.vlan}`, vlan: s.vlan }));
  return [...foreign, ...orphans].filter((s) => s.vlan > 0);
}

/** Order of severity when one shared port has partial states on several devices. */
const SEVERITY: readonly ConfigState[] = ['unknown', 'not-owned', 'drifted', 'missing', 'in-sync'];

/**
 * One state from the partial states of several devices: all in-sync → in-sync, all missing →
 * missing, otherwise the most severe (unknown > not-owned > drifted), missing next to in-sync → drifted.
 */
export function mergeStates(parts: readonly ConfigState[]): ConfigState {
  if (parts.length === 0) return 'unknown';
  if (parts.every((p) => p === parts[0])) return parts[0] as ConfigState;
  for (const s of SEVERITY.slice(0, 3)) if (parts.includes(s)) return s;
  return 'drifted';
}
