/**
 * Pure parser: Huawei `urn:huawei:yang` get-config `<data>` → observed form. Main interfaces of
 * the scope's ports and their subinterfaces (huawei-ifm, flat list with parent-name), ownership-
 * prefixed MQC policies (policy → behavior → car cir kbit/s) and their traffic-policy-apply
 * entries, and the agent's ICMP and ARP CPCARs (huawei-vrp-cpudefend.ts; the ARP one as its rate per
 * user of the tenant policies read, huawei-vrp-arp.ts). Per-source ARP limits (huawei-arp) are not
 * read: that module is not published for the NE8000.
 */
import type { ObservedDevice, ObservedSubinterface } from '../../policies/intent/model.js';
import { ownerOfDescription } from '../../policies/intent/naming.js';
import type { ParseScope } from '../driver.js';
import type { XmlElement } from '../netconf/xml.js';
import { observedArp, observedIcmp, readCpuDefend, rememberState } from './huawei-vrp-cpudefend.js';
import { HW_ETH, HW_IFM, HW_NAMES, HW_QOS } from './huawei-vrp-ns.js';
import { ownerOfPolicy, sanitizedPrefix } from './names.js';
import { joinPolicers, observed, type ApplicationRead, type PolicyRead } from './observed.js';
import { all, at, bool, text, uint } from './tree.js';

/** Name of the agent's shared match-everything classifier. */
export function classifierName(prefix: string): string {
  return `${sanitizedPrefix(prefix, HW_NAMES)}any`;
}

/** One interface entry of the reply on a managed port: the port itself (vlan 0) or one of its subinterfaces. */
export interface InterfaceEntry {
  readonly port: string;
  readonly vlan: number;
  readonly el: XmlElement;
  /** `ifm/interfaces/interface[<name>]`, for error messages and limit sources. */
  readonly where: string;
}

/** The interface entries of `data` on the scope's ports (main interfaces and their subinterfaces). */
export function interfaceEntries(data: XmlElement, scope: ParseScope): InterfaceEntry[] {
  const out: InterfaceEntry[] = [];
  for (const el of all(data, HW_IFM, 'ifm', 'interfaces', 'interface')) {
    const name = text(el, HW_IFM, 'name') ?? '';
    const where = `ifm/interfaces/interface[${name}]`;
    const parent = text(el, HW_IFM, 'parent-name');
    if (text(el, HW_IFM, 'class') === 'sub-interface' && parent !== undefined) {
      if (!scope.ports.includes(parent)) continue;
      const vid = uint(at(el, HW_ETH, 'ethernet'), HW_ETH, where, 'l3-sub-interface', 'vlan-type-dot1q', 'vlan-type-vid');
      out.push({ port: parent, vlan: vid ?? uint(el, HW_IFM, where, 'number') ?? 0, el, where });
    } else if (scope.ports.includes(name)) {
      out.push({ port: name, vlan: 0, el, where });
    }
  }
  return out;
}

function subinterfacesOf(entries: readonly InterfaceEntry[], prefix: string): ObservedSubinterface[] {
  const out: ObservedSubinterface[] = [];
  for (const { port, vlan, el, where } of entries) {
    const description = text(el, HW_IFM, 'description');
    const owner = ownerOfDescription(prefix, description);
    if (owner === null && vlan === 0) continue; // the port itself, not a tenant object
    out.push({
      port,
      vlan,
      description: description ?? '',
      enabled: text(el, HW_IFM, 'admin-status') !== 'down',
      statistics: bool(el, HW_IFM, false, where, 'statistic-enable'),
      owner,
    });
  }
  return out;
}

function policiesOf(data: XmlElement, prefix: string): PolicyRead[] {
  const tpl = at(data, HW_QOS, 'qos', 'classifier-template');
  const behaviors = all(tpl, HW_QOS, 'traffic-behaviors', 'traffic-behavior');
  const out: PolicyRead[] = [];
  for (const tp of all(tpl, HW_QOS, 'traffic-policys', 'traffic-policy')) {
    const name = text(tp, HW_QOS, 'name') ?? '';
    const owner = ownerOfPolicy(prefix, name, HW_NAMES);
    if (owner === null) continue;
    const where = `qos/classifier-template/traffic-policy[${name}]`;
    const node = all(tp, HW_QOS, 'policy-nodes', 'policy-node')[0];
    const bname = text(node, HW_QOS, 'behavior-name');
    const behavior = behaviors.find((b) => text(b, HW_QOS, 'name') === bname);
    const car = all(behavior, HW_QOS, 'car-actions', 'car-action').find((c) => text(c, HW_QOS, 'action-type') === 'car');
    const cirKbps = uint(car, HW_QOS, where, 'cir') ?? 0;
    out.push({ owner, name, rateBps: cirKbps * 1000, burstBytes: uint(car, HW_QOS, where, 'cbs') ?? 0 });
  }
  return out;
}

function applicationsOf(entries: readonly InterfaceEntry[]): ApplicationRead[] {
  return entries.flatMap(({ port, vlan, el }) =>
    all(at(el, HW_QOS, 'qos'), HW_QOS, 'traffic-policy-applys', 'traffic-policy-apply').flatMap((a) => {
      const policy = text(a, HW_QOS, 'policy-name');
      const d = text(a, HW_QOS, 'direction');
      const direction = d === 'inbound' ? 'input' : d === 'outbound' ? 'output' : undefined;
      return policy === undefined || direction === undefined ? [] : [{ policy, direction, at: { port, vlan } }];
    }));
}

/**
 * The observed form of a Huawei `<data>` element. The CPU-defend state it read is remembered for
 * the returned object (stateOf in huawei-vrp-cpudefend.ts), for render. Throws DriverError
 * PARSE_FAILED on a malformed value.
 */
export function parseHuaweiVrp(data: XmlElement, scope: ParseScope): ObservedDevice {
  const entries = interfaceEntries(data, scope);
  const policies = policiesOf(data, scope.ownershipPrefix);
  const policers = joinPolicers(policies, applicationsOf(entries));
  const cpudefend = readCpuDefend(data);
  // The aggregate ARP CPCAR is sized by the tenants of the device: one agent policy each.
  const arp = observedArp(cpudefend, scope.ownershipPrefix, policies.length);
  return rememberState(observed(subinterfacesOf(entries, scope.ownershipPrefix), policers, arp, observedIcmp(cpudefend, scope.ownershipPrefix)), cpudefend);
}
