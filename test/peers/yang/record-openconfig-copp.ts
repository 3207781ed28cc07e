/**
 * Re-records test/fixtures/vendors/openconfig/operator-copp-running.xml: the reply of the
 * openconfig netconfd (openconfig/public incl. openconfig-system-controlplane) to the openconfig
 * driver's get-config filter on a box holding its ports (seed.xml) and an operator's own
 * control-plane policy (operator-copp.xml). The driver unit tests read the operator's limits and
 * the foreign policy from it. Start the servers first (test/peers/yang/start.sh), then:
 *   npx tsx test/peers/yang/record-openconfig-copp.ts
 * It empties the box first (the shared cleanup payload) and empties it again after.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseXml } from '../../../drivers/netconf/xml-parse.js';
import { openconfigDriver } from '../../../drivers/vendors/openconfig.js';
import { repoRoot, sharedDir } from '../../support/peer.js';
import { connect, getConfig, push, cleanupPayload } from './push.js';
import { prettyXml } from '../../../agent/push/pretty-xml.js';

const shared = sharedDir();
if (shared === undefined) throw new Error('shared/ not found (set ECPA_SHARED)');
const dir = join(repoRoot, 'test', 'fixtures', 'vendors', 'openconfig');
const cleanup = cleanupPayload('openconfig');
const client = await connect(18831);
try {
  await push(client, cleanup);
  await push(client, parseXml(readFileSync(join(dir, 'seed.xml'), 'utf8')));
  await push(client, parseXml(readFileSync(join(dir, 'operator-copp.xml'), 'utf8')));
  const reply = await getConfig(client, openconfigDriver.filter({ ownershipPrefix: 'ecpa:', ports: ['Ethernet1', 'Ethernet2', 'Ethernet3', 'Ethernet4'] }));
  writeFileSync(join(dir, 'operator-copp-running.xml'), `${prettyXml(reply)}\n`);
  await push(client, cleanup);
  process.stdout.write('openconfig: recorded operator-copp-running.xml\n');
} finally {
  await client.closeSession();
}
