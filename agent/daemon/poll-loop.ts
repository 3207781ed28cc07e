/**
 * The poll loop: every `polling.intervalMs`, poll every device that has SNMP settings (at most
 * `polling.concurrency` at once, each with its own `polling.timeoutMs` deadline), turn counters
 * into rates, join them to the ledger and hand them to the daemon state. A device that fails is
 * a metric and a log line; the loop never throws and never waits on one device beyond its deadline.
 */
import type { DeviceConfig } from '../../config/agent/model.js';
import type { SnmpPoller } from '../../drivers/snmp/poller.js';
import type { SnmpTarget } from '../../drivers/snmp/transport.js';
import { snmpTargetOf } from '../telemetry/collector.js';
import { RateTracker } from '../telemetry/rates.js';
import type { DaemonInputs } from './inputs.js';
import { errorMessage, type DaemonLogger } from './logger.js';
import type { PollSamples } from './samples.js';
import { sleep } from './sleep.js';
import type { DaemonState } from './state.js';
import { BindingCache, deviceTraffic } from './traffic.js';

/** What the poll loop needs. */
export interface PollLoopOptions {
  readonly poller: SnmpPoller;
  readonly state: DaemonState;
  readonly logger: DaemonLogger;
  /** The inputs in force, read afresh at every cycle (a reload takes effect on the next one). */
  readonly inputs: () => DaemonInputs;
  /** Called after every cycle (readiness, tests). */
  readonly onCycle?: (cycle: number) => void;
  /** Where each poll's sample (or failure) is kept for the live compliance check. */
  readonly samples?: PollSamples;
}

/** Error reason label of an SNMP failure code. */
export function snmpReason(code: string): string {
  switch (code) {
    case 'ECPA_SNMP_TIMEOUT':
      return 'timeout';
    case 'ECPA_SNMP_AUTH':
      return 'auth';
    case 'ECPA_SNMP_CONFIG':
      return 'config';
    default:
      return 'snmp';
  }
}

/** Devices the poll loop polls: those with SNMP settings. */
export function polledDevices(devices: readonly DeviceConfig[]): DeviceConfig[] {
  return devices.filter((d) => d.snmp !== undefined);
}

/** See the module comment. */
export class PollLoop {
  readonly #o: PollLoopOptions;
  readonly #rates = new RateTracker();
  readonly #bindings = new BindingCache();
  readonly #down = new Set<string>();
  #cycle = 0;
  #done: Promise<void> = Promise.resolve();

  constructor(options: PollLoopOptions) {
    this.#o = options;
  }

  /** Starts cycling until `signal` aborts; `stopped()` resolves when the last cycle has ended. */
  start(signal: AbortSignal): void {
    this.#done = this.#run(signal);
  }

  /** Resolves once the loop has exited (after its signal aborted). */
  stopped(): Promise<void> {
    return this.#done;
  }

  async #run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const started = Date.now();
      const inputs = this.#o.inputs();
      try {
        await this.pollOnce(inputs, signal);
      } catch (error: unknown) {
        // pollOnce handles every device failure; this is a bug, logged and survived.
        this.#o.logger.error({ err: errorMessage(error) }, 'poll cycle failed');
      }
      this.#cycle++;
      this.#o.samples?.cycleDone();
      this.#o.onCycle?.(this.#cycle);
      await sleep(inputs.config.polling.intervalMs - (Date.now() - started), signal);
    }
  }

  /** One cycle over every polled device. Never throws for a device failure. */
  async pollOnce(inputs: DaemonInputs, signal: AbortSignal): Promise<void> {
    const { config, ledger } = inputs;
    const devices = polledDevices(config.devices);
    // With the platform's vendor QoS table, so the agent's policer drops are seen where IF-MIB discards miss them.
    const targets: SnmpTarget[] = devices.map((d) => snmpTargetOf(d) as SnmpTarget);
    const results = await this.#o.poller.pollAll(targets, { timeoutMs: config.polling.timeoutMs, concurrency: config.polling.concurrency, signal });
    if (signal.aborted) return;
    // Samples are kept for the live compliance check only while it is on (one more sample per device).
    const samples = config.compliance.intervalMs > 0 ? this.#o.samples : undefined;
    if (samples === undefined) this.#o.samples?.clear();
    const log = this.#o.logger;
    results.forEach((result, i) => {
      const device = devices[i] as DeviceConfig;
      if (!result.ok) {
        if (result.error.code === 'ECPA_SNMP_ABORTED') return;
        const reason = snmpReason(result.error.code);
        this.#o.state.pollFailed(device.id, result.durationMs / 1000, reason);
        samples?.failed(device.id, Date.now(), `${result.error.code}: ${result.error.message}`);
        const fields = { device: device.id, reason, code: result.error.code, err: result.error.message, durationMs: result.durationMs };
        if (this.#down.has(device.id)) log.debug(fields, 'poll failed again');
        else log.warn(fields, 'poll failed; device down');
        this.#down.add(device.id);
        return;
      }
      const sample = result.sample;
      samples?.succeeded(sample);
      const rates = this.#rates.update(sample);
      const { traffic, unmatched } = deviceTraffic(ledger, device.id, device.platform, config.push.ownershipPrefix, rates, this.#bindings);
      this.#o.state.pollSucceeded(device.id, sample.at / 1000, sample.durationMs / 1000, traffic);
      if (this.#down.delete(device.id)) log.info({ device: device.id, durationMs: sample.durationMs }, 'poll succeeded; device up again');
      if (rates.rebooted) log.info({ device: device.id }, 'device rebooted (sysUpTime went back); rates restart from a new baseline');
      for (const w of sample.warnings) log.debug({ device: device.id, warning: w }, 'poll warning');
      if (unmatched.length > 0) log.debug({ device: device.id, sharedPorts: unmatched }, 'shared ports without an interface on the device');
    });
  }

  /** Forgets devices that left the config (their baselines would be stale if they came back). */
  forget(deviceIds: readonly string[]): void {
    for (const id of deviceIds) {
      this.#rates.forget(id);
      this.#bindings.forget(id);
      this.#o.poller.forget(id);
      this.#o.samples?.forget(id);
      this.#down.delete(id);
    }
  }
}
