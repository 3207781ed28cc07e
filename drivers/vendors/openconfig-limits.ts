/**
 * What OpenConfig's control-plane policy means for the plan (the agent's own ARP and ICMP limits, in
 * the intent's units) and for the live compliance check (every ARP/ICMP limit on the control-plane
 * path, the agent's and the operator's, converted from bit/s to packets at the sizes stated in
 * openconfig-control-plane.ts). Pure.
 */
import type { ArpLimiter, IcmpLimiter } from '../../policies/compliance/live/model.js';
import type { ArpLimitSpec, ForeignControlPlane, IcmpLimitSpec } from '../../policies/intent/model.js';
import type { DeviceLimits, ParseScope } from '../driver.js';
import type { XmlElement } from '../netconf/xml.js';
import { ARP_BITS_PER_PACKET, BITS_PER_PACKET, controlPlaneName, type ControlPlaneClass } from './openconfig-control-plane.js';
import { CONTROL_PLANE_PATH, readControlPlane, type ControlPlanePolicer, type ControlPlaneRead } from './openconfig-control-plane-parse.js';

const round3 = (x: number): number => Math.round(x * 1000) / 1000;
const LABEL: Readonly<Record<ControlPlaneClass, string>> = { arp: 'ARP', icmp: 'ICMP', icmpv6: 'ICMPv6' };

/** Echo requests (or ARP frames) per second a rate lets through at the class's stated size; whole packets for ICMP (the rate guaranteed). */
export function ppsOf(c: ControlPlaneClass, bps: number): number {
  return c === 'arp' ? round3(bps / ARP_BITS_PER_PACKET) : Math.floor(bps / BITS_PER_PACKET[c]);
}

/** The agent's control-plane limits in the observed form, and a foreign control-plane policy if one is installed. */
export interface OwnControlPlane {
  readonly arp: ArpLimitSpec | null;
  readonly icmp: IcmpLimitSpec | null;
  readonly foreign: ForeignControlPlane | undefined;
}

function lowest(policers: readonly ControlPlanePolicer[], c: ControlPlaneClass): number | undefined {
  const rates = policers.filter((p) => p.protocol === c && p.match === 'explicit').map((p) => ppsOf(c, p.bps));
  return rates.length === 0 ? undefined : Math.min(...rates);
}

/**
 * The agent's limits as the plan compares them with the intent, when the installed classifier and
 * scheduler policy are the agent's: ARP as the per-user share of the aggregate (the aggregate
 * divided by the `tenants` the device holds, at least one, so a policy that follows the tenant count
 * reads back as the intent's rate per user); ICMP as the lower of the IPv4 and IPv6 echo rates.
 * A control-plane classifier or scheduler policy under another name is reported as foreign.
 */
export function ownControlPlane(read: ControlPlaneRead, prefix: string, tenants: number): OwnControlPlane {
  const name = controlPlaneName(prefix);
  const foreignClassifier = read.classifier !== undefined && read.classifier !== name ? read.classifier : null;
  const foreignPolicy = read.schedulerPolicy !== undefined && read.schedulerPolicy !== name ? read.schedulerPolicy : null;
  const foreign = foreignClassifier !== null || foreignPolicy !== null ? { classifier: foreignClassifier, schedulerPolicy: foreignPolicy, source: CONTROL_PLANE_PATH } : undefined;
  if (read.classifier !== name || read.schedulerPolicy !== name) return { arp: null, icmp: null, foreign };
  const aggregate = lowest(read.policers, 'arp');
  const v4 = lowest(read.policers, 'icmp');
  const v6 = lowest(read.policers, 'icmpv6');
  const icmp = [v4, v6].filter((x): x is number => x !== undefined);
  return {
    arp: aggregate === undefined ? null : { ppsPerSource: round3(aggregate / Math.max(1, tenants)) },
    icmp: icmp.length === 0 ? null : { pps: Math.min(...icmp) },
    foreign,
  };
}

function owner(read: ControlPlaneRead, prefix: string): string {
  return read.classifier === controlPlaneName(prefix) ? "the agent's" : "the operator's";
}

const NO_POLICY = "the box has no control-plane policy in its configuration (system/control-plane-traffic/ingress/qos); a generic OpenConfig box's built-in control-plane protection (CoPP) is not in its configuration, so what limits it is unknown. Set devices[].controlPlane: agent to have the agent install an explicit limit (on a box without a CoPP of its own)";

/**
 * Every ARP and ICMP limit on the box's control-plane path, from a get-config reply of the
 * driver's filter. ARP limits are aggregates (a total for every user of the device). ICMP limits are
 * the echo requests per second the rate guarantees at the stated size. A path whose rate cannot be
 * read as bit/s makes that protocol unknown (never guessed); nothing found is unknown too, since the
 * box's built-in CoPP is not in its configuration. ICMP found on the installed policy's path is the
 * whole story (`icmpCoverage` complete): an installed control-plane policy replaces the box's own
 * classification of CPU-bound traffic.
 * Throws DriverError PARSE_FAILED on a malformed number.
 */
export function openconfigLimits(data: XmlElement, scope: ParseScope): DeviceLimits {
  const read = readControlPlane(data);
  const whose = owner(read, scope.ownershipPrefix);
  const problem = (cs: readonly ControlPlaneClass[]): string | undefined => {
    const p = read.problems.find((x) => cs.includes(x.protocol));
    return p === undefined ? undefined : `${whose} control-plane policy limits ${LABEL[p.protocol]} at ${p.source} in a form the driver cannot turn into packets per second: ${p.why}`;
  };
  const none = (what: string): string => (read.classifier === undefined
    ? NO_POLICY
    : `${whose} control-plane policy (classifier '${read.classifier}'${read.schedulerPolicy === undefined ? ', no scheduler policy' : `, scheduler policy '${read.schedulerPolicy}'`}) does not police ${what}; what the box does with CPU-bound traffic it does not police is not in its configuration`);
  const shared = (p: ControlPlanePolicer): string => (p.sharedWith.length > 0 ? `; shared with queue(s) ${p.sharedWith.join(', ')}` : '');
  const broad = (p: ControlPlanePolicer): string => (p.match === 'broad' ? '; a term that does not name the protocol (no term does)' : '');

  const arpProblem = problem(['arp']);
  const arp: ArpLimiter[] = arpProblem !== undefined ? [] : read.policers.filter((p) => p.protocol === 'arp').map((p) => ({
    scope: 'aggregate',
    pps: ppsOf('arp', p.bps),
    source: `${p.source} (${whose}) = ${ppsOf('arp', p.bps)} pps of ARP in total at ${ARP_BITS_PER_PACKET} bit per frame (64-byte minimum Ethernet frame)${shared(p)}${broad(p)}`,
  }));
  // The partner floor counts IPv4 echo requests: an ICMPv6 rate that cannot be read leaves the ICMPv6
  // limits out (said in every note), an IPv4 one makes ICMP unknown.
  const icmpProblem = problem(['icmp']);
  const v6Problem = problem(['icmpv6']);
  const v6Note = v6Problem === undefined ? '' : `; ICMPv6 limits left out: ${v6Problem}`;
  const kept = (p: ControlPlanePolicer): boolean => p.protocol === 'icmp' || (p.protocol === 'icmpv6' && v6Problem === undefined);
  const icmp: IcmpLimiter[] = icmpProblem !== undefined ? [] : read.policers.filter(kept).map((p) => ({
    pps: ppsOf(p.protocol, p.bps),
    scope: p.protocol === 'icmp' ? 'control-plane' : 'control-plane ICMPv6',
    origin: 'configured',
    source: `${p.source} (${whose})`,
    note: `${p.bps} bit/s at ${BITS_PER_PACKET[p.protocol]} bit per echo request (${BITS_PER_PACKET[p.protocol] / 8} bytes: ping's default ${p.protocol === 'icmp' ? 'IPv4' : 'IPv6'} echo in a tagged frame, rounded up); larger echoes get fewer${shared(p)}${broad(p)}${v6Note}`,
  }));
  const icmpReason = icmpProblem ?? none('ICMP');
  return {
    arp,
    icmp,
    icmpCoverage: icmp.length > 0
      ? { complete: true, note: `${whose} control-plane policy (classifier '${read.classifier ?? ''}', scheduler policy '${read.schedulerPolicy ?? ''}') classifies ICMP, and an installed control-plane policy replaces the box's own classification of CPU-bound traffic (openconfig-system-controlplane), so the limits on its ICMP path are the ones that apply` }
      : { complete: false, reason: icmpReason },
    ...(arp.length === 0 ? { arpCoverage: { complete: false as const, reason: arpProblem ?? none('ARP') } } : {}),
  };
}
