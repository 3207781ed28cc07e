/**
 * Huawei VRP driver (NE8000 / CE V300 `urn:huawei:yang` models): L3 dot1q subinterfaces
 * (huawei-ifm + huawei-ethernet `vlan-type-dot1q`), `statistic-enable` on every tenant interface,
 * and MQC per tenant (huawei-qos classifier-template: one shared owned `any` classifier, a
 * behavior with `car cir <kbit/s> cbs <bytes>`, a policy) applied inbound and outbound with
 * traffic-policy-apply. Interface entries are merged; the agent's policies, VLAN match and policy
 * applications are written with operation="replace", removals with "remove".
 */
import type { Attachpoint, DeviceIntent, ObservedDevice, PolicerSpec, SubinterfaceSpec } from '../../policies/intent/model.js';
import { assertOwned, exists, NO_REMOVALS, type DriverCapabilities, type ParseScope, type Removals, type VendorDriver } from '../driver.js';
import type { XmlElement } from '../netconf/xml.js';
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
    level: 'unsupported',
    reason: 'VRP limits ARP per source IP (huawei-arp speed-limit source-ip, CLI arp speed-limit source-ip maximum N); huawei-arp is not in the validated model set, so this driver does not render it yet',
  },
  icmpLimit: {
    level: 'unsupported',
    reason: 'VRP limits ICMP to the CPU with CPCAR (huawei-cpudefend car packet-type icmp, kbit/s); huawei-cpudefend is not in the validated model set, so this driver does not render it yet',
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
  ]);
}

function filter(scope: ParseScope): XmlElement {
  // huawei-ifm keeps subinterfaces as flat entries: select the ports by name and their
  // subinterfaces by a content match on parent-name.
  const sel = scope.ports.flatMap((p) => [ifm('interface', ifm.leaf('name', p)), ifm('interface', ifm.leaf('parent-name', p))]);
  return subtreeFilter([ifm('ifm', ifm('interfaces', ...sel)), qos('qos', qos('classifier-template'))]);
}

/** The `huawei-vrp` platform driver. */
export const huaweiVrpDriver: VendorDriver = {
  platform: 'huawei-vrp',
  capabilities,
  transaction: { target: 'candidate', confirmedCommit: 'netconf', confirmTimeoutUnit: 'seconds', load: 'edit-config', verifyByReadBack: true },
  render,
  filter,
  parse: parseHuaweiVrp,
};
