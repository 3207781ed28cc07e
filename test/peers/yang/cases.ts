/** The drivers the conformance suite pushes to netconfd, with their server and the device's port names. */
import type { Platform } from '../../../config/agent/model.js';
import type { XmlElement } from '../../../drivers/netconf/xml.js';
import { parseXml } from '../../../drivers/netconf/xml-parse.js';
import type { RichPorts } from '../../fixtures/vendors/rich.js';

/** One driver's conformance setup. */
export interface ConformanceCase {
  readonly platform: Platform;
  /** Folder of shared/yang holding the module set and cleanup payload. */
  readonly vendor: 'openconfig' | 'cisco-xe' | 'huawei';
  readonly port: number;
  readonly ports: RichPorts;
  /** Whole-tree filter of what the case touches (used to compare entire datastores). */
  readonly everything: XmlElement;
  /** Non-presence containers (checked in the YANG) that netconfd keeps once emptied by a removal. */
  readonly nonPresence: readonly string[];
}

const base = 'xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" type="subtree"';
const everything = (xml: string): XmlElement => parseXml(xml);

/** The netconfd-validated drivers (Junos is validated against recorded XML in the unit tests). */
export const CASES: readonly ConformanceCase[] = [
  {
    platform: 'openconfig',
    vendor: 'openconfig',
    port: 18831,
    ports: { circuitA: 'Ethernet1', circuitB: 'Ethernet2', circuitC: 'Ethernet4', access: 'Ethernet3' },
    // system/control-plane-traffic: the agent's control-plane policy references (the rich device lets the agent own it).
    everything: everything(`<filter ${base}><interfaces xmlns="http://openconfig.net/yang/interfaces"/><qos xmlns="http://openconfig.net/yang/qos"/><system xmlns="http://openconfig.net/yang/system"><control-plane-traffic xmlns="http://openconfig.net/yang/system-controlplane"/></system></filter>`),
    nonPresence: [],
  },
  {
    platform: 'cisco-iosxe',
    vendor: 'cisco-xe',
    port: 18832,
    ports: { circuitA: 'GigabitEthernet0/0/1', circuitB: 'TenGigabitEthernet0/1/0', circuitC: 'GigabitEthernet0/0/4', access: 'GigabitEthernet0/0/3' },
    everything: everything(`<filter ${base}><native xmlns="http://cisco.com/ns/yang/Cisco-IOS-XE-native"><interface/><policy/></native></filter>`),
    // native/interface/*/ip/arp/inspection (Cisco-IOS-XE-native, no presence statement)
    nonPresence: ['inspection', 'arp', 'ip'],
  },
  {
    platform: 'huawei-vrp',
    vendor: 'huawei',
    port: 18833,
    ports: { circuitA: 'GigabitEthernet0/3/1', circuitB: '100GE0/5/0', circuitC: 'GigabitEthernet0/3/4', access: 'GigabitEthernet0/3/3' },
    // cpudefend + devm: the agent's ICMP CPCAR policy and its MPU board binding (test/peers/yang/overlay/huawei)
    everything: everything(`<filter ${base}><ifm xmlns="urn:huawei:yang:huawei-ifm"/><qos xmlns="urn:huawei:yang:huawei-qos"/><cpudefend xmlns="urn:huawei:yang:huawei-cpudefend"/><devm xmlns="urn:huawei:yang:huawei-devm"/></filter>`),
    // ifm/interfaces/interface/qos/traffic-policy-applys (huawei-qos augment, no presence statement)
    nonPresence: ['traffic-policy-applys', 'qos'],
  },
];

/** Every port of a case's box the rich ledger uses (circuits A, B, C and the access port), for parse scopes. */
export function casePorts(c: ConformanceCase): string[] {
  return [c.ports.circuitA, c.ports.circuitB, c.ports.circuitC, c.ports.access];
}
