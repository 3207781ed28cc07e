/**
 * Reads the Junos firewall filters on lo0 (the Routing Engine's input filters) that police ICMP
 * echo requests, and the rate of a named firewall policer. Terms are judged as Junos evaluates them:
 * in order, the first matching term without `next term` takes the packet. A term that takes every
 * ICMP echo request (`from protocol icmp`, no other condition) hides the terms after it; a term that
 * may take some (a source-address or prefix-list condition …) is reported as "possibly ICMP" with
 * the reason, since a limit that may apply must not be missed. Pure.
 *
 * Discard and reject terms are filtering, not rate limits, and are not reported.
 */
import type { IcmpLimiter } from '../../policies/compliance/live/model.js';
import type { XmlElement } from '../netconf/xml.js';
import { parseJunosNumber } from './junos-ns.js';
import { allOf, ECHO_REQUEST_BYTES, echoPpsOfBitRate, type Judged } from './limits-common.js';
import { all, at, text } from './tree.js';

/** Filters nested (term … filter X) deeper than this are not followed (a loop in a bad config). */
const MAX_DEPTH = 8;
/** Match conditions only TCP or UDP packets can meet: an ICMP echo request never matches them. */
const TRANSPORT_ONLY = new Set(['source-port', 'destination-port', 'port', 'tcp-flags', 'tcp-initial', 'tcp-established']);

/** The rate a firewall policer drops above, or why it has none. */
export type PolicerRate =
  | { readonly kind: 'rate'; readonly value: number; readonly unit: 'bps' | 'pps'; readonly path: string }
  | { readonly kind: 'no-drop'; readonly path: string }
  | { readonly kind: 'unread'; readonly reason: string };

/**
 * The rate of `firewall policer <name>`: `if-exceeding bandwidth-limit` (bit/s, `100m` forms) or
 * `if-exceeding-pps pps-limit`; no-drop when its `then` does not discard (it only marks). Throws
 * DriverError PARSE_FAILED for a malformed number.
 */
export function policerRate(cfg: XmlElement, ns: string, name: string): PolicerRate {
  const p = all(cfg, ns, 'firewall', 'policer').find((e) => text(e, ns, 'name') === name);
  const where = `firewall/policer[${name}]`;
  if (p === undefined) return { kind: 'unread', reason: `${where} is not in the configuration` };
  if (at(p, ns, 'then', 'discard') === undefined) return { kind: 'no-drop', path: `${where}/then` };
  const bw = text(p, ns, 'if-exceeding', 'bandwidth-limit');
  if (bw !== undefined) return { kind: 'rate', value: parseJunosNumber(bw, `${where}/if-exceeding/bandwidth-limit`), unit: 'bps', path: `${where}/if-exceeding/bandwidth-limit` };
  const pps = text(p, ns, 'if-exceeding-pps', 'pps-limit');
  if (pps !== undefined) return { kind: 'rate', value: parseJunosNumber(pps, `${where}/if-exceeding-pps/pps-limit`), unit: 'pps', path: `${where}/if-exceeding-pps/pps-limit` };
  if (at(p, ns, 'if-exceeding', 'bandwidth-percent') !== undefined) {
    return { kind: 'unread', reason: `${where}/if-exceeding/bandwidth-percent: a percentage of the interface bandwidth, no packet rate to read` };
  }
  return { kind: 'unread', reason: `${where}: no bandwidth-limit or pps-limit` };
}

/** Values of a leaf-list condition (`<protocol>icmp</protocol><protocol>tcp</protocol>`). */
function values(from: XmlElement, ns: string, name: string): string[] {
  return all(from, ns, name).map((e) => e.text.trim());
}

/** How much ICMP a term's `from` conditions let through (all conditions must hold). */
function termMatch(term: XmlElement, ns: string): Judged {
  const from = at(term, ns, 'from');
  if (from === undefined || from.children.length === 0) return { match: 'all', why: 'a term without from conditions (every packet)' };
  const criteria: Judged[] = [];
  const isIcmp = (v: string): boolean => v === 'icmp' || v === '1';
  const isEcho = (v: string): boolean => v === 'echo-request' || v === '8';
  for (const name of new Set(from.children.map((c) => c.name))) {
    const vs = values(from, ns, name);
    if (name === 'protocol') criteria.push({ match: vs.some(isIcmp) ? 'all' : 'none', why: `from protocol ${vs.join(' ')}` });
    else if (name === 'protocol-except') criteria.push({ match: vs.some(isIcmp) ? 'none' : 'all', why: `from protocol-except ${vs.join(' ')}` });
    else if (name === 'icmp-type') criteria.push({ match: vs.some(isEcho) ? 'all' : 'none', why: `from icmp-type ${vs.join(' ')}` });
    else if (name === 'icmp-type-except') criteria.push({ match: vs.some(isEcho) ? 'none' : 'all', why: `from icmp-type-except ${vs.join(' ')}` });
    else if (TRANSPORT_ONLY.has(name)) criteria.push({ match: 'none', why: `from ${name} (TCP/UDP only)` });
    else {
      const what = all(from, ns, name).map((e) => text(e, ns, 'name') ?? e.text.trim()).filter((w) => w !== '').join(' ');
      criteria.push({ match: 'some', why: `from ${name}${what === '' ? '' : ` ${what}`} (not resolved: ICMP echo requests may match)` });
    }
  }
  return { match: allOf(criteria), why: criteria.map((c) => c.why).join(', ') };
}

interface Term {
  readonly el: XmlElement;
  readonly path: string;
}

/** The terms of a filter in order, nested filters (`term t { filter X; }`) expanded in place. */
function termsOf(cfg: XmlElement, ns: string, name: string, unread: string[], depth: number): Term[] {
  const inet = all(cfg, ns, 'firewall', 'family', 'inet', 'filter').find((f) => text(f, ns, 'name') === name);
  const legacy = inet ?? all(cfg, ns, 'firewall', 'filter').find((f) => text(f, ns, 'name') === name);
  const where = inet !== undefined ? `firewall/family/inet/filter[${name}]` : `firewall/filter[${name}]`;
  if (legacy === undefined) {
    unread.push(`firewall family inet filter ${name} is not in the configuration`);
    return [];
  }
  const out: Term[] = [];
  for (const term of all(legacy, ns, 'term')) {
    const path = `${where}/term[${text(term, ns, 'name') ?? '?'}]`;
    const nested = text(term, ns, 'filter');
    if (nested === undefined) out.push({ el: term, path });
    else if (depth >= MAX_DEPTH) unread.push(`${path}: filters nested more than ${MAX_DEPTH} deep`);
    else out.push(...termsOf(cfg, ns, nested, unread, depth + 1));
  }
  return out;
}

/** What the lo0 read found: ICMP limits, and limits that may apply but could not be read. */
export interface Lo0Read {
  readonly icmp: readonly IcmpLimiter[];
  readonly unread: readonly string[];
}

/** The ICMP echo-request limits of the family inet input filters of every lo0 unit. */
export function readLo0(cfg: XmlElement, ns: string): Lo0Read {
  const icmp: IcmpLimiter[] = [];
  const unread: string[] = [];
  const lo0 = all(cfg, ns, 'interfaces', 'interface').find((i) => text(i, ns, 'name') === 'lo0');
  for (const unit of all(lo0, ns, 'unit')) {
    const f = at(unit, ns, 'family', 'inet', 'filter');
    const base = `configuration/interfaces/interface[lo0]/unit[${text(unit, ns, 'name') ?? '?'}]/family/inet/filter`;
    const input = text(f, ns, 'input');
    const chain = f === undefined ? []
      : input !== undefined ? [{ name: input, applied: `${base}/input[${input}]` }]
        : values(f, ns, 'input-list').map((n) => ({ name: n, applied: `${base}/input-list[${n}]` }));
    // An input-list is one chain: a packet no term of a filter takes goes on to the next filter.
    let done = false;
    for (const { name, applied } of chain) {
      for (const term of termsOf(cfg, ns, name, unread, 0)) {
        const m = termMatch(term.el, ns);
        if (m.match === 'none') continue;
        const then = at(term.el, ns, 'then');
        const policer = text(then, ns, 'policer');
        if (policer !== undefined) {
          const r = policerRate(cfg, ns, policer);
          if (r.kind === 'unread') unread.push(`${applied} → ${term.path}/then/policer[${policer}]: ${r.reason}`);
          if (r.kind === 'rate') {
            const note = [
              m.match === 'all' ? `carries ICMP: ${m.why}` : `possibly ICMP: ${m.why}`,
              r.unit === 'bps' ? `${r.value} bit/s converted at ${ECHO_REQUEST_BYTES} bytes per echo request (rounded down)` : undefined,
            ].filter((n): n is string => n !== undefined);
            icmp.push({
              pps: r.unit === 'pps' ? r.value : echoPpsOfBitRate(r.value),
              scope: 'control-plane',
              origin: 'configured',
              source: `${applied} → ${term.path}/then/policer[${policer}] → ${r.path}`,
              note: note.join('; '),
            });
          }
        }
        if (at(then, ns, 'three-color-policer') !== undefined) unread.push(`${applied} → ${term.path}/then/three-color-policer: not read`);
        if (m.match === 'all' && at(then, ns, 'next') === undefined) {
          done = true; // this term takes every ICMP echo request that reaches it: the terms after it see none
          break;
        }
      }
      if (done) break;
    }
  }
  return { icmp, unread };
}
