/**
 * OpenConfig driver: openconfig-interfaces subinterfaces with openconfig-vlan single-tagged match,
 * openconfig-qos one-rate-two-color scheduler policies applied in and out per tenant, and — on a
 * device that lets the agent own its control plane — the agent's ARP/ICMP policy on
 * system/control-plane-traffic (openconfig-control-plane.ts).
 * VLAN 0 is subinterface index 0 without a VLAN match (the routed main interface's L3 part).
 * Owned entries are written with operation="replace" (config containers, policies) or "remove"
 * (removals), so re-applying is a no-op and a removal never fails when the object is already gone.
 */
import { openconfigDiscovery } from './openconfig-discover.js';
import type { DeviceIntent, ObservedDevice, PolicerSpec, SubinterfaceSpec } from '../../policies/intent/model.js';
import { assertOwned, NO_REMOVALS, type DriverCapabilities, type ParseScope, type Removals, type VendorDriver } from '../driver.js';
import type { XmlElement } from '../netconf/xml.js';
import { policyName } from './names.js';
import { appliedAttachpoints, attachKey, planRemovals, type ApplicationRemoval } from './removals.js';
import { controlPlaneEdit } from './openconfig-control-plane.js';
import { openconfigLimits } from './openconfig-limits.js';
import { OC_IF, OC_NAMES, OC_QOS, OC_QOS_TYPES, OC_SYS, OC_SYS_COPP, OC_VLAN, qosInterfaceId } from './openconfig-ns.js';
import { parseOpenconfig } from './openconfig-parse.js';
import { builder, configRoot, mergeSiblings, type ListKeys, subtreeFilter, withOperation } from './tree.js';

const ifc = builder(OC_IF);
const vlan = builder(OC_VLAN);
const qos = builder(OC_QOS);
const sys = builder(OC_SYS);
const copp = builder(OC_SYS_COPP);
/** Keyed lists of the edit (interface name, subinterface index, qos interface-id). */
const OC_LISTS: ListKeys = new Map([['interface', 1], ['subinterface', 1]]);

const capabilities: DriverCapabilities = {
  arpRateLimit: {
    level: 'aggregate',
    needsControlPlane: true,
    reason: 'OpenConfig has no per-source or per-port ARP limit; on a device with devices[].controlPlane: agent the driver polices all ARP to the CPU on system/control-plane-traffic (openconfig-system-controlplane) at arpPpsPerUser × the tenants attached there (512 bit per 64-byte frame) — a total for every user of the device, not per user. Without it, none',
  },
  icmpLimit: {
    level: 'explicit',
    needsControlPlane: true,
    reason: 'openconfig-qos policers are bit/s and the only place to police ICMP to the CPU is system/control-plane-traffic, one classifier and scheduler policy for the whole box (installing the agent\'s replaces the box\'s CoPP): on a device with devices[].controlPlane: agent the driver polices ICMP and ICMPv6 there at icmpLimitPps, sized for 128-byte echo requests so that never fewer pass. Without it, none: the device default applies and compliance must check it',
  },
  perSubinterfaceStats: { level: 'always', reason: 'subinterface state/counters need no switch in OpenConfig' },
  policer: { level: 'per-tenant-policy', reason: 'one ONE_RATE_TWO_COLOR scheduler-policy per tenant, cir in bit/s, bc in bytes' },
};

function subinterface(s: SubinterfaceSpec): XmlElement {
  return ifc('interface', ifc.leaf('name', s.port), ifc('subinterfaces', ifc('subinterface',
    ifc.leaf('index', s.vlan),
    ifc('config', ifc.leaf('index', s.vlan), withOperation(ifc.leaf('description', s.description), 'replace'), withOperation(ifc.leaf('enabled', s.enabled), 'replace')),
    s.vlan > 0 && withOperation(vlan('vlan', vlan('match', vlan('single-tagged', vlan('config', vlan.leaf('vlan-id', s.vlan))))), 'replace'),
  )));
}

function removeSubinterface(s: SubinterfaceSpec): XmlElement {
  // VLAN 0 is the routed port's subinterface 0, which stays (with the operator's addresses):
  // only the agent's leaves go, back to their defaults.
  const sub = s.vlan > 0
    ? withOperation(ifc('subinterface', ifc.leaf('index', s.vlan)), 'remove')
    : ifc('subinterface', ifc.leaf('index', 0), ifc('config', withOperation(ifc('description'), 'remove'), withOperation(ifc('enabled'), 'remove')));
  return ifc('interface', ifc.leaf('name', s.port), ifc('subinterfaces', sub));
}

function schedulerPolicy(prefix: string, p: PolicerSpec): XmlElement {
  const name = policyName(prefix, p.owner, OC_NAMES);
  const type = qos.leaf('type', 'oc-qos-types:ONE_RATE_TWO_COLOR');
  type.prefixes = { 'oc-qos-types': OC_QOS_TYPES };
  return withOperation(qos('scheduler-policy', qos.leaf('name', name), qos('config', qos.leaf('name', name)),
    qos('schedulers', qos('scheduler', qos.leaf('sequence', 1), qos('config', qos.leaf('sequence', 1), type),
      qos('one-rate-two-color', qos('config', qos.leaf('cir', p.rateBps), qos.leaf('bc', p.burstBytes)),
        qos('exceed-action', qos('config', qos.leaf('drop', true))))))), 'replace');
}

function qosInterface(prefix: string, p: PolicerSpec): XmlElement {
  const id = qosInterfaceId(p.at.port, p.at.vlan);
  const name = policyName(prefix, p.owner, OC_NAMES);
  const direction = (d: 'input' | 'output'): XmlElement =>
    qos(d, withOperation(qos('scheduler-policy', qos('config', qos.leaf('name', name))), 'replace'));
  return qos('interface', qos.leaf('interface-id', id), qos('config', qos.leaf('interface-id', id)),
    qos('interface-ref', qos('config', qos.leaf('interface', p.at.port), p.at.vlan > 0 && qos.leaf('subinterface', p.at.vlan))),
    direction('input'), direction('output'));
}

function removePolicy(prefix: string, owner: string): XmlElement {
  return withOperation(qos('scheduler-policy', qos.leaf('name', policyName(prefix, owner, OC_NAMES))), 'remove');
}

/** The qos interface entry exists for the tenant's policy only: it goes with it. */
function removeApplication(a: ApplicationRemoval): XmlElement {
  return withOperation(qos('interface', qos.leaf('interface-id', qosInterfaceId(a.at.port, a.at.vlan))), 'remove');
}

function render(intent: DeviceIntent, removals: Removals = NO_REMOVALS, existing?: ObservedDevice): XmlElement {
  assertOwned(removals);
  const cp = controlPlaneEdit(intent, existing);
  const prefix = intent.ownershipPrefix;
  const gone = planRemovals(intent, removals, { oneApplicationPerAttachpoint: true });
  const interfaces = [...intent.subinterfaces.map(subinterface), ...removals.subinterfaces.map(removeSubinterface)];
  const policies = [...intent.policers.map((p) => schedulerPolicy(prefix, p)), ...gone.policies.map((o) => removePolicy(prefix, o))];
  // A removed subinterface's qos entry goes too (its interface-ref would dangle) — unless this
  // edit writes that entry (the same node: a removal after it would delete it).
  const applied = appliedAttachpoints(intent);
  const subQos = removals.subinterfaces
    .filter((s) => s.vlan > 0 && !applied.has(attachKey(s)))
    .map((s) => ({ owner: s.owner ?? '', at: { port: s.port, vlan: s.vlan } }));
  const qosIfs = [...intent.policers.map((p) => qosInterface(prefix, p)), ...[...gone.applications, ...subQos].map(removeApplication)];
  const schedulerPolicies = [...policies, ...cp.schedulerPolicies];
  const list = (name: string, entries: readonly XmlElement[]): XmlElement | false => entries.length > 0 && qos(name, ...entries);
  const qosParts = [
    list('classifiers', cp.classifiers), list('forwarding-groups', cp.forwardingGroups), list('queues', cp.queues),
    list('scheduler-policies', schedulerPolicies), qosIfs.length > 0 && qos('interfaces', ...mergeSiblings(qosIfs, OC_LISTS)),
  ].filter((x): x is XmlElement => x !== false);
  return configRoot([
    interfaces.length > 0 && ifc('interfaces', ...mergeSiblings(interfaces, OC_LISTS)),
    qosParts.length > 0 && qos('qos', ...qosParts),
    cp.system,
  ]);
}

function filter(scope: ParseScope): XmlElement {
  return subtreeFilter([
    ifc('interfaces', ...scope.ports.map((p) => ifc('interface', ifc.leaf('name', p)))),
    // Classifiers, groups and queues whole: the control-plane policy (the agent's or the operator's)
    // is followed from its classifier to its schedulers (openconfig-control-plane-parse.ts).
    qos('qos', qos('scheduler-policies'), qos('interfaces'), qos('classifiers'), qos('forwarding-groups'), qos('queues')),
    sys('system', copp('control-plane-traffic', copp('ingress', copp('qos')))),
  ]);
}

/** The `openconfig` platform driver. */
export const openconfigDriver: VendorDriver = {
  platform: 'openconfig',
  capabilities,
  transaction: { target: 'candidate', confirmedCommit: 'netconf', confirmTimeoutUnit: 'seconds', load: 'edit-config', verifyByReadBack: true },
  render,
  filter,
  parse: parseOpenconfig,
  limits: openconfigLimits,
  discover: openconfigDiscovery,
};
