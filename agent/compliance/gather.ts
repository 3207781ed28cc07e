/**
 * Gathers the live evidence of `ecpa check` and of the daemon's live compliance runs: per device of
 * the agent config, at once (or `concurrency` at a time) and each on its own (one device failing
 * never stops the others), the running config (NETCONF get-config with the driver's subtree filter,
 * parsed by the driver), the ARP/ICMP limits the driver reads, and two SNMP samples — two polls
 * `sampleMs` apart, or the two latest of the daemon's poll loop (`samples`) — giving counters,
 * rates, ifOperStatus, and which interface carries which shared port.
 */
import type { AgentConfig, DeviceConfig } from '../../config/agent/model.js';
import { scopeOf, type DeviceLimits, type DriverCapabilities, type ParseScope, type VendorDriver } from '../../drivers/driver.js';
import { driverFor } from '../../drivers/registry.js';
import { netSnmpTransport } from '../../drivers/snmp/net-snmp-transport.js';
import { SnmpPoller } from '../../drivers/snmp/poller.js';
import type { DevicePollResult, DeviceSample, InterfaceSample } from '../../drivers/snmp/sample.js';
import type { SnmpTarget } from '../../drivers/snmp/transport.js';
import { asNumber } from '../../drivers/snmp/varbind.js';
import { walkColumns } from '../../drivers/snmp/walk.js';
import { DEFAULT_LIVE_SETTINGS, type DeviceEvidence, type InterfaceEvidence, type LiveEvidence, type MonitoredCounter, type Reading, type SnmpEvidence } from '../../policies/compliance/live/model.js';
import { buildIntents } from '../../policies/intent/build.js';
import { IntentError } from '../../policies/intent/errors.js';
import type { DeviceIntent, ObservedDevice } from '../../policies/intent/model.js';
import type { Ledger } from '../../policies/ledger/model.js';
import { openSession } from '../push/connect.js';
import { mapBounded } from '../push/pool.js';
import { readObservedWithLimits, type ConfigRead } from '../push/read.js';
import { matchSharedPorts } from '../telemetry/match.js';
import { computeDeviceRates, type InterfaceRateResult } from '../telemetry/rates.js';
import { arpReading, arpReadingOfLimits, icmpReading, icmpReadingOfLimits, icmpUnseenOf } from './limits.js';
import { CONFIG_PATHS } from './paths.js';

/** Reads and parses a device's running config (injectable: tests and the lab pass their own). */
export type ConfigReader = (device: DeviceConfig, driver: VendorDriver, scope: ParseScope, signal: AbortSignal) => Promise<ConfigRead>;
/** Polls a device's SNMP agent once. */
export type SnmpPoll = (target: SnmpTarget, signal: AbortSignal) => Promise<DevicePollResult>;
/** Reads IF-MIB ifMtu of every interface: ifIndex → bytes. Throws SnmpError. */
export type MtuRead = (target: SnmpTarget, signal: AbortSignal) => Promise<ReadonlyMap<number, number>>;

/** Two successive SNMP samples of a device taken elsewhere (the daemon's poll loop), and where they come from. */
export interface SamplePair {
  readonly first: DeviceSample;
  readonly second: DeviceSample;
  /** Shown in the evidence's source, e.g. "the daemon's poll loop". */
  readonly origin: string;
}
/**
 * A device's samples from elsewhere: a pair; `{ failed }` when the latest attempt to read the
 * device failed (the reason); undefined when there are no two samples yet (the gather polls itself).
 */
export type SampleSource = (target: SnmpTarget) => SamplePair | { readonly failed: string } | undefined;

/** IF-MIB ifMtu (ifEntry column 4): the largest datagram the interface carries, bytes. */
export const IF_MTU = '1.3.6.1.2.1.2.2.1.4';

/** The default ifMtu reader: one GetBulk walk of the column over net-snmp. */
export const snmpMtuReader: MtuRead = async (target, signal) => {
  const transport = netSnmpTransport(target);
  try {
    const walk = await walkColumns(transport, [IF_MTU], { maxRepetitions: target.settings.maxRepetitions, signal, device: target.deviceId });
    const out = new Map<number, number>();
    for (const [suffix, value] of walk.columns.get(IF_MTU) ?? new Map()) {
      const mtu = asNumber(value);
      if (mtu !== undefined && /^\d+$/.test(suffix)) out.set(Number(suffix), mtu);
    }
    return out;
  } finally {
    transport.close();
  }
};

export interface GatherOptions {
  readonly ledger: Ledger;
  readonly config: Pick<AgentConfig, 'devices' | 'push' | 'polling'>;
  /** Time between the two SNMP samples, ms (the counters must be seen to move). */
  readonly sampleMs: number;
  readonly signal: AbortSignal;
  readonly readConfig?: ConfigReader;
  readonly poll?: SnmpPoll;
  readonly readMtu?: MtuRead;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** ISO clock for `gatheredAt`. */
  readonly now?: () => Date;
  /** SNMP samples taken elsewhere (the daemon's poll loop) instead of two polls `sampleMs` apart. */
  readonly samples?: SampleSource;
  /** Devices read at once (default: every device at once). */
  readonly concurrency?: number;
  /** The intents of the fleet, when already built (the daemon's inputs); built from the ledger otherwise. */
  readonly intents?: ReadonlyMap<string, DeviceIntent>;
}

/** The default reader: a NETCONF session per device, get-config running with the driver's filter, closed after. */
export const netconfReader: ConfigReader = async (device, driver, scope, signal) => {
  const client = await openSession(device, signal);
  try {
    return await readObservedWithLimits(client, driver, scope, signal);
  } finally {
    await client.closeSession();
  }
};

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error('interrupted'));
    const timer = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(); }, ms);
    const onAbort = (): void => { clearTimeout(timer); reject(new Error('interrupted')); };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

const message = (e: unknown): string => {
  const code = typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? `${e.code}: ` : '';
  return `${code}${e instanceof Error ? e.message : String(e)}`;
};

const NO_DRIVER = (reason: string): DriverCapabilities => ({
  arpRateLimit: { level: 'unsupported', reason },
  icmpLimit: { level: 'unsupported', reason },
  perSubinterfaceStats: { level: 'always', reason },
  policer: { level: 'per-tenant-policy', reason },
});

function pick(sample: InterfaceSample): Partial<Record<MonitoredCounter, bigint>> {
  const c = sample.counters;
  const sum = (...xs: (bigint | undefined)[]): bigint | undefined => (xs[0] === undefined ? undefined : xs.reduce<bigint>((a, b) => a + (b ?? 0n), 0n));
  const out: Partial<Record<MonitoredCounter, bigint>> = {};
  const set = (k: MonitoredCounter, v: bigint | undefined): void => { if (v !== undefined) out[k] = v; };
  set('inOctets', c.inOctets);
  set('outOctets', c.outOctets);
  set('inPackets', sum(c.inUcastPkts, c.inMulticastPkts, c.inBroadcastPkts));
  set('outPackets', sum(c.outUcastPkts, c.outMulticastPkts, c.outBroadcastPkts));
  set('inDiscards', c.inDiscards);
  set('outDiscards', c.outDiscards);
  return out;
}

function interfaceEvidence(first: DeviceSample, r: InterfaceRateResult): InterfaceEvidence {
  const s = r.sample;
  const before = first.interfaces.find((i) => i.ifIndex === s.ifIndex && i.name === s.name);
  const base = { ifIndex: s.ifIndex, name: s.name || s.descr, alias: s.alias, operStatus: s.operStatus, first: before ? pick(before) : {}, second: pick(s) };
  if (r.status !== 'rates') return { ...base, noRatesReason: r.reason };
  const x = r.rates;
  const rates: Partial<Record<MonitoredCounter, number>> = {};
  const set = (k: MonitoredCounter, v: number | undefined): void => { if (v !== undefined) rates[k] = v; };
  set('inOctets', x.inBitsPerSecond === undefined ? undefined : x.inBitsPerSecond / 8);
  set('outOctets', x.outBitsPerSecond === undefined ? undefined : x.outBitsPerSecond / 8);
  set('inPackets', x.inPacketsPerSecond);
  set('outPackets', x.outPacketsPerSecond);
  set('inDiscards', x.inDiscardsPerSecond);
  set('outDiscards', x.outDiscardsPerSecond);
  return { ...base, rates };
}

async function mtus(target: SnmpTarget, read: MtuRead, signal: AbortSignal): Promise<ReadonlyMap<number, number> | string> {
  try {
    const found = await read(target, signal);
    return found.size > 0 ? found : 'the agent serves no IF-MIB ifMtu (1.3.6.1.2.1.2.2.1.4)';
  } catch (e: unknown) {
    return `ifMtu walk failed: ${message(e)}`;
  }
}

async function snmpEvidence(device: DeviceConfig, ledger: Ledger, prefix: string, opts: GatherOptions, poll: SnmpPoll): Promise<Reading<SnmpEvidence>> {
  if (!device.snmp) return { status: 'unreadable', reason: 'the device has no snmp settings in the agent config' };
  const target: SnmpTarget = { deviceId: device.id, address: device.address, settings: device.snmp };
  const supplied = opts.samples?.(target);
  if (supplied !== undefined && 'failed' in supplied) return { status: 'unreadable', reason: supplied.failed };
  let first: DeviceSample;
  let second: DeviceSample;
  if (supplied !== undefined) {
    ({ first, second } = supplied);
  } else {
    const a = await poll(target, opts.signal);
    if (!a.ok) return { status: 'unreadable', reason: message(a.error) };
    await (opts.sleep ?? defaultSleep)(opts.sampleMs, opts.signal);
    const b = await poll(target, opts.signal);
    if (!b.ok) return { status: 'unreadable', reason: `second sample: ${message(b.error)}` };
    first = a.sample;
    second = b.sample;
  }
  const mtu = await mtus(target, opts.readMtu ?? snmpMtuReader, opts.signal);
  const rates = computeDeviceRates(first, second);
  const interfaces = rates.interfaces.map((r) => {
    const e = interfaceEvidence(first, r);
    const m = typeof mtu === 'string' ? undefined : mtu.get(e.ifIndex);
    return m === undefined ? e : { ...e, mtu: m };
  });
  const match = matchSharedPorts(ledger, device.id, device.platform, second.interfaces.map((i) => ({ ifIndex: i.ifIndex, name: i.name, descr: i.descr, alias: i.alias })), prefix);
  const version = device.snmp.version === '2c' ? 'v2c' : `v3 ${device.snmp.level}`;
  const apart = Math.round((second.at - first.at) / 100) / 10;
  return {
    status: 'read',
    source: `SNMP ${version} ${device.address}:${device.snmp.port} IF-MIB ifTable/ifXTable (ifHC*Octets, ifHC*UcastPkts, if*Discards, ifOperStatus, ifMtu), 2 samples ${apart} s apart${supplied !== undefined ? ` (${supplied.origin})` : ''}`,
    value: {
      interfaces,
      intervalSeconds: apart,
      bindings: match.bindings.map((b) => ({ sharedPortId: b.sharedPortId, role: b.role, interfaceName: b.interfaceName, matchedBy: b.matchedBy })),
      unmatched: match.unmatched,
      ...(typeof mtu === 'string' ? { mtuUnreadable: mtu } : {}),
    },
  };
}

async function deviceOf(device: DeviceConfig, intent: DeviceIntent | undefined, opts: GatherOptions, reader: ConfigReader, poll: SnmpPoll): Promise<DeviceEvidence> {
  const { ledger, config } = opts;
  const snmp = snmpEvidence(device, ledger, config.push.ownershipPrefix, opts, poll).catch((e: unknown): Reading<SnmpEvidence> => ({ status: 'unreadable', reason: message(e) }));
  let driver: VendorDriver;
  try {
    driver = driverFor(device.platform);
  } catch (e: unknown) {
    const reason = message(e);
    const none = { status: 'unreadable' as const, reason };
    return { device: device.id, platform: device.platform, capabilities: NO_DRIVER(reason), config: none, arp: none, icmp: none, snmp: await snmp };
  }
  const ports = [
    ...ledger.circuits.filter((c) => c.device === device.id).map((c) => c.port),
    ...ledger.sharedPorts.filter((p) => p.attachment.device === device.id).map((p) => p.attachment.port),
  ];
  const scope: ParseScope = intent ? scopeOf(intent, ports) : { ownershipPrefix: config.push.ownershipPrefix, ports: [...new Set(ports)].sort() };
  const where = device.netconf ? `NETCONF get-config running of ${device.address}:${device.netconf.port}` : 'no netconf settings';
  const source = `${where}, ${device.platform} driver filter over ${scope.ports.join(', ') || 'no port'}`;
  let observedReading: Reading<ObservedDevice>;
  let deviceLimits: DeviceLimits | undefined;
  try {
    const read = await reader(device, driver, scope, opts.signal);
    observedReading = { status: 'read', value: read.observed, source };
    deviceLimits = read.limits;
  } catch (e: unknown) {
    observedReading = { status: 'unreadable', reason: message(e) };
  }
  const caps = driver.capabilities;
  const paths = CONFIG_PATHS[device.platform];
  const limits = observedReading.status === 'read'
    ? deviceLimits
      ? { arp: arpReadingOfLimits(deviceLimits, source), icmp: icmpReadingOfLimits(deviceLimits, source), ...icmpUnseenOf(deviceLimits) }
      : { arp: arpReading(observedReading.value, caps, source, paths?.arp), icmp: icmpReading(observedReading.value, caps, source, paths?.icmp) }
    : { arp: observedReading, icmp: observedReading };
  return { device: device.id, platform: device.platform, capabilities: caps, ...(paths ? { paths } : {}), config: observedReading, ...limits, snmp: await snmp };
}

/** Reads every device of the config; never throws for a device (its readings say why they failed). */
export async function gatherLiveEvidence(opts: GatherOptions): Promise<LiveEvidence> {
  const poller = new SnmpPoller({ staticRefreshMs: opts.config.polling.staticRefreshMs });
  const poll: SnmpPoll = opts.poll ?? ((target, signal) => poller.pollDevice(target, { timeoutMs: opts.config.polling.timeoutMs, signal }));
  const reader = opts.readConfig ?? netconfReader;
  // Intent of the whole fleet at once: a shared port spans its circuit's device and its attachment's.
  let intents: ReadonlyMap<string, DeviceIntent> = opts.intents ?? new Map<string, DeviceIntent>();
  if (opts.intents === undefined) {
    try {
      intents = new Map(buildIntents(opts.ledger, opts.config.devices, opts.config.push).map((i) => [i.device, i]));
    } catch (error: unknown) {
      // A ledger the intent refuses (its errors are the ledger rules' findings) is still read: scopes fall back to the ledger's ports.
      if (!(error instanceof IntentError)) throw error;
    }
  }
  // Each device gets its own signal (one listener on the caller's), so its many reads do not pile listeners on one.
  const all = opts.config.devices;
  const devices = await mapBounded(all, Math.max(1, opts.concurrency ?? all.length), (d) => deviceOf(d, intents.get(d.id), { ...opts, signal: AbortSignal.any([opts.signal]) }, reader, poll));
  return {
    devices,
    settings: { ...DEFAULT_LIVE_SETTINGS, arpPpsPerUser: opts.config.push.arpPpsPerUser },
    gatheredAt: (opts.now ?? (() => new Date()))().toISOString(),
  };
}
