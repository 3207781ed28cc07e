/** Cisco IOS-XE native namespaces, interface naming and name rules (YangModels/yang vendor/cisco/xe/2611). */
import { DriverError } from '../driver.js';
import type { NameRules } from './names.js';

/** Cisco-IOS-XE-native (interfaces, `native/policy` container). */
export const XE_NATIVE = 'http://cisco.com/ns/yang/Cisco-IOS-XE-native';
/** Cisco-IOS-XE-policy (policy-map, service-policy augments). */
export const XE_POLICY = 'http://cisco.com/ns/yang/Cisco-IOS-XE-policy';

/** Ethernet interface lists of /native/interface that the driver manages (the list name is the type). */
export const XE_ETHERNET_TYPES = [
  'GigabitEthernet', 'TwoGigabitEthernet', 'FiveGigabitEthernet', 'TenGigabitEthernet', 'TwentyFiveGigE',
  'FortyGigabitEthernet', 'HundredGigE', 'TwoHundredGigE', 'FourHundredGigE',
] as const;
/** One of XE_ETHERNET_TYPES. */
export type XeEthernetType = (typeof XE_ETHERNET_TYPES)[number];

/** IOS policy-map names: no spaces or colons in CLI-safe names, at most 40 characters. */
export const XE_NAMES: NameRules = { invalid: /[^A-Za-z0-9_.-]/g, replacement: '-', maxLength: 40 };

/** A port name split into its /native/interface list and key, e.g. GigabitEthernet0/0/1 → [GigabitEthernet, 0/0/1]. */
export interface XePort {
  readonly type: XeEthernetType;
  readonly number: string;
}

/** Splits a full port name. Throws DriverError NAME_INVALID for anything not a managed Ethernet port. */
export function splitPort(port: string): XePort {
  const m = /^([A-Za-z]+)(\d+(?:\/\d+)*)$/.exec(port);
  const type = XE_ETHERNET_TYPES.find((t) => t === m?.[1]);
  if (m === null || type === undefined || m[2] === undefined) {
    throw new DriverError('NAME_INVALID', `'${port}' is not an IOS-XE Ethernet port name (${XE_ETHERNET_TYPES.join(', ')} followed by slot/port)`);
  }
  return { type, number: m[2] };
}

/** The list key of an attachpoint: `0/0/1` (main interface) or `0/0/1.100` (subinterface). */
export function interfaceKey(port: XePort, vlan: number): string {
  return vlan === 0 ? port.number : `${port.number}.${vlan}`;
}
