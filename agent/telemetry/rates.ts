/**
 * Counters → rates, from two successive samples of one device. Pure: no I/O, no clock (the
 * samples carry the time they were taken). The RFC 2863 rules none of snmp_exporter, Telegraf
 * or LibreNMS implement:
 *  - a device reboot (sysUpTime went back, or is shorter than the time since the last poll) or a
 *    changed ifCounterDiscontinuityTime starts a new baseline instead of producing a spike;
 *  - a Counter32 that went back wrapped (+2^32); a Counter64 that went back was reset: no rate
 *    for it (never a negative or a 2^64-sized one);
 *  - interfaces are matched between samples by name, not ifIndex (ifIndex can be renumbered
 *    after a reboot); a name whose ifIndex changed starts a new baseline;
 *  - an octet rate above 110 % of the line speed is implausible (e.g. several 32-bit wraps in
 *    one interval) and is dropped.
 */
import type { CounterName, DeviceSample, InterfaceSample } from '../../drivers/snmp/sample.js';
import type { PolicerStat } from '../../drivers/snmp/qos.js';
import { isReboot } from '../../drivers/snmp/uptime.js';

/** Per-second rates of one interface. A rate is undefined when a counter is missing, was reset, or is implausible. */
export interface InterfaceRates {
  readonly inBitsPerSecond: number | undefined;
  readonly outBitsPerSecond: number | undefined;
  /** Unicast + multicast + broadcast packets. */
  readonly inPacketsPerSecond: number | undefined;
  readonly outPacketsPerSecond: number | undefined;
  readonly inDiscardsPerSecond: number | undefined;
  readonly outDiscardsPerSecond: number | undefined;
  readonly inErrorsPerSecond: number | undefined;
  readonly outErrorsPerSecond: number | undefined;
}

/** Why an interface has no rates in this interval, only a new baseline. */
export type BaselineReason =
  | 'first-sample'
  | 'device-reboot'
  | 'counter-discontinuity'
  | 'renumbered'
  | 'no-time-elapsed';

export type InterfaceRateResult =
  | {
      readonly status: 'rates';
      readonly key: string;
      readonly sample: InterfaceSample;
      readonly intervalSeconds: number;
      readonly rates: InterfaceRates;
      /** Counters that went back without a reboot or discontinuity (64-bit reset), or were implausible. */
      readonly dropped: readonly CounterName[];
    }
  | { readonly status: 'baseline'; readonly key: string; readonly sample: InterfaceSample; readonly reason: BaselineReason };

/** Rates of one vendor QoS policer (undefined: counter absent, first sample, reboot or reset). */
export interface PolicerRates {
  readonly stat: PolicerStat;
  readonly passedBitsPerSecond: number | undefined;
  readonly passedPacketsPerSecond: number | undefined;
  readonly droppedBitsPerSecond: number | undefined;
  readonly droppedPacketsPerSecond: number | undefined;
}

export interface DeviceRates {
  readonly deviceId: string;
  readonly at: number;
  /** True when this sample follows a reboot of the device (every interface starts a new baseline). */
  readonly rebooted: boolean;
  readonly interfaces: readonly InterfaceRateResult[];
  /** Per vendor QoS policer, when the sample has QoS statistics. */
  readonly policers: readonly PolicerRates[];
}

const TWO_32 = 1n << 32n;

/**
 * The increase of a counter between two readings. Counter32: a smaller value means it wrapped
 * (one wrap assumed). Counter64: a smaller value means a reset (2^64 takes years even at 1 Tb/s),
 * so undefined.
 */
export function counterDelta(prev: bigint, cur: bigint, bits: 32 | 64): bigint | undefined {
  if (cur >= prev) return cur - prev;
  if (bits === 32 && prev < TWO_32 && cur < TWO_32) return cur + TWO_32 - prev;
  return undefined;
}

/** Re-exported: the reboot rule lives beside the poller, which also uses it. */
export { isReboot as deviceRebooted };

/**
 * Stable keys of a sample's interfaces: the ifName when unique in the sample, `name#ifIndex` for
 * duplicate names, `#ifIndex` when the agent has no ifName.
 */
export function interfaceKeys(interfaces: readonly InterfaceSample[]): string[] {
  const count = new Map<string, number>();
  for (const i of interfaces) if (i.name) count.set(i.name, (count.get(i.name) ?? 0) + 1);
  return interfaces.map((i) => (!i.name ? `#${i.ifIndex}` : count.get(i.name) === 1 ? i.name : `${i.name}#${i.ifIndex}`));
}

function widthOf(sample: InterfaceSample, counter: CounterName): 32 | 64 {
  // Discards and errors exist only as Counter32 in IF-MIB, whatever the traffic counters are.
  return counter === 'inDiscards' || counter === 'outDiscards' || counter === 'inErrors' || counter === 'outErrors'
    ? 32
    : sample.counterBits;
}

/**
 * Rates of one interface between two samples of it. The caller has already ruled out a reboot,
 * a discontinuity and renumbering.
 */
export function interfaceRates(
  prev: InterfaceSample,
  cur: InterfaceSample,
  seconds: number,
): { rates: InterfaceRates; dropped: CounterName[] } {
  const dropped: CounterName[] = [];
  const deltas = new Map<CounterName, bigint | undefined>();
  const delta = (c: CounterName): bigint | undefined => {
    if (deltas.has(c)) return deltas.get(c);
    const a = prev.counters[c];
    const b = cur.counters[c];
    let d: bigint | undefined;
    if (a !== undefined && b !== undefined) {
      // A row that changed width (HC counters appeared) cannot be compared.
      d = prev.counterBits === cur.counterBits || (widthOf(cur, c) === 32 && widthOf(prev, c) === 32)
        ? counterDelta(a, b, widthOf(cur, c))
        : undefined;
      if (d === undefined) dropped.push(c);
    }
    deltas.set(c, d);
    return d;
  };
  const perSecond = (d: bigint | undefined, factor = 1n): number | undefined =>
    d === undefined ? undefined : Number(d * factor) / seconds;
  const bits = (c: 'inOctets' | 'outOctets'): number | undefined => {
    const r = perSecond(delta(c), 8n);
    if (r !== undefined && cur.speedBps !== undefined && cur.speedBps > 0 && r > cur.speedBps * 1.1) {
      dropped.push(c);
      return undefined;
    }
    return r;
  };
  const packets = (cs: readonly CounterName[]): number | undefined => {
    let sum = 0n;
    let any = false;
    for (const c of cs) {
      if (prev.counters[c] === undefined || cur.counters[c] === undefined) continue;
      const d = delta(c);
      if (d === undefined) return undefined;
      sum += d;
      any = true;
    }
    return any ? Number(sum) / seconds : undefined;
  };
  const rates: InterfaceRates = {
    inBitsPerSecond: bits('inOctets'),
    outBitsPerSecond: bits('outOctets'),
    inPacketsPerSecond: packets(['inUcastPkts', 'inMulticastPkts', 'inBroadcastPkts']),
    outPacketsPerSecond: packets(['outUcastPkts', 'outMulticastPkts', 'outBroadcastPkts']),
    inDiscardsPerSecond: perSecond(delta('inDiscards')),
    outDiscardsPerSecond: perSecond(delta('outDiscards')),
    inErrorsPerSecond: perSecond(delta('inErrors')),
    outErrorsPerSecond: perSecond(delta('outErrors')),
  };
  return { rates, dropped };
}

/** Rates of every interface of `cur`, against `prev` (the previous sample of the same device, if any). */
export function computeDeviceRates(prev: DeviceSample | undefined, cur: DeviceSample): DeviceRates {
  const keys = interfaceKeys(cur.interfaces);
  const elapsedMs = prev ? cur.at - prev.at : 0;
  const rebooted = prev !== undefined && isReboot(prev.sysUpTime, cur.sysUpTime, elapsedMs);
  const before = new Map<string, InterfaceSample>();
  if (prev) {
    const prevKeys = interfaceKeys(prev.interfaces);
    prev.interfaces.forEach((i, n) => before.set(prevKeys[n] as string, i));
  }
  const interfaces = cur.interfaces.map((sample, n): InterfaceRateResult => {
    const key = keys[n] as string;
    const old = before.get(key);
    const baseline = (reason: BaselineReason): InterfaceRateResult => ({ status: 'baseline', key, sample, reason });
    if (!prev || !old) return baseline('first-sample');
    if (rebooted) return baseline('device-reboot');
    if (old.ifIndex !== sample.ifIndex) return baseline('renumbered');
    if (old.discontinuityTime !== sample.discontinuityTime) return baseline('counter-discontinuity');
    // Each row's own read time when known: on a slow agent a row read early in a long walk is older than the walk's end.
    const rowMs = sample.readAt !== undefined && old.readAt !== undefined ? sample.readAt - old.readAt : elapsedMs;
    if (elapsedMs <= 0 || rowMs <= 0) return baseline('no-time-elapsed');
    const seconds = rowMs / 1000;
    const { rates, dropped } = interfaceRates(old, sample, seconds);
    return { status: 'rates', key, sample, intervalSeconds: seconds, rates, dropped };
  });
  const prevPolicers = new Map((prev?.qos ?? []).map((p) => [p.key, p]));
  const usable = prev !== undefined && !rebooted && elapsedMs > 0;
  const policers = (cur.qos ?? []).map((stat): PolicerRates => {
    const old = usable ? prevPolicers.get(stat.key) : undefined;
    // QoS counters are Counter64: a value that went back is a reset (policy re-applied), no rate.
    const rate = (a: bigint | undefined, b: bigint | undefined, factor = 1n): number | undefined => {
      if (old === undefined || a === undefined || b === undefined) return undefined;
      const d = counterDelta(a, b, 64);
      return d === undefined ? undefined : Number(d * factor) / (elapsedMs / 1000);
    };
    return {
      stat,
      passedBitsPerSecond: rate(old?.passedBytes, stat.passedBytes, 8n),
      passedPacketsPerSecond: rate(old?.passedPackets, stat.passedPackets),
      droppedBitsPerSecond: rate(old?.droppedBytes, stat.droppedBytes, 8n),
      droppedPacketsPerSecond: rate(old?.droppedPackets, stat.droppedPackets),
    };
  });
  return { deviceId: cur.deviceId, at: cur.at, rebooted, interfaces, policers };
}

/**
 * Keeps the previous sample of each device and turns each new sample into rates. Holds no
 * clock and does no I/O; the poll loop feeds it successful samples.
 */
export class RateTracker {
  readonly #last = new Map<string, DeviceSample>();

  /** Rates for `sample` against the device's previous sample; `sample` becomes the new previous. */
  update(sample: DeviceSample): DeviceRates {
    const result = computeDeviceRates(this.#last.get(sample.deviceId), sample);
    this.#last.set(sample.deviceId, sample);
    return result;
  }

  /** Drops a device's baseline (device removed from the config). */
  forget(deviceId: string): void {
    this.#last.delete(deviceId);
  }
}
