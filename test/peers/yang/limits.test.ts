/**
 * The cisco-iosxe driver's `limits` against netconfd loaded with the IOS-XE 26.1.1 native + policy
 * YANG (test/peers/yang/start.sh): an operator's control-plane policing — class-maps, a policy-map
 * with `police rate 300 pps` on an ICMP class, `control-plane / service-policy input` — and a DAI
 * limit on an operator port (test/fixtures/vendors/cisco-iosxe/copp-edit.xml) must be accepted and
 * committed by the vendor schema, and a get-config with the driver's own filter must bring back
 * everything `limits` needs: the 300 pps control-plane limit with its path. Only the objects of the
 * edit are touched (copp-remove.xml takes them away again), so the box's other content stays.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceLimits, ParseScope } from '../../../drivers/driver.js';
import type { NetconfClient } from '../../../drivers/netconf/client.js';
import { parseXml } from '../../../drivers/netconf/xml-parse.js';
import { CAT9K_FORUS_DEFAULT } from '../../../drivers/vendors/cisco-iosxe-limits.js';
import { ciscoIosxeDriver as driver } from '../../../drivers/vendors/cisco-iosxe.js';
import { peerAvailable, repoRoot } from '../../support/peer.js';
import { connect, getConfig, push } from './push.js';

const PORT = 18832; // cisco-xe, see cases.ts
const available = await peerAvailable('yang', async () => {
  const client = await connect(PORT);
  await client.closeSession();
  return true;
});

const fixture = (file: string) => parseXml(readFileSync(join(repoRoot, 'test', 'fixtures', 'vendors', 'cisco-iosxe', file), 'utf8'));
const scope: ParseScope = { ownershipPrefix: 'ecpa:', ports: ['GigabitEthernet0/0/7'] };
const COPP = 'native/control-plane/service-policy/input[OPERATOR-COPP] → native/policy/policy-map[OPERATOR-COPP]';

describe.runIf(available)('cisco-iosxe limits against netconfd with the IOS-XE native + policy YANG (port 18832)', () => {
  let client: NetconfClient;
  const read = async (): Promise<DeviceLimits> => {
    const limits = driver.limits?.(await getConfig(client, driver.filter(scope)), scope);
    if (limits === undefined) throw new Error('the cisco-iosxe driver has no limits()');
    return limits;
  };

  beforeAll(async () => {
    client = await connect(PORT);
    await push(client, fixture('copp-remove.xml'));
  });
  afterAll(async () => {
    await push(client, fixture('copp-remove.xml')).catch(() => undefined);
    await client.closeSession();
  });

  it('commits an operator CoPP and reads its 300 pps ICMP class back with the path, through the driver filter', async () => {
    const before = await read();
    expect(before.icmp).toEqual([CAT9K_FORUS_DEFAULT]);

    await push(client, fixture('copp-edit.xml'));
    const limits = await read();
    expect(limits.icmp.map((l) => [l.pps, l.scope, l.origin, l.source])).toEqual([
      [7812, 'control-plane', 'configured', `${COPP}/class[OPERATOR-MGMT]/action-list[police]/police-policy-map/police/cir`],
      [300, 'control-plane', 'configured', `${COPP}/class[OPERATOR-ICMP]/action-list[police]/police-rate-unit/police/rate/units`],
      [4000, 'control-plane', 'platform-default', CAT9K_FORUS_DEFAULT.source],
    ]);
    expect(limits.icmp[0]?.note).toContain('possibly ICMP: class-map OPERATOR-MGMT match-all: match access-group name MGMT-ACL (the ACL is not read');
    expect(limits.icmp[0]?.note).toContain('8000000 bit/s converted at 128 bytes per echo request');
    expect(limits.icmp[1]?.note).toBe('carries ICMP: class-map OPERATOR-ICMP match-any: match protocol icmp');
    expect(limits.icmpCoverage.complete).toBe(true);
    expect(limits.arp).toContainEqual({ scope: 'per-port', pps: 300, at: { port: 'GigabitEthernet0/0/7', vlan: 0 }, source: 'native/interface/GigabitEthernet[name=0/0/7]/ip/arp/inspection/limit/rate' });
    // The recorded reply the unit tests read is what this server answers.
    const recorded = driver.limits?.(fixture('copp-running.xml'), scope);
    expect(recorded?.icmp).toEqual(limits.icmp);
    // The plan's parse is unchanged: the operator's CoPP and port are not the agent's.
    expect(driver.parse(fixture('copp-running.xml'), scope)).toEqual({ subinterfaces: [], policers: [], arp: null, icmp: null });

    await push(client, fixture('copp-remove.xml'));
    expect((await read()).icmp).toEqual([CAT9K_FORUS_DEFAULT]);
  });
});
