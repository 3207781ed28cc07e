/**
 * Where each platform driver reads what the compliance rules judge, as the XML paths of the
 * get-config reply (taken from the parsers in drivers/vendors/*-parse.ts), so a reviewer can find
 * the value on the device. Data, shown in the evidence; it changes when a parser changes.
 */
import type { ConfigPaths } from '../../policies/compliance/live/model.js';

export const CONFIG_PATHS: Readonly<Record<string, ConfigPaths>> = {
  'huawei-vrp': {
    subinterface: 'huawei-ifm:ifm/interfaces/interface[name=<port>.<n>] (class sub-interface, parent-name) /huawei-ethernet:ethernet/l3-sub-interface/vlan-type-dot1q/vlan-type-vid',
    statistics: 'huawei-ifm:ifm/interfaces/interface[name]/statistic-enable',
    policer: 'huawei-qos:qos/classifier-template/traffic-policys/traffic-policy[name=<prefix><id>] → traffic-behaviors/traffic-behavior/car-actions/car-action/cir (kbit/s), cbs; applied at huawei-ifm:ifm/interfaces/interface[name]/huawei-qos:qos/traffic-policy-applys/traffic-policy-apply[direction=inbound|outbound]',
  },
  openconfig: {
    subinterface: 'openconfig-interfaces:interfaces/interface[name]/subinterfaces/subinterface[index]/openconfig-vlan:vlan/match/single-tagged/config/vlan-id',
    policer: 'openconfig-qos:qos/scheduler-policies/scheduler-policy[name=<prefix><id>]/schedulers/scheduler/one-rate-two-color/config/cir (bit/s), bc; applied at qos/interfaces/interface[interface-id]/input|output/scheduler-policy/config/name',
  },
  'cisco-iosxe': {
    subinterface: 'Cisco-IOS-XE-native:native/interface/<type>[name=<port>.<n>]/encapsulation/dot1Q/vlan-id',
    policer: 'native/policy/Cisco-IOS-XE-policy:policy-map[name=<prefix><id>]/class[name=class-default]/action-list[action-type=police]/police-policy-map/police/cir (bit/s), bc; applied at native/interface/<type>[name]/service-policy/input|output',
    arp: 'native/interface/<type>[name]/ip/arp/inspection/limit/rate (pps, per interface)',
  },
  junos: {
    subinterface: 'configuration/interfaces/interface[name]/unit[name]/vlan-id',
    policer: 'configuration/firewall/policer[name=<prefix><id>]/if-exceeding/bandwidth-limit (bit/s), burst-size-limit; applied at interfaces/interface[name]/unit[name]/family/inet/policer/input|output',
    arp: 'configuration/system/ddos-protection/protocols/arp/aggregate/flow-level-bandwidth/subscriber (pps per subscriber)',
    icmp: 'configuration/system/ddos-protection/protocols/icmp/aggregate/bandwidth (pps)',
  },
};
