/**
 * What the drivers' `limits()` readers share: the packet sizes assumed when a device states a limit
 * in bits per second and the compliance check needs packets per second (the partner guide counts
 * ICMP echo requests per second, > 500, and ARP packets per second per user, about 1; a policer
 * counts bytes) — both chosen so a converted figure never makes a limit look better than it is —
 * and the small algebra of "which part of ICMP echo requests can this class or term carry".
 */

/**
 * Bytes one ICMP echo request is assumed to take in a bit/s policer: iputils `ping` sends 84-byte
 * IPv4 packets (56 data bytes), 106 bytes on an 802.1Q Ethernet link with header, tag and FCS;
 * rounded up to 128 so a larger payload, IP options or a second tag are covered. A larger size
 * gives fewer packets per second, so the converted limit errs towards failing the > 500 pps floor.
 */
export const ECHO_REQUEST_BYTES = 128;

/**
 * Bytes one ARP packet is assumed to take in a bit/s policer: the 28-byte ARP payload alone (the
 * smallest any policer can count). A smaller size gives more packets per second, so the converted
 * limit errs towards failing the ~1 pps-per-user target.
 */
export const ARP_PACKET_BYTES = 28;

/**
 * Bits one ARP frame counts when the agent SIZES an aggregate ARP cap (OpenConfig control plane,
 * Huawei CPCAR): the 64-byte minimum Ethernet frame × 8. Sizing a cap with the smallest frame an
 * L2 policer counts keeps it at or below the target (ARP_PACKET_BYTES is for reading others'
 * bit/s limits, where the smallest conceivable count errs towards failing).
 */
export const ARP_FRAME_BITS = 64 * 8;

/** Echo requests per second a bit/s limit lets through at ECHO_REQUEST_BYTES each (rounded down: never looks higher). */
export function echoPpsOfBitRate(bps: number): number {
  return Math.floor(bps / (8 * ECHO_REQUEST_BYTES));
}

/** ARP packets per second a bit/s limit lets through at ARP_PACKET_BYTES each (rounded up: never looks lower). */
export function arpPpsOfBitRate(bps: number): number {
  return Math.ceil(bps / (8 * ARP_PACKET_BYTES));
}

/** How much of the ICMP echo requests reaching a class (or filter term) it can carry: all, possibly some, none. */
export type IcmpMatch = 'all' | 'some' | 'none';

/** A judged match criterion: how much ICMP it can carry, and why (shown in the limit's note). */
export interface Judged {
  readonly match: IcmpMatch;
  readonly why: string;
}

/** Every criterion must hold (match-all, a Junos term's conditions): none if one carries none, all if all carry all. */
export function allOf(criteria: readonly Judged[]): IcmpMatch {
  if (criteria.some((c) => c.match === 'none')) return 'none';
  return criteria.every((c) => c.match === 'all') ? 'all' : 'some';
}

/** One criterion suffices (match-any): all if one carries all, none if all carry none. */
export function anyOf(criteria: readonly Judged[]): IcmpMatch {
  if (criteria.some((c) => c.match === 'all')) return 'all';
  return criteria.every((c) => c.match === 'none') ? 'none' : 'some';
}

/** The complement (a negated criterion): all ↔ none, some stays some. */
export function negated(match: IcmpMatch): IcmpMatch {
  return match === 'all' ? 'none' : match === 'none' ? 'all' : 'some';
}
