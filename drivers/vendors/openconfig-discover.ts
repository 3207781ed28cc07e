/**
 * OpenConfig discovery of the ports holding the agent's objects, whatever the ledger says: one
 * get-config of interface names with their subinterfaces' descriptions, and of the qos interface
 * applications (see OwnedDiscovery in drivers/driver.ts). Pure.
 */
import { ownerOfDescription } from '../../policies/intent/naming.js';
import type { OwnedDiscovery } from '../driver.js';
import type { XmlElement } from '../netconf/xml.js';
import { ownerOfPolicy } from './names.js';
import { OC_IF, OC_NAMES, OC_QOS } from './openconfig-ns.js';
import { all, builder, subtreeFilter, text } from './tree.js';

const ifc = builder(OC_IF);
const qos = builder(OC_QOS);

function filter(): XmlElement {
  const applied = (d: 'input' | 'output'): XmlElement => qos(d, qos('scheduler-policy', qos('config', qos('name'))));
  return subtreeFilter([
    ifc('interfaces', ifc('interface', ifc('name'), ifc('subinterfaces', ifc('subinterface', ifc('index'), ifc('config', ifc('description')))))),
    qos('qos', qos('interfaces', qos('interface', qos('interface-id'), qos('interface-ref'), applied('input'), applied('output')))),
  ]);
}

function ports(data: XmlElement, ownershipPrefix: string): string[] {
  const found = new Set<string>();
  for (const iface of all(data, OC_IF, 'interfaces', 'interface')) {
    const port = text(iface, OC_IF, 'name');
    if (port === undefined) continue;
    // Subinterface 0 carries the VLAN 0 tenant's description (the routed port's L3 part).
    const owned = all(iface, OC_IF, 'subinterfaces', 'subinterface').some((s) => ownerOfDescription(ownershipPrefix, text(s, OC_IF, 'config', 'description')) !== null);
    if (owned) found.add(port);
  }
  for (const qi of all(data, OC_QOS, 'qos', 'interfaces', 'interface')) {
    const port = text(qi, OC_QOS, 'interface-ref', 'config', 'interface');
    if (port === undefined) continue;
    const owned = (['input', 'output'] as const).some((d) => {
      const name = text(qi, OC_QOS, d, 'scheduler-policy', 'config', 'name');
      return name !== undefined && ownerOfPolicy(ownershipPrefix, name, OC_NAMES) !== null;
    });
    if (owned) found.add(port);
  }
  return [...found].sort();
}

/** Discovery of the `openconfig` driver. */
export const openconfigDiscovery: OwnedDiscovery = { filter, ports };
