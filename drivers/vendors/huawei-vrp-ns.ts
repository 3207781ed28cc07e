/** Huawei `urn:huawei:yang` namespaces (NE8000 V800R022C00 model set), port naming and name rules. */
import { DriverError } from '../driver.js';
import type { NameRules } from './names.js';

/** huawei-ifm: interfaces (flat list; subinterfaces carry parent-name). */
export const HW_IFM = 'urn:huawei:yang:huawei-ifm';
/** huawei-ethernet: the l3-sub-interface VLAN match. */
export const HW_ETH = 'urn:huawei:yang:huawei-ethernet';
/** huawei-qos: MQC classifier-template and the interface traffic-policy-apply augment. */
export const HW_QOS = 'urn:huawei:yang:huawei-qos';
/** huawei-cpudefend: cpu-defend policies (CPCAR per protocol) and their board binding (an augment of huawei-devm). */
export const HW_CPUDEFEND = 'urn:huawei:yang:huawei-cpudefend';
/** huawei-devm: the MPU boards a cpu-defend policy is bound to. */
export const HW_DEVM = 'urn:huawei:yang:huawei-devm';

/** Ethernet port types of huawei-ifm `port-type` the driver manages. */
export const HW_ETHERNET_TYPES = [
  'GigabitEthernet', 'Ethernet', 'XGigabitEthernet', 'MultiGE', '10GE', '25GE', '40GE', '50GE', '100GE', '200GE', '400GE', 'Eth-Trunk',
] as const;

/** VRP names: letters, digits, `_ - .`; at most 31 characters on the CE/S CLI (YANG allows 127). */
export const HW_NAMES: NameRules = { invalid: /[^A-Za-z0-9_.-]/g, replacement: '_', maxLength: 31 };

/** The huawei-ifm `type` of a port name (`GigabitEthernet0/3/1` → `GigabitEthernet`). Throws NAME_INVALID. */
export function portType(port: string): string {
  const m = /^(.*?)(\d+(?:\/\d+)*)$/.exec(port);
  const type = HW_ETHERNET_TYPES.find((t) => t === m?.[1]);
  if (type === undefined) {
    throw new DriverError('NAME_INVALID', `'${port}' is not a Huawei Ethernet port name (${HW_ETHERNET_TYPES.join(', ')} followed by slot/card/port)`);
  }
  return type;
}

/**
 * A rate in huawei-qos `car cir` units (kbit/s). Ledger specs are whole Mbit/s; a rate that is
 * not whole kbit/s is rounded up, so a tenant never gets less than it bought.
 */
export function kbps(bps: number): number {
  return Math.ceil(bps / 1000);
}
