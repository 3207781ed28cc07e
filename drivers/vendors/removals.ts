/**
 * What a removal set means for a driver, decided once for every platform: which policies go
 * whole, and which policy applications go on their own. A policer whose owner is still in the
 * intent (its attachment moved) keeps its policy and loses only its old application; an
 * application on a subinterface that is removed in the same edit goes with the subinterface
 * (touching a child of an entry being removed is an error on several servers).
 *
 * An edit applies in document order, so a removal rendered after a creation of the same node
 * deletes what that edit just wrote. On platforms that hold ONE application per attachpoint
 * (OpenConfig's qos interface entry, IOS-XE's service-policy, Junos' `family inet policer`), the
 * old application and the intent's new one are that same node whenever two tenants swap an
 * attachpoint: such a removal is dropped, because the intent's application replaces it anyway.
 */
import type { Attachpoint, DeviceIntent } from '../../policies/intent/model.js';
import type { Removals } from '../driver.js';

/** One policy application to remove: the owner's policy on `at`. */
export interface ApplicationRemoval {
  readonly owner: string;
  readonly at: Attachpoint;
}

/** The removal work of an edit. */
export interface RemovalPlan {
  /** Owners whose policy (and policer/behavior) is deleted. */
  readonly policies: readonly string[];
  /** Applications deleted on their own (their interface stays). */
  readonly applications: readonly ApplicationRemoval[];
}

/** How a platform keys a policy application. */
export interface RemovalOptions {
  /**
   * True when an attachpoint holds one application whatever the policy (OpenConfig, IOS-XE,
   * Junos): the removal of an old application where the intent applies a policy is dropped.
   * False when each application is its own entry keyed by the policy (Huawei
   * traffic-policy-apply): the old one must still go, and cannot collide with the new one.
   */
  readonly oneApplicationPerAttachpoint: boolean;
}

/** A Map/Set key of an attachpoint. */
export const attachKey = (at: Attachpoint): string => `${at.port}\u0000${at.vlan}`;

/** The attachpoints where the intent applies a policer (its edit writes their application). */
export function appliedAttachpoints(intent: DeviceIntent): ReadonlySet<string> {
  return new Set(intent.policers.map((p) => attachKey(p.at)));
}

/** Splits `removals` against `intent` (see the module comment). Linear in the sizes of both. */
export function planRemovals(intent: DeviceIntent, removals: Removals, options: RemovalOptions): RemovalPlan {
  const kept = new Map(intent.policers.map((p) => [p.owner, attachKey(p.at)]));
  const goneSubs = new Set(removals.subinterfaces.filter((s) => s.vlan > 0).map(attachKey));
  const applied = options.oneApplicationPerAttachpoint ? appliedAttachpoints(intent) : new Set<string>();
  const applications: ApplicationRemoval[] = [];
  for (const p of removals.policers) {
    if (p.at === null) continue;
    const at = attachKey(p.at);
    if (kept.get(p.owner) === at) continue;
    if (goneSubs.has(at) || applied.has(at)) continue;
    applications.push({ owner: p.owner, at: p.at });
  }
  return { policies: removals.policers.filter((p) => !kept.has(p.owner)).map((p) => p.owner), applications };
}
