/** Per-platform rendering rules: units, names, port names, removal scope, parse errors. */
import { describe, expect, it } from 'vitest';
import { DriverError } from '../../../../drivers/driver.js';
import { element, type XmlElement } from '../../../../drivers/netconf/xml.js';
import { buildRegistry, driverFor } from '../../../../drivers/registry.js';
import { JUNOS_NAMES, junosRate, parseJunosNumber } from '../../../../drivers/vendors/junos-ns.js';
import { ownerOfPolicy, policyName } from '../../../../drivers/vendors/names.js';
import { HW_NAMES } from '../../../../drivers/vendors/huawei-vrp-ns.js';
import { XE_NAMES } from '../../../../drivers/vendors/cisco-iosxe-ns.js';
import { OC_NAMES } from '../../../../drivers/vendors/openconfig-ns.js';
import type { Platform } from '../../../../config/agent/model.js';
import type { DeviceIntent } from '../../../../policies/intent/model.js';
import { find, recorded, removalPaths, REMOVED_PORTS, rich } from './support.js';

function onePolicer(platform: Platform, bps: number, port: string, vlan = 100): DeviceIntent {
  const ref = { sharedPortId: 'pc-t1', tenant: '1', circuitId: 'c', vlan, status: 'enabled' as const };
  return {
    device: 'd', platform, ownershipPrefix: 'ecpa:', arp: null, icmp: null,
    subinterfaces: [{ ref, port, vlan, description: 'ecpa:pc-t1 tenant=1', enabled: true, statistics: true }],
    policers: [{ ref, owner: 'pc-t1', rateBps: bps, burstBytes: bps / 80, at: { port, vlan } }],
  };
}

const leaf = (el: XmlElement | undefined, name: string): string | undefined => (el === undefined ? undefined : find(el, name)?.text);

describe('units of the committed rate (bit/s in the intent)', () => {
  it.each([
    { platform: 'openconfig', port: 'Ethernet1', policy: 'scheduler-policy', leafName: 'cir', want: '200000000' },
    { platform: 'cisco-iosxe', port: 'GigabitEthernet0/0/1', policy: 'policy-map', leafName: 'cir', want: '200000000' },
    { platform: 'huawei-vrp', port: 'GigabitEthernet0/3/1', policy: 'traffic-behavior', leafName: 'cir', want: '200000' },
    { platform: 'junos', port: 'ge-0/0/1', policy: 'policer', leafName: 'bandwidth-limit', want: '200m' },
  ] as const)('$platform writes $want for 200 Mbit/s', ({ platform, port, policy, leafName, want }) => {
    const render = driverFor(platform).render(onePolicer(platform, 200e6, port));
    const edit = platform === 'junos' ? find(render, 'firewall') ?? render : render; // not the unit's policer reference
    expect(leaf(find(edit, policy, policyName('ecpa:', 'pc-t1', { openconfig: OC_NAMES, 'cisco-iosxe': XE_NAMES, 'huawei-vrp': HW_NAMES, junos: JUNOS_NAMES }[platform])), leafName)).toBe(want);
  });

  it.each([
    { bps: 50e6, text: '50m' }, { bps: 1e9, text: '1g' }, { bps: 2_500_000, text: '2500k' }, { bps: 1234, text: '1234' },
  ])('Junos rate $bps → $text → back', ({ bps, text }) => {
    expect(junosRate(bps)).toBe(text);
    expect(parseJunosNumber(text, 'x')).toBe(bps);
  });

  it.each(['1.5x', '', 'm', '-5'])('Junos number %j is refused', (raw) => {
    expect(() => parseJunosNumber(raw, 'firewall/policer[p]/bandwidth-limit')).toThrow(/firewall\/policer\[p\]\/bandwidth-limit/);
  });
});

describe('policy names per platform', () => {
  it.each([
    { rules: OC_NAMES, name: 'ecpa:pc-bp1v0001' },
    { rules: XE_NAMES, name: 'ecpa-pc-bp1v0001' },
    { rules: HW_NAMES, name: 'ecpa_pc-bp1v0001' },
    { rules: JUNOS_NAMES, name: 'ecpa-pc-bp1v0001' },
  ])('$name', ({ rules, name }) => {
    expect(policyName('ecpa:', 'pc-bp1v0001', rules)).toBe(name);
    expect(ownerOfPolicy('ecpa:', name, rules)).toBe('pc-bp1v0001');
    expect(ownerOfPolicy('ecpa:', 'COPP-SSH', rules)).toBeNull();
  });

  it('refuses a name over the platform limit and an id it could not read back', () => {
    expect(() => policyName('ecpa:', `pc-${'a'.repeat(40)}`, HW_NAMES)).toThrow(expect.objectContaining({ code: 'NAME_INVALID' }));
    expect(() => policyName('ecpa:', 'pc a', XE_NAMES)).toThrow(/cannot take/);
  });
});

describe('port names', () => {
  it.each([
    { platform: 'cisco-iosxe', port: 'Gi0/0/1' },
    { platform: 'huawei-vrp', port: 'eth0' },
    { platform: 'junos', port: 'GigabitEthernet0/0/1' },
  ] as const)('$platform refuses $port', ({ platform, port }) => {
    expect(() => driverFor(platform).render(onePolicer(platform, 1e8, port))).toThrow(expect.objectContaining({ code: 'NAME_INVALID' }));
  });

  it('Cisco keys subinterfaces by number.vlan in the type list, Huawei by the full name', () => {
    const xe = driverFor('cisco-iosxe').render(onePolicer('cisco-iosxe', 1e8, 'TenGigabitEthernet0/1/0', 7));
    expect(find(xe, 'TenGigabitEthernet')?.children[0]?.text).toBe('0/1/0.7');
    const hw = driverFor('huawei-vrp').render(onePolicer('huawei-vrp', 1e8, '100GE0/5/0', 7));
    expect(leaf(find(hw, 'interface', '100GE0/5/0.7'), 'type')).toBe('100GE');
  });
});

describe('removals touch exactly the removed objects', () => {
  it.each(['openconfig', 'cisco-iosxe', 'huawei-vrp', 'junos'] as const)('%s', (platform) => {
    const driver = driverFor(platform);
    const { intent, scope } = rich(platform, REMOVED_PORTS);
    const before = driver.parse(recorded(platform, 'rich-running.xml'), scope);
    const gone = {
      subinterfaces: before.subinterfaces.filter((s) => s.owner !== null && REMOVED_PORTS.includes(s.owner)),
      policers: before.policers.filter((p) => REMOVED_PORTS.includes(p.owner)),
    };
    // Only the removals (an empty intent): with no tenant left, Huawei also drops its shared classifier.
    const paths = removalPaths(driver.render({ ...intent, subinterfaces: [], policers: [], arp: null, icmp: null }, gone));
    expect(paths.join('\n')).toMatchSnapshot();
    for (const id of REMOVED_PORTS) expect(paths.some((p) => p.includes(id.replace('pc-', '')))).toBe(true);
    expect(paths.some((p) => p.includes('3000'))).toBe(false);
  });
});

describe('parse errors name the path', () => {
  it('a VLAN id that is not a number', () => {
    const data = recorded('openconfig', 'rich-running.xml');
    const vid = find(data, 'vlan-id');
    if (vid === undefined) throw new Error('fixture has no vlan-id');
    vid.text = 'abc';
    const { scope } = rich('openconfig');
    expect(() => driverFor('openconfig').parse(data, scope)).toThrow(/subinterface\[\d+\]\/match\/single-tagged\/config\/vlan-id: 'abc' is not an unsigned integer/);
  });

  it('Junos without a configuration element', () => {
    expect(() => driverFor('junos').parse(element('data'), { ownershipPrefix: 'ecpa:', ports: [] })).toThrow(DriverError);
  });
});

describe('buildRegistry', () => {
  it('throws when two drivers claim one platform', () => {
    expect(() => buildRegistry([driverFor('junos'), driverFor('junos')])).toThrow("two drivers registered for platform 'junos'");
  });
});

describe('a policer whose attachment moved', () => {
  it.each([
    { platform: 'openconfig', expected: ['/config/qos/interfaces/interface[Ethernet1]'] },
    { platform: 'cisco-iosxe', expected: ['/config/native/interface/GigabitEthernet[0/0/1]/service-policy', '/config/native/interface/GigabitEthernet[0/0/1]/ip/arp/inspection/limit'] },
    { platform: 'huawei-vrp', expected: ['/config/ifm/interfaces/interface[GigabitEthernet0/3/1]/qos/traffic-policy-applys/traffic-policy-apply[ecpa_pc-rich0003]', '/config/ifm/interfaces/interface[GigabitEthernet0/3/1]/qos/traffic-policy-applys/traffic-policy-apply[ecpa_pc-rich0003]'] },
    { platform: 'junos', expected: ['/configuration/interfaces/interface[ge-0/0/1]/unit[0]/family/inet/policer'] },
  ] as const)('$platform keeps the policy and removes only the old application', ({ platform, expected }) => {
    const driver = driverFor(platform);
    const { intent } = rich(platform);
    const moved = intent.policers.find((p) => p.owner === 'pc-rich0003');
    if (moved === undefined) throw new Error('fixture lacks pc-rich0003');
    const old = { owner: moved.owner, rateBps: moved.rateBps, burstBytes: moved.burstBytes, at: { port: moved.at.port, vlan: 0 } };
    const without = new Set(removalPaths(driver.render(intent)));
    const added = removalPaths(driver.render(intent, { subinterfaces: [], policers: [old] })).filter((p) => !without.has(p));
    expect(added).toEqual(expected);
  });
});
