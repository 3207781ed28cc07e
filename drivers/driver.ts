/**
 * The vendor driver interface: what every platform driver (drivers/vendors/<platform>.ts) offers
 * to the plan/apply stages. A driver is pure — it renders intent into its platform's NETCONF
 * edit-config content, names the get-config subtree filter of what the agent owns, and parses the
 * running config back into the neutral observed form. The session (lock, edit, commit confirmed,
 * verify) is sequenced by the caller from the driver's transaction hints. What a platform cannot
 * express is declared in `capabilities` with a reason, never faked.
 */
import type { Platform } from '../config/agent/model.js';
import type { ArpLimiter, CapabilitiesView, CapabilityView, IcmpLimiter } from '../policies/compliance/live/model.js';
import type { DeviceIntent, ObservedDevice, ObservedPolicer, ObservedSubinterface } from '../policies/intent/model.js';
import type { XmlElement } from './netconf/xml.js';

/** A declared level of support and why: the shape the compliance model reads (policies/compliance/live/model.ts). */
export type Capability<Level extends string> = CapabilityView<Level>;

/** What the platform can express of the partner requirements (levels documented in CapabilitiesView), and its policer form. */
export interface DriverCapabilities extends CapabilitiesView {
  /** per-tenant-policy: one named policy per tenant (counters per tenant). */
  readonly policer: Capability<'per-tenant-policy'>;
}

/** How the caller must run a change on this platform. */
export interface TransactionHints {
  /** Datastore to edit. */
  readonly target: 'candidate';
  /**
   * netconf: RFC 6241 `<commit><confirmed/><confirm-timeout>s</…>` then a confirming `<commit/>`;
   * junos: Junos' `<commit-configuration><confirmed/><confirm-timeout>minutes</…>` (minutes, ≥ 1).
   */
  readonly confirmedCommit: 'netconf' | 'junos';
  /** Unit of the confirm timeout the platform takes. */
  readonly confirmTimeoutUnit: 'seconds' | 'minutes';
  /** How the edit content is loaded: standard `<edit-config>` or Junos `<load-configuration action="replace" format="xml">`. */
  readonly load: 'edit-config' | 'junos-load-configuration';
  /** Read back with get-config after commit: netconfd and some devices accept-and-drop (`when` false) silently. */
  readonly verifyByReadBack: true;
}

/** An empty removal set. */
export const NO_REMOVALS: Removals = { subinterfaces: [], policers: [] };

/** Owned objects to remove (from the observed form; objects with owner null are refused). */
export interface Removals {
  readonly subinterfaces: readonly ObservedSubinterface[];
  readonly policers: readonly ObservedPolicer[];
}

/** What a get-config and a parse look at: the ownership prefix and the ports the agent manages on the device. */
export interface ParseScope {
  readonly ownershipPrefix: string;
  /** Circuit and attachment ports of the device; foreign subinterfaces are reported on these only. */
  readonly ports: readonly string[];
}

/**
 * Every ARP and ICMP limit a driver finds in a get-config reply of its `filter`: the agent's own
 * and the operator's (a CoPP policy, a CPCAR entry, a ddos-protection statement), each with the
 * config path it was read from. This is what the live compliance check judges; the plan only
 * needs the agent's own limits (`parse`).
 */
export interface DeviceLimits {
  readonly arp: readonly ArpLimiter[];
  /** Every limit that applies to ICMP echo requests, configured ones and the platform defaults the driver knows apply. */
  readonly icmp: readonly IcmpLimiter[];
  /**
   * Whether `icmp` is the whole story. `complete`: nothing else limits ICMP on this platform (the
   * defaults the platform applies are listed in `icmp` as `platform-default`, or it has none),
   * with the note saying why. Otherwise the reason an unlisted default may apply (e.g. a generic
   * OpenConfig box whose built-in CoPP is not in its configuration).
   */
  readonly icmpCoverage: { readonly complete: true; readonly note: string } | { readonly complete: false; readonly reason: string };
  /**
   * Absent: `arp` is every ARP limit of the device (none found = none configured). Set when the
   * platform may limit ARP where this reply cannot show it, with the reason: none found is then
   * "unknown", not "no limit".
   */
  readonly arpCoverage?: { readonly complete: false; readonly reason: string };
}

/**
 * Where the agent's objects are on a device, found from the device alone (not from the ledger):
 * the plan reads back the ports the ledger names plus the ports this finds, so owned objects on a
 * port that left the ledger (its circuit removed, an explicit attachment dropped) are still
 * planned away. One cheap get-config per read (names and descriptions, policy applications).
 */
export interface OwnedDiscovery {
  /** The `<filter type="subtree">` of the discovery get-config (the same for every device of the platform). */
  filter(): XmlElement;
  /**
   * Ports (named as the ledger names them) holding an object the agent owns in a reply of `filter`:
   * a subinterface or routed main interface whose description carries the ownership prefix, or an
   * application of an ownership-prefixed policy. Sorted, unique. Throws DriverError PARSE_FAILED.
   */
  ports(data: XmlElement, ownershipPrefix: string): string[];
}

/** A platform driver. All methods are pure. */
export interface VendorDriver {
  readonly platform: Platform;
  readonly capabilities: DriverCapabilities;
  readonly transaction: TransactionHints;
  /**
   * The edit content (`<config>` in the NETCONF base namespace; for Junos `<configuration>`) that
   * makes the device hold `intent` and removes `removals`. Re-applying it is a no-op. Interface
   * entries are merged (the operator's own statements on them, e.g. addresses, stay); the
   * agent's statements are written with replace, its removals with remove. `existing` (what the
   * plan observed) lets a driver leave out statements that only apply to objects that exist or
   * only to new ones (create-only keys, removal of an absent flag).
   * Throws DriverError NOT_OWNED for a removal of an object the agent does not own, NAME_INVALID
   * for a port name the platform cannot take.
   */
  render(intent: DeviceIntent, removals?: Removals, existing?: ObservedDevice): XmlElement;
  /** The `<filter type="subtree">` selecting what `parse` reads (interfaces of the scope, QoS, ARP, ICMP). */
  filter(scope: ParseScope): XmlElement;
  /**
   * The observed form of a get-config reply's `<data>` (or Junos `<configuration>`) element.
   * Throws DriverError PARSE_FAILED (with the path) for a value the platform cannot hold.
   */
  parse(data: XmlElement, scope: ParseScope): ObservedDevice;
  /**
   * Every ARP and ICMP limit in the same reply (see DeviceLimits). Optional: a driver without it is
   * judged on its own limits from `parse` only, and an unset ICMP limit is then "unknown default".
   * Throws DriverError PARSE_FAILED (with the path) for a value it cannot read.
   */
  limits?(data: XmlElement, scope: ParseScope): DeviceLimits;
  /** Finds the ports holding owned objects (see OwnedDiscovery). Optional: without it only the ledger's ports are read. */
  readonly discover?: OwnedDiscovery;
}

/** The parse scope of an intent plus extra ports (e.g. the device's circuit ports from the ledger). */
export function scopeOf(intent: DeviceIntent, extraPorts: readonly string[] = []): ParseScope {
  const ports = new Set<string>(extraPorts);
  for (const s of intent.subinterfaces) ports.add(s.port);
  for (const p of intent.policers) ports.add(p.at.port);
  return { ownershipPrefix: intent.ownershipPrefix, ports: [...ports].sort() };
}

/** Stable codes of driver errors. */
export type DriverErrorCode = 'NOT_OWNED' | 'NAME_INVALID' | 'PARSE_FAILED' | 'UNKNOWN_PLATFORM' | 'DUPLICATE_DRIVER';

/** A driver refused an input or could not read a device reply. */
export class DriverError extends Error {
  readonly code: DriverErrorCode;

  constructor(code: DriverErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DriverError';
    this.code = code;
  }
}

/** Throws NOT_OWNED when a removal names an object the agent does not own. */
export function assertOwned(removals: Removals): void {
  for (const o of removals.subinterfaces) {
    if (o.owner === null) throw new DriverError('NOT_OWNED', `refusing to remove ${o.port} VLAN ${o.vlan}: not owned by the agent`);
  }
}

/** True when `existing` holds a subinterface at this attachpoint (unknown existing → `fallback`). */
export function exists(existing: ObservedDevice | undefined, port: string, vlan: number, fallback: boolean): boolean {
  return existing === undefined ? fallback : existing.subinterfaces.some((s) => s.port === port && s.vlan === vlan);
}
