/**
 * Huawei VRP discovery of the ports holding the agent's objects, whatever the ledger says: one
 * get-config of every huawei-ifm interface's name, class, parent and description, and of the
 * traffic-policy-apply entries on it (see OwnedDiscovery in drivers/driver.ts). Pure.
 */
import { ownerOfDescription } from '../../policies/intent/naming.js';
import type { OwnedDiscovery } from '../driver.js';
import type { XmlElement } from '../netconf/xml.js';
import { HW_IFM, HW_NAMES, HW_QOS } from './huawei-vrp-ns.js';
import { ownerOfPolicy } from './names.js';
import { all, at, builder, subtreeFilter, text } from './tree.js';

const ifm = builder(HW_IFM);
const qos = builder(HW_QOS);

function filter(): XmlElement {
  return subtreeFilter([ifm('ifm', ifm('interfaces', ifm('interface',
    ifm('name'), ifm('class'), ifm('parent-name'), ifm('description'),
    qos('qos', qos('traffic-policy-applys', qos('traffic-policy-apply', qos('policy-name'))))))),
  ]);
}

function ports(data: XmlElement, ownershipPrefix: string): string[] {
  const found = new Set<string>();
  for (const el of all(data, HW_IFM, 'ifm', 'interfaces', 'interface')) {
    const name = text(el, HW_IFM, 'name');
    if (name === undefined) continue;
    // Subinterfaces are flat entries: their port is the parent (as the parser reads them).
    const parent = text(el, HW_IFM, 'parent-name');
    const port = text(el, HW_IFM, 'class') === 'sub-interface' && parent !== undefined ? parent : name;
    const described = ownerOfDescription(ownershipPrefix, text(el, HW_IFM, 'description')) !== null;
    const applied = all(at(el, HW_QOS, 'qos'), HW_QOS, 'traffic-policy-applys', 'traffic-policy-apply').some((a) => {
      const policy = text(a, HW_QOS, 'policy-name');
      return policy !== undefined && ownerOfPolicy(ownershipPrefix, policy, HW_NAMES) !== null;
    });
    if (described || applied) found.add(port);
  }
  return [...found].sort();
}

/** Discovery of the `huawei-vrp` driver. */
export const huaweiVrpDiscovery: OwnedDiscovery = { filter, ports };
