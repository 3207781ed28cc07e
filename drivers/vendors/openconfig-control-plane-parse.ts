/**
 * Pure reader of an OpenConfig box's control-plane policy (`system/control-plane-traffic/ingress/qos`,
 * openconfig-system-controlplane), the agent's or the operator's: which classifier and scheduler
 * policy are installed, and for ARP, ICMP and ICMPv6 the policers on their path — classifier term →
 * `actions/config/target-group` → forwarding group → `output-queue` → the schedulers of the installed
 * scheduler policy taking that queue as input → the rate at which they drop, in bit/s.
 *
 * A term applies to a protocol `explicit`ly (ARP: l2 ethertype ETHERTYPE_ARP / 2054; ICMP: ipv4
 * protocol IP_ICMP / 1; ICMPv6: ipv6 protocol 58) or `broad`ly (no condition that excludes it, e.g. a
 * catch-all term); broad terms count only when no explicit term exists, since which term a device
 * matches first is not in the model. A dropping rate is a ONE_RATE_TWO_COLOR `cir` with exceed-action
 * drop, or a TWO_RATE_THREE_COLOR `pir` with violate-action drop (`cir` when exceed drops too); a
 * rate given only as a percentage (`cir-pct`) cannot be turned into packets: it is reported as a
 * problem, never guessed.
 */
import type { XmlElement } from '../netconf/xml.js';
import { OC_QOS, OC_SYS, OC_SYS_COPP } from './openconfig-ns.js';
import type { ControlPlaneClass } from './openconfig-control-plane.js';
import { all, at, bool, text, uint } from './tree.js';

/** A policer found on the control-plane path of a protocol. */
export interface ControlPlanePolicer {
  readonly protocol: ControlPlaneClass;
  /** The rate above which it drops, bit/s. */
  readonly bps: number;
  /** The path from the installed classifier to the rate leaf, for evidence. */
  readonly source: string;
  /** Other queues the same scheduler polices (the rate is then shared with them). */
  readonly sharedWith: readonly string[];
  readonly match: 'explicit' | 'broad';
}

/** A path that could not be followed to a rate, with why. */
export interface ControlPlaneProblem {
  readonly protocol: ControlPlaneClass;
  readonly source: string;
  readonly why: string;
}

/** What the installed control-plane policy holds. */
export interface ControlPlaneRead {
  /** Names installed at system/control-plane-traffic/ingress/qos (undefined: none). */
  readonly classifier: string | undefined;
  readonly schedulerPolicy: string | undefined;
  readonly policers: readonly ControlPlanePolicer[];
  readonly problems: readonly ControlPlaneProblem[];
}

/** Where the installed names are read. */
export const CONTROL_PLANE_PATH = 'openconfig-system:system/openconfig-system-controlplane:control-plane-traffic/ingress/qos';

/** The identity or number of an identityref/number union leaf, without its prefix (`oc-pkt-match-types:ETHERTYPE_ARP` → `ETHERTYPE_ARP`). */
function localValue(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const t = raw.trim();
  return t.slice(t.lastIndexOf(':') + 1);
}

const hasConfig = (el: XmlElement | undefined): boolean => el !== undefined && el.children.length > 0;

/** How a classifier term's conditions apply to a protocol. */
export function termMatch(term: XmlElement, protocol: ControlPlaneClass): 'explicit' | 'broad' | 'none' {
  const cond = at(term, OC_QOS, 'conditions');
  const ethertype = localValue(text(cond, OC_QOS, 'l2', 'config', 'ethertype'));
  const v4 = at(cond, OC_QOS, 'ipv4');
  const v6 = at(cond, OC_QOS, 'ipv6');
  const v4proto = localValue(text(v4, OC_QOS, 'config', 'protocol'));
  const v6proto = localValue(text(v6, OC_QOS, 'config', 'protocol'));
  const other = hasConfig(at(cond, OC_QOS, 'transport')) || hasConfig(at(cond, OC_QOS, 'mpls'));
  if (other) return 'none';
  switch (protocol) {
    case 'arp':
      if (ethertype === 'ETHERTYPE_ARP' || ethertype === '2054') return 'explicit';
      return ethertype === undefined && !hasConfig(v4) && !hasConfig(v6) ? 'broad' : 'none';
    case 'icmp':
      if (hasConfig(v6) || (ethertype !== undefined && ethertype !== 'ETHERTYPE_IPV4' && ethertype !== '2048')) return 'none';
      if (v4proto === 'IP_ICMP' || v4proto === '1') return 'explicit';
      return v4proto === undefined ? 'broad' : 'none';
    case 'icmpv6':
      if (hasConfig(v4) || (ethertype !== undefined && ethertype !== 'ETHERTYPE_IPV6' && ethertype !== '34525')) return 'none';
      if (v6proto === '58') return 'explicit';
      return v6proto === undefined ? 'broad' : 'none';
  }
}

/** The rate (bit/s) at which a scheduler drops, undefined when it does not drop; a string when it cannot be read as bit/s. */
function droppingRate(sched: XmlElement, where: string): { bps: number; leaf: string } | string | undefined {
  const one = at(sched, OC_QOS, 'one-rate-two-color');
  const two = at(sched, OC_QOS, 'two-rate-three-color');
  const drops = (el: XmlElement | undefined, action: string): boolean => bool(el, OC_QOS, false, `${where}/${el?.name ?? ''}`, action, 'config', 'drop');
  if (one !== undefined && drops(one, 'exceed-action')) {
    const cir = uint(one, OC_QOS, `${where}/one-rate-two-color`, 'config', 'cir');
    if (cir !== undefined) return { bps: cir, leaf: 'one-rate-two-color/config/cir' };
    return 'one-rate-two-color drops above a rate given as a percentage (cir-pct), which is not a packet rate';
  }
  if (two !== undefined && (drops(two, 'violate-action') || drops(two, 'exceed-action'))) {
    const leafName = drops(two, 'exceed-action') ? 'cir' : 'pir';
    const bps = uint(two, OC_QOS, `${where}/two-rate-three-color`, 'config', leafName);
    if (bps !== undefined) return { bps, leaf: `two-rate-three-color/config/${leafName}` };
    return `two-rate-three-color drops above a rate given as a percentage (${leafName}-pct), which is not a packet rate`;
  }
  return undefined;
}

function byName(parent: XmlElement | undefined, list: readonly string[], name: string): XmlElement | undefined {
  return all(parent, OC_QOS, ...list).find((e) => text(e, OC_QOS, 'name') === name);
}

/** Reads the installed control-plane policy from a get-config `<data>`. Throws DriverError PARSE_FAILED on a malformed number or boolean. */
export function readControlPlane(data: XmlElement): ControlPlaneRead {
  const installed = at(data, OC_SYS, 'system');
  const cp = at(installed, OC_SYS_COPP, 'control-plane-traffic', 'ingress', 'qos');
  const classifierName = text(cp, OC_SYS_COPP, 'classifier', 'config', 'name');
  const policyName = text(cp, OC_SYS_COPP, 'scheduler-policy', 'config', 'name');
  const out = { classifier: classifierName, schedulerPolicy: policyName, policers: [] as ControlPlanePolicer[], problems: [] as ControlPlaneProblem[] };
  if (classifierName === undefined) return out;
  const root = at(data, OC_QOS, 'qos');
  const classifier = byName(root, ['classifiers', 'classifier'], classifierName);
  const policy = policyName === undefined ? undefined : byName(root, ['scheduler-policies', 'scheduler-policy'], policyName);
  const terms = all(classifier, OC_QOS, 'terms', 'term');
  for (const protocol of ['arp', 'icmp', 'icmpv6'] as const) {
    const matching = terms.flatMap((t) => {
      const m = termMatch(t, protocol);
      return m === 'none' ? [] : [{ t, m }];
    });
    const explicit = matching.filter((x) => x.m === 'explicit');
    for (const { t, m } of explicit.length > 0 ? explicit : matching) {
      const id = text(t, OC_QOS, 'id') ?? '?';
      let where = `${CONTROL_PLANE_PATH}: classifier[${classifierName}]/term[${id}]`;
      const problem = (why: string): void => void out.problems.push({ protocol, source: where, why });
      const group = text(t, OC_QOS, 'actions', 'config', 'target-group');
      if (group === undefined) continue; // the term classifies nothing into a group: the box's default handling
      where += ` → forwarding-group[${group}]`;
      const fg = byName(root, ['forwarding-groups', 'forwarding-group'], group);
      const q = text(fg, OC_QOS, 'config', 'output-queue') ?? text(fg, OC_QOS, 'config', 'unicast-output-queue');
      if (q === undefined) {
        problem(`forwarding group '${group}' names no output queue, so which scheduler polices it is not in the configuration`);
        continue;
      }
      where += ` → queue[${q}]`;
      if (policy === undefined) {
        if (policyName !== undefined) problem(`the installed scheduler policy '${policyName}' is not in the configuration`);
        continue;
      }
      for (const sched of all(policy, OC_QOS, 'schedulers', 'scheduler')) {
        const inputs = all(sched, OC_QOS, 'inputs', 'input').map((i) => text(i, OC_QOS, 'config', 'queue')).filter((x): x is string => x !== undefined);
        if (!inputs.includes(q)) continue;
        const seqWhere = `${where} → scheduler-policy[${policyName ?? ''}]/scheduler[${text(sched, OC_QOS, 'sequence') ?? '?'}]`;
        const rate = droppingRate(sched, seqWhere);
        if (rate === undefined) continue;
        if (typeof rate === 'string') {
          out.problems.push({ protocol, source: seqWhere, why: rate });
          continue;
        }
        out.policers.push({ protocol, bps: rate.bps, source: `${seqWhere}/${rate.leaf} = ${rate.bps} bit/s`, sharedWith: inputs.filter((x) => x !== q), match: m });
      }
    }
  }
  return out;
}

