/**
 * Re-records test/fixtures/vendors/<platform>/rich-running.xml and rich-after-removal.xml from the
 * vendor-YANG netconfd servers (start them first with test/peers/yang/start.sh):
 *   npx tsx test/peers/yang/record-fixtures.ts
 * The driver unit tests parse these recorded replies. (Junos has no server here: its fixtures are
 * written from the Junos XML API, see docs/platforms.md.)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NO_REMOVALS, scopeOf } from '../../../drivers/driver.js';
import { escapeText, serialize, type XmlElement } from '../../../drivers/netconf/xml.js';
import { parseXml } from '../../../drivers/netconf/xml-parse.js';
import { driverFor } from '../../../drivers/registry.js';
import { buildIntents } from '../../../policies/intent/build.js';
import { REMOVED_PORTS, RICH_PUSH, richDevice, richLedger } from '../../fixtures/vendors/rich.js';
import { repoRoot, sharedDir } from '../../support/peer.js';
import { CASES } from './cases.js';
import { connect, getConfig, push } from './push.js';

/** Indented XML: namespaces declared where they change, as a device would print them. */
function pretty(el: XmlElement, indent = '', parentNs = ''): string {
  const ns = el.namespace !== parentNs ? ` xmlns="${el.namespace}"` : '';
  if (el.children.length === 0) return `${indent}<${el.name}${ns}>${escapeText(el.text)}</${el.name}>`.replace(`<${el.name}${ns}></${el.name}>`, `<${el.name}${ns}/>`);
  return [`${indent}<${el.name}${ns}>`, ...el.children.map((c) => pretty(c, `${indent}  `, el.namespace)), `${indent}</${el.name}>`].join('\n');
}

const shared = sharedDir();
if (shared === undefined) throw new Error('shared/ not found (set ECPA_SHARED)');
for (const c of CASES) {
  const driver = driverFor(c.platform);
  const build = (without: readonly string[]) => buildIntents(richLedger('dut', c.ports, without), [richDevice('dut', c.platform)], RICH_PUSH)[0];
  const full = build([]);
  const smaller = build(REMOVED_PORTS);
  if (full === undefined || smaller === undefined) throw new Error('no intent');
  const scope = scopeOf(full, [c.ports.circuitA, c.ports.circuitB, c.ports.circuitC, c.ports.access]);
  const client = await connect(c.port);
  try {
    await push(client, parseXml(readFileSync(join(shared, 'yang', 'payloads', c.vendor, 'cleanup.xml'), 'utf8')));
    await push(client, parseXml(readFileSync(join(repoRoot, 'test', 'fixtures', 'vendors', c.platform, 'seed.xml'), 'utf8')));
    const read = async () => driver.parse(await getConfig(client, driver.filter(scope)), scope);
    await push(client, driver.render(full, NO_REMOVALS, await read()));
    const dir = join(repoRoot, 'test', 'fixtures', 'vendors', c.platform);
    writeFileSync(join(dir, 'rich-running.xml'), `${pretty(await getConfig(client, driver.filter(scope)))}\n`);
    const seen = await read();
    const gone = {
      subinterfaces: seen.subinterfaces.filter((s) => s.owner !== null && REMOVED_PORTS.includes(s.owner)),
      policers: seen.policers.filter((p) => REMOVED_PORTS.includes(p.owner)),
    };
    await push(client, driver.render(smaller, gone, seen));
    writeFileSync(join(dir, 'rich-after-removal.xml'), `${pretty(await getConfig(client, driver.filter(scope)))}\n`);
    process.stdout.write(`${c.platform}: recorded (${serialize(driver.filter(scope)).length} bytes of filter)\n`);
  } finally {
    await client.closeSession();
  }
}
