/**
 * Each driver's discovery (drivers/vendors/<platform>-discover.ts): the ports holding objects the
 * agent owns, read from the recorded replies of the rich intent and its removal case, from
 * replies run through the discovery filter (the lab's RFC 6241 subtree filtering), and from
 * constructed replies (foreign descriptions, another prefix, applications only, empty boxes).
 */
import { describe, expect, it } from 'vitest';
import type { Platform } from '../../../../config/agent/model.js';
import { serialize } from '../../../../drivers/netconf/xml.js';
import { parseXml } from '../../../../drivers/netconf/xml-parse.js';
import { driverFor } from '../../../../drivers/registry.js';
import { filterSubtree } from '../../../lab/netconf/datastore.js';
import { PORTS, recorded } from './support.js';

const PLATFORMS: readonly Platform[] = ['openconfig', 'huawei-vrp', 'cisco-iosxe', 'junos'];

function discovery(platform: Platform): NonNullable<ReturnType<typeof driverFor>['discover']> {
  const d = driverFor(platform).discover;
  if (d === undefined) throw new Error(`${platform} has no discovery`);
  return d;
}

const sorted = (ports: readonly string[]): string[] => [...ports].sort();

describe.each(PLATFORMS)('%s discovery', (platform) => {
  const ports = PORTS[platform];
  const d = discovery(platform);

  it('finds every port of the rich intent in the recorded running config', () => {
    expect(d.ports(recorded(platform, 'rich-running.xml'), 'ecpa:')).toEqual(sorted([ports.circuitA, ports.circuitB, ports.circuitC, ports.access]));
  });

  it('no longer finds the routed port and the access port once their tenants are removed (recorded)', () => {
    // The removal case drops pc-rich0003 (circuit A still holds 102..105), the VLAN 0 tenant of
    // circuit C and the explicit-attachment tenant of the access port.
    expect(d.ports(recorded(platform, 'rich-after-removal.xml'), 'ecpa:')).toEqual(sorted([ports.circuitA, ports.circuitB]));
  });

  it('finds nothing under another ownership prefix', () => {
    expect(d.ports(recorded(platform, 'rich-running.xml'), 'other:')).toEqual([]);
  });
});

describe.each(['openconfig', 'huawei-vrp', 'cisco-iosxe'] as const)('%s discovery filter', (platform) => {
  const d = discovery(platform);

  it('selects what the discovery reads: the reply through the filter gives the same ports', () => {
    const data = recorded(platform, 'rich-running.xml');
    const filtered = { ...data, children: filterSubtree(data.children, d.filter().children) };
    expect(d.ports(filtered, 'ecpa:')).toEqual(d.ports(data, 'ecpa:'));
    // …and it is smaller: names, descriptions and applications only, no policies or VLAN matches.
    expect(serialize(filtered).length).toBeLessThan(serialize(data).length / 2);
  });

  it('is a subtree filter (RFC 6241 §6) and the same for every device', () => {
    const f = d.filter();
    expect(f.name).toBe('filter');
    expect(f.attributes).toEqual([{ name: 'type', namespace: '', value: 'subtree' }]);
    expect(serialize(d.filter())).toBe(serialize(f));
  });
});

const NC = 'xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"';

describe('constructed replies', () => {
  it('openconfig: owned subinterface descriptions (subinterface 0 included) and owned applications; not foreign ones', () => {
    const data = parseXml(`<data ${NC}>
      <interfaces xmlns="http://openconfig.net/yang/interfaces">
        <interface><name>Ethernet7</name><subinterfaces><subinterface><index>3000</index><config><description>operator ecpa:pc-x</description></config></subinterface></subinterfaces></interface>
        <interface><name>Ethernet8</name><subinterfaces><subinterface><index>0</index><config><description>ecpa:pc-z tenant=1</description></config></subinterface></subinterfaces></interface>
        <interface><name>Ethernet9</name></interface>
        <interface><name>Ethernet10</name><subinterfaces><subinterface><index>5</index><config><description>ecpa:</description></config></subinterface></subinterfaces></interface>
      </interfaces>
      <qos xmlns="http://openconfig.net/yang/qos"><interfaces>
        <interface><interface-id>Ethernet9.7</interface-id><interface-ref><config><interface>Ethernet9</interface><subinterface>7</subinterface></config></interface-ref>
          <output><scheduler-policy><config><name>ecpa:pc-y</name></config></scheduler-policy></output></interface>
        <interface><interface-id>Ethernet11</interface-id><interface-ref><config><interface>Ethernet11</interface></config></interface-ref>
          <input><scheduler-policy><config><name>operator-cpp</name></config></scheduler-policy></input></interface>
      </interfaces></qos>
    </data>`);
    // `ecpa:` alone names no shared port: not owned (as the parser reads it).
    expect(discovery('openconfig').ports(data, 'ecpa:')).toEqual(['Ethernet8', 'Ethernet9']);
  });

  it('huawei-vrp: a subinterface counts for its parent port, a main interface for itself, an application for its interface', () => {
    const data = parseXml(`<data ${NC}><ifm xmlns="urn:huawei:yang:huawei-ifm"><interfaces>
      <interface><name>GigabitEthernet0/1/1.10</name><class>sub-interface</class><parent-name>GigabitEthernet0/1/1</parent-name><description>ecpa:pc-a tenant=1</description></interface>
      <interface><name>GigabitEthernet0/1/2</name><class>main-interface</class><description>ecpa:pc-b tenant=2</description></interface>
      <interface><name>GigabitEthernet0/1/3</name><class>main-interface</class><description>uplink</description>
        <qos xmlns="urn:huawei:yang:huawei-qos"><traffic-policy-applys><traffic-policy-apply><policy-name>ecpa_pc-c</policy-name><direction>inbound</direction></traffic-policy-apply></traffic-policy-applys></qos></interface>
      <interface><name>GigabitEthernet0/1/4.20</name><class>sub-interface</class><parent-name>GigabitEthernet0/1/4</parent-name><description>mgmt</description>
        <qos xmlns="urn:huawei:yang:huawei-qos"><traffic-policy-applys><traffic-policy-apply><policy-name>operator_p</policy-name></traffic-policy-apply></traffic-policy-applys></qos></interface>
    </interfaces></ifm></data>`);
    expect(discovery('huawei-vrp').ports(data, 'ecpa:')).toEqual(['GigabitEthernet0/1/1', 'GigabitEthernet0/1/2', 'GigabitEthernet0/1/3']);
  });

  it('cisco-iosxe: subinterface entries count for their port, across interface types; service-policy by owned name only', () => {
    const data = parseXml(`<data ${NC}><native xmlns="http://cisco.com/ns/yang/Cisco-IOS-XE-native"><interface>
      <GigabitEthernet><name>0/0/7.30</name><description>ecpa:pc-a tenant=1</description></GigabitEthernet>
      <GigabitEthernet><name>0/0/8</name><description>core</description></GigabitEthernet>
      <TenGigabitEthernet><name>0/1/1</name><service-policy xmlns="http://cisco.com/ns/yang/Cisco-IOS-XE-policy"><output>ecpa-pc-b</output></service-policy></TenGigabitEthernet>
      <HundredGigE><name>0/2/0</name><service-policy xmlns="http://cisco.com/ns/yang/Cisco-IOS-XE-policy"><input>QOS-IN</input></service-policy></HundredGigE>
    </interface></native></data>`);
    expect(discovery('cisco-iosxe').ports(data, 'ecpa:')).toEqual(['GigabitEthernet0/0/7', 'TenGigabitEthernet0/1/1']);
  });

  it('junos: units by description or policer reference, with or without the xnm namespace', () => {
    const body = `<interfaces>
      <interface><name>ge-0/0/7</name><unit><name>30</name><description>ecpa:pc-a tenant=1</description></unit></interface>
      <interface><name>ge-0/0/8</name><unit><name>0</name><family><inet><policer><input>ecpa-pc-b</input></policer></inet></family></unit></interface>
      <interface><name>ge-0/0/9</name><unit><name>0</name><description>core</description><family><inet><policer><input>op-pol</input></policer></inet></family></unit></interface>
    </interfaces>`;
    const plain = parseXml(`<data ${NC}><configuration>${body}</configuration></data>`);
    const xnm = parseXml(`<rpc-reply ${NC}><data><configuration xmlns="http://xml.juniper.net/xnm/1.1/xnm">${body}</configuration></data></rpc-reply>`);
    expect(discovery('junos').ports(plain, 'ecpa:')).toEqual(['ge-0/0/7', 'ge-0/0/8']);
    expect(discovery('junos').ports(xnm, 'ecpa:')).toEqual(['ge-0/0/7', 'ge-0/0/8']);
  });

  it.each(PLATFORMS)('%s: an empty reply (a box with nothing the filter selects) holds no port', (platform) => {
    expect(discovery(platform).ports(parseXml(`<data ${NC}/>`), 'ecpa:')).toEqual([]);
  });

  it('junos: a reply with no configuration at all is a parse error naming the element', () => {
    expect(() => discovery('junos').ports(parseXml(`<rpc-reply ${NC}><ok/></rpc-reply>`), 'ecpa:')).toThrow(/no <configuration> in <rpc-reply>/);
  });
});
