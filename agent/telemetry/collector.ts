/**
 * The poll loop the daemon runs: every `polling.intervalMs` it polls all SNMP devices (bounded
 * concurrency, per-device deadline), turns samples into rates and joins them to the ledger, and
 * keeps the latest snapshot per device for the metrics endpoint to read at scrape time. Cycles
 * never overlap; a failing device is a snapshot with its error, never a stopped loop.
 */
import type { AgentConfig, DeviceConfig } from '../../config/agent/model.js';
import type { Ledger } from '../../policies/ledger/model.js';
import type { QosVendor } from '../../drivers/snmp/qos.js';
import { SnmpPoller } from '../../drivers/snmp/poller.js';
import type { SnmpTarget } from '../../drivers/snmp/transport.js';
import { RateTracker } from './rates.js';
import { buildDeviceReport, type DevicePollReport } from './report.js';

/** The latest state of one device. */
export type TelemetrySnapshot =
  | { readonly device: string; readonly ok: true; readonly at: number; readonly durationMs: number; readonly report: DevicePollReport }
  | {
      readonly device: string;
      readonly ok: false;
      readonly at: number;
      readonly durationMs: number;
      readonly error: { readonly code: string; readonly name: string; readonly message: string };
    };

/** The vendor QoS MIB a platform's policers are read from (OpenConfig devices: none over SNMP). */
export const QOS_BY_PLATFORM: Readonly<Record<DeviceConfig['platform'], QosVendor | undefined>> = {
  'huawei-vrp': 'huawei-vrp',
  'cisco-iosxe': 'cisco-iosxe',
  junos: 'junos',
  openconfig: undefined,
};

/** The SNMP target of a device, with its platform's QoS table. Undefined for a device without snmp settings. */
export function snmpTargetOf(d: DeviceConfig): SnmpTarget | undefined {
  if (!d.snmp) return undefined;
  const qos = QOS_BY_PLATFORM[d.platform];
  return { deviceId: d.id, address: d.address, settings: d.snmp, ...(qos ? { qos } : {}) };
}

export interface CollectorOptions {
  /** Current config and ledger, read afresh every cycle (a reload takes effect at the next cycle). */
  readonly config: () => AgentConfig;
  readonly ledger: () => Ledger | undefined;
  readonly poller?: SnmpPoller;
  readonly clock?: () => number;
  /** Called after each cycle (logging, metrics). */
  readonly onCycle?: (snapshots: readonly TelemetrySnapshot[]) => void;
}

export class TelemetryCollector {
  readonly #opts: CollectorOptions;
  readonly #clock: () => number;
  readonly #tracker = new RateTracker();
  readonly #latest = new Map<string, TelemetrySnapshot>();
  #poller: SnmpPoller | undefined;
  #staticRefreshMs: number | undefined;
  #loop: Promise<void> | undefined;
  #stop: AbortController | undefined;

  constructor(options: CollectorOptions) {
    this.#opts = options;
    this.#clock = options.clock ?? Date.now;
    this.#poller = options.poller;
  }

  /** The latest snapshot of each device (read at scrape time). */
  latest(): ReadonlyMap<string, TelemetrySnapshot> {
    return this.#latest;
  }

  /** One poll of every SNMP device of the current config. Never throws for a device failure. */
  async runCycle(signal: AbortSignal): Promise<TelemetrySnapshot[]> {
    const config = this.#opts.config();
    if (!this.#poller || this.#staticRefreshMs !== config.polling.staticRefreshMs) {
      if (!this.#opts.poller) this.#poller = new SnmpPoller({ staticRefreshMs: config.polling.staticRefreshMs, clock: this.#clock });
      this.#staticRefreshMs = config.polling.staticRefreshMs;
    }
    const poller = this.#poller as SnmpPoller;
    const devices = config.devices.filter((d) => d.snmp);
    const targets = devices.map((d) => snmpTargetOf(d) as SnmpTarget);
    const results = await poller.pollAll(targets, { timeoutMs: config.polling.timeoutMs, concurrency: config.polling.concurrency, signal });
    const ledger = this.#opts.ledger();
    const snapshots = results.map((r, i): TelemetrySnapshot => {
      const device = devices[i] as DeviceConfig;
      if (!r.ok) {
        return { device: r.deviceId, ok: false, at: this.#clock(), durationMs: r.durationMs, error: { code: r.error.code, name: r.error.name, message: r.error.message } };
      }
      const rates = this.#tracker.update(r.sample);
      const report = buildDeviceReport(r.sample, rates, ledger, device.platform, config.push.ownershipPrefix);
      return { device: r.deviceId, ok: true, at: r.sample.at, durationMs: r.sample.durationMs, report };
    });
    // Devices removed from the config are forgotten (no stale series, no stale baselines).
    const current = new Set(devices.map((d) => d.id));
    for (const id of [...this.#latest.keys()]) {
      if (!current.has(id)) {
        this.#latest.delete(id);
        this.#tracker.forget(id);
        poller.forget(id);
      }
    }
    for (const s of snapshots) this.#latest.set(s.device, s);
    this.#opts.onCycle?.(snapshots);
    return snapshots;
  }

  /** Starts the loop: a cycle now, then every `polling.intervalMs` from the start of the previous one. */
  start(signal?: AbortSignal): void {
    if (this.#loop) return;
    const stop = new AbortController();
    this.#stop = stop;
    const both = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
    this.#loop = (async () => {
      while (!both.aborted) {
        const started = this.#clock();
        await this.runCycle(both);
        const wait = Math.max(0, this.#opts.config().polling.intervalMs - (this.#clock() - started));
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, wait);
          both.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
        });
      }
    })();
  }

  /** Stops the loop and waits for the running cycle to end (its polls are cancelled). */
  async stop(): Promise<void> {
    this.#stop?.abort(new Error('telemetry collector stopped'));
    await this.#loop;
    this.#loop = undefined;
  }
}
