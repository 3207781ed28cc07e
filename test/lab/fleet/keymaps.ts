/**
 * List keys of the vendor models the lab NETCONF server must know to merge edits the way a real
 * device does (the lab datastore is schema-less; elements not listed are keyed by `name`). Taken
 * from the vendors' published YANG: openconfig-interfaces (subinterface/index),
 * openconfig-qos (scheduler/sequence, interface/interface-id), huawei-qos
 * (traffic-policy-apply/direction), huawei-cpudefend (policy/id, cpcar-protocol-name/protocol-name),
 * huawei-devm (mpu-board/position), Cisco-IOS-XE-policy (action-list/action-type).
 */
import type { Platform } from '../../../config/agent/model.js';
import { OC_IF, OC_QOS } from '../../../drivers/vendors/openconfig-ns.js';
import { HW_CPUDEFEND, HW_DEVM, HW_QOS } from '../../../drivers/vendors/huawei-vrp-ns.js';
import { XE_POLICY } from '../../../drivers/vendors/cisco-iosxe-ns.js';
import type { KeyMap } from '../netconf/datastore.js';

const KEY_MAPS: Readonly<Record<Platform, KeyMap>> = {
  openconfig: {
    [`{${OC_IF}}subinterface`]: ['index'],
    [`{${OC_QOS}}scheduler`]: ['sequence'],
    [`{${OC_QOS}}interface`]: ['interface-id'],
  },
  'huawei-vrp': {
    [`{${HW_QOS}}traffic-policy-apply`]: ['direction'],
    [`{${HW_CPUDEFEND}}policy`]: ['id'],
    [`{${HW_CPUDEFEND}}cpcar-protocol-name`]: ['protocol-name'],
    [`{${HW_DEVM}}mpu-board`]: ['position'],
  },
  'cisco-iosxe': {
    [`{${XE_POLICY}}action-list`]: ['action-type'],
  },
  // The lab Junos server keeps its configuration in no namespace: a Junos key would be `{}element`.
  junos: {},
};

/** The key map of a platform's configuration model. */
export function keyMapFor(platform: Platform): KeyMap {
  return KEY_MAPS[platform];
}
