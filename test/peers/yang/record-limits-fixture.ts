/**
 * Re-records test/fixtures/vendors/cisco-iosxe/copp-running.xml: the reply of the cisco-xe netconfd
 * (IOS-XE 26.1.1 native + policy YANG) to the cisco-iosxe driver's get-config filter after
 * copp-edit.xml (an operator CoPP and a DAI limit) is committed on an emptied box. Start the
 * servers first (test/peers/yang/start.sh), then:
 *   npx tsx test/peers/yang/record-limits-fixture.ts
 * It empties the box's native tree (the shared cleanup payload) and removes the CoPP again after.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseXml } from '../../../drivers/netconf/xml-parse.js';
import { ciscoIosxeDriver } from '../../../drivers/vendors/cisco-iosxe.js';
import { repoRoot, sharedDir } from '../../support/peer.js';
import { connect, getConfig, push, cleanupPayload } from './push.js';
import { prettyXml } from '../../../agent/push/pretty-xml.js';

const shared = sharedDir();
if (shared === undefined) throw new Error('shared/ not found (set ECPA_SHARED)');
const dir = join(repoRoot, 'test', 'fixtures', 'vendors', 'cisco-iosxe');
const client = await connect(18832);
try {
  await push(client, cleanupPayload('cisco-xe'));
  await push(client, parseXml(readFileSync(join(dir, 'copp-edit.xml'), 'utf8')));
  const reply = await getConfig(client, ciscoIosxeDriver.filter({ ownershipPrefix: 'ecpa:', ports: [] }));
  writeFileSync(join(dir, 'copp-running.xml'), `${prettyXml(reply)}\n`);
  await push(client, parseXml(readFileSync(join(dir, 'copp-remove.xml'), 'utf8')));
  process.stdout.write('cisco-iosxe: recorded copp-running.xml\n');
} finally {
  await client.closeSession();
}
