/**
 * The SNMP poller: one poll of one device reads sysUpTime and the counter columns of every
 * interface in multi-column GetBulk walks, falls back to 32-bit counters where a row has no
 * HC counters, and re-reads the static columns (names, aliases, speeds) only on a slower schedule,
 * after a reboot, or when the interface set changed. Each poll has a deadline; many devices are
 * polled concurrently up to a limit, and a device that fails or times out is reported as down
 * without delaying the others.
 */
import { SnmpAbortedError, SnmpError, SnmpTimeoutError } from './errors.js';
import { netSnmpTransport } from './net-snmp-transport.js';
import { C32_COLUMNS, COMMON_COLUMNS, HC_COLUMNS, STATIC_COLUMNS, SYS_UPTIME, SYS_UPTIME_OBJECT, TRAFFIC_COUNTERS } from './oids.js';
import type { CounterName, DevicePollResult, DeviceSample, InterfaceSample, StaticRefreshReason } from './sample.js';
import type { SnmpTarget, SnmpTransport, SnmpTransportFactory } from './transport.js';
import { asCounter, asNumber, asText, type SnmpValue } from './varbind.js';
import { isReboot } from './uptime.js';
import { pollQos, type PolicerStat } from './qos.js';
import { walkColumns } from './walk.js';

interface StaticRow {
  readonly name: string;
  readonly descr: string;
  readonly alias: string;
  readonly speedBps: number | undefined;
}

interface DeviceCache {
  staticAt: number;
  staticRows: Map<number, StaticRow>;
  indexKey: string;
  lastUpTime: number;
  lastAt: number;
  /** true: every row has HC counters; false: none has; 'mixed': walk both. Undefined until learnt. */
  hc: boolean | 'mixed' | undefined;
}

export interface PollerOptions {
  /** Opens a transport per poll; net-snmp by default. */
  readonly transportFactory?: SnmpTransportFactory;
  /** Milliseconds clock (injectable for tests). */
  readonly clock?: () => number;
  /** How often static columns are re-read at the latest. */
  readonly staticRefreshMs: number;
}

export interface PollOptions {
  /** Deadline of this device's poll, ms. */
  readonly timeoutMs: number;
  /** Cancels the poll (shutdown). */
  readonly signal?: AbortSignal;
}

const TRAFFIC_COUNTER_LIST = TRAFFIC_COUNTERS;
const COMMON: readonly [CounterName | 'operStatus' | 'discontinuity', string][] = [
  ['operStatus', COMMON_COLUMNS.ifOperStatus],
  ['inDiscards', COMMON_COLUMNS.ifInDiscards],
  ['outDiscards', COMMON_COLUMNS.ifOutDiscards],
  ['inErrors', COMMON_COLUMNS.ifInErrors],
  ['outErrors', COMMON_COLUMNS.ifOutErrors],
  ['discontinuity', COMMON_COLUMNS.ifCounterDiscontinuityTime],
];

export class SnmpPoller {
  readonly #factory: SnmpTransportFactory;
  readonly #clock: () => number;
  readonly #staticRefreshMs: number;
  readonly #cache = new Map<string, DeviceCache>();

  constructor(options: PollerOptions) {
    this.#factory = options.transportFactory ?? netSnmpTransport;
    this.#clock = options.clock ?? Date.now;
    this.#staticRefreshMs = options.staticRefreshMs;
  }

  /** Forgets what was learnt about a device (static columns, HC capability). */
  forget(deviceId: string): void {
    this.#cache.delete(deviceId);
  }

  /**
   * Polls one device. Never throws: failures (timeout, auth, protocol) come back as `{ ok: false }`
   * with a typed error.
   */
  async pollDevice(target: SnmpTarget, options: PollOptions): Promise<DevicePollResult> {
    const started = this.#clock();
    const signals = [AbortSignal.timeout(options.timeoutMs)];
    if (options.signal) signals.push(options.signal);
    const signal = AbortSignal.any(signals);
    let transport: SnmpTransport | undefined;
    try {
      transport = this.#factory(target);
      const sample = await this.#poll(target, transport, signal, started);
      return { ok: true, deviceId: target.deviceId, sample };
    } catch (error: unknown) {
      const err = toSnmpError(error, target, signal, options.timeoutMs);
      return { ok: false, deviceId: target.deviceId, error: err, durationMs: this.#clock() - started };
    } finally {
      transport?.close();
    }
  }

  /**
   * Polls many devices, at most `concurrency` at once, each with its own deadline. Results come
   * back in the order of `targets`; one slow or failing device never holds up the others beyond
   * its own deadline.
   */
  async pollAll(
    targets: readonly SnmpTarget[],
    options: PollOptions & { readonly concurrency: number },
  ): Promise<DevicePollResult[]> {
    const results: DevicePollResult[] = new Array<DevicePollResult>(targets.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < targets.length) {
        const i = next++;
        results[i] = await this.pollDevice(targets[i] as SnmpTarget, options);
      }
    };
    const workers = Math.max(1, Math.min(options.concurrency, targets.length));
    await Promise.all(Array.from({ length: workers }, worker));
    return results;
  }

  async #poll(target: SnmpTarget, transport: SnmpTransport, signal: AbortSignal, started: number): Promise<DeviceSample> {
    const device = target.deviceId;
    const maxRepetitions = target.settings.maxRepetitions;
    const cache = this.#cache.get(device);
    const warnings: string[] = [];
    let pdus = 0;
    let varbinds = 0;

    const hcMode = cache?.hc ?? true;
    const dynamicColumns = [
      ...COMMON.map(([, oid]) => oid),
      ...(hcMode === false ? [] : TRAFFIC_COUNTER_LIST.map((c) => HC_COLUMNS[c])),
      ...(hcMode === true ? [] : TRAFFIC_COUNTER_LIST.map((c) => C32_COLUMNS[c])),
    ];
    const dyn = await walkColumns(transport, dynamicColumns, {
      maxRepetitions,
      signal,
      nonRepeaters: [SYS_UPTIME_OBJECT],
      device,
      timeColumn: hcMode === false ? C32_COLUMNS.inOctets : HC_COLUMNS.inOctets,
      clock: this.#clock,
    });
    pdus += dyn.pdus;
    varbinds += dyn.varbinds;
    warnings.push(...dyn.warnings);
    const upVb = dyn.nonRepeaters[0];
    const sysUpTime = upVb && upVb.oid === SYS_UPTIME ? asNumber(upVb.value) : undefined;
    if (sysUpTime === undefined) {
      throw new SnmpError(`${device}: the agent returned no sysUpTime.0`, { device });
    }
    let at = this.#clock();
    const col = (oid: string): ReadonlyMap<string, SnmpValue> => dyn.columns.get(oid) ?? new Map();

    // Every ifTable row has ifOperStatus; it defines the interface set.
    const indexes = [...col(COMMON_COLUMNS.ifOperStatus).keys()].map(Number).sort((a, b) => a - b);
    const indexKey = indexes.join(',');

    // HC fallback: rows without ifHCInOctets use the 32-bit columns.
    let c32: ReadonlyMap<string, ReadonlyMap<string, SnmpValue>> | undefined;
    let c32Times: ReadonlyMap<string, number> | undefined;
    let hc = hcMode;
    if (hcMode !== false) {
      const hcIn = col(HC_COLUMNS.inOctets);
      const missing = indexes.filter((i) => !hcIn.has(String(i))).length;
      hc = missing === 0 ? true : missing === indexes.length ? false : 'mixed';
      if (hcMode === true && missing > 0) {
        const w = await walkColumns(
          transport,
          TRAFFIC_COUNTER_LIST.map((c) => C32_COLUMNS[c]),
          { maxRepetitions, signal, device, timeColumn: C32_COLUMNS.inOctets, clock: this.#clock },
        );
        pdus += w.pdus;
        varbinds += w.varbinds;
        warnings.push(...w.warnings);
        c32 = w.columns;
        c32Times = w.times;
        at = this.#clock();
      }
    }
    const c32col = (oid: string): ReadonlyMap<string, SnmpValue> => c32?.get(oid) ?? dyn.columns.get(oid) ?? new Map();

    // Static columns: cached, refreshed on schedule, reboot or interface-set change.
    let reason: StaticRefreshReason | undefined;
    if (!cache) reason = 'first';
    else if (isReboot(cache.lastUpTime, sysUpTime, at - cache.lastAt)) reason = 'reboot';
    else if (cache.indexKey !== indexKey) reason = 'interfaces-changed';
    else if (at - cache.staticAt >= this.#staticRefreshMs) reason = 'schedule';
    let staticRows = cache?.staticRows ?? new Map<number, StaticRow>();
    let staticAt = cache?.staticAt ?? at;
    if (reason !== undefined) {
      const cols = Object.values(STATIC_COLUMNS);
      const w = await walkColumns(transport, cols, { maxRepetitions, signal, device });
      pdus += w.pdus;
      varbinds += w.varbinds;
      warnings.push(...w.warnings);
      staticRows = buildStaticRows(w.columns);
      staticAt = this.#clock();
    }

    const interfaces: InterfaceSample[] = [];
    for (const ifIndex of indexes) {
      const key = String(ifIndex);
      const st = staticRows.get(ifIndex);
      const hasHc = hcMode !== false && col(HC_COLUMNS.inOctets).has(key);
      const counters: Partial<Record<CounterName, bigint>> = {};
      for (const c of TRAFFIC_COUNTER_LIST) {
        const v = hasHc ? col(HC_COLUMNS[c]).get(key) : c32col(C32_COLUMNS[c]).get(key);
        const n = v && asCounter(v);
        if (n !== undefined) counters[c] = n;
      }
      for (const [name, oid] of COMMON) {
        if (name === 'operStatus' || name === 'discontinuity') continue;
        const v = col(oid).get(key);
        const n = v && asCounter(v);
        if (n !== undefined) counters[name] = n;
      }
      const readAt = hasHc || hcMode === false ? dyn.times.get(key) : (c32Times?.get(key) ?? dyn.times.get(key));
      const oper = col(COMMON_COLUMNS.ifOperStatus).get(key);
      const disc = col(COMMON_COLUMNS.ifCounterDiscontinuityTime).get(key);
      interfaces.push({
        ifIndex,
        name: st?.name ?? '',
        descr: st?.descr ?? '',
        alias: st?.alias ?? '',
        speedBps: st?.speedBps,
        operStatus: oper ? asNumber(oper) : undefined,
        counterBits: hasHc ? 64 : 32,
        counters,
        ...(readAt !== undefined ? { readAt } : {}),
        discontinuityTime: disc ? asNumber(disc) : undefined,
      });
    }

    let qos: PolicerStat[] | undefined;
    if (target.qos) {
      try {
        const q = await pollQos(transport, target.qos, { maxRepetitions, signal, device });
        pdus += q.pdus;
        varbinds += q.varbinds;
        warnings.push(...q.warnings);
        qos = q.stats;
      } catch (error: unknown) {
        // QoS statistics are optional: a protocol problem in that table must not lose the interface counters.
        if (signal.aborted || !(error instanceof SnmpError) || error.code !== 'ECPA_SNMP') throw error;
        warnings.push(`QoS statistics (${target.qos}) not read: ${error.message}`);
        qos = [];
      }
    }

    // After a reboot (perhaps a firmware upgrade) a device that had no HC counters is probed again.
    const nextHc = reason === 'reboot' && hc === false ? undefined : hc;
    this.#cache.set(device, { staticAt, staticRows, indexKey, lastUpTime: sysUpTime, lastAt: at, hc: nextHc });
    return {
      deviceId: device,
      at,
      sysUpTime,
      interfaces,
      durationMs: this.#clock() - started,
      pdus,
      varbinds,
      qos,
      staticRefresh: reason,
      warnings,
    };
  }
}

function buildStaticRows(columns: ReadonlyMap<string, ReadonlyMap<string, SnmpValue>>): Map<number, StaticRow> {
  const get = (oid: string): ReadonlyMap<string, SnmpValue> => columns.get(oid) ?? new Map();
  const names = get(STATIC_COLUMNS.ifName);
  const descrs = get(STATIC_COLUMNS.ifDescr);
  const aliases = get(STATIC_COLUMNS.ifAlias);
  const high = get(STATIC_COLUMNS.ifHighSpeed);
  const speed = get(STATIC_COLUMNS.ifSpeed);
  const keys = new Set([...names.keys(), ...descrs.keys(), ...aliases.keys(), ...high.keys(), ...speed.keys()]);
  const rows = new Map<number, StaticRow>();
  for (const key of keys) {
    const text = (m: ReadonlyMap<string, SnmpValue>): string => {
      const v = m.get(key);
      return (v && asText(v)) ?? '';
    };
    const hs = high.get(key);
    const hsv = hs ? asNumber(hs) : undefined;
    const sp = speed.get(key);
    const spv = sp ? asNumber(sp) : undefined;
    // ifHighSpeed is authoritative when non-zero; ifSpeed saturates at 2^32-1 above 4.29 Gb/s.
    const speedBps = hsv !== undefined && hsv > 0 ? hsv * 1_000_000 : spv !== undefined && spv > 0 ? spv : undefined;
    rows.set(Number(key), { name: text(names), descr: text(descrs), alias: text(aliases), speedBps });
  }
  return rows;
}

function toSnmpError(error: unknown, target: SnmpTarget, signal: AbortSignal, timeoutMs: number): SnmpError {
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    if (reason instanceof Error && reason.name === 'TimeoutError') {
      return new SnmpTimeoutError(`${target.deviceId}: poll deadline of ${timeoutMs} ms exceeded`, {
        device: target.deviceId,
        cause: error,
      });
    }
    if (!(error instanceof SnmpError) || error.code === 'ECPA_SNMP') {
      return new SnmpAbortedError(`${target.deviceId}: poll cancelled`, { device: target.deviceId, cause: error });
    }
  }
  if (error instanceof SnmpError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SnmpError(`${target.deviceId}: ${message}`, { device: target.deviceId, cause: error });
}
