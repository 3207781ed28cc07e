/**
 * Junos driver (configuration XML, loaded with `<load-configuration action="replace"
 * format="xml">` and committed with Junos' own confirmed commit, timeout in minutes): units with
 * `vlan-id` on `vlan-tagging` ports, one firewall policer per tenant (bandwidth-limit bit/s,
 * burst-size-limit bytes, discard) on `family inet policer input/output`, per-subscriber ARP
 * flow detection and an explicit ICMP aggregate in `system ddos-protection`. Units are merged (the
 * operator's addresses stay); the agent's policers and policer references carry replace="replace",
 * removals delete="delete" (Junos answers a warning, not an error, when already gone). `limits`
 * reads every ARP/ICMP limit of the reply, the operator's lo0 filters included (junos-limits.ts).
 */
import { junosDiscovery } from './junos-discover.js';
import type { Attachpoint, DeviceIntent, PolicerSpec, SubinterfaceSpec } from '../../policies/intent/model.js';
import { assertOwned, NO_REMOVALS, type DriverCapabilities, type ParseScope, type Removals, type VendorDriver } from '../driver.js';
import { element, type XmlElement } from '../netconf/xml.js';
import { checkPort, JUNOS_NAMES, junosRate } from './junos-ns.js';
import { junosLimits } from './junos-limits.js';
import { parseJunos } from './junos-parse.js';
import { policyName } from './names.js';
import { planRemovals, type ApplicationRemoval } from './removals.js';
import { builder, mergeSiblings, type ListKeys, subtreeFilter, type Slot } from './tree.js';

const j = builder('');
/** Keyed lists of the interfaces part (interface name, unit name). */
const JUNOS_LISTS: ListKeys = new Map([['interface', 1], ['unit', 1]]);

const capabilities: DriverCapabilities = {
  arpRateLimit: {
    level: 'per-source',
    reason: 'system ddos-protection protocols arp aggregate flow-level-bandwidth subscriber N with subscriber flow detection (MX with Trio MPCs; EX/QFX without flow detection keep only the aggregate ARP policer)',
  },
  icmpLimit: { level: 'explicit', reason: 'system ddos-protection protocols icmp aggregate bandwidth/burst (pps), set explicitly because defaults changed across releases' },
  perSubinterfaceStats: { level: 'always', reason: 'Junos counts every logical unit and policer without a switch' },
  policer: { level: 'per-tenant-policy', reason: 'one firewall policer per tenant (logical-interface-policer), bandwidth-limit in bit/s, burst-size-limit in bytes, on family inet input/output' },
};

/** Marks a Junos load attribute (`replace` or `delete`) on `el`. */
function mark(el: XmlElement, attr: 'replace' | 'delete'): XmlElement {
  el.attributes.push({ name: attr, namespace: '', value: attr });
  return el;
}

function unitOf(s: Attachpoint): XmlElement[] {
  return [j.leaf('name', s.vlan)];
}

function interfaces(intent: DeviceIntent): XmlElement[] {
  const ports = new Map<string, { tagged: boolean; units: Map<number, Slot[]> }>();
  const unit = (at: Attachpoint): Slot[] => {
    const port = ports.get(checkPort(at.port)) ?? { tagged: false, units: new Map<number, Slot[]>() };
    ports.set(at.port, port);
    port.tagged ||= at.vlan > 0;
    const content = port.units.get(at.vlan) ?? [];
    port.units.set(at.vlan, content);
    return content;
  };
  for (const s of intent.subinterfaces) {
    unit(s).push(j.leaf('description', s.description), s.vlan > 0 && j.leaf('vlan-id', s.vlan), s.enabled ? mark(j('disable'), 'delete') : j('disable'));
  }
  for (const p of intent.policers) {
    const name = policyName(intent.ownershipPrefix, p.owner, JUNOS_NAMES);
    unit(p.at).push(j('family', j('inet', mark(j('policer', j.leaf('input', name), j.leaf('output', name)), 'replace'))));
  }
  return [...ports.entries()].map(([port, { tagged, units }]) =>
    j('interface', j.leaf('name', port), tagged && j('vlan-tagging'),
      ...[...units.entries()].map(([vlan, content]) => j('unit', ...unitOf({ port, vlan }), ...content))));
}

function policer(prefix: string, p: PolicerSpec): XmlElement {
  return mark(j('policer', j.leaf('name', policyName(prefix, p.owner, JUNOS_NAMES)), j('logical-interface-policer'),
    j('if-exceeding', j.leaf('bandwidth-limit', junosRate(p.rateBps)), j.leaf('burst-size-limit', p.burstBytes)),
    j('then', j('discard'))), 'replace');
}

function ddos(intent: DeviceIntent): XmlElement | false {
  if (intent.arp === null && intent.icmp === null) return false;
  const arp = intent.arp !== null && j('arp', j('aggregate',
    j.leaf('flow-detection-mode', 'on'),
    j('flow-level-detection', j.leaf('subscriber', 'on')),
    j('flow-level-bandwidth', j.leaf('subscriber', intent.arp.ppsPerSource)),
    j('flow-level-control', j.leaf('subscriber', 'police'))));
  const icmp = intent.icmp !== null && j('icmp', j('aggregate', j.leaf('bandwidth', intent.icmp.pps), j.leaf('burst', intent.icmp.pps * 2)));
  return j('system', j('ddos-protection', intent.arp !== null && j('global', j('flow-detection')), j('protocols', arp, icmp)));
}

function removeSubinterface(s: SubinterfaceSpec): XmlElement {
  // The VLAN 0 unit stays (with the operator's addresses): only the agent's statements go.
  const content = s.vlan > 0 ? [] : [mark(j('description'), 'delete'), mark(j('disable'), 'delete')];
  const unit = j('unit', ...unitOf(s), ...content);
  return j('interface', j.leaf('name', checkPort(s.port)), s.vlan > 0 ? mark(unit, 'delete') : unit);
}

function removeApplication(a: ApplicationRemoval): XmlElement {
  return j('interface', j.leaf('name', checkPort(a.at.port)), j('unit', ...unitOf(a.at), j('family', j('inet', mark(j('policer'), 'delete')))));
}

function render(intent: DeviceIntent, removals: Removals = NO_REMOVALS): XmlElement {
  assertOwned(removals);
  const prefix = intent.ownershipPrefix;
  const gone = planRemovals(intent, removals, { oneApplicationPerAttachpoint: true });
  const ifs = [...interfaces(intent), ...removals.subinterfaces.map(removeSubinterface), ...gone.applications.map(removeApplication)];
  const policers = [
    ...intent.policers.map((p) => policer(prefix, p)),
    ...gone.policies.map((o) => mark(j('policer', j.leaf('name', policyName(prefix, o, JUNOS_NAMES))), 'delete')),
  ];
  return element('configuration', {
    children: [ddos(intent), ifs.length > 0 && j('interfaces', ...mergeSiblings(ifs, JUNOS_LISTS)), policers.length > 0 && j('firewall', ...policers)],
  });
}

function filter(scope: ParseScope): XmlElement {
  // lo0, the firewall filters, internet-options and the apply-groups are for `limits` (every ICMP
  // limit of the Routing Engine, and whether configuration groups may add some); `parse` ignores them.
  return subtreeFilter([j('configuration',
    j('apply-groups'),
    j('interfaces', j('apply-groups'), ...scope.ports.map((p) => j('interface', j.leaf('name', p))), j('interface', j.leaf('name', 'lo0'))),
    j('firewall', j('policer'), j('filter'), j('family', j('inet', j('filter')))),
    j('system', j('apply-groups'), j('ddos-protection'), j('internet-options', j('icmpv4-rate-limit'))))]);
}

/** The `junos` platform driver. */
export const junosDriver: VendorDriver = {
  platform: 'junos',
  capabilities,
  transaction: { target: 'candidate', confirmedCommit: 'junos', confirmTimeoutUnit: 'minutes', load: 'junos-load-configuration', verifyByReadBack: true },
  render,
  filter,
  parse: parseJunos,
  limits: junosLimits,
  discover: junosDiscovery,
};
