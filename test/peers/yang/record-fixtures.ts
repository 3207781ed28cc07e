/**
 * Re-records test/fixtures/vendors/<platform>/rich-running.xml and rich-after-removal.xml from the
 * vendor-YANG netconfd servers (start them first with test/peers/yang/start.sh):
 *   npx tsx test/peers/yang/record-fixtures.ts [platform…]     (default: every platform)
 * The driver unit tests parse these recorded replies. (Junos has no server here: its fixtures are
 * written from the Junos XML API, see docs/platforms.md.)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NO_REMOVALS, scopeOf } from '../../../drivers/driver.js';
import { serialize } from '../../../drivers/netconf/xml.js';
import { driverFor } from '../../../drivers/registry.js';
import { buildIntents } from '../../../policies/intent/build.js';
import { REMOVED_PORTS, RICH_PUSH, richDevice, richLedger } from '../../fixtures/vendors/rich.js';
import { repoRoot, sharedDir } from '../../support/peer.js';
import { CASES, casePorts } from './cases.js';
import { connect, getConfig, push, resetToSeed } from './push.js';
import { prettyXml } from '../../../agent/push/pretty-xml.js';

const shared = sharedDir();
if (shared === undefined) throw new Error('shared/ not found (set ECPA_SHARED)');
const only = process.argv.slice(2);
for (const c of CASES.filter((x) => only.length === 0 || only.includes(x.platform))) {
  const driver = driverFor(c.platform);
  const build = (without: readonly string[]) => buildIntents(richLedger('dut', c.ports, without), [richDevice('dut', c.platform)], RICH_PUSH)[0];
  const full = build([]);
  const smaller = build(REMOVED_PORTS);
  if (full === undefined || smaller === undefined) throw new Error('no intent');
  const scope = scopeOf(full, casePorts(c));
  const client = await connect(c.port);
  try {
    await resetToSeed(client, c.vendor, c.platform);
    const read = async () => driver.parse(await getConfig(client, driver.filter(scope)), scope);
    await push(client, driver.render(full, NO_REMOVALS, await read()));
    const dir = join(repoRoot, 'test', 'fixtures', 'vendors', c.platform);
    writeFileSync(join(dir, 'rich-running.xml'), `${prettyXml(await getConfig(client, driver.filter(scope)))}\n`);
    const seen = await read();
    const gone = {
      subinterfaces: seen.subinterfaces.filter((s) => s.owner !== null && REMOVED_PORTS.includes(s.owner)),
      policers: seen.policers.filter((p) => REMOVED_PORTS.includes(p.owner)),
    };
    await push(client, driver.render(smaller, gone, seen));
    writeFileSync(join(dir, 'rich-after-removal.xml'), `${prettyXml(await getConfig(client, driver.filter(scope)))}\n`);
    process.stdout.write(`${c.platform}: recorded (${serialize(driver.filter(scope)).length} bytes of filter)\n`);
  } finally {
    await client.closeSession();
  }
}
