/**
 * The state snapshot the exporter reads at scrape time. The daemon (poll loop, reconciler, ledger
 * store, compliance runner) fills it; the metrics renderer only reads it. Plain data: no classes,
 * no behaviour, so each producer can build its part and tests can write one by hand.
 *
 * Everything is optional-by-absence: a shared port with no traffic entry has not been polled yet
 * and exports no counter or rate series (absent, not zero — a zero would lie in dashboards).
 */
import type { Ledger } from '../../policies/ledger/model.js';

/** Reconciled configuration state of one shared port on its device. */
export type ConfigState = 'in-sync' | 'missing' | 'drifted' | 'not-owned' | 'unknown';
/** Every config state, in export order (the enum pattern emits one series per value). */
export const CONFIG_STATES: readonly ConfigState[] = ['in-sync', 'missing', 'drifted', 'not-owned', 'unknown'];

/** Verdict of one compliance rule on one subject. */
export type ComplianceVerdictValue = 'pass' | 'fail' | 'not-evaluated';
/** Every verdict, in export order. */
export const COMPLIANCE_VERDICTS: readonly ComplianceVerdictValue[] = ['pass', 'fail', 'not-evaluated'];

/**
 * Which evaluation a verdict comes from: `offline` — the ledger in force alone (redone at every
 * reload; rules that need devices are not-evaluated there), `live` — the daemon's last live run
 * (device config and SNMP, as `ecpa check`).
 */
export type ComplianceEvaluation = 'offline' | 'live';

/** How a live compliance run of the daemon ended. */
export type LiveRunOutcome = 'pass' | 'fail' | 'incomplete' | 'error' | 'cancelled';
/**
 * Every outcome, in export order: pass / fail / incomplete (the run finished; the report's result),
 * error (the run broke; the previous verdicts stay), cancelled (a reload or shutdown stopped it).
 */
export const LIVE_RUN_OUTCOMES: readonly LiveRunOutcome[] = ['pass', 'fail', 'incomplete', 'error', 'cancelled'];

/** Exact interface counters (Counter64 as bigint, never rounded through a JS number). */
export interface PortCounters {
  readonly receiveBytes: bigint;
  readonly transmitBytes: bigint;
  readonly receivePackets: bigint;
  readonly transmitPackets: bigint;
  readonly receiveDroppedPackets: bigint;
  readonly transmitDroppedPackets: bigint;
}

/** Rates computed from the two latest polls (wrap/reset handled by the poll loop). */
export interface PortRates {
  readonly receiveBitsPerSecond: number;
  readonly transmitBitsPerSecond: number;
  readonly receivePacketsPerSecond: number;
  readonly transmitPacketsPerSecond: number;
  readonly receiveDroppedPacketsPerSecond: number;
  readonly transmitDroppedPacketsPerSecond: number;
}

/**
 * One direction of the agent-owned vendor QoS policer of a shared port. Counters are the device's
 * own (absent: the platform's table has no such column, e.g. Junos counts only what it discards);
 * rates are between the two latest polls, bit/s and packets/s (absent: not computable this interval).
 */
export interface PortPolicerDirection {
  readonly conformedBytes?: bigint;
  readonly conformedPackets?: bigint;
  readonly droppedBytes?: bigint;
  readonly droppedPackets?: bigint;
  readonly droppedBitsPerSecond?: number;
  readonly droppedPacketsPerSecond?: number;
}

/** The agent-owned policer of a shared port: `receive` = inbound on its subinterface, `transmit` = outbound. */
export interface PortPolicer {
  readonly receive?: PortPolicerDirection;
  readonly transmit?: PortPolicerDirection;
}

/** Latest traffic of one shared port, joined by the poll loop to the device and interface it polled. */
export interface PortTraffic {
  /** Shared port (vpconn) id from the ledger. */
  readonly sharedPortId: string;
  /** Device id (agent config) the counters were read from. */
  readonly device: string;
  /** Interface name as the device reports it (ifName), e.g. `GigabitEthernet0/0/1.1201`. */
  readonly interface: string;
  /** Absent until the first successful poll. */
  readonly counters?: PortCounters;
  /** Absent until two successive polls allow a rate. */
  readonly rates?: PortRates;
  /** The agent's own policer of the shared port from the vendor QoS table; absent when none was read. */
  readonly policer?: PortPolicer;
}

/** Reconciled config state of one shared port (from the reconciler's last plan). */
export interface PortConfigState {
  readonly sharedPortId: string;
  readonly state: ConfigState;
}

/** Health of one device as the poll loop and the reconciler last saw it. */
export interface DeviceState {
  readonly device: string;
  /** True when the last poll succeeded. */
  readonly up: boolean;
  /** Unix seconds of the last successful poll; absent when there was none yet. */
  readonly lastSuccessfulPollSeconds?: number;
  /** Duration of the last poll, seconds. */
  readonly pollDurationSeconds?: number;
  /** Duration of the last reconcile run, seconds. */
  readonly reconcileDurationSeconds?: number;
  /** Errors since the agent started, by reason (e.g. `timeout`, `auth`, `config-rejected`); monotonic. */
  readonly errorsByReason: Readonly<Record<string, number>>;
}

/** A VLAN subinterface found on a device that no ledger entry explains. */
export interface UnknownSubinterface {
  readonly device: string;
  readonly interface: string;
  readonly vlan: number;
}

/** State of the ledger store. */
export interface LedgerState {
  /** True once a valid ledger has been loaded (the last good one stays loaded on a failed reload). */
  readonly loaded: boolean;
  /** Whether the most recent load/reload attempt succeeded. */
  readonly lastReloadSuccess: boolean;
  /** Unix seconds of the most recent load/reload attempt; absent before the first. */
  readonly lastReloadSeconds?: number;
  /** Validation errors of the most recent attempt (0 when it succeeded). */
  readonly validationErrors: number;
}

/** One compliance verdict: rule id (e.g. `qos-throttling`) on one subject (e.g. `shared-port:pc-bp1v0001`). */
export interface ComplianceVerdict {
  readonly ruleId: string;
  readonly subject: string;
  readonly evaluation: ComplianceEvaluation;
  readonly verdict: ComplianceVerdictValue;
}

/** The daemon's live compliance runs. */
export interface LiveComplianceState {
  /** Configured time between two runs, seconds; 0 when the live check is off. */
  readonly intervalSeconds: number;
  /** Unix seconds the last finished run (the one whose verdicts are exported) ended; absent before the first. */
  readonly lastRunSeconds?: number;
  /** Duration of that run, seconds. */
  readonly lastRunDurationSeconds?: number;
  /** Runs since the agent started, by outcome; monotonic. */
  readonly runs: Readonly<Record<LiveRunOutcome, number>>;
}

/** Everything /metrics exports, as of one instant. */
export interface MetricsSnapshot {
  /** The loaded (last good) ledger; absent before the first successful load. */
  readonly ledger?: Ledger;
  readonly ledgerState: LedgerState;
  readonly traffic: readonly PortTraffic[];
  readonly configStates: readonly PortConfigState[];
  readonly devices: readonly DeviceState[];
  readonly unknownSubinterfaces: readonly UnknownSubinterface[];
  readonly compliance: readonly ComplianceVerdict[];
  /** The daemon's live compliance runs; absent where there is no daemon (its families are then not exported). */
  readonly liveCompliance?: LiveComplianceState;
}

/** The snapshot of an agent that has loaded nothing and polled nothing yet. */
export function emptySnapshot(): MetricsSnapshot {
  return {
    ledgerState: { loaded: false, lastReloadSuccess: false, validationErrors: 0 },
    traffic: [],
    configStates: [],
    devices: [],
    unknownSubinterfaces: [],
    compliance: [],
  };
}
