/**
 * Two tenants swapping one attachpoint in one edit: the removal of the old application must never
 * delete what the same edit (re)creates there. OpenConfig, IOS-XE and Junos hold one application
 * per attachpoint (the removal is dropped: the intent's replace overwrites it); Huawei keys each
 * application by its policy and holds one per direction (the old one is removed FIRST).
 */
import { describe, expect, it } from 'vitest';
import type { Platform } from '../../../../config/agent/model.js';
import type { Removals } from '../../../../drivers/driver.js';
import { serialize, type XmlElement } from '../../../../drivers/netconf/xml.js';
import { driverFor } from '../../../../drivers/registry.js';
import { planRemovals } from '../../../../drivers/vendors/removals.js';
import type { DeviceIntent, ObservedPolicer } from '../../../../policies/intent/model.js';
import { find, PORTS, removalPaths, rich } from './support.js';

const FRESH: Readonly<Record<Platform, string>> = { openconfig: 'Ethernet5', 'cisco-iosxe': 'GigabitEthernet0/0/5', 'huawei-vrp': 'GigabitEthernet0/3/5', junos: 'ge-0/0/5' };

/** The rich intent after the swap, and the removals the plan hands the driver (the two old applications). */
function swap(platform: Platform): { intent: DeviceIntent; removals: Removals; leaver: string; taker: string } {
  const { intent } = rich(platform);
  const access = PORTS[platform].access;
  const leaver = intent.policers.find((p) => p.at.port === access && p.at.vlan === 0);
  const taker = intent.policers.find((p) => p.owner === 'pc-rich0003');
  if (leaver === undefined || taker === undefined) throw new Error('rich intent lacks the explicit or the tagged tenant');
  const policers = intent.policers.map((p) => {
    if (p === leaver) return { ...p, at: { port: FRESH[platform], vlan: 0 } };
    if (p === taker) return { ...p, at: { port: access, vlan: 0 } };
    return p;
  });
  const old = (p: typeof leaver): ObservedPolicer => ({ owner: p.owner, rateBps: p.rateBps, burstBytes: p.burstBytes, at: p.at });
  return { intent: { ...intent, policers }, removals: { subinterfaces: [], policers: [old(leaver), old(taker)] }, leaver: leaver.owner, taker: taker.owner };
}

describe('planRemovals on an attachpoint swap', () => {
  it('drops the old application where the intent applies a policy, when one application per attachpoint', () => {
    const { intent, removals, taker } = swap('openconfig');
    const per = planRemovals(intent, removals, { oneApplicationPerAttachpoint: true });
    expect(per.policies).toEqual([]);
    expect(per.applications.map((a) => `${a.owner}@${a.at.port}.${a.at.vlan}`)).toEqual([`${taker}@Ethernet1.101`]);
    const keyed = planRemovals(intent, removals, { oneApplicationPerAttachpoint: false });
    expect(keyed.applications.map((a) => a.owner).sort()).toEqual(removals.policers.map((p) => p.owner).sort());
  });

  it('also drops the application of a deleted tenant whose attachpoint another tenant takes', () => {
    const { intent, removals, leaver } = swap('openconfig');
    const without = { ...intent, policers: intent.policers.filter((p) => p.owner !== leaver) };
    const r = planRemovals(without, removals, { oneApplicationPerAttachpoint: true });
    expect(r.policies).toEqual([leaver]);
    expect(r.applications.map((a) => a.at.port)).toEqual(['Ethernet1']);
  });
});

describe('a rendered swap never removes what it writes', () => {
  it.each([
    { platform: 'openconfig', expected: ['/config/qos/interfaces/interface[Ethernet1.101]'] },
    { platform: 'cisco-iosxe', expected: ['/config/native/interface/GigabitEthernet[0/0/1.101]/service-policy', '/config/native/interface/GigabitEthernet[0/0/1.101]/ip/arp/inspection/limit'] },
    { platform: 'junos', expected: ['/configuration/interfaces/interface[ge-0/0/1]/unit[101]/family/inet/policer'] },
  ] as const)('$platform removes only the old application the edit does not rewrite', ({ platform, expected }) => {
    const { intent, removals } = swap(platform);
    const driver = driverFor(platform);
    const without = new Set(removalPaths(driver.render(intent)));
    expect(removalPaths(driver.render(intent, removals)).filter((p) => !without.has(p))).toEqual(expected);
  });

  it('huawei-vrp removes the old applications on the taken port before it applies the new ones', () => {
    const { intent, removals, leaver, taker } = swap('huawei-vrp');
    const edit = driverFor('huawei-vrp').render(intent, removals);
    const port = find(edit, 'interface', PORTS['huawei-vrp'].access) as XmlElement;
    const applies = (find(port, 'traffic-policy-applys') as XmlElement).children.map((a) => {
      const op = a.attributes.find((x) => x.name === 'operation')?.value;
      return `${op} ${a.children[0]?.text} ${a.children[1]?.text}`;
    });
    expect(applies).toEqual([
      `remove ecpa_${leaver} inbound`, `remove ecpa_${leaver} outbound`,
      `replace ecpa_${taker} inbound`, `replace ecpa_${taker} outbound`,
    ]);
    // The taker's old place loses its application (an entry of its own).
    expect(serialize(find(edit, 'interface', `${PORTS['huawei-vrp'].circuitA}.101`) as XmlElement)).toContain(`<policy-name>ecpa_${taker}</policy-name>`);
  });
});
