/** Helpers of the driver unit tests: the rich intent per platform and a pure "apply to empty". */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Platform } from '../../../../config/agent/model.js';
import { scopeOf, type ParseScope } from '../../../../drivers/driver.js';
import { NS_BASE, type XmlElement } from '../../../../drivers/netconf/xml.js';
import { parseXml } from '../../../../drivers/netconf/xml-parse.js';
import { parseJunosNumber } from '../../../../drivers/vendors/junos-ns.js';
import { buildIntents } from '../../../../policies/intent/build.js';
import type { DeviceIntent } from '../../../../policies/intent/model.js';
import { REMOVED_PORTS, RICH_PUSH, richDevice, richLedger, type RichPorts } from '../../../fixtures/vendors/rich.js';
import { repoRoot } from '../../../support/peer.js';

/** Port names per platform (the same as the conformance suite and the recorded fixtures). */
export const PORTS: Readonly<Record<Platform, RichPorts>> = {
  openconfig: { circuitA: 'Ethernet1', circuitB: 'Ethernet2', circuitC: 'Ethernet4', access: 'Ethernet3' },
  'cisco-iosxe': { circuitA: 'GigabitEthernet0/0/1', circuitB: 'TenGigabitEthernet0/1/0', circuitC: 'GigabitEthernet0/0/4', access: 'GigabitEthernet0/0/3' },
  'huawei-vrp': { circuitA: 'GigabitEthernet0/3/1', circuitB: '100GE0/5/0', circuitC: 'GigabitEthernet0/3/4', access: 'GigabitEthernet0/3/3' },
  junos: { circuitA: 'ge-0/0/1', circuitB: 'xe-0/1/0', circuitC: 'ge-0/0/4', access: 'ge-0/0/3' },
};

/** The rich intent of a platform (optionally without the removal case's ports) and its parse scope. */
export function rich(platform: Platform, without: readonly string[] = []): { intent: DeviceIntent; scope: ParseScope } {
  const ports = PORTS[platform];
  const [intent] = buildIntents(richLedger('dut', ports, without), [richDevice('dut', platform)], RICH_PUSH);
  if (intent === undefined) throw new Error('no intent');
  return { intent, scope: scopeOf(intent, [ports.circuitA, ports.circuitB, ports.circuitC, ports.access]) };
}

export { REMOVED_PORTS };

/** A recorded device reply from test/fixtures/vendors/<platform>/. */
export function recorded(platform: Platform, file: string): XmlElement {
  return parseXml(readFileSync(join(repoRoot, 'test', 'fixtures', 'vendors', platform, file), 'utf8'));
}

function removes(el: XmlElement): boolean {
  return el.attributes.some((a) =>
    (a.name === 'operation' && a.namespace === NS_BASE && (a.value === 'remove' || a.value === 'delete')) ||
    (a.name === 'delete' && a.namespace === '' && a.value === 'delete'));
}

/** The edit applied to an empty datastore: elements marked for removal dropped, the rest kept. */
export function appliedToEmpty(edit: XmlElement): XmlElement {
  return { ...edit, attributes: [], children: edit.children.filter((c) => !removes(c)).map(appliedToEmpty) };
}

/** Paths (element names joined by `/`, list entries labelled by their first leaf) of elements marked for removal. */
export function removalPaths(edit: XmlElement, path = ''): string[] {
  const first = edit.children[0];
  const here = `${path}/${edit.name}${first !== undefined && first.children.length === 0 && edit.children.length > 1 ? `[${first.text}]` : ''}`;
  if (removes(edit)) return [`${path}/${edit.name}${first !== undefined && first.children.length === 0 ? `[${first.text}]` : ''}`];
  return edit.children.flatMap((c) => removalPaths(c, here));
}

/** The first element named `name` anywhere under `el` whose first child leaf has text `key` (or any, when omitted). */
export function find(el: XmlElement, name: string, key?: string): XmlElement | undefined {
  if (el.name === name && (key === undefined || el.children[0]?.text === key)) return el;
  for (const c of el.children) {
    const hit = find(c, name, key);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/** A copy of `el` with every element moved to namespace `ns` (Junos: xnm reply vs plain payload). */
export function inNamespace(el: XmlElement, ns: string): XmlElement {
  return { ...el, namespace: ns, attributes: [], children: el.children.map((c) => inNamespace(c, ns)) };
}

/** A copy with Junos bandwidth-limit / burst-size-limit values spelled as plain integers. */
export function junosNumbers(el: XmlElement): XmlElement {
  const text = el.name === 'bandwidth-limit' || el.name === 'burst-size-limit' ? String(parseJunosNumber(el.text, el.name)) : el.text;
  return { ...el, text, children: el.children.map(junosNumbers) };
}
