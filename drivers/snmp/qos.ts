/**
 * Optional vendor QoS policer statistics, so that policer drops are visible per tenant even where
 * a platform does not count them in ifIn/OutDiscards: Huawei CBQoS classifier statistics, Cisco
 * class-based QoS police statistics, Juniper firewall policer counters.
 */
import type { SnmpTransport } from './transport.js';
import { asCounter, asNumber, asText, type SnmpValue } from './varbind.js';
import { walkColumns } from './walk.js';
import { CISCO_CBQOS, HUAWEI_CBQOS_CLASSIFIER, JUNIPER_FIREWALL } from './qos-oids.js';

/** Which vendor QoS MIB to read. */
export type QosVendor = 'huawei-vrp' | 'cisco-iosxe' | 'junos';

/** One policer's (or classifier's) counters. Absent values: the MIB has no such column. */
export interface PolicerStat {
  /** Stable identity within the device (the row index as text). */
  readonly key: string;
  readonly ifIndex: number | undefined;
  /** Huawei: the VLAN the policy applies to (0 = whole interface). */
  readonly vlan: number | undefined;
  /** Junos: the interface (`xe-0/0/1.101`) named by the per-unit policer counter. */
  readonly interfaceName: string | undefined;
  readonly direction: 'inbound' | 'outbound' | undefined;
  readonly name: string;
  /**
   * The configured policy the row belongs to, when the table names it: Cisco the policy-map that
   * holds the police action (cbQosObjects parent chain → cbQosPolicyMapName), Junos the policer of
   * a per-unit counter. Absent for Huawei: its index names the classifier, not the policy.
   */
  readonly policy?: string;
  readonly passedPackets: bigint | undefined;
  readonly passedBytes: bigint | undefined;
  readonly droppedPackets: bigint | undefined;
  readonly droppedBytes: bigint | undefined;
}

/** Decodes a length-prefixed string index (`len.c1.c2…`) at `pos`; returns it and the next position. */
export function readStringIndex(arcs: readonly number[], pos: number): { text: string; next: number } {
  const len = arcs[pos];
  if (len === undefined || pos + 1 + len > arcs.length) throw new RangeError(`bad string index at arc ${pos}`);
  return { text: String.fromCharCode(...arcs.slice(pos + 1, pos + 1 + len)), next: pos + 1 + len };
}

const dir = (n: number | undefined): 'inbound' | 'outbound' | undefined => (n === 1 ? 'inbound' : n === 2 ? 'outbound' : undefined);
const arcsOf = (instance: string): number[] => instance.split('.').map(Number);
type Cols = ReadonlyMap<string, ReadonlyMap<string, SnmpValue>>;
const counter = (cols: Cols, col: string, key: string): bigint | undefined => {
  const v = cols.get(col)?.get(key);
  return v ? asCounter(v) : undefined;
};
const add = (a: bigint | undefined, b: bigint | undefined): bigint | undefined => (a === undefined && b === undefined ? undefined : (a ?? 0n) + (b ?? 0n));

/** Parses Huawei hwCBQoSPolicyStatisticsClassifierTable rows. */
export function parseHuawei(cols: Cols): PolicerStat[] {
  const H = HUAWEI_CBQOS_CLASSIFIER;
  const keys = new Set([...(cols.get(H.dropPackets)?.keys() ?? []), ...(cols.get(H.passPackets)?.keys() ?? [])]);
  const out: PolicerStat[] = [];
  for (const key of keys) {
    const a = arcsOf(key);
    let name = '';
    try {
      name = readStringIndex(a, 3).text;
    } catch {
      continue; // not a row of the documented shape: skip rather than guess
    }
    out.push({
      key,
      ifIndex: a[0],
      vlan: a[1],
      interfaceName: undefined,
      direction: dir(a[2]),
      name,
      passedPackets: counter(cols, H.passPackets, key),
      passedBytes: counter(cols, H.passBytes, key),
      droppedPackets: counter(cols, H.dropPackets, key),
      droppedBytes: counter(cols, H.dropBytes, key),
    });
  }
  return out;
}

/**
 * The name of the policy-map that holds Cisco police object `object` of service policy `policy`:
 * up the cbQosObjects parent chain to the nearest policymap (type 1) object, whose configIndex
 * names it in cbQosPolicyMapName. Undefined when the device did not give the chain.
 */
export function ciscoPolicyMapName(cols: Cols, policy: number, object: number): string | undefined {
  const C = CISCO_CBQOS;
  let current = object;
  // Bounded: a policy nests a few levels; a looping chain from a broken agent must not hang the poll.
  for (let step = 0; step < 16 && current !== 0; step++) {
    const key = `${policy}.${current}`;
    const type = cols.get(C.objectsType)?.get(key);
    if (type === undefined) return undefined;
    if (asNumber(type) === 1) {
      const config = cols.get(C.objectsConfigIndex)?.get(key);
      const index = config === undefined ? undefined : asNumber(config);
      const name = index === undefined ? undefined : cols.get(C.policyMapName)?.get(String(index));
      return name === undefined ? undefined : asText(name);
    }
    const parent = cols.get(C.objectsParent)?.get(key);
    const next = parent === undefined ? undefined : asNumber(parent);
    if (next === undefined) return undefined;
    current = next;
  }
  return undefined;
}

/**
 * Parses Cisco cbQosPoliceStatsTable rows, joined to cbQosServicePolicyTable for ifIndex and
 * direction, and to cbQosObjects/cbQosPolicyMapName for the policy-map name. Dropped = exceeded + violated (the usual `exceed-action drop`; a policer that
 * re-marks instead would be counted as dropped here).
 */
export function parseCisco(cols: Cols): PolicerStat[] {
  const C = CISCO_CBQOS;
  const keys = new Set([...(cols.get(C.conformedPkt64)?.keys() ?? []), ...(cols.get(C.exceededPkt64)?.keys() ?? [])]);
  const out: PolicerStat[] = [];
  for (const key of keys) {
    const [policy, object] = arcsOf(key);
    const ifv = cols.get(C.policyIfIndex)?.get(String(policy));
    const dv = cols.get(C.policyDirection)?.get(String(policy));
    const pm = policy === undefined || object === undefined ? undefined : ciscoPolicyMapName(cols, policy, object);
    out.push({
      key,
      ifIndex: ifv ? asNumber(ifv) : undefined,
      vlan: undefined,
      interfaceName: undefined,
      direction: dir(dv ? asNumber(dv) : undefined),
      name: `policy ${policy} police ${object}`,
      ...(pm !== undefined ? { policy: pm } : {}),
      passedPackets: counter(cols, C.conformedPkt64, key),
      passedBytes: counter(cols, C.conformedByte64, key),
      droppedPackets: add(counter(cols, C.exceededPkt64, key), counter(cols, C.violatedPkt64, key)),
      droppedBytes: add(counter(cols, C.exceededByte64, key), counter(cols, C.violatedByte64, key)),
    });
  }
  return out;
}

/**
 * Parses Juniper jnxFirewallCounterTable rows of type policer (3): the counter counts what the
 * policer discarded. Per-unit policers are named `<policer>-<ifname>.<unit>-i|o`, which gives the
 * interface and direction.
 */
export function parseJuniper(cols: Cols): PolicerStat[] {
  const J = JUNIPER_FIREWALL;
  const out: PolicerStat[] = [];
  for (const [key, typeValue] of cols.get(J.type) ?? []) {
    if (asNumber(typeValue) !== 3) continue;
    const a = arcsOf(key);
    let filter: string;
    let name: string;
    try {
      const f = readStringIndex(a, 0);
      filter = f.text;
      name = readStringIndex(a, f.next).text;
    } catch {
      continue;
    }
    const m = /-([a-z]+-\d+\/\d+\/\d+\.\d+)-([io])$/.exec(name);
    out.push({
      key,
      ifIndex: undefined,
      vlan: undefined,
      interfaceName: m?.[1],
      direction: m ? (m[2] === 'i' ? 'inbound' : 'outbound') : undefined,
      name: `${filter}/${name}`,
      // The policer's own name: the counter name before `-<ifname>.<unit>-i|o`.
      ...(m ? { policy: name.slice(0, m.index) } : {}),
      passedPackets: undefined,
      passedBytes: undefined,
      droppedPackets: counter(cols, J.packetCount, key),
      droppedBytes: counter(cols, J.byteCount, key),
    });
  }
  return out;
}

const COLUMNS: Readonly<Record<QosVendor, readonly string[]>> = {
  'huawei-vrp': [HUAWEI_CBQOS_CLASSIFIER.passPackets, HUAWEI_CBQOS_CLASSIFIER.passBytes, HUAWEI_CBQOS_CLASSIFIER.dropPackets, HUAWEI_CBQOS_CLASSIFIER.dropBytes],
  'cisco-iosxe': Object.values(CISCO_CBQOS),
  junos: Object.values(JUNIPER_FIREWALL),
};

/**
 * Walks and parses a vendor's policer statistics. A device without the MIB yields no rows.
 * @throws what walkColumns throws (timeouts, auth, abort).
 */
export async function pollQos(
  transport: SnmpTransport,
  vendor: QosVendor,
  options: { readonly maxRepetitions: number; readonly signal: AbortSignal; readonly device?: string },
): Promise<{ stats: PolicerStat[]; pdus: number; varbinds: number; warnings: readonly string[] }> {
  const w = await walkColumns(transport, COLUMNS[vendor], options);
  const stats = vendor === 'huawei-vrp' ? parseHuawei(w.columns) : vendor === 'cisco-iosxe' ? parseCisco(w.columns) : parseJuniper(w.columns);
  return { stats, pdus: w.pdus, varbinds: w.varbinds, warnings: w.warnings };
}
