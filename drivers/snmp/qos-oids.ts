/**
 * Vendor QoS policer statistics OIDs, as committed data (sources: ../shared/reference/telemetry.md §6
 * and vendors.md; checked against the lab agent only — no real Huawei/Cisco/Juniper device here).
 */

/** HUAWEI-CBQOS-MIB hwCBQoSPolicyStatisticsClassifierTable, INDEX {ifIndex, vlanId, direction(1 in, 2 out), classifierName}. */
export const HUAWEI_CBQOS_CLASSIFIER = {
  entry: '1.3.6.1.4.1.2011.5.25.32.1.1.5.6.4.1',
  matchedPackets: '1.3.6.1.4.1.2011.5.25.32.1.1.5.6.4.1.2',
  matchedBytes: '1.3.6.1.4.1.2011.5.25.32.1.1.5.6.4.1.3',
  passPackets: '1.3.6.1.4.1.2011.5.25.32.1.1.5.6.4.1.6',
  passBytes: '1.3.6.1.4.1.2011.5.25.32.1.1.5.6.4.1.7',
  dropPackets: '1.3.6.1.4.1.2011.5.25.32.1.1.5.6.4.1.8',
  dropBytes: '1.3.6.1.4.1.2011.5.25.32.1.1.5.6.4.1.9',
} as const;

/** CISCO-CLASS-BASED-QOS-MIB: service policies (→ ifIndex, direction) and police statistics, INDEX {policyIndex, objectsIndex}. */
export const CISCO_CBQOS = {
  policyDirection: '1.3.6.1.4.1.9.9.166.1.1.1.1.3',
  policyIfIndex: '1.3.6.1.4.1.9.9.166.1.1.1.1.4',
  conformedPkt64: '1.3.6.1.4.1.9.9.166.1.17.1.1.3',
  conformedByte64: '1.3.6.1.4.1.9.9.166.1.17.1.1.6',
  exceededPkt64: '1.3.6.1.4.1.9.9.166.1.17.1.1.10',
  exceededByte64: '1.3.6.1.4.1.9.9.166.1.17.1.1.13',
  violatedPkt64: '1.3.6.1.4.1.9.9.166.1.17.1.1.17',
  violatedByte64: '1.3.6.1.4.1.9.9.166.1.17.1.1.20',
  /** cbQosObjectsTable, INDEX {policyIndex, objectsIndex}: configIndex, type (1 policymap, 7 police), parent object. */
  objectsConfigIndex: '1.3.6.1.4.1.9.9.166.1.5.1.1.2',
  objectsType: '1.3.6.1.4.1.9.9.166.1.5.1.1.3',
  objectsParent: '1.3.6.1.4.1.9.9.166.1.5.1.1.4',
  /** cbQosPolicyMapCfgTable cbQosPolicyMapName, INDEX {configIndex}. */
  policyMapName: '1.3.6.1.4.1.9.9.166.1.6.1.1.1',
} as const;

/** JUNIPER-FIREWALL-MIB jnxFirewallCounterTable, INDEX {filterName, counterName, type(2 counter, 3 policer)}. */
export const JUNIPER_FIREWALL = {
  type: '1.3.6.1.4.1.2636.3.5.2.1.3',
  packetCount: '1.3.6.1.4.1.2636.3.5.2.1.4',
  byteCount: '1.3.6.1.4.1.2636.3.5.2.1.5',
} as const;
