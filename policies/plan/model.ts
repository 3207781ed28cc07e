/**
 * The plan: what `apply` would change on each device, as data. Built by policies/plan/build.ts
 * from a DeviceIntent and the ObservedDevice a driver parsed back; rendered by the CLI as text or
 * JSON; hashed (policies/plan/hash.ts) so `apply` can refuse a plan that moved since it was shown.
 */
import type { Platform } from '../../config/agent/model.js';
import type { ObservedPolicer, ObservedSubinterface } from '../intent/model.js';

/** A field value as the plan shows it (attachpoints are written `port` or `port.vlan`). */
export type PlanValue = string | number | boolean | null;

/** The kinds of object the agent manages on a device. */
export type PlanObjectKind = 'subinterface' | 'policer' | 'arp-limit' | 'icmp-limit';

/** What happens to one object. */
export type PlanAction = 'create' | 'modify' | 'remove';

/** One field's value before and after (null = absent). */
export interface FieldChange {
  readonly field: string;
  readonly before: PlanValue;
  readonly after: PlanValue;
}

/** One object that changes. */
export interface ObjectChange {
  readonly action: PlanAction;
  readonly kind: PlanObjectKind;
  /** Stable key: `port.vlan` (or `port` for VLAN 0) for subinterfaces, the shared-port id for policers, `device` for limits. */
  readonly key: string;
  /** Shared port the object belongs to (after the change; before it for a removal); null for device-wide limits. */
  readonly sharedPortId: string | null;
  /** Fields of the object on the device now (null when it is created). */
  readonly before: Readonly<Record<string, PlanValue>> | null;
  /** Fields after the change (null when it is removed). */
  readonly after: Readonly<Record<string, PlanValue>> | null;
  /** The fields that differ (every field for a create or a removal). */
  readonly fields: readonly FieldChange[];
}

/** An object on a managed port that does not carry the ownership prefix: listed, never touched. */
export interface NotOwnedObject {
  readonly kind: 'subinterface';
  readonly key: string;
  readonly description: string;
}

/** The intent wants an object where the device holds one the agent does not own: the device is refused. */
export interface OwnershipConflict {
  readonly kind: 'subinterface';
  readonly key: string;
  /** Shared port that wants the place. */
  readonly sharedPortId: string;
  /** Description of the foreign object there now. */
  readonly foreignDescription: string;
}

/** A partner requirement the platform cannot express: shown, never planned as a change. */
export interface Unexpressible {
  readonly feature: 'arp-rate-limit' | 'icmp-limit';
  readonly reason: string;
}

/**
 * Owned objects to remove, in the observed form the drivers take (Removals). `policers` also
 * holds, as read, the policers that stay but moved: their old application is what goes.
 */
export interface PlanRemovals {
  readonly subinterfaces: readonly ObservedSubinterface[];
  readonly policers: readonly ObservedPolicer[];
}

/** The plan of one device. */
export interface DevicePlan {
  readonly device: string;
  readonly platform: Platform;
  /** Sorted by kind (subinterface, policer, arp-limit, icmp-limit), then key. Empty = no changes. */
  readonly changes: readonly ObjectChange[];
  readonly notOwned: readonly NotOwnedObject[];
  readonly conflicts: readonly OwnershipConflict[];
  readonly unexpressible: readonly Unexpressible[];
  readonly removals: PlanRemovals;
  /** Tenant objects (subinterfaces and policers) the plan removes. */
  readonly tenantDeletes: number;
  /** Hash of the normalised change set (changes + conflicts); see hash.ts. */
  readonly hash: string;
}

/** Counts of a device plan's changes by action. */
export interface ChangeCounts {
  readonly create: number;
  readonly modify: number;
  readonly remove: number;
}
