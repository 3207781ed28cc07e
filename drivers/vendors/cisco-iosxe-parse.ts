/**
 * Pure parser: IOS-XE native get-config `<data>` → observed form. Interfaces of the scope's
 * ports (main entries `0/0/1`, subinterfaces `0/0/1.100`), ownership-prefixed policy-maps with
 * their service-policy applications, and the DAI rate on the policy attachpoints.
 */
import { byAttachpoint } from '../../policies/intent/build.js';
import type { ArpLimitSpec, ObservedDevice, ObservedPolicer, ObservedSubinterface } from '../../policies/intent/model.js';
import { ownerOfDescription } from '../../policies/intent/naming.js';
import type { ParseScope } from '../driver.js';
import type { XmlElement } from '../netconf/xml.js';
import { XE_ETHERNET_TYPES, XE_NAMES, XE_NATIVE, XE_POLICY } from './cisco-iosxe-ns.js';
import { ownerOfPolicy } from './names.js';
import { joinPolicers, observed, type ApplicationRead, type PolicyRead } from './observed.js';
import { all, at, text, uint } from './tree.js';

interface Entry {
  readonly port: string;
  readonly vlan: number;
  readonly el: XmlElement;
}

function entriesOf(data: XmlElement, scope: ParseScope): Entry[] {
  const out: Entry[] = [];
  const ifs = at(data, XE_NATIVE, 'native', 'interface');
  for (const type of XE_ETHERNET_TYPES) {
    for (const el of all(ifs, XE_NATIVE, type)) {
      const name = text(el, XE_NATIVE, 'name') ?? '';
      const [number = '', sub] = name.split('.', 2);
      const port = `${type}${number}`;
      if (!scope.ports.includes(port)) continue;
      const where = `native/interface/${type}[${name}]`;
      const vlan = sub === undefined ? 0 : (uint(el, XE_NATIVE, where, 'encapsulation', 'dot1Q', 'vlan-id') ?? Number(sub));
      out.push({ port, vlan, el });
    }
  }
  return out;
}

function subinterfacesOf(entries: readonly Entry[], prefix: string): ObservedSubinterface[] {
  const out: ObservedSubinterface[] = [];
  for (const { port, vlan, el } of entries) {
    const description = text(el, XE_NATIVE, 'description');
    const owner = ownerOfDescription(prefix, description);
    if (owner === null && vlan === 0) continue; // the port itself, not a tenant object
    out.push({ port, vlan, description: description ?? '', enabled: at(el, XE_NATIVE, 'shutdown') === undefined, statistics: true, owner });
  }
  return out;
}

function policiesOf(data: XmlElement, prefix: string): PolicyRead[] {
  const out: PolicyRead[] = [];
  for (const pm of all(at(data, XE_NATIVE, 'native', 'policy'), XE_POLICY, 'policy-map')) {
    const name = text(pm, XE_POLICY, 'name') ?? '';
    const owner = ownerOfPolicy(prefix, name, XE_NAMES);
    if (owner === null) continue;
    const where = `native/policy/policy-map[${name}]`;
    const cls = all(pm, XE_POLICY, 'class').find((c) => text(c, XE_POLICY, 'name') === 'class-default');
    const action = all(cls, XE_POLICY, 'action-list').find((a) => text(a, XE_POLICY, 'action-type') === 'police');
    const police = at(action, XE_POLICY, 'police-policy-map', 'police');
    out.push({ owner, name, rateBps: uint(police, XE_POLICY, where, 'cir') ?? 0, burstBytes: uint(police, XE_POLICY, where, 'bc') ?? 0 });
  }
  return out;
}

function applicationsOf(entries: readonly Entry[]): ApplicationRead[] {
  return entries.flatMap(({ port, vlan, el }) =>
    (['input', 'output'] as const).flatMap((direction) => {
      const policy = text(el, XE_POLICY, 'service-policy', direction);
      return policy === undefined ? [] : [{ policy, direction, at: { port, vlan } }];
    }));
}

/** DAI rate common to every attachpoint of an owned policer; null when none, or when they differ. */
function arpOf(entries: readonly Entry[], policers: readonly ObservedPolicer[]): ArpLimitSpec | null {
  const rates = new Set<number | undefined>();
  for (const p of policers) {
    const atp = p.at;
    if (atp === null) continue;
    const e = entries.find((x) => x.port === atp.port && x.vlan === atp.vlan);
    rates.add(e && uint(e.el, XE_NATIVE, `${atp.port}.${atp.vlan}`, 'ip', 'arp', 'inspection', 'limit', 'rate'));
  }
  const [only] = [...rates];
  return rates.size === 1 && only !== undefined ? { ppsPerSource: only } : null;
}

/** The observed form of an IOS-XE `<data>` element. Throws DriverError PARSE_FAILED on a malformed value. */
export function parseCiscoIosxe(data: XmlElement, scope: ParseScope): ObservedDevice {
  const entries = entriesOf(data, scope).sort(byAttachpoint);
  const policers = joinPolicers(policiesOf(data, scope.ownershipPrefix), applicationsOf(entries));
  return observed(subinterfacesOf(entries, scope.ownershipPrefix), policers, arpOf(entries, policers), null);
}
