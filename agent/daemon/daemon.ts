/**
 * The daemon (`ecpa run`): loads and validates its inputs, serves /metrics /healthz /readyz, runs
 * the poll loop, the reconcile loop and the live compliance loop, reloads on a file change or on
 * request (SIGHUP) — a refused reload keeps the last good inputs in force — and stops gracefully:
 * no new polls, reads or compliance runs, an apply in progress is let finish (or roll back),
 * sessions closed, then the endpoint.
 */
import { Registry } from 'prom-client';
import type { SecretSources } from '../../config/agent/load.js';
import { formatIssue } from '../../config/issues.js';
import { SnmpPoller } from '../../drivers/snmp/poller.js';
import type { SnmpTransportFactory } from '../../drivers/snmp/transport.js';
import { snapshotReadiness } from '../http/readiness.js';
import { MetricsServer, type ListeningOn, type Readiness } from '../http/server.js';
import { loadWebConfig } from '../http/web-config.js';
import { MetricsExporter } from '../metrics/exporter.js';
import type { LiveReport } from '../../policies/compliance/live/evaluate.js';
import type { LiveRunOutcome } from '../metrics/state.js';
import { DaemonMetrics } from './daemon-metrics.js';
import { DeviceLeases } from './device-lease.js';
import { LiveComplianceLoop } from './live-compliance.js';
import { daemonGather, type LiveGatherSeams } from './live-gather.js';
import { loadDaemonInputs, type DaemonInputs, type InputsOutcome } from './inputs.js';
import { errorMessage, type DaemonLogger } from './logger.js';
import { PollLoop, polledDevices } from './poll-loop.js';
import { ReconcileLoop, type Backoff, type RunResult } from './reconcile-loop.js';
import { PollSamples } from './samples.js';
import { DaemonState } from './state.js';
import { FileWatcher } from './watch.js';

/** How to build a daemon. */
export interface DaemonOptions {
  readonly configFile: string;
  readonly secrets: SecretSources;
  readonly logger: DaemonLogger;
  /** Agent version for `ecpa_build_info`. */
  readonly version: string;
  /** Overrides `exporter.listen` of the config. */
  readonly listen?: string;
  /** Apply drift on every device (default: only devices with `autoApply: true`). */
  readonly autoApplyAll?: boolean;
  /** Watch the config and ledger files (default true). */
  readonly watchFiles?: boolean;
  /** Longest wait for an apply in progress at shutdown before it is cancelled (rolled back), ms. */
  readonly applyGraceMs?: number;
  readonly reconcileBackoff?: Backoff;
  /** SNMP transports (tests); net-snmp by default. */
  readonly snmpTransport?: SnmpTransportFactory;
  readonly onReconcile?: (device: string, result: RunResult) => void;
  /** Reads of the live compliance check (tests); NETCONF and SNMP by default. */
  readonly liveGather?: LiveGatherSeams;
  readonly onLiveRun?: (outcome: LiveRunOutcome, report: LiveReport | undefined) => void;
}

/** The first load failed: nothing to run on. `errors` are formatted `file:line:col` lines. */
export class DaemonStartError extends Error {
  override readonly name = 'DaemonStartError';
  readonly code = 'ECPA_DAEMON_START';
  constructor(message: string, readonly errors: readonly string[], options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The result of a reload. */
export type ReloadResult =
  | { readonly ok: true; readonly devices: number; readonly sharedPorts: number }
  | { readonly ok: false; readonly stage: 'config' | 'ledger'; readonly errors: readonly string[] };

/** See the module comment. */
export class Daemon {
  readonly #o: DaemonOptions;
  readonly state = new DaemonState();
  readonly registry = new Registry();
  readonly #metrics = new DaemonMetrics(this.registry);
  #inputs: DaemonInputs | undefined;
  #server: MetricsServer | undefined;
  #poll: PollLoop | undefined;
  #reconcile: ReconcileLoop | undefined;
  #live: LiveComplianceLoop | undefined;
  #watcher: FileWatcher | undefined;
  readonly #work = new AbortController();
  readonly #apply = new AbortController();
  #reloading: Promise<ReloadResult> | undefined;
  #stopping: Promise<void> | undefined;
  #listening: ListeningOn | undefined;

  constructor(options: DaemonOptions) {
    this.#o = options;
  }

  /** The inputs in force. Throws before start. */
  get inputs(): DaemonInputs {
    if (this.#inputs === undefined) throw new Error('the daemon has not loaded its inputs yet');
    return this.#inputs;
  }

  /** Where /metrics is served, once started. */
  get listening(): ListeningOn | undefined {
    return this.#listening;
  }

  /** Readiness for /readyz: a ledger in force and a first poll of every polled device done. */
  readiness(): Readiness {
    if (this.#inputs === undefined) return { ready: false, reason: 'inputs not loaded' };
    return snapshotReadiness(this.state.snapshot(), polledDevices(this.#inputs.config.devices).map((d) => d.id));
  }

  /**
   * Loads the inputs, starts the endpoint and the loops. Aborting `signal` stops the daemon
   * (as `stop()`). Throws DaemonStartError when the first load is refused or the endpoint cannot listen.
   */
  async start(signal?: AbortSignal): Promise<ListeningOn> {
    const log = this.#o.logger;
    const first = await this.#load();
    if (!first.ok) {
      const errors = first.errors.map(formatIssue);
      throw new DaemonStartError(`the ${first.stage} ${first.file} cannot be used (${errors.length} error(s)); nothing to run on`, errors);
    }
    const inputs = this.#accept(first.inputs);
    let webConfig;
    try {
      webConfig = inputs.config.exporter.webConfigFile !== undefined ? loadWebConfig(inputs.config.exporter.webConfigFile) : undefined;
    } catch (error: unknown) {
      throw new DaemonStartError(errorMessage(error), [], { cause: error });
    }
    const exporter = new MetricsExporter({ registry: this.registry, snapshot: () => this.state.snapshot(), version: this.#o.version });
    this.#server = new MetricsServer({
      listen: this.#o.listen ?? inputs.config.exporter.listen,
      ...(webConfig !== undefined ? { webConfig } : {}),
      metrics: exporter,
      readiness: () => this.readiness(),
      logger: log,
    });
    try {
      this.#listening = await this.#server.start();
    } catch (error: unknown) {
      throw new DaemonStartError(errorMessage(error), [], { cause: error });
    }
    const work = this.#work.signal;
    const samples = new PollSamples();
    const leases = new DeviceLeases();
    this.#poll = new PollLoop({
      samples,
      poller: new SnmpPoller({ staticRefreshMs: inputs.config.polling.staticRefreshMs, ...(this.#o.snmpTransport ? { transportFactory: this.#o.snmpTransport } : {}) }),
      state: this.state,
      logger: log,
      inputs: () => this.inputs,
    });
    this.#reconcile = new ReconcileLoop({
      state: this.state,
      logger: log,
      inputs: () => this.inputs,
      autoApplyAll: this.#o.autoApplyAll ?? false,
      leases,
      ...(this.#o.reconcileBackoff ? { backoff: this.#o.reconcileBackoff } : {}),
      ...(this.#o.onReconcile ? { onRun: this.#o.onReconcile } : {}),
    });
    this.#live = new LiveComplianceLoop({
      state: this.state,
      logger: log,
      inputs: () => this.inputs,
      // The first run judges the poll loop's samples: it waits for two cycles.
      ready: (signal) => samples.whenCycles(2, signal),
      gather: daemonGather(samples, leases, this.#o.liveGather),
      ...(this.#o.onLiveRun ? { onRun: this.#o.onLiveRun } : {}),
    });
    this.#poll.start(work);
    this.#reconcile.start(work, this.#apply.signal);
    this.#live.start(work);
    if (this.#o.watchFiles !== false) {
      this.#watcher = new FileWatcher({
        onChange: (files) => {
          log.info({ files }, 'input file changed; reloading');
          void this.reload();
        },
        onError: (error) => log.warn({ err: error.message }, 'file watch failed; reload with SIGHUP'),
      });
      await this.#watcher.watch([inputs.configFile, inputs.ledgerFile]);
    }
    signal?.addEventListener('abort', () => void this.stop(), { once: true });
    log.info({ url: `${this.#listening.url}/metrics`, devices: inputs.config.devices.length, sharedPorts: inputs.ledger.sharedPorts.length, pollIntervalMs: inputs.config.polling.intervalMs, complianceIntervalMs: inputs.config.compliance.intervalMs }, 'daemon started');
    return this.#listening;
  }

  /**
   * Re-reads and validates the config and the ledger; swaps them in only when everything is
   * valid. Concurrent calls share one reload. Never throws.
   */
  reload(): Promise<ReloadResult> {
    this.#reloading ??= this.#reload().finally(() => {
      this.#reloading = undefined;
    });
    return this.#reloading;
  }

  async #reload(): Promise<ReloadResult> {
    const log = this.#o.logger;
    if (this.#stopping !== undefined) return { ok: false, stage: 'config', errors: ['the daemon is stopping'] };
    let outcome: InputsOutcome;
    try {
      outcome = await this.#load();
    } catch (error: unknown) {
      log.error({ err: errorMessage(error) }, 'reload failed unexpectedly; the last good config and ledger stay in force');
      return { ok: false, stage: 'config', errors: [errorMessage(error)] };
    }
    if (!outcome.ok) {
      const errors = outcome.errors.map(formatIssue);
      for (const line of errors.slice(0, 50)) log.error({ stage: outcome.stage, file: outcome.file, issue: line }, 'reload refused: validation error');
      log.error({ stage: outcome.stage, file: outcome.file, errors: errors.length }, 'reload refused; the last good config and ledger stay in force');
      return { ok: false, stage: outcome.stage, errors };
    }
    const before = this.#inputs;
    const inputs = this.#accept(outcome.inputs);
    if (before !== undefined) {
      const kept = new Set(inputs.config.devices.map((d) => d.id));
      this.#poll?.forget(before.config.devices.filter((d) => !kept.has(d.id)).map((d) => d.id));
      if ((this.#o.listen ?? inputs.config.exporter.listen) !== (this.#o.listen ?? before.config.exporter.listen)) {
        log.warn({ listen: inputs.config.exporter.listen }, 'exporter.listen changed; it takes effect at the next restart');
      }
    }
    await this.#watcher?.watch([inputs.configFile, inputs.ledgerFile]);
    this.#reconcile?.enqueueAll();
    this.#live?.reschedule();
    log.info({ devices: inputs.config.devices.length, sharedPorts: inputs.ledger.sharedPorts.length }, 'reloaded config and ledger');
    return { ok: true, devices: inputs.config.devices.length, sharedPorts: inputs.ledger.sharedPorts.length };
  }

  /** Loads and records the attempt in the metrics. */
  async #load(): Promise<InputsOutcome> {
    const outcome = await loadDaemonInputs(this.#o.configFile, this.#o.secrets);
    const now = Date.now() / 1000;
    if (outcome.ok) {
      this.#metrics.configAttempt(now, 0);
      this.state.ledgerAttempt(now, outcome.inputs.ledger, 0);
      if (this.#inputs !== undefined) this.#metrics.reload('ledger', 'success');
    } else if (outcome.stage === 'config') {
      this.#metrics.configAttempt(now, outcome.errors.length);
      this.#metrics.reload('config', 'refused');
    } else {
      this.#metrics.configAttempt(now, 0);
      this.state.ledgerAttempt(now, undefined, outcome.errors.length);
      this.#metrics.reload('ledger', 'refused');
    }
    return outcome;
  }

  #accept(inputs: DaemonInputs): DaemonInputs {
    this.#inputs = inputs;
    this.state.setDevices(inputs.config.devices.map((d) => d.id));
    for (const w of inputs.warnings.slice(0, 20)) this.#o.logger.warn({ issue: formatIssue(w) }, 'input warning');
    return inputs;
  }

  /**
   * Stops gracefully: no new polls or reconcile runs, reads cancelled, an apply in progress
   * allowed `applyGraceMs` to finish (then cancelled, which rolls it back), sessions closed, the
   * endpoint closed last. Idempotent.
   */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    const log = this.#o.logger;
    log.info({}, 'stopping');
    this.#watcher?.close();
    this.#work.abort(new Error('daemon stopping'));
    const grace = this.#o.applyGraceMs ?? 60_000;
    const idle = this.#reconcile?.idle() ?? Promise.resolve();
    const timer = setTimeout(() => {
      log.warn({ graceMs: grace }, 'an apply is still running; cancelling it (the device rolls it back)');
      this.#apply.abort(new Error('shutdown grace period over'));
    }, grace);
    await Promise.all([idle, this.#poll?.stopped(), this.#live?.stopped()]);
    clearTimeout(timer);
    await this.#server?.stop();
    log.info({}, 'stopped');
  }
}
