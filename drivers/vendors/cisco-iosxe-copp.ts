/**
 * Reads the IOS-XE control-plane policing (CoPP) that applies to ICMP echo requests to the device:
 * the policy-maps named by `native/control-plane/service-policy/{input,output}` (Cisco-IOS-XE-policy),
 * their classes in order, which of them can carry ICMP (from the class-maps' match statements), and
 * the police rate of each such class in packets per second. Pure.
 *
 * Classes are judged as IOS evaluates them: in order, the first class a packet matches takes it,
 * class-default takes the rest. A class that takes every ICMP echo request (`match protocol icmp`,
 * `match any`) hides the classes after it; a class that may take some (an ACL this reply does not
 * hold, a DSCP match …) is reported as "possibly ICMP" with the reason, since a limit that may apply
 * must not be missed.
 */
import type { IcmpLimiter } from '../../policies/compliance/live/model.js';
import { DriverError } from '../driver.js';
import type { XmlElement } from '../netconf/xml.js';
import { XE_NATIVE, XE_POLICY } from './cisco-iosxe-ns.js';
import { allOf, anyOf, ECHO_REQUEST_BYTES, echoPpsOfBitRate, negated, type Judged } from './limits-common.js';
import { all, at, text, uint } from './tree.js';

/** The Catalyst 9000 system class that carries traffic to the device (ICMP echo requests included). */
export const CAT9K_FORUS_CLASS = 'system-cpp-police-forus';
/** The fixed Catalyst 9000 CoPP policy. */
export const CAT9K_CPP_POLICY = 'system-cpp-policy';
/** Nested class-maps and child policies deeper than this are not followed (a loop in a bad config). */
const MAX_DEPTH = 8;

/** What the CoPP read found. */
export interface CoppRead {
  /** Every police rate of a class that can carry ICMP echo requests. */
  readonly icmp: readonly IcmpLimiter[];
  /** Limits that may apply to ICMP but could not be read (a police action in percent, a missing policy …), with their paths. */
  readonly unread: readonly string[];
  /** True when the Catalyst 9000 forus class of system-cpp-policy is configured (its configured rate replaces the default). */
  readonly forusConfigured: boolean;
}

interface Ctx {
  readonly policy: XmlElement | undefined;
  readonly icmp: IcmpLimiter[];
  readonly unread: string[];
}

type Rate =
  | { readonly kind: 'rate'; readonly value: number; readonly unit: 'pps' | 'bps'; readonly path: string; readonly note?: string }
  | { readonly kind: 'no-drop' }
  | { readonly kind: 'unread'; readonly reason: string };

const P = XE_POLICY;

function named(list: readonly XmlElement[], name: string): XmlElement | undefined {
  return list.find((e) => text(e, P, 'name') === name);
}

/** ACL references of a `match access-group` (numbered, named, input/output): the ACLs themselves are not in this reply. */
function accessGroups(el: XmlElement): Judged[] {
  const refs = [
    ...all(el, P, 'index_list').map((e) => e.text), text(el, P, 'index'), ...all(el, P, 'name').map((e) => `name ${e.text}`),
    text(el, P, 'input', 'index'), text(el, P, 'input', 'name'), text(el, P, 'output', 'index'), text(el, P, 'output', 'name'),
  ].filter((r): r is string => r !== undefined);
  const judged = refs.map((r): Judged => ({ match: 'some', why: `match access-group ${r} (the ACL is not read: treated as possibly ICMP)` }));
  return judged.length > 0 ? judged : [{ match: 'some', why: 'match access-group (not resolved: treated as possibly ICMP)' }];
}

/** The criteria of a class-map's `match` (or `match not`) container, one per match statement. */
function criteriaOf(ctx: Ctx, match: XmlElement, depth: number): Judged[] {
  const out: Judged[] = [];
  for (const c of match.children) {
    if (c.namespace !== P) {
      out.push({ match: 'some', why: `match ${c.name} (not resolved: ICMP echo requests may carry it)` });
      continue;
    }
    switch (c.name) {
      case 'any':
        out.push({ match: 'all', why: 'match any' });
        break;
      case 'protocol':
        for (const p of all(c, P, 'protocols-list')) {
          const name = text(p, P, 'protocols') ?? '';
          out.push(name === 'icmp' ? { match: 'all', why: 'match protocol icmp' } : { match: 'none', why: `match protocol ${name}` });
        }
        if (at(c, P, 'attribute') !== undefined) out.push({ match: 'some', why: 'match protocol attribute (not resolved: treated as possibly ICMP)' });
        break;
      case 'access-group':
        out.push(...accessGroups(c));
        break;
      case 'class-map': {
        const inner = classMatch(ctx, c.text, depth + 1);
        out.push({ match: inner.match, why: `match ${inner.why}` });
        break;
      }
      case 'not':
        for (const i of criteriaOf(ctx, c, depth)) out.push({ match: negated(i.match), why: `match not ${i.why.replace(/^match /, '')}` });
        break;
      default:
        out.push({ match: 'some', why: `match ${c.name} (not resolved: ICMP echo requests may carry it)` });
    }
  }
  return out;
}

/** How much ICMP a class of a policy-map can carry, from its class-map. */
function classMatch(ctx: Ctx, name: string, depth: number): Judged {
  if (name === 'class-default') return { match: 'all', why: 'class-default (every packet no earlier class took)' };
  if (name === CAT9K_FORUS_CLASS) return { match: 'all', why: `${name} (Catalyst 9000 system class for traffic to the device, ICMP echo requests included)` };
  if (name.startsWith('system-cpp-')) return { match: 'none', why: `${name} (a Catalyst 9000 system class for other traffic)` };
  const cm = named(all(ctx.policy, P, 'class-map'), name);
  if (cm === undefined) return { match: 'some', why: `class-map ${name} (not in the configuration: treated as possibly ICMP)` };
  if (depth > MAX_DEPTH) return { match: 'some', why: `class-map ${name} (nested more than ${MAX_DEPTH} deep: treated as possibly ICMP)` };
  const match = at(cm, P, 'match');
  const criteria = match === undefined ? [] : criteriaOf(ctx, match, depth);
  if (criteria.length === 0) return { match: 'some', why: `class-map ${name} (no match statement read: treated as possibly ICMP)` };
  const any = text(cm, P, 'prematch') === 'match-any';
  return { match: any ? anyOf(criteria) : allOf(criteria), why: `class-map ${name} ${any ? 'match-any' : 'match-all'}: ${criteria.map((c) => c.why).join(', ')}` };
}

/** The rate a police action drops above (cir, or the peak rate when exceed-action transmits), or why there is none. */
function dropRate(actions: XmlElement | undefined, primary: Omit<Extract<Rate, { kind: 'rate' }>, 'kind'>, peak?: Omit<Extract<Rate, { kind: 'rate' }>, 'kind'>): Rate {
  const names = actions?.children.map((c) => c.name) ?? [];
  if (names.includes('conform-drop')) return { kind: 'rate', ...primary, value: 0, unit: 'pps', note: 'conform-action drop: every packet is dropped' };
  if (!names.some((n) => n.startsWith('exceed-') && n !== 'exceed-drop')) return { kind: 'rate', ...primary };
  if (peak !== undefined && !names.some((n) => n.startsWith('violate-') && n !== 'violate-drop')) {
    return { kind: 'rate', ...peak, note: 'exceed-action transmits: packets are dropped above the peak rate' };
  }
  return { kind: 'no-drop' };
}

/** A Catalyst `police <bps-value>` (string, k/m/g suffix allowed). */
function bitRateText(raw: string | undefined, where: string): number | undefined {
  if (raw === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)([kmg]?)\s*$/i.exec(raw);
  const scale = { '': 1, k: 1e3, m: 1e6, g: 1e9 }[(m?.[2] ?? '').toLowerCase()];
  const value = m?.[1] === undefined || scale === undefined ? Number.NaN : Math.round(Number(m[1]) * scale);
  if (!Number.isSafeInteger(value)) throw new DriverError('PARSE_FAILED', `${where}: '${raw}' is not a bit rate`);
  return value;
}

/** The police action's rate, in whichever of the Cisco-IOS-XE-policy police forms it is written. */
function rateOf(action: XmlElement, where: string): Rate {
  const unit = (el: XmlElement | undefined): 'pps' | 'bps' => (text(el, P, 'xps') === 'pps' ? 'pps' : 'bps');
  const rate = at(action, P, 'police-rate-unit', 'police', 'rate');
  if (rate !== undefined) {
    const path = 'police-rate-unit/police/rate';
    const units = uint(rate, P, `${where}/${path}`, 'units');
    if (units === undefined) return { kind: 'unread', reason: 'police rate without a value' };
    const peak = uint(rate, P, `${where}/${path}`, 'peak-rate', 'peak-rate-value');
    const peakRate = peak === undefined ? undefined : { value: peak, unit: unit(at(rate, P, 'peak-rate')), path: `${path}/peak-rate/peak-rate-value` };
    return dropRate(at(rate, P, 'actions'), { value: units, unit: unit(rate), path: `${path}/units` }, peakRate);
  }
  const cir = at(action, P, 'police-policy-map', 'police');
  if (cir !== undefined) {
    const path = 'police-policy-map/police';
    const value = uint(cir, P, `${where}/${path}`, 'cir');
    if (value === undefined) return { kind: 'unread', reason: 'police without cir' };
    const pir = uint(cir, P, `${where}/${path}`, 'pir');
    return dropRate(at(cir, P, 'actions'), { value, unit: 'bps', path: `${path}/cir` }, pir === undefined ? undefined : { value: pir, unit: 'bps', path: `${path}/pir` });
  }
  const target = at(action, P, 'police-target-bitrate', 'police');
  if (target !== undefined) {
    const path = 'police-target-bitrate/police';
    const value = uint(target, P, `${where}/${path}`, 'bit-rate');
    return value === undefined ? { kind: 'unread', reason: 'police without bit-rate' } : dropRate(at(target, P, 'actions'), { value, unit: 'bps', path: `${path}/bit-rate` });
  }
  const sw = at(action, P, 'police-switch', 'police');
  if (sw !== undefined) {
    const path = 'police-switch/police';
    const value = uint(sw, P, `${where}/${path}`, 'cir');
    if (value === undefined) return { kind: 'unread', reason: 'police without cir' };
    return text(sw, P, 'exceed-action') === 'policed-dscp-transmit' ? { kind: 'no-drop' } : { kind: 'rate', value, unit: 'bps', path: `${path}/cir` };
  }
  const cat = at(action, P, 'police-catalyst', 'police');
  if (cat !== undefined) {
    const path = 'police-catalyst/police';
    const value = bitRateText(text(cat, P, 'bps-value'), `${where}/${path}/bps-value`);
    return value === undefined ? { kind: 'unread', reason: 'police without bps-value' } : dropRate(at(cat, P, 'actions'), { value, unit: 'bps', path: `${path}/bps-value` });
  }
  const flow = at(action, P, 'police-flow', 'police', 'flow');
  if (flow !== undefined) {
    const path = 'police-flow/police/flow';
    const value = uint(flow, P, `${where}/${path}`, 'bps');
    if (value === undefined) return { kind: 'unread', reason: 'police flow without bps' };
    const r = dropRate(at(flow, P, 'actions'), { value, unit: 'bps', path: `${path}/bps` });
    const mask = text(flow, P, 'mask') ?? 'default';
    return r.kind === 'rate' ? { ...r, note: [r.note, `per flow (mask ${mask}): each flow of echo requests has this limit`].filter(Boolean).join('; ') } : r;
  }
  for (const [form, what] of [
    ['police-cir-percent', 'in percent of the interface bandwidth'], ['police-rate-percent', 'in percent of the interface bandwidth'],
    ['police-rate-pdp', 'per PDP context'], ['police-aggregate', 'through a named aggregate policer this reply does not hold'],
  ] as const) {
    if (at(action, P, form) !== undefined) return { kind: 'unread', reason: `police ${what} (${form}): no packet rate to read` };
  }
  return { kind: 'unread', reason: 'police action without a rate this driver reads' };
}

/** Reports one police action of a class that can carry ICMP. */
function police(ctx: Ctx, action: XmlElement, classPath: string, applied: string, carried: Judged, extra: string | undefined): void {
  const r = rateOf(action, classPath);
  if (r.kind === 'unread') {
    ctx.unread.push(`${applied} → ${classPath}: ${r.reason}`);
    return;
  }
  if (r.kind === 'no-drop') return; // exceed and violate both transmit: nothing is dropped, so no limit
  const note = [
    carried.match === 'some' ? `possibly ICMP: ${carried.why}` : `carries ICMP: ${carried.why}`,
    r.unit === 'bps' ? `${r.value} bit/s converted at ${ECHO_REQUEST_BYTES} bytes per echo request (rounded down)` : undefined,
    r.note,
    extra,
  ].filter((n): n is string => n !== undefined && n !== '');
  ctx.icmp.push({
    pps: r.unit === 'pps' ? r.value : echoPpsOfBitRate(r.value),
    scope: 'control-plane',
    origin: 'configured',
    source: `${applied} → ${classPath}/${r.path}`,
    note: note.join('; '),
  });
}

/** Walks one policy-map: its classes in IOS order, the police rates of those that can carry ICMP, and child policies. */
function policyLimits(ctx: Ctx, name: string, applied: string, within: Judged | undefined, extra: string | undefined, depth: number): void {
  const pm = named(all(ctx.policy, P, 'policy-map'), name);
  if (pm === undefined) {
    ctx.unread.push(`${applied}: policy-map ${name} is not in the configuration`);
    return;
  }
  const where = `native/policy/policy-map[${name}]`;
  const classes = all(pm, P, 'class');
  const isDefault = (c: XmlElement): boolean => text(c, P, 'name') === 'class-default';
  for (const cls of [...classes.filter((c) => !isDefault(c)), ...classes.filter(isDefault)]) {
    const cname = text(cls, P, 'name') ?? '';
    const own = classMatch(ctx, cname, 0);
    if (own.match === 'none') continue;
    const carried: Judged = within === undefined ? own : { match: allOf([within, own]), why: `${within.why}, then ${own.why}` };
    const classPath = `${where}/class[${cname}]`;
    for (const action of all(cls, P, 'action-list')) {
      const type = text(action, P, 'action-type');
      if (type === 'police') police(ctx, action, `${classPath}/action-list[police]`, applied, carried, extra);
      if (type === 'service-policy') {
        const child = text(action, P, 'service-policy');
        if (child === undefined) continue;
        if (depth >= MAX_DEPTH) ctx.unread.push(`${classPath}: child policies nested more than ${MAX_DEPTH} deep`);
        else policyLimits(ctx, child, `${applied} → ${classPath}/action-list[service-policy]`, carried, extra, depth + 1);
      }
    }
    if (own.match === 'all') break; // this class takes every ICMP echo request that reaches it: the classes after it see none
  }
}

/** The CoPP limits on ICMP in a get-config `<data>` holding native/control-plane and native/policy. */
export function readCopp(data: XmlElement): CoppRead {
  const native = at(data, XE_NATIVE, 'native');
  const ctx: Ctx = { policy: at(native, XE_NATIVE, 'policy'), icmp: [], unread: [] };
  const cp = at(native, XE_NATIVE, 'control-plane');
  let forusConfigured = false;
  for (const direction of ['input', 'output'] as const) {
    const name = text(cp, P, 'service-policy', direction);
    if (name === undefined) continue;
    const before = ctx.icmp.length;
    const extra = direction === 'output' ? 'output policy: limits what the control plane sends, so the echo replies' : undefined;
    policyLimits(ctx, name, `native/control-plane/service-policy/${direction}[${name}]`, undefined, extra, 0);
    if (name === CAT9K_CPP_POLICY && ctx.icmp.slice(before).some((l) => l.source.includes(`/class[${CAT9K_FORUS_CLASS}]/`))) forusConfigured = true;
  }
  return { icmp: ctx.icmp, unread: ctx.unread, forusConfigured };
}
