/** OpenConfig namespaces and name rules (openconfig/public @94f5896). */
import type { NameRules } from './names.js';

/** openconfig-interfaces. */
export const OC_IF = 'http://openconfig.net/yang/interfaces';
/** openconfig-vlan (subinterface VLAN match augment). */
export const OC_VLAN = 'http://openconfig.net/yang/vlan';
/** openconfig-qos. */
export const OC_QOS = 'http://openconfig.net/yang/qos';
/** openconfig-qos-types (identities such as ONE_RATE_TWO_COLOR). */
export const OC_QOS_TYPES = 'http://openconfig.net/yang/qos-types';

/** OpenConfig names are plain strings; devices map them to their own rules, so stay printable ASCII without spaces. */
export const OC_NAMES: NameRules = { invalid: /[^\x21-\x7e]/g, replacement: '_', maxLength: 64 };

/** The qos interface-id the driver uses for an attachpoint (`port` or `port.vlan`). */
export function qosInterfaceId(port: string, vlan: number): string {
  return vlan === 0 ? port : `${port}.${vlan}`;
}
