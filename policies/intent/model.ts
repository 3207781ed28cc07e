/**
 * The vendor-neutral desired state of one device, derived from the ledger and the agent config
 * (policies/intent/build.ts), and the observed form a driver parses back from the device's
 * running configuration (drivers/vendors/*-parse.ts). The two share one shape so the plan can
 * compare them field by field: an observed object is the intent object without the ledger
 * identity (`ref`), plus `owner` (the shared-port id read back from the ownership prefix, or
 * null for an object the agent does not own). Plain data; says *what*, never *how*.
 */
import type { ControlPlaneOwner, Platform } from '../../config/agent/model.js';
import type { SharedPortStatus } from '../ledger/model.js';

/** The ledger identity every intent object carries, so later stages can trace it back. */
export interface LedgerRef {
  readonly sharedPortId: string;
  readonly tenant: string;
  readonly circuitId: string;
  readonly vlan: number;
  readonly status: SharedPortStatus;
}

/** Where a tenant object lives: a port, and its dot1q subinterface (vlan 1..2999) or the main interface (vlan 0). */
export interface Attachpoint {
  readonly port: string;
  /** 0 = the routed main interface itself; 1..2999 = the dot1q subinterface `port.vlan`. */
  readonly vlan: number;
}

/** Config fields of a tenant subinterface (or, for VLAN 0, the tenant's routed main interface). */
export interface SubinterfaceSpec extends Attachpoint {
  /** `<prefix><shared-port-id> tenant=<uid>`; carries ownership on the device. */
  readonly description: string;
  /** Administrative state: false while the port is not enabled (pending, accepted, terminating, terminated). */
  readonly enabled: boolean;
  /** Per-subinterface traffic statistics switched on (where the platform needs a switch for it). */
  readonly statistics: boolean;
}

/** A per-tenant single-rate policer (committed rate = sold bandwidth), applied in and out on `at`. */
export interface PolicerSpec {
  /** Shared-port id the policy belongs to; the device name is ownershipPrefix + this, sanitised per platform. */
  readonly owner: string;
  /** Committed information rate in bit/s (drivers convert: kbit/s on Huawei, bit/s on Cisco, Junos, OpenConfig). */
  readonly rateBps: number;
  /** Committed burst in bytes. */
  readonly burstBytes: number;
  /** Where the policy is applied (input and output). */
  readonly at: Attachpoint;
}

/**
 * ARP rate limiting on an access device: at most `ppsPerSource` ARP packets per second per user
 * (source IP/MAC). Per-source limits are device-wide on the platforms that have them; platforms
 * that only limit per port apply it on the device's policer attachpoints (the tenant-facing ones).
 */
export interface ArpLimitSpec {
  readonly ppsPerSource: number;
}

/**
 * The ARP limit the intent asks of an attachment device: `ppsPerSource` per user, and how many users
 * are behind the device. A platform that can only limit all ARP of the device together (an
 * aggregate, e.g. on the control-plane path) sizes that limit at `ppsPerSource × users` — a total,
 * not a per-user guarantee; per-source and per-port platforms do not need `users`.
 */
export interface ArpLimitIntent extends ArpLimitSpec {
  /**
   * The device's users: its non-deleted shared ports (each attached here once, with one policer).
   * buildIntents always sets it; absent only in an intent written by hand, where it equals the
   * number of `policers`.
   */
  readonly users?: number;
}

/** An explicit ICMP limit that keeps echo requests above the partner floor of 500 pps. */
export interface IcmpLimitSpec {
  readonly pps: number;
}

/** A tenant subinterface to hold, with the ledger identity it comes from. */
export interface SubinterfaceIntent extends SubinterfaceSpec {
  readonly ref: LedgerRef;
}
/** A tenant policer to hold, with the ledger identity it comes from. */
export interface PolicerIntent extends PolicerSpec {
  readonly ref: LedgerRef;
}

/** Desired state of one device. Lists are sorted (port, vlan / owner) so renders are deterministic. */
export interface DeviceIntent {
  readonly device: string;
  readonly platform: Platform;
  readonly ownershipPrefix: string;
  readonly subinterfaces: readonly SubinterfaceIntent[];
  readonly policers: readonly PolicerIntent[];
  /** Set on devices that are the attachment of at least one non-deleted tenant. */
  readonly arp: ArpLimitIntent | null;
  /** Set on every device that holds tenant objects. */
  readonly icmp: IcmpLimitSpec | null;
  /**
   * Who owns the device's control-plane policy (devices[].controlPlane; absent = `operator`). The
   * intent only carries the operator's permission: a driver whose platform can limit ARP/ICMP only
   * on the control-plane path installs its own policy there when it is `agent`, and no other driver
   * reads it.
   */
  readonly controlPlane?: ControlPlaneOwner;
}

/** A subinterface read back from a device; `owner` null = not created by the agent (must never be touched). */
export interface ObservedSubinterface extends SubinterfaceSpec {
  readonly owner: string | null;
}
/**
 * A policer read back from a device (only ownership-prefixed policies are reported). `at` is the
 * attachpoint where the policy is applied in both directions, null when it is applied nowhere or
 * in one direction only (a drift the plan repairs by re-applying).
 */
export interface ObservedPolicer extends Omit<PolicerSpec, 'at'> {
  readonly at: Attachpoint | null;
}

/**
 * A control-plane policy the device holds that the agent did not create: the names installed where
 * the agent would install its own (null: that part is not foreign). The agent never replaces it.
 */
export interface ForeignControlPlane {
  readonly classifier: string | null;
  readonly schedulerPolicy: string | null;
  /** The config path it was read at. */
  readonly source: string;
}

/** What a driver parses back from the running config: the intent's shape, plus foreign objects. */
export interface ObservedDevice {
  readonly subinterfaces: readonly ObservedSubinterface[];
  readonly policers: readonly ObservedPolicer[];
  /**
   * The ARP limit per user. Drivers of aggregate platforms report the per-user share of the
   * agent's aggregate limit: the aggregate divided by the tenant policers the device holds.
   */
  readonly arp: ArpLimitSpec | null;
  readonly icmp: IcmpLimitSpec | null;
  /**
   * Present when the device holds a control-plane policy the agent does not own, read by drivers
   * of platforms where the agent may own that policy (devices[].controlPlane: agent): a render that
   * would install the agent's own then throws DriverError NOT_OWNED.
   */
  readonly foreignControlPlane?: ForeignControlPlane;
}
