/**
 * Huawei VRP driver (NE8000 / CE V300 `urn:huawei:yang` models): L3 dot1q subinterfaces
 * (huawei-ifm + huawei-ethernet `vlan-type-dot1q`), `statistic-enable` on every tenant interface,
 * and MQC per tenant (huawei-qos classifier-template: one shared owned `any` classifier, a
 * behavior with `car cir <kbit/s> cbs <bytes>`, a policy) applied inbound and outbound with
 * traffic-policy-apply; the explicit ICMP limit as an ICMP CPCAR in the agent's own cpu-defend
 * policy bound to the MPU boards that apply none (huawei-vrp-cpudefend.ts), and, on a device with
 * `controlPlane: agent` only, an aggregate ARP CPCAR in the same policy (huawei-vrp-arp.ts; the
 * per-source form is not offered, see HW_ARP_PER_SOURCE). Interface entries are merged; the
 * agent's policies, VLAN match, policy applications and CPCAR entries are written with
 * operation="replace", removals with "remove".
 */
import { huaweiVrpDiscovery } from './huawei-vrp-discover.js';
import { arpUsersOf } from '../../policies/intent/arp-users.js';
import type { Attachpoint, DeviceIntent, ObservedDevice, PolicerSpec, SubinterfaceSpec } from '../../policies/intent/model.js';
import { assertOwned, exists, NO_REMOVALS, type DriverCapabilities, type ParseScope, type Removals, type VendorDriver } from '../driver.js';
import type { XmlElement } from '../netconf/xml.js';
import { arpCpcar } from './huawei-vrp-arp.js';
import { cpuDefendFilter, renderCpuDefend } from './huawei-vrp-cpudefend.js';
import { HW_ARP_PER_SOURCE, huaweiLimits } from './huawei-vrp-limits.js';
import { HW_ETH, HW_IFM, HW_NAMES, HW_QOS, kbps, portType } from './huawei-vrp-ns.js';
import { classifierName, parseHuaweiVrp } from './huawei-vrp-parse.js';
import { policyName } from './names.js';
import { appliedAttachpoints, attachKey, planRemovals, type ApplicationRemoval } from './removals.js';
import { builder, configRoot, mergeSiblings, type ListKeys, subtreeFilter, withOperation, type Slot } from './tree.js';

const ifm = builder(HW_IFM);
const eth = builder(HW_ETH);
const qos = builder(HW_QOS);
/** Keyed lists of the ifm part (interface name; traffic-policy-apply by all five keys). */
const HW_LISTS: ListKeys = new Map([['interface', 1], ['traffic-policy-apply', 5]]);

const capabilities: DriverCapabilities = {
  arpRateLimit: {
    level: 'aggregate',
    needsControlPlane: true,
    reason: 'on a device with devices[].controlPlane: agent, an ARP CPCAR (huawei-cpudefend cpcar-protocol-name arp) in the agent\'s own cpu-defend policy, ' +
      'cir = arpPpsPerUser × the tenants attached there at 512 bit per 64-byte frame, rounded down to whole kbit/s (at least 1 kbit/s ≈ 1.95 pps, ' +
      'above the target on a one-user device at 1 pps), cbs = one second of those frames at 128 bytes each. It is a total, not per user, and it caps ALL ARP ' +
      'sent to the CPU of the boards applying that policy, the box\'s own uplink neighbours\' included: allow it only where the tenants\' ARP is the ARP the ' +
      'box must answer. Without it, none. A per-source limit is not offered: ' + HW_ARP_PER_SOURCE,
  },
  icmpLimit: {
    level: 'explicit',
    reason: 'an ICMP CPCAR (huawei-cpudefend cpcar-protocol-name icmp, CLI car packet-type icmp cir <kbit/s>) in the agent\'s own cpu-defend policy, sized for ' +
      '128-byte echo requests so that never fewer pass (1000 pps = 1024 kbit/s), bound to every MPU board that applies no policy; a board applying the operator\'s ' +
      'policy keeps it (a board takes one policy) and that policy\'s ICMP CPCAR is what the compliance check reads there',
  },
  perSubinterfaceStats: { level: 'switch', reason: 'VRP counts subinterface traffic only with statistic-enable (CLI statistic enable); the driver turns it on' },
  policer: { level: 'per-tenant-policy', reason: 'one MQC traffic policy per tenant (unshared counters), car cir in kbit/s, cbs in bytes' },
};

const apply = (name: string, direction: 'inbound' | 'outbound'): XmlElement =>
  qos('traffic-policy-apply', qos.leaf('policy-name', name), qos.leaf('direction', direction), qos.leaf('layer', 'none'),
    qos.leaf('vlan-mode', false), qos.leaf('pe-vlan-id', 0));

const ifName = (at: Attachpoint): string => (at.vlan === 0 ? at.port : `${at.port}.${at.vlan}`);

/**
 * Interface entries, merged (the operator's own statements, e.g. addresses, stay). The create-only
 * keys of a subinterface (class, type, parent-name, number: `operation-exclude update` in
 * huawei-ifm) are sent only when it does not exist yet; the agent's VLAN match and policy
 * applications are replaced.
 */
function interfaces(intent: DeviceIntent, existing: ObservedDevice | undefined, replaced: readonly ApplicationRemoval[]): XmlElement[] {
  const entries = new Map<string, Slot[]>();
  const entry = (at: Attachpoint): Slot[] => {
    const found = entries.get(ifName(at)) ?? [];
    entries.set(ifName(at), found);
    return found;
  };
  for (const s of intent.subinterfaces) {
    const content = entry(s);
    if (s.vlan > 0 && !exists(existing, s.port, s.vlan, false)) {
      content.push(ifm.leaf('class', 'sub-interface'), ifm.leaf('type', portType(s.port)), ifm.leaf('parent-name', s.port), ifm.leaf('number', String(s.vlan)));
    }
    content.push(ifm.leaf('description', s.description), ifm.leaf('admin-status', s.enabled ? 'up' : 'down'), ifm.leaf('statistic-enable', s.statistics));
    if (s.vlan > 0) {
      content.push(eth('ethernet', withOperation(eth('l3-sub-interface', eth('vlan-type-dot1q', eth.leaf('vlan-type-vid', s.vlan))), 'replace')));
    }
  }
  // An old application on an attachpoint that gets a new one goes FIRST: VRP holds one policy
  // per direction on an interface, so the new one must not meet (or be wiped by) the old one.
  const before = new Map<string, XmlElement[]>();
  for (const a of replaced) {
    const list = before.get(ifName(a.at)) ?? [];
    list.push(...removedApplies(intent.ownershipPrefix, a));
    before.set(ifName(a.at), list);
  }
  for (const p of intent.policers) {
    const name = policyName(intent.ownershipPrefix, p.owner, HW_NAMES);
    const old = before.get(ifName(p.at));
    before.delete(ifName(p.at));
    if (old !== undefined) entry(p.at).push(qos('qos', qos('traffic-policy-applys', ...old)));
    entry(p.at).push(qos('qos', qos('traffic-policy-applys', withOperation(apply(name, 'inbound'), 'replace'), withOperation(apply(name, 'outbound'), 'replace'))));
  }
  return [...entries.entries()].map(([name, content]) => ifm('interface', ifm.leaf('name', name), ...mergeQos(content)));
}

/** Joins the `qos` containers of one interface entry into one (a container may appear once). */
function mergeQos(content: readonly Slot[]): Slot[] {
  const kept = content.filter((c) => !(c && c.name === 'qos'));
  const applies = content.flatMap((c) => (c && c.name === 'qos' ? (c.children[0]?.children ?? []) : []));
  return applies.length > 0 ? [...kept, qos('qos', qos('traffic-policy-applys', ...applies))] : kept;
}

function policyParts(prefix: string, p: PolicerSpec): [XmlElement, XmlElement] {
  const name = policyName(prefix, p.owner, HW_NAMES);
  const behavior = withOperation(qos('traffic-behavior', qos.leaf('name', name), qos('car-actions', qos('car-action',
    qos.leaf('action-type', 'car'), qos.leaf('cir', kbps(p.rateBps)), qos.leaf('cbs', p.burstBytes),
    qos.leaf('green-action', 'pass'), qos.leaf('red-action', 'discard')))), 'replace');
  const policy = withOperation(qos('traffic-policy', qos.leaf('name', name), qos('policy-nodes', qos('policy-node',
    qos.leaf('classifier-name', classifierName(prefix)), qos.leaf('behavior-name', name), qos.leaf('priority', 1)))), 'replace');
  return [behavior, policy];
}

function removeSubinterface(s: SubinterfaceSpec): XmlElement {
  if (s.vlan > 0) return withOperation(ifm('interface', ifm.leaf('name', ifName(s))), 'remove');
  // The VLAN 0 routed port stays: only the agent's leaves go, back to their defaults.
  return ifm('interface', ifm.leaf('name', s.port),
    ...['description', 'admin-status', 'statistic-enable'].map((leaf) => withOperation(ifm(leaf), 'remove')));
}

/** The inbound and outbound traffic-policy-apply entries of `a`, marked for removal. */
function removedApplies(prefix: string, a: ApplicationRemoval): XmlElement[] {
  const name = policyName(prefix, a.owner, HW_NAMES);
  return (['inbound', 'outbound'] as const).map((d) => withOperation(apply(name, d), 'remove'));
}

function removeApplication(prefix: string, a: ApplicationRemoval): XmlElement {
  return ifm('interface', ifm.leaf('name', ifName(a.at)), qos('qos', qos('traffic-policy-applys', ...removedApplies(prefix, a))));
}

function render(intent: DeviceIntent, removals: Removals = NO_REMOVALS, existing?: ObservedDevice): XmlElement {
  assertOwned(removals);
  // ICMP: device-wide, never removed when the last tenant leaves. ARP: only with the operator's
  // permission (controlPlane: agent); its size follows the tenants, and it goes with the last one
  // or the permission. Rendered first: it throws NOT_OWNED when no cpu-defend policy id is free
  // for the agent, or `existing` is not parse's own result.
  const arp = intent.arp !== null && intent.controlPlane === 'agent' ? arpCpcar(intent.arp.ppsPerSource, arpUsersOf(intent)) : null;
  const icmp = renderCpuDefend(intent.ownershipPrefix, intent.icmp, arp, existing);
  const prefix = intent.ownershipPrefix;
  const gone = planRemovals(intent, removals, { oneApplicationPerAttachpoint: false });
  const parts = intent.policers.map((p) => policyParts(prefix, p));
  const applied = appliedAttachpoints(intent);
  const replaced = gone.applications.filter((a) => applied.has(attachKey(a.at)));
  const elsewhere = gone.applications.filter((a) => !applied.has(attachKey(a.at)));
  const entries = [...interfaces(intent, existing, replaced), ...removals.subinterfaces.map(removeSubinterface), ...elsewhere.map((a) => removeApplication(prefix, a))];
  const classifier = parts.length > 0
    // merged, not replaced: `operator` is create-only (operation-exclude update) in huawei-qos
    ? qos('traffic-classifier', qos.leaf('name', classifierName(prefix)), qos.leaf('operator', 'or'),
      qos('rule-anys', qos('rule-any', qos.leaf('protocol-family', 'ipv4')), qos('rule-any', qos.leaf('protocol-family', 'ipv6'))))
    : gone.policies.length > 0 && withOperation(qos('traffic-classifier', qos.leaf('name', classifierName(prefix))), 'remove');
  const named = (list: string, o: string): XmlElement => withOperation(qos(list, qos.leaf('name', policyName(prefix, o, HW_NAMES))), 'remove');
  const behaviors = [...parts.map((x) => x[0]), ...gone.policies.map((o) => named('traffic-behavior', o))];
  const policies = [...parts.map((x) => x[1]), ...gone.policies.map((o) => named('traffic-policy', o))];
  return configRoot([
    entries.length > 0 && ifm('ifm', ifm('interfaces', ...mergeSiblings(entries, HW_LISTS))),
    (behaviors.length > 0 || classifier) && qos('qos', qos('classifier-template',
      classifier && qos('traffic-classifiers', classifier),
      behaviors.length > 0 && qos('traffic-behaviors', ...behaviors),
      policies.length > 0 && qos('traffic-policys', ...policies))),
    ...icmp,
  ]);
}

function filter(scope: ParseScope): XmlElement {
  // huawei-ifm keeps subinterfaces as flat entries: select the ports by name and their
  // subinterfaces by a content match on parent-name.
  const sel = scope.ports.flatMap((p) => [ifm('interface', ifm.leaf('name', p)), ifm('interface', ifm.leaf('parent-name', p))]);
  // Every cpu-defend policy, not only the agent's: `limits` reports the operator's ICMP CPCARs too.
  return subtreeFilter([ifm('ifm', ifm('interfaces', ...sel)), qos('qos', qos('classifier-template')), ...cpuDefendFilter()]);
}

/** The `huawei-vrp` platform driver. */
export const huaweiVrpDriver: VendorDriver = {
  platform: 'huawei-vrp',
  capabilities,
  transaction: { target: 'candidate', confirmedCommit: 'netconf', confirmTimeoutUnit: 'seconds', load: 'edit-config', verifyByReadBack: true },
  render,
  filter,
  parse: parseHuaweiVrp,
  limits: huaweiLimits,
  discover: huaweiVrpDiscovery,
};
