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
/** openconfig-system (the `system` container the control-plane policy augments). */
export const OC_SYS = 'http://openconfig.net/yang/system';
/** openconfig-system-controlplane (0.2.0): `system/control-plane-traffic`. */
export const OC_SYS_COPP = 'http://openconfig.net/yang/system-controlplane';
/** openconfig-packet-match-types (identities ETHERTYPE_ARP, IP_ICMP used in classifier terms). */
export const OC_PKT_TYPES = 'http://openconfig.net/yang/packet-match-types';

/** OpenConfig names are plain strings; devices map them to their own rules, so stay printable ASCII without spaces. */
export const OC_NAMES: NameRules = { invalid: /[^\x21-\x7e]/g, replacement: '_', maxLength: 64 };

/** The qos interface-id the driver uses for an attachpoint (`port` or `port.vlan`). */
export function qosInterfaceId(port: string, vlan: number): string {
  return vlan === 0 ? port : `${port}.${vlan}`;
}
