/**
 * The agent's metrics exporter: the `ecpa_` families rendered from the state snapshot at scrape
 * time, followed by whatever the prom-client registry passed in holds (process and Node.js
 * metrics from `collectDefaultMetrics`, plus any prom-client metric another component registers).
 * Never touches prom-client's global registry.
 */
import { Registry, collectDefaultMetrics } from 'prom-client';
import { ECPA_METRIC_NAMES } from './families.js';
import { MetricNameConflictError, RegistryFormatError } from './errors.js';
import { EXPOSITION_CONTENT_TYPE } from './exposition.js';
import { renderSnapshotChunks } from './render.js';
import type { MetricsSnapshot } from './state.js';

/** prom-client default metrics that break the Prometheus naming lint (gauges named `_total`). */
export const LINT_FAILING_DEFAULT_METRICS: readonly string[] = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/** How to build a {@link MetricsExporter}. */
export interface MetricsExporterOptions {
  /** The registry to add process metrics to and to append to every scrape. Not the global one. */
  readonly registry: Registry;
  /** Called once per scrape; returns the current snapshot (cheap: the daemon keeps it up to date). */
  readonly snapshot: () => MetricsSnapshot;
  /** Agent version for `ecpa_build_info`. */
  readonly version: string;
  /** Node.js version for `ecpa_build_info`; defaults to `process.version`. */
  readonly nodeVersion?: string;
  /** Register prom-client's default process metrics on the registry (default true). */
  readonly processMetrics?: boolean;
}

/** Renders `/metrics`; see the module comment. */
export class MetricsExporter {
  /** Content type of {@link render}'s output (text format 0.0.4). */
  readonly contentType = EXPOSITION_CONTENT_TYPE;
  readonly #options: MetricsExporterOptions;

  /** @throws RegistryFormatError when the registry is set to OpenMetrics output. */
  constructor(options: MetricsExporterOptions) {
    if (options.registry.contentType !== Registry.PROMETHEUS_CONTENT_TYPE) {
      throw new RegistryFormatError(`the registry must use ${Registry.PROMETHEUS_CONTENT_TYPE}, not ${options.registry.contentType}`);
    }
    this.#options = options;
    if (options.processMetrics !== false) {
      collectDefaultMetrics({ register: options.registry });
      // prom-client 15 exports these three gauges with a `_total` suffix, which `promtool check
      // metrics` rejects (and which must stay clean); sum(nodejs_active_handles) etc. give the same.
      for (const name of LINT_FAILING_DEFAULT_METRICS) options.registry.removeSingleMetric(name);
    }
  }

  /**
   * The exposition for one scrape as chunks (see renderSnapshotChunks), the registry's families last.
   * @throws MetricNameConflictError when the registry holds a family this exporter renders itself.
   */
  async *chunks(): AsyncGenerator<string> {
    const { registry } = this.#options;
    for (const name of ECPA_METRIC_NAMES) {
      if (registry.getSingleMetric(name) !== undefined) throw new MetricNameConflictError(name);
    }
    yield* renderSnapshotChunks(this.#options.snapshot(), {
      version: this.#options.version,
      nodeVersion: this.#options.nodeVersion ?? process.version,
    });
    if (registry.getMetricsAsArray().length > 0) yield await registry.metrics();
  }

  /** The whole exposition for one scrape as one string. @throws as {@link chunks}. */
  async render(): Promise<string> {
    let out = '';
    for await (const chunk of this.chunks()) out += chunk;
    return out;
  }
}
