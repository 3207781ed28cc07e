/**
 * The OIDs the poller reads, as committed data (no MIB parsing at run time). IF-MIB (RFC 2863)
 * and SNMPv2-MIB. Only the columns the partner guide's bps/pps/bytes/drops need are walked.
 */

/** SNMPv2-MIB::sysUpTime.0 — TimeTicks (1/100 s) since the agent (re)started; wraps after ~497 days. */
export const SYS_UPTIME = '1.3.6.1.2.1.1.3.0';
/** SNMPv2-MIB::sysUpTime without instance, for a GetBulk non-repeater (its GETNEXT is sysUpTime.0). */
export const SYS_UPTIME_OBJECT = '1.3.6.1.2.1.1.3';

const IF_ENTRY = '1.3.6.1.2.1.2.2.1';
const IFX_ENTRY = '1.3.6.1.2.1.31.1.1.1';

/** Static columns: read on the first poll, then on the slow schedule, a reboot or an interface-set change. */
export const STATIC_COLUMNS = {
  ifName: `${IFX_ENTRY}.1`,
  ifDescr: `${IF_ENTRY}.2`,
  ifAlias: `${IFX_ENTRY}.18`,
  ifHighSpeed: `${IFX_ENTRY}.15`,
  /** Gauge32 bit/s, saturates at 2^32-1; only used when ifHighSpeed is absent. */
  ifSpeed: `${IF_ENTRY}.5`,
} as const;

/** Columns read on every poll whatever the counter width. */
export const COMMON_COLUMNS = {
  ifOperStatus: `${IF_ENTRY}.8`,
  ifInDiscards: `${IF_ENTRY}.13`,
  ifInErrors: `${IF_ENTRY}.14`,
  ifOutDiscards: `${IF_ENTRY}.19`,
  ifOutErrors: `${IF_ENTRY}.20`,
  ifCounterDiscontinuityTime: `${IFX_ENTRY}.19`,
} as const;

/** The counter names the poller reports, the same for 64- and 32-bit devices. */
export type TrafficCounter =
  | 'inOctets'
  | 'inUcastPkts'
  | 'inMulticastPkts'
  | 'inBroadcastPkts'
  | 'outOctets'
  | 'outUcastPkts'
  | 'outMulticastPkts'
  | 'outBroadcastPkts';

export const TRAFFIC_COUNTERS: readonly TrafficCounter[] = [
  'inOctets',
  'inUcastPkts',
  'inMulticastPkts',
  'inBroadcastPkts',
  'outOctets',
  'outUcastPkts',
  'outMulticastPkts',
  'outBroadcastPkts',
];

/** Counter64 (ifHCPacketGroup): mandatory above 650 Mb/s, octets above 20 Mb/s (RFC 2863 §3.1.6). */
export const HC_COLUMNS: Readonly<Record<TrafficCounter, string>> = {
  inOctets: `${IFX_ENTRY}.6`,
  inUcastPkts: `${IFX_ENTRY}.7`,
  inMulticastPkts: `${IFX_ENTRY}.8`,
  inBroadcastPkts: `${IFX_ENTRY}.9`,
  outOctets: `${IFX_ENTRY}.10`,
  outUcastPkts: `${IFX_ENTRY}.11`,
  outMulticastPkts: `${IFX_ENTRY}.12`,
  outBroadcastPkts: `${IFX_ENTRY}.13`,
};

/** Counter32 fallback for interfaces without HC counters (old or low-speed agents). */
export const C32_COLUMNS: Readonly<Record<TrafficCounter, string>> = {
  inOctets: `${IF_ENTRY}.10`,
  inUcastPkts: `${IF_ENTRY}.11`,
  inMulticastPkts: `${IFX_ENTRY}.2`,
  inBroadcastPkts: `${IFX_ENTRY}.3`,
  outOctets: `${IF_ENTRY}.16`,
  outUcastPkts: `${IF_ENTRY}.17`,
  outMulticastPkts: `${IFX_ENTRY}.4`,
  outBroadcastPkts: `${IFX_ENTRY}.5`,
};

/** IF-MIB ifOperStatus values. */
export const OPER_STATUS: Readonly<Record<number, string>> = {
  1: 'up',
  2: 'down',
  3: 'testing',
  4: 'unknown',
  5: 'dormant',
  6: 'notPresent',
  7: 'lowerLayerDown',
};
