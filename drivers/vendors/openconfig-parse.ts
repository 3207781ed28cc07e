/**
 * Pure parser: OpenConfig get-config `<data>` → observed form. Reads subinterfaces of the scope's
 * ports (owned by description prefix; others with a VLAN are reported with owner null), the
 * ownership-prefixed scheduler policies with their qos interface applications, and the
 * control-plane policy: the agent's ARP/ICMP limits when it is the agent's, a foreign one otherwise
 * (openconfig-limits.ts).
 */
import { ownerOfDescription } from '../../policies/intent/naming.js';
import type { ObservedDevice, ObservedSubinterface } from '../../policies/intent/model.js';
import type { ParseScope } from '../driver.js';
import type { XmlElement } from '../netconf/xml.js';
import { ownerOfPolicy } from './names.js';
import { joinPolicers, observed, type ApplicationRead, type PolicyRead } from './observed.js';
import { controlPlaneName } from './openconfig-control-plane.js';
import { readControlPlane } from './openconfig-control-plane-parse.js';
import { ownControlPlane } from './openconfig-limits.js';
import { OC_IF, OC_NAMES, OC_QOS, OC_VLAN } from './openconfig-ns.js';
import { all, at, bool, text, uint } from './tree.js';

function subinterfacesOf(data: XmlElement, scope: ParseScope): ObservedSubinterface[] {
  const out: ObservedSubinterface[] = [];
  for (const iface of all(data, OC_IF, 'interfaces', 'interface')) {
    const port = text(iface, OC_IF, 'name') ?? '';
    if (!scope.ports.includes(port)) continue;
    for (const sub of all(iface, OC_IF, 'subinterfaces', 'subinterface')) {
      const where = `interfaces/interface[${port}]/subinterface[${text(sub, OC_IF, 'index') ?? '?'}]`;
      const index = uint(sub, OC_IF, where, 'index') ?? 0;
      const tagged = uint(at(sub, OC_VLAN, 'vlan'), OC_VLAN, where, 'match', 'single-tagged', 'config', 'vlan-id');
      const description = text(sub, OC_IF, 'config', 'description');
      const owner = ownerOfDescription(scope.ownershipPrefix, description);
      const vlan = tagged ?? (index === 0 ? 0 : index);
      if (owner === null && vlan === 0) continue; // the port's own routed part, not a tenant object
      out.push({
        port,
        vlan,
        description: description ?? '',
        enabled: bool(sub, OC_IF, true, where, 'config', 'enabled'),
        statistics: true,
        owner,
      });
    }
  }
  return out;
}

function policiesOf(data: XmlElement, scope: ParseScope): PolicyRead[] {
  const out: PolicyRead[] = [];
  for (const sp of all(data, OC_QOS, 'qos', 'scheduler-policies', 'scheduler-policy')) {
    const name = text(sp, OC_QOS, 'name') ?? '';
    const owner = ownerOfPolicy(scope.ownershipPrefix, name, OC_NAMES);
    if (owner === null || name === controlPlaneName(scope.ownershipPrefix)) continue; // the control-plane policy is no tenant's
    const where = `qos/scheduler-policy[${name}]`;
    const sched = all(sp, OC_QOS, 'schedulers', 'scheduler')[0];
    const conf = at(sched, OC_QOS, 'one-rate-two-color', 'config');
    out.push({ owner, name, rateBps: uint(conf, OC_QOS, where, 'cir') ?? 0, burstBytes: uint(conf, OC_QOS, where, 'bc') ?? 0 });
  }
  return out;
}

function applicationsOf(data: XmlElement): ApplicationRead[] {
  const out: ApplicationRead[] = [];
  for (const qi of all(data, OC_QOS, 'qos', 'interfaces', 'interface')) {
    const where = `qos/interface[${text(qi, OC_QOS, 'interface-id') ?? '?'}]`;
    const port = text(qi, OC_QOS, 'interface-ref', 'config', 'interface');
    if (port === undefined) continue;
    const vlan = uint(qi, OC_QOS, where, 'interface-ref', 'config', 'subinterface') ?? 0;
    for (const direction of ['input', 'output'] as const) {
      const policy = text(qi, OC_QOS, direction, 'scheduler-policy', 'config', 'name');
      if (policy !== undefined) out.push({ policy, direction, at: { port, vlan } });
    }
  }
  return out;
}

/** The observed form of an OpenConfig `<data>` element. Throws DriverError PARSE_FAILED on a malformed value. */
export function parseOpenconfig(data: XmlElement, scope: ParseScope): ObservedDevice {
  const policies = policiesOf(data, scope);
  const cp = ownControlPlane(readControlPlane(data), scope.ownershipPrefix, policies.length);
  const device = observed(subinterfacesOf(data, scope), joinPolicers(policies, applicationsOf(data)), cp.arp, cp.icmp);
  return cp.foreign === undefined ? device : { ...device, foreignControlPlane: cp.foreign };
}
