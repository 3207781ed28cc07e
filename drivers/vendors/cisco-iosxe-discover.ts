/**
 * Cisco IOS-XE discovery of the ports holding the agent's objects, whatever the ledger says: one
 * get-config of every Ethernet interface entry's name, description and service-policy (see
 * OwnedDiscovery in drivers/driver.ts). Pure.
 */
import { ownerOfDescription } from '../../policies/intent/naming.js';
import type { OwnedDiscovery } from '../driver.js';
import type { XmlElement } from '../netconf/xml.js';
import { XE_ETHERNET_TYPES, XE_NAMES, XE_NATIVE, XE_POLICY } from './cisco-iosxe-ns.js';
import { ownerOfPolicy } from './names.js';
import { all, at, builder, subtreeFilter, text } from './tree.js';

const ios = builder(XE_NATIVE);
const pol = builder(XE_POLICY);

function filter(): XmlElement {
  return subtreeFilter([ios('native', ios('interface', ...XE_ETHERNET_TYPES.map((t) => ios(t, ios('name'), ios('description'), pol('service-policy')))))]);
}

function ports(data: XmlElement, ownershipPrefix: string): string[] {
  const found = new Set<string>();
  const ifs = at(data, XE_NATIVE, 'native', 'interface');
  for (const type of XE_ETHERNET_TYPES) {
    for (const el of all(ifs, XE_NATIVE, type)) {
      const name = text(el, XE_NATIVE, 'name');
      if (name === undefined) continue;
      // `0/0/1` is the port, `0/0/1.100` one of its subinterfaces (as the parser reads them).
      const port = `${type}${name.split('.', 1)[0] ?? ''}`;
      const described = ownerOfDescription(ownershipPrefix, text(el, XE_NATIVE, 'description')) !== null;
      const applied = (['input', 'output'] as const).some((d) => {
        const policy = text(el, XE_POLICY, 'service-policy', d);
        return policy !== undefined && ownerOfPolicy(ownershipPrefix, policy, XE_NAMES) !== null;
      });
      if (described || applied) found.add(port);
    }
  }
  return [...found].sort();
}

/** Discovery of the `cisco-iosxe` driver. */
export const ciscoIosxeDiscovery: OwnedDiscovery = { filter, ports };
