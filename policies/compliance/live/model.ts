/**
 * What the live compliance rules read besides the ledger: per device, the running configuration as
 * the driver parsed it, the limits that apply to ARP and ICMP (each with where it was read), the
 * driver's declared capabilities, and two SNMP samples of the device's interfaces. The agent
 * (agent/compliance/gather.ts) fills it; the rules are pure functions of it. Plain data.
 *
 * Every reading is either `read` (with the source a reviewer can check: the NETCONF operation and
 * path, the SNMP columns) or `unreadable` with the reason. A rule never guesses over an unreadable
 * reading: its subject is not evaluated, with that reason.
 */
import type { Attachpoint, ObservedDevice } from '../../intent/model.js';

/** A reading of something from a device: the value and where it came from, or why it could not be read. */
export type Reading<T> =
  | { readonly status: 'read'; readonly value: T; readonly source: string }
  | { readonly status: 'unreadable'; readonly reason: string };

/**
 * A declared level of support and why (shown in plans and the compliance report). Drivers declare
 * theirs in this shape (drivers/driver.ts `Capability`), so the two cannot drift apart.
 */
export interface CapabilityView<Level extends string> {
  readonly level: Level;
  readonly reason: string;
  /**
   * Set when the level holds only on a device whose agent config lets the agent own its
   * control-plane policy (`devices[].controlPlane: agent`); on other devices the requirement is
   * not expressible (agent/push/target.ts `unexpressibleOf`), with `reason`.
   */
  readonly needsControlPlane?: true;
}

/** What the platform's driver can express and read of the partner requirements. */
export interface CapabilitiesView {
  /**
   * per-source: a per user (source IP/MAC) limit; per-port: one aggregate limit per interface;
   * aggregate: one limit for all ARP of the device (ppsPerSource × users, e.g. on the control-plane
   * path); unsupported.
   */
  readonly arpRateLimit: CapabilityView<'per-source' | 'per-port' | 'aggregate' | 'unsupported'>;
  /** explicit: the driver sets the ICMP limit to PushSettings.icmpLimitPps; unsupported: it sets none. */
  readonly icmpLimit: CapabilityView<'explicit' | 'unsupported'>;
  /** switch: statistics must be turned on per subinterface (the driver does); always: counted without a switch. */
  readonly perSubinterfaceStats: CapabilityView<'switch' | 'always'>;
}

/** One ARP rate limit found on a device. */
export interface ArpLimiter {
  /**
   * per-source: per user (source IP or MAC), device-wide; per-port: one aggregate limit on `at`;
   * aggregate: one limit for all ARP of the device (e.g. its control-plane path), shared by every
   * user behind it.
   */
  readonly scope: 'per-source' | 'per-port' | 'aggregate';
  readonly pps: number;
  /** Where a per-port limit is applied. */
  readonly at?: Attachpoint;
  /** The config path or line it was read from. */
  readonly source: string;
}

/** One limit that applies to ICMP echo requests on a device. */
export interface IcmpLimiter {
  /** Echo requests per second it lets through (converted from kbit/s where the device counts bits; see `note`). */
  readonly pps: number;
  /** What it limits: `global`, `control-plane`, `interface <name>`. */
  readonly scope: string;
  /** configured: written in the config; platform-default: the value the platform applies when a feature is on. */
  readonly origin: 'configured' | 'platform-default';
  readonly source: string;
  readonly note?: string;
}

/** IF-MIB counters a monitoring check needs, with the IF-MIB names. Packets = unicast (+multicast, broadcast). */
export type MonitoredCounter = 'inOctets' | 'outOctets' | 'inPackets' | 'outPackets' | 'inDiscards' | 'outDiscards';
export const MONITORED_COUNTERS: readonly MonitoredCounter[] = ['inOctets', 'outOctets', 'inPackets', 'outPackets', 'inDiscards', 'outDiscards'];

/** One interface over two SNMP samples of its device. */
export interface InterfaceEvidence {
  readonly ifIndex: number;
  /** ifName, else ifDescr. */
  readonly name: string;
  readonly alias: string;
  /** ifOperStatus in the second sample (1 up, 2 down, …); undefined when the agent does not report it. */
  readonly operStatus: number | undefined;
  /** ifMtu (IF-MIB 1.3.6.1.2.1.2.2.1.4), bytes of the largest IP packet; absent when not read. */
  readonly mtu?: number;
  /** Counter values in the first and second sample; a counter the agent lacks is absent. */
  readonly first: Readonly<Partial<Record<MonitoredCounter, bigint>>>;
  readonly second: Readonly<Partial<Record<MonitoredCounter, bigint>>>;
  /** Rates between the samples; absent when they could not be computed (baseline, reset). */
  readonly rates?: Readonly<Partial<Record<MonitoredCounter, number>>>;
  /** Why there are no rates (first sample, reboot, discontinuity …). */
  readonly noRatesReason?: string;
}

/** SNMP view of one device: interfaces over two samples, and which interface carries which shared port. */
export interface SnmpEvidence {
  readonly interfaces: readonly InterfaceEvidence[];
  readonly intervalSeconds: number;
  /** Shared port → interface name (from agent/telemetry/match.ts: ifAlias description or `<port>.<vlan>`). */
  readonly bindings: readonly { readonly sharedPortId: string; readonly role: 'circuit' | 'attachment'; readonly interfaceName: string; readonly matchedBy: string }[];
  /** Shared ports expected on the device whose interface was not found. */
  readonly unmatched: readonly { readonly sharedPortId: string; readonly expected: readonly string[] }[];
  /** Why interfaces carry no `mtu` (the ifMtu walk failed or the agent serves no ifMtu); absent when read. */
  readonly mtuUnreadable?: string;
}

/** Where on the device (XML path of the get-config reply) each kind of value was read; shown in evidence. */
export interface ConfigPaths {
  readonly subinterface?: string;
  readonly statistics?: string;
  readonly policer?: string;
  readonly arp?: string;
  readonly icmp?: string;
}

/** Everything read from one device. */
export interface DeviceEvidence {
  readonly device: string;
  readonly platform: string;
  readonly capabilities: CapabilitiesView;
  /** Where the driver reads each value on this platform (absent: not known). */
  readonly paths?: ConfigPaths;
  /** The driver's parse of the running config. */
  readonly config: Reading<ObservedDevice>;
  /** Every ARP limit found; `unreadable` when the platform's config cannot show them. */
  readonly arp: Reading<readonly ArpLimiter[]>;
  /** Every limit that applies to ICMP, including platform defaults a configured feature switches on. */
  readonly icmp: Reading<readonly IcmpLimiter[]>;
  /**
   * Set when `icmp` was read but may not be all: a limit the configuration does not show may also
   * apply (e.g. a ddos-protection default that changed across releases). The rule can then fail on
   * a low limit it read, but not pass.
   */
  readonly icmpUnseen?: string;
  readonly snmp: Reading<SnmpEvidence>;
}

/** Thresholds the live rules judge against. */
export interface LiveSettings {
  /** ARP packets per second per user the partner intends (PushSettings.arpPpsPerUser; the guide: typically 1). */
  readonly arpPpsPerUser: number;
  /** Relative tolerance between a policer's rate and the sold bandwidth (devices round: Huawei kbit/s, Cisco bc). */
  readonly policerTolerance: number;
  /** The ICMP floor of the guide: a limit must be greater than this. */
  readonly icmpFloorPps: number;
  /** MTU the circuit ports must carry (IP MTU 1500 in the network limitations). */
  readonly minMtu: number;
}

export const DEFAULT_LIVE_SETTINGS: LiveSettings = { arpPpsPerUser: 1, policerTolerance: 0.01, icmpFloorPps: 500, minMtu: 1500 };

/** The live part of the compliance input: one entry per device of the agent config. */
export interface LiveEvidence {
  readonly devices: readonly DeviceEvidence[];
  readonly settings: LiveSettings;
  /** Where and when the evidence was gathered (shown in reports; the rules never read it). */
  readonly gatheredAt: string;
}
