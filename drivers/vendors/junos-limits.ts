/**
 * Every ARP and ICMP limit of a Junos device in a get-config reply of the driver's filter, the
 * agent's own and the operator's (DeviceLimits), each with the configuration path it was read from:
 * - ARP, per source: `system ddos-protection protocols arp aggregate flow-level-bandwidth subscriber N`,
 *   only when it polices (global flow-detection, flow-detection-mode on, subscriber detection on,
 *   flow-level-control not keep); per port: `family inet policer arp P` on a unit of a managed port
 *   (P's bandwidth-limit converted at ARP_PACKET_BYTES, rounded up); aggregate: an explicit
 *   `ddos-protection protocols arp aggregate bandwidth N` (pps, device-wide). The platform's own
 *   default `__default_arp_policer__` is not in the configuration: not reported.
 * - ICMP: `system ddos-protection protocols icmp aggregate bandwidth` (pps), `system internet-options
 *   icmpv4-rate-limit packet-rate` (default 1000 pps, listed when absent), and the lo0 input filters'
 *   ICMP policers (junos-lo0.ts).
 * ddos-protection defaults changed across releases (22.3R1 lowered some MX/EX9200 defaults from
 * 20000 to 100 pps), so without an explicit ICMP aggregate the ICMP coverage is incomplete.
 * Pure.
 */
import type { ArpLimiter, IcmpLimiter } from '../../policies/compliance/live/model.js';
import type { DeviceLimits, ParseScope } from '../driver.js';
import type { XmlElement } from '../netconf/xml.js';
import { configurationOf, unitsOf } from './junos-parse.js';
import { policerRate, readLo0 } from './junos-lo0.js';
import { ARP_PACKET_BYTES, arpPpsOfBitRate } from './limits-common.js';
import { all, at, text, uint } from './tree.js';

const DDOS = 'configuration/system/ddos-protection';
const ICMP_AGGREGATE = `${DDOS}/protocols/icmp/aggregate`;
const RATE_LIMIT = 'configuration/system/internet-options/icmpv4-rate-limit';

const RATE_LIMIT_NOTE = 'limits the ICMPv4 messages the Routing Engine sends, the echo replies included';

/** Junos' icmpv4-rate-limit when not configured (vendors.md §4.1, Junos documentation). */
export const JUNOS_ICMPV4_RATE_LIMIT_DEFAULT: IcmpLimiter = {
  pps: 1000,
  scope: 'control-plane',
  origin: 'platform-default',
  source: `${RATE_LIMIT}/packet-rate (not configured: the Junos default applies)`,
  note: RATE_LIMIT_NOTE,
};

function arpLimits(cfg: XmlElement, ns: string, scope: ParseScope): ArpLimiter[] {
  const out: ArpLimiter[] = [];
  const ddos = at(cfg, ns, 'system', 'ddos-protection');
  const agg = at(ddos, ns, 'protocols', 'arp', 'aggregate');
  const perSource = uint(agg, ns, `${DDOS}/protocols/arp/aggregate`, 'flow-level-bandwidth', 'subscriber');
  const polices = at(ddos, ns, 'global', 'flow-detection') !== undefined
    && text(agg, ns, 'flow-detection-mode') === 'on'
    && text(agg, ns, 'flow-level-detection', 'subscriber') === 'on'
    && text(agg, ns, 'flow-level-control', 'subscriber') !== 'keep';
  if (perSource !== undefined && polices) {
    out.push({ scope: 'per-source', pps: perSource, source: `${DDOS}/protocols/arp/aggregate/flow-level-bandwidth/subscriber (flow detection on, per subscriber)` });
  }
  // The aggregate ddos-protection policer of ARP (pps, all ARP to the routing engine): a device-wide total.
  const aggregate = uint(agg, ns, `${DDOS}/protocols/arp/aggregate`, 'bandwidth');
  if (aggregate !== undefined) out.push({ scope: 'aggregate', pps: aggregate, source: `${DDOS}/protocols/arp/aggregate/bandwidth (pps, all ARP to the routing engine)` });
  for (const { port, vlan, el } of unitsOf(cfg, ns, scope)) {
    const name = text(el, ns, 'family', 'inet', 'policer', 'arp');
    if (name === undefined) continue;
    const applied = `configuration/interfaces/interface[${port}]/unit[${text(el, ns, 'name') ?? '?'}]/family/inet/policer/arp[${name}]`;
    const r = policerRate(cfg, ns, name);
    if (r.kind !== 'rate') continue; // a policer that only marks, or none: no ARP limit on this unit
    const pps = r.unit === 'pps' ? r.value : arpPpsOfBitRate(r.value);
    const how = r.unit === 'bps' ? ` (${r.value} bit/s at ${ARP_PACKET_BYTES} bytes per ARP packet, rounded up)` : '';
    out.push({ scope: 'per-port', pps, at: { port, vlan }, source: `${applied} → ${r.path}${how}` });
  }
  return out;
}

/** `apply-groups` where they could add ICMP limits: get-config does not expand configuration groups. */
function groupsApplied(cfg: XmlElement, ns: string): string[] {
  const lo0 = all(cfg, ns, 'interfaces', 'interface').find((i) => text(i, ns, 'name') === 'lo0');
  const found = new Set<string>();
  const walk = (el: XmlElement | undefined): void => {
    for (const c of el?.children ?? []) {
      if (c.name === 'apply-groups' && c.namespace === ns) found.add(c.text.trim());
      else walk(c);
    }
  };
  for (const el of [at(cfg, ns, 'system', 'ddos-protection'), at(cfg, ns, 'system', 'internet-options'), at(cfg, ns, 'firewall'), lo0]) walk(el);
  for (const top of [cfg, at(cfg, ns, 'system'), at(cfg, ns, 'interfaces')]) for (const g of all(top, ns, 'apply-groups')) found.add(g.text.trim());
  return [...found].sort();
}

/** DeviceLimits of a Junos configuration (the driver's filter). Throws DriverError PARSE_FAILED on a malformed value. */
export function junosLimits(root: XmlElement, scope: ParseScope): DeviceLimits {
  const cfg = configurationOf(root);
  const ns = cfg.namespace;
  const icmp: IcmpLimiter[] = [];
  const agg = at(cfg, ns, 'system', 'ddos-protection', 'protocols', 'icmp', 'aggregate');
  const aggregate = uint(agg, ns, ICMP_AGGREGATE, 'bandwidth');
  if (aggregate !== undefined) {
    const burst = uint(agg, ns, ICMP_AGGREGATE, 'burst');
    icmp.push({
      pps: aggregate, scope: 'control-plane', origin: 'configured', source: `${ICMP_AGGREGATE}/bandwidth`,
      note: `ddos-protection policer of ICMP to the Routing Engine${burst === undefined ? '' : `, burst ${burst} packets`}`,
    });
  }
  const rate = uint(cfg, ns, RATE_LIMIT, 'system', 'internet-options', 'icmpv4-rate-limit', 'packet-rate');
  icmp.push(rate === undefined ? JUNOS_ICMPV4_RATE_LIMIT_DEFAULT : {
    pps: rate, scope: 'control-plane', origin: 'configured', source: `${RATE_LIMIT}/packet-rate`, note: RATE_LIMIT_NOTE,
  });
  const lo0 = readLo0(cfg, ns);
  icmp.push(...lo0.icmp);

  const gaps = [
    ...(aggregate === undefined ? [`no ${ICMP_AGGREGATE}/bandwidth: the release's ddos-protection default for ICMP applies and is not in the configuration (defaults changed across releases; 22.3R1 lowered some MX/EX9200 defaults from 20000 to 100 pps)`] : []),
    ...lo0.unread.map((u) => `could not read ${u}`),
    ...groupsApplied(cfg, ns).map((g) => `apply-groups ${g}: configuration groups may set ICMP limits, and get-config does not expand them`),
  ];
  const icmpCoverage = gaps.length > 0
    ? { complete: false as const, reason: gaps.join('; ') }
    : { complete: true as const, note: 'the ddos-protection ICMP aggregate is explicit (per-FPC limits are a share of it, 100 % by default), icmpv4-rate-limit is read or listed at its default, and every lo0 inet input filter term that can take ICMP was read' };
  return { arp: arpLimits(cfg, ns, scope), icmp, icmpCoverage };
}
