/**
 * The daemon's live compliance loop: every `compliance.intervalMs` it gathers the live evidence
 * (running config of every device, the poll loop's SNMP samples) and evaluates every rule of the
 * registry, as `ecpa check` does, and hands the result to the daemon state, which exports it as
 * `ecpa_compliance_rule_verdict{evaluation="live"}`. One run at a time; the first waits until the
 * poll loop has sampled the devices twice. A device that cannot be read makes its findings
 * not-evaluated (the gather's readings say why); a run that breaks is logged and counted, and the
 * verdicts of the last finished run stay. A reload cancels a run in progress and starts the next
 * one at once (interval 0: the loop idles and the live verdicts go); the daemon's signal stops it.
 */
import { setImmediate as turn } from 'node:timers/promises';
import type { Ledger } from '../../policies/ledger/model.js';
import type { LiveEvidence } from '../../policies/compliance/live/model.js';
import { evaluateLive, withRuleResult, type LiveReport } from '../../policies/compliance/live/evaluate.js';
import { RULES } from '../../policies/compliance/registry.js';
import type { RuleDefinition } from '../../policies/compliance/types.js';
import { subjectLabel } from '../compliance/metrics.js';
import type { LiveRunOutcome } from '../metrics/state.js';
import type { DaemonInputs } from './inputs.js';
import { errorMessage, type DaemonLogger } from './logger.js';
import { sleep as abortableSleep } from './sleep.js';
import type { DaemonState } from './state.js';

/** What the live compliance loop needs. */
export interface LiveComplianceOptions {
  readonly state: DaemonState;
  readonly logger: DaemonLogger;
  /** The inputs in force, read afresh at every run. */
  readonly inputs: () => DaemonInputs;
  /** Resolves true once the first run may start (the poll loop has two samples), false when `signal` aborted first. */
  readonly ready: (signal: AbortSignal) => Promise<boolean>;
  /** Gathers the live evidence under `inputs`; never throws for a device (its readings say why). */
  readonly gather: (inputs: DaemonInputs, signal: AbortSignal) => Promise<LiveEvidence>;
  /** Clock, ms (tests). */
  readonly now?: () => number;
  /** Waits `ms`, resolving early (false) when `signal` aborts (tests). */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<boolean>;
  /** Called after each run with its outcome (tests). */
  readonly onRun?: (outcome: LiveRunOutcome, report: LiveReport | undefined) => void;
}

/** The outcome of a finished run, from its report: fail > incomplete > pass. */
export function outcomeOf(report: Pick<LiveReport, 'verdict' | 'complete'>): Extract<LiveRunOutcome, 'pass' | 'fail' | 'incomplete'> {
  if (report.verdict === 'fail') return 'fail';
  return report.complete && report.verdict === 'pass' ? 'pass' : 'incomplete';
}

/**
 * `evaluateLive` one rule at a time, giving the event loop a turn between rules: at 50,000 shared
 * ports the whole evaluation takes seconds of CPU (docs/benchmarks/daemon.md), which in one piece
 * would hold up scrapes and polls; this way the longest stall is the slowest rule. The report is
 * the same as `evaluateLive(input, rules)`. Returns undefined when `signal` aborts between rules.
 */
export async function evaluateStepwise(ledger: Ledger, live: LiveEvidence, rules: readonly RuleDefinition[], signal: AbortSignal): Promise<LiveReport | undefined> {
  let report = evaluateLive({ ledger, live }, []);
  for (const rule of rules) {
    await turn();
    if (signal.aborted) return undefined;
    const one = evaluateLive({ ledger, live }, [rule]).rules[0];
    if (one !== undefined) report = withRuleResult(report, one);
  }
  return report;
}

/** Longest single wait of an idle loop (setTimeout's limit); it then just waits again. */
const IDLE_MS = 2 ** 31 - 1;

/** See the module comment. */
export class LiveComplianceLoop {
  readonly #o: LiveComplianceOptions;
  readonly #now: () => number;
  readonly #sleep: (ms: number, signal: AbortSignal) => Promise<boolean>;
  #done: Promise<void> = Promise.resolve();
  /** Aborted to cancel the run in progress. */
  #run: AbortController | undefined;
  /** Aborted to end the current wait (the next run starts at once). */
  #wake = new AbortController();

  constructor(options: LiveComplianceOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? abortableSleep;
  }

  /** Starts looping until `signal` aborts; `stopped()` resolves when the loop has exited. */
  start(signal: AbortSignal): void {
    this.#done = this.#loop(signal).catch((error: unknown) => {
      // Every run catches its own failures; reaching here is a bug, logged so the daemon survives it.
      this.#o.logger.error({ err: errorMessage(error) }, 'live compliance loop stopped unexpectedly');
    });
  }

  /** Resolves once the loop has exited (after its signal aborted), a run in progress cancelled. */
  stopped(): Promise<void> {
    return this.#done;
  }

  /**
   * The inputs changed (reload): a run in progress is cancelled (its evidence would mix the old
   * ledger and devices with the new) and the next run starts at once with the new inputs and
   * interval. The live verdicts of the last finished run stay exported until then.
   */
  reschedule(): void {
    this.#run?.abort(new Error('inputs reloaded'));
    this.#wake.abort();
  }

  async #loop(signal: AbortSignal): Promise<void> {
    this.#o.state.liveInterval(this.#o.inputs().config.compliance.intervalMs);
    if (!(await this.#o.ready(signal))) return;
    while (!signal.aborted) {
      const wake = new AbortController();
      this.#wake = wake;
      const inputs = this.#o.inputs();
      const intervalMs = inputs.config.compliance.intervalMs;
      this.#o.state.liveInterval(intervalMs);
      if (intervalMs === 0) {
        // Off: idle until a reload (or shutdown).
        await this.#sleep(IDLE_MS, AbortSignal.any([signal, wake.signal]));
        continue;
      }
      const started = this.#now();
      await this.runOnce(inputs, signal);
      if (signal.aborted) break;
      // Rescheduled during the run: go again at once, with the inputs now in force.
      if (wake.signal.aborted) continue;
      await this.#sleep(intervalMs - (this.#now() - started), AbortSignal.any([signal, wake.signal]));
    }
  }

  /** One run under `inputs`, cancelled when `signal` aborts or on `reschedule()`. Never throws. */
  async runOnce(inputs: DaemonInputs, signal: AbortSignal): Promise<LiveRunOutcome> {
    const log = this.#o.logger;
    const run = new AbortController();
    this.#run = run;
    const runSignal = AbortSignal.any([signal, run.signal]);
    const started = this.#now();
    let outcome: LiveRunOutcome;
    let report: LiveReport | undefined;
    try {
      const live = await this.#o.gather(inputs, runSignal);
      const evaluated = runSignal.aborted ? undefined : await evaluateStepwise(inputs.ledger, live, RULES, runSignal);
      if (evaluated === undefined) {
        outcome = 'cancelled';
      } else {
        report = evaluated;
        const finished = outcomeOf(report);
        outcome = finished;
        const ended = this.#now();
        this.#o.state.liveRunFinished(report.rules, finished, ended / 1000, (ended - started) / 1000);
        const failing = report.rules.flatMap((r) => r.findings.filter((f) => f.verdict === 'fail').map((f) => `${r.id} ${subjectLabel(f)}`));
        log.info(
          { outcome, findings: report.findingSummary, failing: failing.slice(0, 20), devices: report.devices.length, durationMs: ended - started },
          'live compliance run done',
        );
      }
    } catch (error: unknown) {
      if (runSignal.aborted) {
        outcome = 'cancelled';
      } else {
        outcome = 'error';
        log.error({ err: errorMessage(error), durationMs: this.#now() - started }, 'live compliance run failed; the verdicts of the last finished run stay');
      }
    } finally {
      if (this.#run === run) this.#run = undefined;
    }
    if (outcome === 'cancelled' || outcome === 'error') {
      this.#o.state.liveRunStopped(outcome);
      if (outcome === 'cancelled') log.info({ reason: errorMessage(runSignal.reason), durationMs: this.#now() - started }, 'live compliance run cancelled');
    }
    this.#o.onRun?.(outcome, report);
    return outcome;
  }
}
