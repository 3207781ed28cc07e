/**
 * Wiring for the daemon: from the agent config's `exporter` settings to a running /metrics
 * endpoint — web config loaded and validated, exporter on the registry passed in, readiness from
 * the snapshot.
 */
import type { Registry } from 'prom-client';
import type { ExporterSettings } from '../../config/agent/model.js';
import { MetricsExporter } from '../metrics/exporter.js';
import type { MetricsSnapshot } from '../metrics/state.js';
import { snapshotReadiness } from './readiness.js';
import { MetricsServer, type HttpLogger, type ListeningOn } from './server.js';
import { loadWebConfig } from './web-config.js';

/** What the daemon hands over. */
export interface ExporterEndpointOptions {
  /** `exporter` section of the agent config (webConfigFile already resolved to a path). */
  readonly settings: ExporterSettings;
  /** The daemon's registry (process metrics are added to it). Not prom-client's global one. */
  readonly registry: Registry;
  /** The current state snapshot, read at every scrape. */
  readonly snapshot: () => MetricsSnapshot;
  /** Configured device ids (this shard's), for /readyz. */
  readonly devices: () => readonly string[];
  /** Agent version for ecpa_build_info. */
  readonly version: string;
  readonly logger?: HttpLogger;
  /** Aborting it closes the endpoint gracefully. */
  readonly signal?: AbortSignal;
}

/** A started endpoint. */
export interface ExporterEndpoint {
  readonly server: MetricsServer;
  readonly listening: ListeningOn;
}

/**
 * Loads the web config (if any), builds the exporter and starts the server.
 * @throws WebConfigError (bad web config, with file, line and field), ListenAddressError,
 *   ServerStartError (cannot listen).
 */
export async function startExporterEndpoint(options: ExporterEndpointOptions): Promise<ExporterEndpoint> {
  const webConfig = options.settings.webConfigFile === undefined ? undefined : loadWebConfig(options.settings.webConfigFile);
  const exporter = new MetricsExporter({ registry: options.registry, snapshot: options.snapshot, version: options.version });
  const server = new MetricsServer({
    listen: options.settings.listen,
    metrics: exporter,
    readiness: () => snapshotReadiness(options.snapshot(), options.devices()),
    ...(webConfig === undefined ? {} : { webConfig }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  const listening = await server.start(options.signal);
  return { server, listening };
}
