/**
 * The operator-statement faults in each platform's own configuration model, read back two ways:
 * by the platform driver (what the agent sees: a second, unowned subinterface on the tenant's VLAN)
 * and by the lab device itself (names and ifMtu for its interface table).
 */
import { describe, expect, it } from 'vitest';
import type { Platform } from '../../../config/agent/model.js';
import { scopeOf } from '../../../drivers/driver.js';
import { element } from '../../../drivers/netconf/xml.js';
import { HW_IFM } from '../../../drivers/vendors/huawei-vrp-ns.js';
import { builder, configRoot } from '../../../drivers/vendors/tree.js';
import { driverFor } from '../../../drivers/registry.js';
import type { DeviceIntent } from '../../../policies/intent/model.js';
import { applyEdit } from '../netconf/datastore.js';
import { seededConfig } from './device.js';
import { labView } from './interfaces.js';
import { keyMapFor } from './keymaps.js';
import { withOperatorConfig } from './operator-config.js';
import { configuredInterfaces, defaultInterfaces, LAB_MTU_DEFAULTS } from './platform-interfaces.js';
import type { LabFault } from './scenario.js';

const PORTS: Readonly<Record<Platform, string>> = {
  openconfig: 'Ethernet1/1',
  'huawei-vrp': 'XGigabitEthernet0/0/1',
  'cisco-iosxe': 'TenGigabitEthernet1/0/1',
  junos: 'xe-0/0/1',
};
const PREFIX = 'ecpa:';

function intentFor(platform: Platform): DeviceIntent {
  const port = PORTS[platform];
  const ref = (id: string, vlan: number) => ({ sharedPortId: id, tenant: '1', circuitId: 'c1', vlan, status: 'enabled' as const });
  const sub = (id: string, vlan: number) => ({ ref: ref(id, vlan), port, vlan, description: `${PREFIX}${id} tenant=1`, enabled: true, statistics: true });
  return {
    device: 'sw1',
    platform,
    ownershipPrefix: PREFIX,
    subinterfaces: [sub('p1', 201), sub('p2', 202)],
    policers: [{ ref: ref('p1', 201), owner: 'p1', rateBps: 200e6, burstBytes: 125_000, at: { port, vlan: 201 } }],
    arp: null,
    icmp: null,
  };
}

function seeded(platform: Platform, faults: readonly LabFault[]) {
  const intent = intentFor(platform);
  return withOperatorConfig(platform, seededConfig(driverFor(platform), intent, platform), intent, faults, keyMapFor(platform));
}

const PLATFORMS: readonly Platform[] = ['openconfig', 'huawei-vrp', 'cisco-iosxe', 'junos'];

describe('operator statements in the seeded configuration', () => {
  it.each(PLATFORMS)('%s: a duplicate VLAN is a second, differently numbered subinterface the driver reads as unowned', (platform) => {
    const port = PORTS[platform];
    const data = seeded(platform, [{ kind: 'duplicate-vlan', device: 'sw1', port, vlan: 201, description: 'manual <test> circuit' }]);
    const observed = driverFor(platform).parse(data, scopeOf(intentFor(platform)));
    expect(observed.subinterfaces.filter((s) => s.vlan === 201).map((s) => [s.port, s.owner, s.description]))
      .toEqual([[port, 'p1', `${PREFIX}p1 tenant=1`], [port, null, 'manual <test> circuit']]);
    // The tenant's own objects are untouched.
    expect(observed.policers.map((p) => [p.owner, p.at])).toEqual([['p1', { port, vlan: 201 }]]);
    const config = configuredInterfaces(platform, data, [port]);
    expect(config.subinterfaces.map((s) => [s.name, s.vlan, s.description])).toEqual(expect.arrayContaining([
      [`${port}.201`, 201, `${PREFIX}p1 tenant=1`],
      [`${port}.1201`, 201, 'manual <test> circuit'],
    ]));
    const view = labView(observed, [port], 10_000, config);
    expect(view.interfaces.filter((i) => i.parent === port).map((i) => [i.name, i.alias])).toEqual([
      [`${port}.1201`, 'manual <test> circuit'],
      [`${port}.201`, `${PREFIX}p1 tenant=1`],
      [`${port}.202`, `${PREFIX}p2 tenant=1`],
    ]);
    expect([...view.policers.keys()]).toEqual([`${port}.201`]);
  });

  it.each(PLATFORMS)('%s: ifMtu defaults, and a small-mtu port whose subinterfaces carry the given MTU', (platform) => {
    const port = PORTS[platform];
    const plain = configuredInterfaces(platform, seeded(platform, []), [port, 'other']);
    const d = LAB_MTU_DEFAULTS[platform];
    expect(plain.portMtu.get(port)).toBe(d.port);
    expect(plain.portMtu.get('other')).toBe(platform === 'junos' ? 1514 + 4 : d.port);
    expect(plain.subinterfaces.map((s) => s.mtu)).toEqual([d.subinterface, d.subinterface]);
    const small = configuredInterfaces(platform, seeded(platform, [{ kind: 'small-mtu', device: 'sw1', port, mtu: 1400 }]), [port]);
    expect(small.subinterfaces.map((s) => [s.name, s.mtu])).toEqual([[`${port}.201`, 1400], [`${port}.202`, 1400]]);
    // Junos reports the media MTU of the port: the IP MTU plus the Ethernet header and the VLAN tag.
    expect(small.portMtu.get(port)).toBe(platform === 'junos' ? 1418 : 1400);
    expect(small.inheritedMtu.get(port)).toBe(1400);
  });

  it('huawei-vrp: a main-interface MTU without `mtu spread` leaves the subinterfaces at 1500', () => {
    const port = PORTS['huawei-vrp'];
    const data = seeded('huawei-vrp', []);
    const ifm = builder(HW_IFM);
    applyEdit(data, configRoot([ifm('ifm', ifm('interfaces', ifm('interface', ifm.leaf('name', port), ifm.leaf('mtu', 1400))))]), 'merge', keyMapFor('huawei-vrp'));
    const config = configuredInterfaces('huawei-vrp', data, [port]);
    expect(config.portMtu.get(port)).toBe(1400);
    expect(config.subinterfaces.map((s) => s.mtu)).toEqual([1500, 1500]);
  });

  it('junos: a port without vlan-tagging has a media MTU of 1514 and units of 1500', () => {
    const data = element('data', { children: [element('configuration', { children: [builder('')('interfaces', builder('')('interface', builder('').leaf('name', 'ge-0/0/9')))] })] });
    expect(configuredInterfaces('junos', data, ['ge-0/0/9']).portMtu.get('ge-0/0/9')).toBe(1514);
  });

  it('a device without a readable configuration shows the platform defaults', () => {
    expect(defaultInterfaces('openconfig', ['Et1']).portMtu.get('Et1')).toBe(9216);
    expect(defaultInterfaces('cisco-iosxe', ['Gi1']).inheritedMtu.get('Gi1')).toBe(1500);
  });

  it('numbers a copy on another port like the tenant\'s, and refuses faults it cannot represent as stated', () => {
    const port = PORTS.openconfig;
    const other = seeded('openconfig', [{ kind: 'duplicate-vlan', device: 'sw1', port: 'Ethernet1/2', vlan: 201 }]);
    expect(configuredInterfaces('openconfig', other, ['Ethernet1/2']).subinterfaces.map((s) => [s.name, s.description])).toEqual([['Ethernet1/2.201', 'manual test circuit vlan 201']]);
    expect(() => seeded('openconfig', [{ kind: 'duplicate-vlan', device: 'sw1', port, vlan: 999 }])).toThrow(/no tenant of sw1 has VLAN 999/);
    expect(() => seeded('openconfig', [{ kind: 'duplicate-vlan', device: 'sw1', port, vlan: 201, number: 202 }])).toThrow(/subinterface number 202 is taken/);
    expect(() => seeded('openconfig', [{ kind: 'duplicate-vlan', device: 'sw1', port, vlan: 201, number: 5000 }])).toThrow(/5000 is not in 1\.\.4096/);
    expect(() => seeded('openconfig', [{ kind: 'duplicate-vlan', device: 'sw1', port, vlan: 201, description: 'ecpa:p9 x' }])).toThrow(/carries the ownership prefix/);
    expect(() => seeded('openconfig', [{ kind: 'small-mtu', device: 'sw1', port, mtu: 20 }])).toThrow(/small-mtu on sw1 Ethernet1\/1: mtu 20 is not an integer in 68\.\.9216/);
    // Faults of another device change nothing.
    const intent = intentFor('openconfig');
    const base = seededConfig(driverFor('openconfig'), intent, 'openconfig');
    expect(withOperatorConfig('openconfig', base, intent, [{ kind: 'small-mtu', device: 'sw2', port, mtu: 1400 }], keyMapFor('openconfig'))).toBe(base);
  });
});
