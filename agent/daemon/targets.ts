/**
 * The push targets of the inputs in force, built once per inputs generation. A `DaemonInputs`
 * is immutable and a reload swaps in a new one, so the object itself is the cache key: the
 * targets of a generation are built on its first reconcile run and reused by every later run,
 * and a reload (a new object) builds new ones. Before, each per-device run rebuilt the intents
 * of the whole ledger (`buildTargets`) and kept one device's: at 50,000 shared ports that garbage,
 * four runs at a time, was most of the daemon's peak memory.
 */
import { managedPortsByDevice, targetOf, type PushTarget } from '../push/target.js';
import type { DaemonInputs } from './inputs.js';

/** See the module comment. */
export class TargetCache {
  // Weak: a generation's targets go with its inputs once no run holds them any more.
  readonly #byInputs = new WeakMap<DaemonInputs, ReadonlyMap<string, PushTarget>>();

  /**
   * The target of `deviceId` under `inputs` (built with the intents the inputs were validated
   * with), or undefined when the device is not in its config.
   */
  target(inputs: DaemonInputs, deviceId: string): PushTarget | undefined {
    return this.targets(inputs).get(deviceId);
  }

  /** Every device's target under `inputs`, by device id, in config order; built on first use. */
  targets(inputs: DaemonInputs): ReadonlyMap<string, PushTarget> {
    let targets = this.#byInputs.get(inputs);
    if (targets === undefined) {
      targets = buildGeneration(inputs);
      this.#byInputs.set(inputs, targets);
    }
    return targets;
  }
}

function buildGeneration(inputs: DaemonInputs): ReadonlyMap<string, PushTarget> {
  const managed = managedPortsByDevice(inputs.ledger);
  const targets = new Map<string, PushTarget>();
  for (const device of inputs.config.devices) {
    const intent = inputs.intents.get(device.id);
    // loadDaemonInputs builds an intent for every configured device; a missing one is a bug.
    if (intent === undefined) throw new Error(`no intent for device '${device.id}' in the inputs in force`);
    targets.set(device.id, targetOf(device, intent, managed.get(device.id) ?? []));
  }
  return targets;
}
