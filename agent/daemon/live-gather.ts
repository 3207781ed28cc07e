/**
 * How the daemon gathers live compliance evidence: `gatherLiveEvidence` (the reader of `ecpa
 * check`) with the daemon's parts plugged in — the poll loop's two latest SNMP samples instead of
 * two fresh polls, each device's NETCONF read taken under its lease (never beside a reconcile run
 * on the same device), `compliance.concurrency` devices at a time, and the intents of the inputs
 * in force instead of building them again.
 */
import { gatherLiveEvidence, netconfReader, type ConfigReader, type GatherOptions } from '../compliance/gather.js';
import type { LiveEvidence } from '../../policies/compliance/live/model.js';
import type { DeviceLeases } from './device-lease.js';
import type { DaemonInputs } from './inputs.js';
import type { PollSamples } from './samples.js';

/** Seams of the live gather (tests): the reads of `gatherLiveEvidence`. */
export type LiveGatherSeams = Partial<Pick<GatherOptions, 'readConfig' | 'poll' | 'readMtu' | 'sleep' | 'now'>>;

/** Time (ms) between the two polls the gather makes itself for a device the poll loop has not sampled twice. */
export const FALLBACK_SAMPLE_MS = 5_000;

/** The daemon's gather: see the module comment. */
export function daemonGather(samples: PollSamples, leases: DeviceLeases, seams: LiveGatherSeams = {}): (inputs: DaemonInputs, signal: AbortSignal) => Promise<LiveEvidence> {
  const read = seams.readConfig ?? netconfReader;
  const readConfig: ConfigReader = (device, driver, scope, signal) => leases.hold(device.id, signal, () => read(device, driver, scope, signal));
  return (inputs, signal) =>
    gatherLiveEvidence({
      ...seams,
      ledger: inputs.ledger,
      config: inputs.config,
      intents: inputs.intents,
      sampleMs: FALLBACK_SAMPLE_MS,
      samples: (target) => samples.pair(target.deviceId),
      concurrency: inputs.config.compliance.concurrency,
      readConfig,
      signal,
    });
}
