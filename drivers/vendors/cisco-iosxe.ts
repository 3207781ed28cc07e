/**
 * Cisco IOS-XE driver (Cisco-IOS-XE-native + Cisco-IOS-XE-policy): subinterface `encapsulation
 * dot1Q`, one policy-map per tenant with `police cir <bit/s> bc <bytes>` in class-default,
 * `service-policy input/output`, and Dynamic ARP Inspection `ip arp inspection limit rate` on the
 * tenant attachpoints. Interface entries are merged; owned policy-maps, encapsulation,
 * service-policy and DAI limit are written with operation="replace"; removals use "remove" (no
 * error when already gone). `limits` reads every ARP/ICMP limit of the reply, the operator's CoPP
 * included (cisco-iosxe-limits.ts).
 */
import { ciscoIosxeDiscovery } from './cisco-iosxe-discover.js';
import type { Attachpoint, DeviceIntent, ObservedDevice, PolicerSpec, SubinterfaceSpec } from '../../policies/intent/model.js';
import { assertOwned, exists, NO_REMOVALS, type DriverCapabilities, type ParseScope, type Removals, type VendorDriver } from '../driver.js';
import type { XmlElement } from '../netconf/xml.js';
import { interfaceKey, splitPort, XE_ETHERNET_TYPES, XE_NAMES, XE_NATIVE, XE_POLICY } from './cisco-iosxe-ns.js';
import { ciscoIosxeLimits } from './cisco-iosxe-limits.js';
import { parseCiscoIosxe } from './cisco-iosxe-parse.js';
import { policyName } from './names.js';
import { planRemovals, type ApplicationRemoval } from './removals.js';
import { builder, configRoot, mergeSiblings, type ListKeys, subtreeFilter, withOperation, type Slot } from './tree.js';

const ios = builder(XE_NATIVE);
const pol = builder(XE_POLICY);
/** Keyed lists of the interface part: every Ethernet type list, keyed by name. */
const XE_LISTS: ListKeys = new Map(XE_ETHERNET_TYPES.map((t) => [t, 1]));

const capabilities: DriverCapabilities = {
  arpRateLimit: {
    level: 'per-port',
    reason: 'IOS-XE limits ARP with Dynamic ARP Inspection per interface (ip arp inspection limit rate), not per source; 1 pps per user holds only with one user per attachpoint',
  },
  icmpLimit: {
    level: 'unsupported',
    reason: 'the driver sets no ICMP limit: IOS-XE has no default below 500 pps to correct (routers limit nothing by default; Catalyst 9000 polices ICMP to the device in the fixed system-cpp-policy class system-cpp-police-forus at 4000 pps, shared with ARP and management), and a user CoPP would need an ICMP ACL (Cisco-IOS-XE-acl), outside the validated model set. The compliance check reads every control-plane police rate that can apply to ICMP',
  },
  perSubinterfaceStats: { level: 'always', reason: 'IOS-XE counts every subinterface and policy-map class without a switch' },
  policer: { level: 'per-tenant-policy', reason: 'one policy-map per tenant, class-default police cir (bit/s) bc (bytes)' },
};

/** One /native/interface/<Type> entry holding `content`, keyed by the attachpoint. */
function iface(at: Attachpoint, ...content: readonly Slot[]): XmlElement {
  const port = splitPort(at.port);
  return ios(port.type, ios.leaf('name', interfaceKey(port, at.vlan)), ...content);
}

/**
 * The interface entries of the intent, merged: the operator's own statements on a tenant
 * interface (addresses, …) stay. The agent's statements are replaced; `shutdown` is removed from
 * an enabled interface that exists. (Not on a new one: absent already means up — and yuma123
 * 2.13 wrongly creates a node for a `remove` inside a list entry created by the same edit.)
 */
function interfaces(intent: DeviceIntent, existing: ObservedDevice | undefined): XmlElement[] {
  const prefix = intent.ownershipPrefix;
  const arp = intent.arp?.ppsPerSource ?? null;
  const entries = new Map<string, { at: Attachpoint; content: Slot[] }>();
  const entry = (at: Attachpoint): Slot[] => {
    const key = `${at.port}.${at.vlan}`;
    const found = entries.get(key) ?? { at, content: [] };
    entries.set(key, found);
    return found.content;
  };
  for (const s of intent.subinterfaces) {
    const there = s.vlan === 0 || exists(existing, s.port, s.vlan, true);
    entry(s).push(
      ios.leaf('description', s.description),
      s.vlan > 0 && withOperation(ios('encapsulation', ios('dot1Q', ios.leaf('vlan-id', s.vlan))), 'replace'),
      s.enabled ? there && withOperation(ios('shutdown'), 'remove') : ios('shutdown'),
    );
  }
  for (const p of intent.policers) {
    const name = policyName(prefix, p.owner, XE_NAMES);
    entry(p.at).push(
      withOperation(pol('service-policy', pol.leaf('input', name), pol.leaf('output', name)), 'replace'),
      arp !== null && ios('ip', ios('arp', ios('inspection', withOperation(ios('limit', ios.leaf('rate', arp)), 'replace')))),
    );
  }
  return [...entries.values()].map(({ at, content }) => iface(at, ...content));
}

function removeSubinterface(s: SubinterfaceSpec): XmlElement {
  // The VLAN 0 routed port stays (with the operator's addresses): only the agent's leaves go.
  if (s.vlan === 0) return iface(s, withOperation(ios('description'), 'remove'), withOperation(ios('shutdown'), 'remove'));
  return withOperation(iface(s), 'remove');
}

function policyMap(prefix: string, p: PolicerSpec): XmlElement {
  return withOperation(pol('policy-map', pol.leaf('name', policyName(prefix, p.owner, XE_NAMES)),
    pol('class', pol.leaf('name', 'class-default'), pol('action-list', pol.leaf('action-type', 'police'),
      pol('police-policy-map', pol('police', pol.leaf('cir', p.rateBps), pol.leaf('bc', p.burstBytes), pol('actions',
        pol('conform-transmit', pol('conform-action', pol('transmit'))),
        pol('exceed-drop', pol('exceed-action', pol('drop'))))))))), 'replace');
}

function removeApplication(a: ApplicationRemoval): XmlElement {
  return iface(a.at, withOperation(pol('service-policy'), 'remove'), ios('ip', ios('arp', ios('inspection', withOperation(ios('limit'), 'remove')))));
}

function render(intent: DeviceIntent, removals: Removals = NO_REMOVALS, existing?: ObservedDevice): XmlElement {
  assertOwned(removals);
  const prefix = intent.ownershipPrefix;
  const gone = planRemovals(intent, removals, { oneApplicationPerAttachpoint: true });
  const entries = [...interfaces(intent, existing), ...removals.subinterfaces.map(removeSubinterface), ...gone.applications.map(removeApplication)];
  const maps = [
    ...intent.policers.map((p) => policyMap(prefix, p)),
    ...gone.policies.map((o) => withOperation(pol('policy-map', pol.leaf('name', policyName(prefix, o, XE_NAMES))), 'remove')),
  ];
  return configRoot([
    (entries.length > 0 || maps.length > 0) &&
      ios('native', entries.length > 0 && ios('interface', ...mergeSiblings(entries, XE_LISTS)), maps.length > 0 && ios('policy', ...maps)),
  ]);
}

function filter(_scope: ParseScope): XmlElement {
  // Subinterfaces are separate list entries (`0/0/1.100`), so the filter takes every Ethernet
  // interface and the parser keeps the scope's ports and their subinterfaces. The control-plane
  // service-policy and the class-maps are for `limits` (the operator's CoPP); `parse` ignores them.
  return subtreeFilter([ios('native', ios('interface'), ios('control-plane'), ios('policy', pol('policy-map'), pol('class-map')))]);
}

/** The `cisco-iosxe` platform driver. */
export const ciscoIosxeDriver: VendorDriver = {
  platform: 'cisco-iosxe',
  capabilities,
  transaction: { target: 'candidate', confirmedCommit: 'netconf', confirmTimeoutUnit: 'seconds', load: 'edit-config', verifyByReadBack: true },
  render,
  filter,
  parse: parseCiscoIosxe,
  limits: ciscoIosxeLimits,
  discover: ciscoIosxeDiscovery,
};
