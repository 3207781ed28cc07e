/**
 * The reconcile loop, level-triggered (controller-runtime style): a timer, a reload or an
 * operator queues a device id; each run re-reads the inputs in force and the device's running
 * config (agent/push's read-only plan), records per shared port config states, and — only when
 * the device (or the run) opted in to auto-apply — applies the plan with the same safety as
 * `ecpa apply` (ownership and max-deletes guards, confirmed commit, read-back, confirm). One run
 * per device at a time; failures back off exponentially; a terminal failure (authentication, host
 * key, no driver, no NETCONF) is counted once and not retried until the inputs change.
 */
import { applyTarget } from '../push/apply-run.js';
import { planTarget } from '../push/plan-run.js';
import type { PushTarget } from '../push/target.js';
import { checkDeletes, checkOwnership } from '../../policies/plan/guard.js';
import type { DevicePlan } from '../../policies/plan/model.js';
import { LeaseAbortedError, type DeviceLeases } from './device-lease.js';
import { portStatesFromPlan, straySubinterfaces } from './drift.js';
import type { DaemonInputs } from './inputs.js';
import { errorMessage, type DaemonLogger } from './logger.js';
import type { DaemonState } from './state.js';
import { TargetCache } from './targets.js';

/** Backoff of failed runs. */
export interface Backoff {
  readonly baseMs: number;
  readonly maxMs: number;
}

/** What the reconcile loop needs. */
export interface ReconcileLoopOptions {
  readonly state: DaemonState;
  readonly logger: DaemonLogger;
  /** The inputs in force, read afresh at every run. */
  readonly inputs: () => DaemonInputs;
  /** Apply drift on every device, not only those with `autoApply: true`. */
  readonly autoApplyAll: boolean;
  readonly backoff?: Backoff;
  /** Called after each run (tests). */
  readonly onRun?: (device: string, result: RunResult) => void;
  /** Per-device leases shared with the live compliance check: a run holds its device's lease. */
  readonly leases?: DeviceLeases;
}

/** How a run ended. */
export type RunResult =
  | { readonly kind: 'in-sync' }
  | { readonly kind: 'drift'; readonly changes: number; readonly applied: 'no' | 'applied' | 'refused' | 'failed' }
  | { readonly kind: 'failed'; readonly reason: string; readonly terminal: boolean };

const DEFAULT_BACKOFF: Backoff = { baseMs: 5_000, maxMs: 300_000 };

/** Error reason label and whether retrying can help, from a plan outcome's code. */
export function reconcileFailure(code: string): { reason: string; terminal: boolean } {
  switch (code) {
    case 'ECPA_AUTH':
      return { reason: 'auth', terminal: true };
    case 'ECPA_HOST_KEY':
      return { reason: 'host-key', terminal: true };
    case 'UNKNOWN_PLATFORM':
      return { reason: 'no-driver', terminal: true };
    case 'ECPA_APPLY_DEVICE':
      return { reason: 'no-netconf', terminal: true };
    case 'ECPA_TIMEOUT':
      return { reason: 'timeout', terminal: false };
    case 'PARSE_FAILED':
      return { reason: 'parse', terminal: false };
    default:
      return { reason: 'netconf', terminal: false };
  }
}

/** See the module comment. */
export class ReconcileLoop {
  readonly #o: ReconcileLoopOptions;
  readonly #backoff: Backoff;
  readonly #queue = new Set<string>();
  readonly #running = new Map<string, Promise<void>>();
  /** Queued again while running: run once more afterwards. */
  readonly #again = new Set<string>();
  readonly #failures = new Map<string, number>();
  readonly #retry = new Map<string, NodeJS.Timeout>();
  /** Devices that failed terminally on the current inputs. */
  #terminal = new Set<string>();
  #inputs: DaemonInputs | undefined;
  #signal: AbortSignal | undefined;
  #applySignal: AbortSignal | undefined;
  #timer: NodeJS.Timeout | undefined;
  #autoApplyNoted = false;
  /** Targets of each inputs generation, built once (a reload brings new inputs, hence new targets). */
  readonly #targets = new TargetCache();

  constructor(options: ReconcileLoopOptions) {
    this.#o = options;
    this.#backoff = options.backoff ?? DEFAULT_BACKOFF;
  }

  /**
   * Starts: queues every device now and every `reconcile.intervalMs`. `signal` stops new runs and
   * cancels reads; `applySignal` is separate so that shutdown lets an apply in progress finish (or
   * roll back) instead of cutting it mid-transaction.
   */
  start(signal: AbortSignal, applySignal: AbortSignal): void {
    this.#signal = signal;
    this.#applySignal = applySignal;
    const tick = (): void => {
      if (signal.aborted) return;
      this.enqueueAll();
      this.#timer = setTimeout(tick, this.#o.inputs().config.reconcile.intervalMs);
      this.#timer.unref();
    };
    tick();
    signal.addEventListener('abort', () => {
      if (this.#timer) clearTimeout(this.#timer);
      for (const t of this.#retry.values()) clearTimeout(t);
      this.#retry.clear();
      this.#queue.clear();
    }, { once: true });
  }

  /** Queues every configured device (timer, reload). New inputs clear terminal failures. */
  enqueueAll(): void {
    const inputs = this.#o.inputs();
    if (inputs !== this.#inputs) {
      this.#inputs = inputs;
      this.#terminal = new Set();
    }
    for (const d of inputs.config.devices) this.enqueue(d.id);
  }

  /** Queues one device. */
  enqueue(device: string): void {
    if (this.#signal?.aborted !== false) return;
    if (this.#running.has(device)) {
      this.#again.add(device);
      return;
    }
    this.#queue.add(device);
    this.#pump();
  }

  /** Resolves when every run in progress has ended. */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.all(this.#running.values());
  }

  #pump(): void {
    const limit = Math.max(1, this.#o.inputs().config.push.concurrency);
    for (const device of [...this.#queue]) {
      if (this.#running.size >= limit) return;
      this.#queue.delete(device);
      const run = this.#run(device).finally(() => {
        this.#running.delete(device);
        if (this.#again.delete(device)) this.#queue.add(device);
        this.#pump();
      });
      this.#running.set(device, run);
    }
  }

  async #run(id: string): Promise<void> {
    const leases = this.#o.leases;
    if (leases === undefined) return this.#runHeld(id);
    try {
      await leases.hold(id, this.#signal, () => this.#runHeld(id));
    } catch (error: unknown) {
      // Shutdown while waiting for the device (the check holds it): nothing ran, nothing to record.
      if (!(error instanceof LeaseAbortedError)) throw error;
    }
  }

  async #runHeld(id: string): Promise<void> {
    // A signal of this run's own (aborted with the loop's): the run's session and RPC listeners go
    // on it, not all on the daemon's one signal, which would pile them up past Node's warning limit.
    const signal = AbortSignal.any([this.#signal as AbortSignal]);
    const inputs = this.#o.inputs();
    const device = inputs.config.devices.find((d) => d.id === id);
    if (device === undefined || signal.aborted || this.#terminal.has(id)) return;
    const log = this.#o.logger;
    const started = Date.now();
    let result: RunResult;
    try {
      const target = this.#targets.target(inputs, id);
      if (target === undefined) return;
      const outcome = await planTarget(target, signal);
      if (signal.aborted) return;
      const seconds = (Date.now() - started) / 1000;
      if (!outcome.ok) {
        const { reason, terminal } = reconcileFailure(outcome.code);
        this.#o.state.reconcileFailed(id, seconds, reason);
        result = { kind: 'failed', reason, terminal };
        const fields = { device: id, phase: outcome.phase, reason, code: outcome.code, err: outcome.message };
        if (terminal) {
          this.#terminal.add(id);
          log.error(fields, 'cannot reconcile device; not retried until the config or ledger changes');
        } else {
          this.#scheduleRetry(id, fields);
        }
      } else {
        this.#failures.delete(id);
        const plan = outcome.plan;
        this.#o.state.reconciled(id, seconds, portStatesFromPlan(target.intent, plan), straySubinterfaces(plan));
        if (plan.changes.length === 0 && plan.conflicts.length === 0) {
          log.debug({ device: id, durationMs: Date.now() - started }, 'device in sync');
          result = { kind: 'in-sync' };
        } else {
          result = await this.#drift(target, plan);
        }
      }
    } catch (error: unknown) {
      // planTarget never throws; an exception here is a bug, contained to this device.
      log.error({ device: id, err: errorMessage(error) }, 'reconcile run failed unexpectedly');
      this.#o.state.reconcileFailed(id, (Date.now() - started) / 1000, 'internal');
      result = { kind: 'failed', reason: 'internal', terminal: false };
      this.#scheduleRetry(id, { device: id });
    }
    this.#o.onRun?.(id, result);
  }

  async #drift(target: PushTarget, plan: DevicePlan): Promise<RunResult> {
    const log = this.#o.logger;
    const id = target.device.id;
    const sharedPorts = [...new Set(plan.changes.flatMap((c) => (c.sharedPortId ? [c.sharedPortId] : [])))];
    log.info({ device: id, changes: plan.changes.length, conflicts: plan.conflicts.length, sharedPorts: sharedPorts.slice(0, 20) }, 'drift found');
    const changes = plan.changes.length;
    if (!(target.device.autoApply || this.#o.autoApplyAll)) {
      if (!this.#autoApplyNoted) {
        this.#autoApplyNoted = true;
        log.info({ device: id }, 'drift is reported only: auto-apply is off (set autoApply: true on the device or run with --auto-apply)');
      }
      return { kind: 'drift', changes, applied: 'no' };
    }
    const refusal = checkOwnership(plan) ?? checkDeletes([plan], this.#o.inputs().config.push.maxDeletes, false);
    if (refusal !== undefined) {
      log.warn({ device: id, code: refusal.code, err: refusal.message }, 'auto-apply refused; run `ecpa plan` and `ecpa apply` by hand');
      this.#o.state.countError(id, 'apply-refused');
      return { kind: 'drift', changes, applied: 'refused' };
    }
    log.info({ device: id, changes }, 'auto-apply starting');
    const applied = await applyTarget(target, plan, {
      concurrency: 1,
      confirmTimeoutS: this.#o.inputs().config.push.confirmTimeoutS,
      signal: AbortSignal.any([this.#applySignal as AbortSignal]),
      onPhase: (device, phase) => log.debug({ device, phase }, 'apply phase'),
    });
    if (applied.status === 'applied' || applied.status === 'no-changes') {
      log.info({ device: id, status: applied.status, durationMs: applied.durationMs }, 'auto-apply done');
      // Read back on the next run so the exported states show what the device now holds.
      this.#again.add(id);
      return { kind: 'drift', changes, applied: 'applied' };
    }
    this.#o.state.countError(id, 'apply-failed');
    log.error({ device: id, status: applied.status, phase: applied.phase, state: applied.state, code: applied.code, err: applied.message }, 'auto-apply failed');
    return { kind: 'drift', changes, applied: applied.status === 'refused' ? 'refused' : 'failed' };
  }

  #scheduleRetry(id: string, fields: Record<string, unknown>): void {
    const n = (this.#failures.get(id) ?? 0) + 1;
    this.#failures.set(id, n);
    const waitMs = Math.min(this.#backoff.maxMs, this.#backoff.baseMs * 2 ** (n - 1));
    this.#o.logger.warn({ ...fields, attempt: n, retryInMs: waitMs }, 'reconcile failed; retrying later');
    const old = this.#retry.get(id);
    if (old) clearTimeout(old);
    const t = setTimeout(() => {
      this.#retry.delete(id);
      this.enqueue(id);
    }, waitMs);
    t.unref();
    this.#retry.set(id, t);
  }
}
