/**
 * The daemon's live state, from which the /metrics snapshot is built: the last good ledger and
 * its reload status, each device's traffic, health and error counts, and the reconciled config
 * states. Components write their part; `snapshot()` builds the immutable MetricsSnapshot the
 * exporter reads, cached until the next change (a scrape never rebuilds it needlessly).
 */
import type { Ledger } from '../../policies/ledger/model.js';
import type { ComplianceVerdict, ConfigState, DeviceState, LedgerState, LiveComplianceState, LiveRunOutcome, MetricsSnapshot, PortConfigState, PortPolicer, PortPolicerDirection, PortTraffic, UnknownSubinterface } from '../metrics/state.js';
import { mergeStates, type PartialPortState, type StraySubinterface } from './drift.js';
import { evaluateOffline, type RuleResult } from '../../policies/compliance/evaluate.js';
import { daemonVerdicts } from '../compliance/metrics.js';

interface DeviceEntry {
  up: boolean;
  polled: boolean;
  lastSuccessfulPollSeconds?: number;
  pollDurationSeconds?: number;
  reconcileDurationSeconds?: number;
  errorsByReason: Record<string, number>;
  traffic: readonly PortTraffic[];
  /** Partial config states from this device's last reconcile (undefined: not reconciled yet). */
  states?: readonly PartialPortState[];
  stray: readonly StraySubinterface[];
}

/** A policer's counters without its rates (a rate is only as old as a poll). */
function withoutRates(p: PortPolicer): PortPolicer {
  const strip = ({ droppedBitsPerSecond: _b, droppedPacketsPerSecond: _p, ...counters }: PortPolicerDirection): PortPolicerDirection => counters;
  return { ...(p.receive !== undefined ? { receive: strip(p.receive) } : {}), ...(p.transmit !== undefined ? { transmit: strip(p.transmit) } : {}) };
}

/** See the module comment. Not thread-safe by design: Node runs it on one thread. */
export class DaemonState {
  #ledger: Ledger | undefined;
  /**
   * The offline evaluation of the ledger in force (recomputed when a ledger comes into force): the
   * rules the ledger alone decides, and the others as not-evaluated (what `ecpa check --offline` says).
   */
  #offlineRules: readonly RuleResult[] = [];
  /** The rule results of the last finished live run; undefined before it and while the live check is off. */
  #liveRules: readonly RuleResult[] | undefined;
  /** The exported verdicts of both, built when either changes (not at every snapshot: a poll changes neither). */
  #verdicts: readonly ComplianceVerdict[] | undefined;
  #live: LiveComplianceState = { intervalSeconds: 0, runs: { pass: 0, fail: 0, incomplete: 0, error: 0, cancelled: 0 } };
  #ledgerState: LedgerState = { loaded: false, lastReloadSuccess: false, validationErrors: 0 };
  readonly #devices = new Map<string, DeviceEntry>();
  #order: readonly string[] = [];
  #cached: MetricsSnapshot | undefined;

  #device(id: string): DeviceEntry {
    let d = this.#devices.get(id);
    if (d === undefined) {
      d = { up: false, polled: false, errorsByReason: {}, traffic: [], stray: [] };
      this.#devices.set(id, d);
    }
    this.#cached = undefined;
    return d;
  }

  /** The configured devices, in config order; state of devices no longer configured is dropped. */
  setDevices(ids: readonly string[]): void {
    for (const id of [...this.#devices.keys()]) if (!ids.includes(id)) this.#devices.delete(id);
    for (const id of ids) this.#device(id);
    this.#order = [...ids];
    this.#cached = undefined;
  }

  /** A load or reload attempt of the ledger: `ledger` when it succeeded (it becomes the one in force). */
  ledgerAttempt(atSeconds: number, ledger: Ledger | undefined, validationErrors: number): void {
    if (ledger !== undefined) {
      this.#ledger = ledger;
      this.#offlineRules = evaluateOffline({ ledger }).rules;
      this.#verdicts = undefined;
    }
    this.#ledgerState = {
      loaded: this.#ledger !== undefined,
      lastReloadSuccess: ledger !== undefined,
      lastReloadSeconds: atSeconds,
      validationErrors: ledger !== undefined ? 0 : validationErrors,
    };
    this.#cached = undefined;
  }

  get ledgerState(): LedgerState {
    return this.#ledgerState;
  }

  /** A successful poll: the device is up and its shared ports carry this traffic. */
  pollSucceeded(device: string, atSeconds: number, durationSeconds: number, traffic: readonly PortTraffic[]): void {
    const d = this.#device(device);
    d.up = true;
    d.polled = true;
    d.lastSuccessfulPollSeconds = atSeconds;
    d.pollDurationSeconds = durationSeconds;
    d.traffic = traffic;
  }

  /**
   * A failed poll: the device is down, counted under `reason`. Its last counters stay exported
   * (they are still the device's last known values) but its rates go: a rate is only as old as a poll.
   */
  pollFailed(device: string, durationSeconds: number, reason: string): void {
    const d = this.#device(device);
    d.up = false;
    d.polled = true;
    d.pollDurationSeconds = durationSeconds;
    d.traffic = d.traffic.map(({ rates: _rates, policer, ...rest }) => (policer === undefined ? rest : { ...rest, policer: withoutRates(policer) }));
    this.countError(device, reason);
  }

  /** Counts one error of a device under `reason`. */
  countError(device: string, reason: string): void {
    const d = this.#device(device);
    d.errorsByReason = { ...d.errorsByReason, [reason]: (d.errorsByReason[reason] ?? 0) + 1 };
  }

  /** The result of a reconcile run on a device: partial port states and stray subinterfaces. */
  reconciled(device: string, durationSeconds: number, states: readonly PartialPortState[], stray: readonly StraySubinterface[]): void {
    const d = this.#device(device);
    d.reconcileDurationSeconds = durationSeconds;
    d.states = states;
    d.stray = stray;
  }

  /** A reconcile run that could not read the device: its ports' states become unknown. */
  reconcileFailed(device: string, durationSeconds: number, reason: string): void {
    const d = this.#device(device);
    d.reconcileDurationSeconds = durationSeconds;
    if (d.states !== undefined) d.states = d.states.map((s) => ({ ...s, state: 'unknown' }));
    this.countError(device, reason);
  }

  /**
   * The configured interval of the live compliance check, ms. 0 (off) drops the live verdicts (the
   * rules that need devices go back to their offline not-evaluated finding) and the time and
   * duration of the run that gave them.
   */
  liveInterval(ms: number): void {
    if (ms === 0) {
      if (this.#liveRules !== undefined) this.#verdicts = undefined;
      this.#liveRules = undefined;
      this.#live = { intervalSeconds: 0, runs: this.#live.runs };
    } else {
      this.#live = { ...this.#live, intervalSeconds: ms / 1000 };
    }
    this.#cached = undefined;
  }

  /**
   * A finished live run: its rule results replace the previous live ones (they are exported for
   * every rule that needs devices; see `daemonVerdicts`), as of `endSeconds`.
   */
  liveRunFinished(rules: readonly RuleResult[], outcome: Extract<LiveRunOutcome, 'pass' | 'fail' | 'incomplete'>, endSeconds: number, durationSeconds: number): void {
    this.#liveRules = rules;
    this.#verdicts = undefined;
    this.#live = { ...this.#live, lastRunSeconds: endSeconds, lastRunDurationSeconds: durationSeconds, runs: { ...this.#live.runs, [outcome]: this.#live.runs[outcome] + 1 } };
    this.#cached = undefined;
  }

  /** A live run that did not finish (error, cancelled): counted; the verdicts of the last finished run stay. */
  liveRunStopped(outcome: Extract<LiveRunOutcome, 'error' | 'cancelled'>): void {
    this.#live = { ...this.#live, runs: { ...this.#live.runs, [outcome]: this.#live.runs[outcome] + 1 } };
    this.#cached = undefined;
  }

  /** Whether every device in `ids` has finished a first poll. */
  firstPollDone(ids: readonly string[]): boolean {
    return ids.every((id) => this.#devices.get(id)?.polled === true);
  }

  /** The snapshot the exporter renders (cached until the state changes). */
  snapshot(): MetricsSnapshot {
    if (this.#cached !== undefined) return this.#cached;
    const devices: DeviceState[] = [];
    const traffic: PortTraffic[] = [];
    const parts = new Map<string, ConfigState[]>();
    const unknownSubinterfaces: UnknownSubinterface[] = [];
    for (const id of this.#order) {
      const d = this.#devices.get(id);
      if (d === undefined) continue;
      devices.push({
        device: id,
        up: d.up,
        ...(d.lastSuccessfulPollSeconds !== undefined ? { lastSuccessfulPollSeconds: d.lastSuccessfulPollSeconds } : {}),
        ...(d.polled && d.pollDurationSeconds !== undefined ? { pollDurationSeconds: d.pollDurationSeconds } : {}),
        ...(d.reconcileDurationSeconds !== undefined ? { reconcileDurationSeconds: d.reconcileDurationSeconds } : {}),
        errorsByReason: d.errorsByReason,
      });
      traffic.push(...d.traffic);
      for (const s of d.states ?? []) {
        const list = parts.get(s.sharedPortId) ?? [];
        list.push(s.state);
        parts.set(s.sharedPortId, list);
      }
      for (const s of d.stray) unknownSubinterfaces.push({ device: id, interface: s.interface, vlan: s.vlan });
    }
    const configStates: PortConfigState[] = [...parts].map(([sharedPortId, states]) => ({ sharedPortId, state: mergeStates(states) }));
    this.#cached = {
      ...(this.#ledger !== undefined ? { ledger: this.#ledger } : {}),
      ledgerState: this.#ledgerState,
      traffic,
      configStates,
      devices,
      unknownSubinterfaces,
      compliance: (this.#verdicts ??= daemonVerdicts(this.#offlineRules, this.#liveRules)),
      liveCompliance: this.#live,
    };
    return this.#cached;
  }
}
