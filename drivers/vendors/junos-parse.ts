/**
 * Pure parser: Junos `<configuration>` (get-config `<data>` or `<get-configuration>` reply, with or
 * without the xnm namespace) → observed form. Units of the scope's ports, ownership-prefixed
 * firewall policers with their family inet references, and the ddos-protection ARP/ICMP settings.
 */
import { byAttachpoint } from '../../policies/intent/build.js';
import type { ArpLimitSpec, IcmpLimitSpec, ObservedDevice, ObservedSubinterface } from '../../policies/intent/model.js';
import { ownerOfDescription } from '../../policies/intent/naming.js';
import { DriverError, type ParseScope } from '../driver.js';
import type { XmlElement } from '../netconf/xml.js';
import { JUNOS_NAMES, parseJunosNumber } from './junos-ns.js';
import { ownerOfPolicy } from './names.js';
import { joinPolicers, observed, type ApplicationRead, type PolicyRead } from './observed.js';
import { all, at, text, uint } from './tree.js';

/** Finds `<configuration>`: the element itself, or a child of `<data>`/`<rpc-reply>`. Throws PARSE_FAILED when absent. */
export function configurationOf(root: XmlElement): XmlElement {
  if (root.name === 'configuration') return root;
  for (const c of root.children) {
    if (c.name === 'configuration') return c;
    const inner = c.name === 'data' ? c.children.find((d) => d.name === 'configuration') : undefined;
    if (inner !== undefined) return inner;
  }
  throw new DriverError('PARSE_FAILED', `no <configuration> in <${root.name}>`);
}

/** A logical unit of a managed port: `vlan` is its vlan-id, else its unit number. */
export interface Unit {
  readonly port: string;
  readonly vlan: number;
  readonly el: XmlElement;
}

/** The units of the scope's ports, in attachpoint order. */
export function unitsOf(cfg: XmlElement, ns: string, scope: ParseScope): Unit[] {
  const out: Unit[] = [];
  for (const iface of all(cfg, ns, 'interfaces', 'interface')) {
    const port = text(iface, ns, 'name') ?? '';
    if (!scope.ports.includes(port)) continue;
    for (const el of all(iface, ns, 'unit')) {
      const where = `interfaces/interface[${port}]/unit[${text(el, ns, 'name') ?? '?'}]`;
      const vlan = uint(el, ns, where, 'vlan-id') ?? uint(el, ns, where, 'name') ?? 0;
      out.push({ port, vlan, el });
    }
  }
  return out.sort(byAttachpoint);
}

function subinterfacesOf(units: readonly Unit[], ns: string, prefix: string): ObservedSubinterface[] {
  const out: ObservedSubinterface[] = [];
  for (const { port, vlan, el } of units) {
    const description = text(el, ns, 'description');
    const owner = ownerOfDescription(prefix, description);
    if (owner === null && vlan === 0) continue; // the port's own unit, not a tenant object
    out.push({ port, vlan, description: description ?? '', enabled: at(el, ns, 'disable') === undefined, statistics: true, owner });
  }
  return out;
}

function policiesOf(cfg: XmlElement, ns: string, prefix: string): PolicyRead[] {
  const out: PolicyRead[] = [];
  for (const p of all(cfg, ns, 'firewall', 'policer')) {
    const name = text(p, ns, 'name') ?? '';
    const owner = ownerOfPolicy(prefix, name, JUNOS_NAMES);
    if (owner === null) continue;
    const where = `firewall/policer[${name}]/if-exceeding`;
    const rate = text(p, ns, 'if-exceeding', 'bandwidth-limit');
    const burst = text(p, ns, 'if-exceeding', 'burst-size-limit');
    out.push({
      owner,
      name,
      rateBps: rate === undefined ? 0 : parseJunosNumber(rate, `${where}/bandwidth-limit`),
      burstBytes: burst === undefined ? 0 : parseJunosNumber(burst, `${where}/burst-size-limit`),
    });
  }
  return out;
}

function applicationsOf(units: readonly Unit[], ns: string): ApplicationRead[] {
  return units.flatMap(({ port, vlan, el }) =>
    (['input', 'output'] as const).flatMap((direction) => {
      const policy = text(el, ns, 'family', 'inet', 'policer', direction);
      return policy === undefined ? [] : [{ policy, direction, at: { port, vlan } }];
    }));
}

function arpOf(cfg: XmlElement, ns: string): ArpLimitSpec | null {
  const agg = at(cfg, ns, 'system', 'ddos-protection', 'protocols', 'arp', 'aggregate');
  const on = text(agg, ns, 'flow-detection-mode') === 'on' && text(agg, ns, 'flow-level-detection', 'subscriber') === 'on';
  const pps = uint(agg, ns, 'system/ddos-protection/protocols/arp/aggregate', 'flow-level-bandwidth', 'subscriber');
  return on && pps !== undefined ? { ppsPerSource: pps } : null;
}

function icmpOf(cfg: XmlElement, ns: string): IcmpLimitSpec | null {
  const pps = uint(cfg, ns, 'system/ddos-protection', 'system', 'ddos-protection', 'protocols', 'icmp', 'aggregate', 'bandwidth');
  return pps === undefined ? null : { pps };
}

/** The observed form of a Junos configuration. Throws DriverError PARSE_FAILED on a malformed value. */
export function parseJunos(root: XmlElement, scope: ParseScope): ObservedDevice {
  const cfg = configurationOf(root);
  const ns = cfg.namespace; // '' or http://xml.juniper.net/xnm/1.1/xnm, inherited by every child
  const units = unitsOf(cfg, ns, scope);
  const policers = joinPolicers(policiesOf(cfg, ns, scope.ownershipPrefix), applicationsOf(units, ns));
  return observed(subinterfacesOf(units, ns, scope.ownershipPrefix), policers, arpOf(cfg, ns), icmpOf(cfg, ns));
}
