/** What one poll of one device yields: the raw, exact counters of every interface at one moment. */
import type { TrafficCounter } from './oids.js';
import type { SnmpError } from './errors.js';
import type { PolicerStat } from './qos.js';

/** Counters an interface can carry. Traffic counters are 64- or 32-bit; discards and errors are always Counter32. */
export type CounterName = TrafficCounter | 'inDiscards' | 'outDiscards' | 'inErrors' | 'outErrors';

export const ERROR_COUNTERS: readonly CounterName[] = ['inDiscards', 'outDiscards', 'inErrors', 'outErrors'];

export interface InterfaceSample {
  readonly ifIndex: number;
  /** ifName ('' when the agent has none). */
  readonly name: string;
  /** ifDescr (Cisco puts the long name here, ifName is abbreviated). */
  readonly descr: string;
  /** ifAlias: the description the operator (or the agent, `ecpa:` prefix) wrote. */
  readonly alias: string;
  /** Line speed in bit/s (ifHighSpeed × 10^6, else ifSpeed); undefined when the agent reports none. */
  readonly speedBps: number | undefined;
  /** ifOperStatus (1 up, 2 down, …). */
  readonly operStatus: number | undefined;
  /** Width of the traffic counters: 64 (ifHC*) or 32 (fallback ifIn/Out*). */
  readonly counterBits: 32 | 64;
  /** Exact counter values; a counter the agent does not have is absent. */
  readonly counters: Readonly<Partial<Record<CounterName, bigint>>>;
  /** Clock time (ms) the PDU carrying this row's octet counter arrived; rates use it over the sample's `at`. */
  readonly readAt?: number;
  /** ifCounterDiscontinuityTime in TimeTicks; undefined when the agent lacks it. */
  readonly discontinuityTime: number | undefined;
}

export interface DeviceSample {
  readonly deviceId: string;
  /** Clock time (ms) when the counters were read (end of the walk). */
  readonly at: number;
  /** sysUpTime.0 in TimeTicks (1/100 s). */
  readonly sysUpTime: number;
  readonly interfaces: readonly InterfaceSample[];
  readonly durationMs: number;
  readonly pdus: number;
  readonly varbinds: number;
  /** Vendor QoS policer statistics, when the target asked for them (undefined otherwise). */
  readonly qos: readonly PolicerStat[] | undefined;
  /** Whether the static columns were re-read in this poll, and why. */
  readonly staticRefresh: StaticRefreshReason | undefined;
  readonly warnings: readonly string[];
}

export type StaticRefreshReason = 'first' | 'schedule' | 'reboot' | 'interfaces-changed';

export type DevicePollResult =
  | { readonly ok: true; readonly deviceId: string; readonly sample: DeviceSample }
  | { readonly ok: false; readonly deviceId: string; readonly error: SnmpError; readonly durationMs: number };
