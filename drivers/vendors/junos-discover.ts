/**
 * Junos discovery of the ports holding the agent's objects, whatever the ledger says: one
 * get-config of every interface's units with their descriptions and `family inet policer`
 * references (see OwnedDiscovery in drivers/driver.ts). Pure.
 */
import { ownerOfDescription } from '../../policies/intent/naming.js';
import { DriverError, type OwnedDiscovery } from '../driver.js';
import type { XmlElement } from '../netconf/xml.js';
import { JUNOS_NAMES } from './junos-ns.js';
import { ownerOfPolicy } from './names.js';
import { all, builder, subtreeFilter, text } from './tree.js';

const j = builder('');

function filter(): XmlElement {
  return subtreeFilter([j('configuration', j('interfaces', j('interface', j('name'),
    j('unit', j('name'), j('description'), j('family', j('inet', j('policer')))))))]);
}

/** `<configuration>`: the element itself, or a child of `<data>` / `<rpc-reply>` (as junos-parse finds it). */
function configurationOf(root: XmlElement): XmlElement {
  if (root.name === 'configuration') return root;
  for (const c of root.children) {
    if (c.name === 'configuration') return c;
    const inner = c.name === 'data' ? c.children.find((d) => d.name === 'configuration') : undefined;
    if (inner !== undefined) return inner;
  }
  // get-config answers an empty <data/> when nothing matches (a box with no interfaces).
  if (root.name === 'data' && root.children.length === 0) return root;
  throw new DriverError('PARSE_FAILED', `no <configuration> in <${root.name}>`);
}

function ports(data: XmlElement, ownershipPrefix: string): string[] {
  const cfg = configurationOf(data);
  const ns = cfg.namespace; // '' or the xnm namespace, inherited by every child
  const found = new Set<string>();
  for (const iface of all(cfg, ns, 'interfaces', 'interface')) {
    const port = text(iface, ns, 'name');
    if (port === undefined) continue;
    const owned = all(iface, ns, 'unit').some((u) =>
      ownerOfDescription(ownershipPrefix, text(u, ns, 'description')) !== null ||
      (['input', 'output'] as const).some((d) => {
        const policer = text(u, ns, 'family', 'inet', 'policer', d);
        return policer !== undefined && ownerOfPolicy(ownershipPrefix, policer, JUNOS_NAMES) !== null;
      }));
    if (owned) found.add(port);
  }
  return [...found].sort();
}

/** Discovery of the `junos` driver. */
export const junosDiscovery: OwnedDiscovery = { filter, ports };
