/**
 * What plan and apply work on per device: its config entry, its intent, its driver and the
 * parse scope (the ports the agent manages there). Built once from the agent config and ledger
 * (`buildTargets`), or from intents already built (`targetOf`, the daemon's per-inputs cache).
 */
import type { AgentConfig, DeviceConfig } from '../../config/agent/model.js';
import { scopeOf, type Capability, type DriverCapabilities, type ParseScope, type VendorDriver } from '../../drivers/driver.js';
import { driverFor } from '../../drivers/registry.js';
import { buildIntents, type IntentDevice } from '../../policies/intent/build.js';
import type { DeviceIntent, ObservedDevice } from '../../policies/intent/model.js';
import type { Ledger } from '../../policies/ledger/model.js';
import type { Unexpressible } from '../../policies/plan/model.js';

/** One device to plan or apply. `driver` is undefined when its platform has none (`driverError` says why). */
export interface PushTarget {
  readonly device: DeviceConfig;
  readonly intent: DeviceIntent;
  readonly scope: ParseScope;
  readonly driver: VendorDriver | undefined;
  readonly driverError: string | undefined;
}

/**
 * Ports of `device` the agent manages: ports of the intent, every ledger circuit port on the
 * device and every attachment port a ledger shared port names on it (any status, deleted
 * included), so owned objects of a shared port that left the ledger are still read back and
 * removed while its circuit is in the ledger.
 */
export function managedPorts(ledger: Ledger, device: string): string[] {
  const ports = new Set<string>();
  for (const c of ledger.circuits) if (c.device === device) ports.add(c.port);
  for (const sp of ledger.sharedPorts) if (sp.attachment.device === device) ports.add(sp.attachment.port);
  return [...ports];
}

/** `managedPorts` of every device of the ledger in one pass over it (devices with no port are absent). */
export function managedPortsByDevice(ledger: Ledger): Map<string, string[]> {
  const sets = new Map<string, Set<string>>();
  const add = (device: string, port: string): void => {
    const set = sets.get(device);
    if (set === undefined) sets.set(device, new Set([port]));
    else set.add(port);
  };
  for (const c of ledger.circuits) add(c.device, c.port);
  for (const sp of ledger.sharedPorts) add(sp.attachment.device, sp.attachment.port);
  return new Map([...sets].map(([device, ports]) => [device, [...ports]]));
}

/**
 * Why a capability does not hold on this device, or undefined when it does: unsupported on the
 * platform; or it needs the control plane (Capability.needsControlPlane) and the device does not let
 * the agent own it, or holds a control-plane policy of the operator's that the agent never replaces.
 */
function gapOf(c: Capability<string>, intent: DeviceIntent, observed: ObservedDevice | undefined): string | undefined {
  if (c.level === 'unsupported') return c.reason;
  if (c.needsControlPlane !== true) return undefined;
  if (intent.controlPlane !== 'agent') {
    return `${intent.device} does not let the agent own its control-plane policy (devices[].controlPlane: operator, the default; set agent only for a box without a CoPP of its own). ${c.reason}`;
  }
  const foreign = observed?.foreignControlPlane;
  if (foreign === undefined) return undefined;
  const names = [foreign.classifier !== null && `classifier '${foreign.classifier}'`, foreign.schedulerPolicy !== null && `scheduler policy '${foreign.schedulerPolicy}'`].filter(Boolean).join(' and ');
  return `${intent.device} holds a control-plane policy that is not the agent's (${names} at ${foreign.source}); the agent never replaces it, and apply refuses the device (NOT_OWNED) while controlPlane is agent: remove that policy or set controlPlane: operator`;
}

/**
 * The requirements a driver cannot express on this device, among those the intent asks of it.
 * `observed` (what the device holds, when read) adds the gaps a device's own configuration makes:
 * an operator's control-plane policy where the agent's would go.
 */
export function unexpressibleOf(capabilities: DriverCapabilities, intent: DeviceIntent, observed?: ObservedDevice): Unexpressible[] {
  const out: Unexpressible[] = [];
  const arp = intent.arp === null ? undefined : gapOf(capabilities.arpRateLimit, intent, observed);
  const icmp = intent.icmp === null ? undefined : gapOf(capabilities.icmpLimit, intent, observed);
  if (arp !== undefined) out.push({ feature: 'arp-rate-limit', reason: arp });
  if (icmp !== undefined) out.push({ feature: 'icmp-limit', reason: icmp });
  return out;
}

/**
 * The target of `device` from its already built `intent` and the ports the agent manages there
 * (`managedPorts`). Never throws: a platform without a driver is reported in `driverError`.
 */
export function targetOf(device: DeviceConfig, intent: DeviceIntent, managed: readonly string[]): PushTarget {
  let driver: VendorDriver | undefined;
  let driverError: string | undefined;
  try {
    driver = driverFor(device.platform);
  } catch (error: unknown) {
    driverError = error instanceof Error ? error.message : String(error);
  }
  return { device, intent, scope: scopeOf(intent, managed), driver, driverError };
}

/** What `buildTargets` builds from. */
export interface TargetInputs {
  /** The devices that can be targets: their full config, secrets read. */
  readonly devices: readonly DeviceConfig[];
  /**
   * Every device of the agent config, by what the intent needs of it only (IntentDevice: no
   * secrets): intents are built over all of them, since a shared port's circuit and attachment
   * may be on different devices and a ledger naming an unconfigured device must be refused.
   * Default: `devices`. Plan and apply pass the whole fleet here and only the selected devices,
   * whose secrets they read, in `devices`.
   */
  readonly fleet?: readonly IntentDevice[];
  readonly push: AgentConfig['push'];
}

/**
 * Targets for `deviceIds` (every device of `inputs.devices` when empty), in config order.
 * Throws IntentError (bad ledger or push settings: nothing may be pushed) and RangeError naming
 * the known devices for an unknown id.
 */
export function buildTargets(inputs: TargetInputs, ledger: Ledger, deviceIds: readonly string[] = []): PushTarget[] {
  const known = new Set(inputs.devices.map((d) => d.id));
  const unknown = deviceIds.filter((id) => !known.has(id));
  if (unknown.length > 0) throw new RangeError(`unknown device ${unknown.map((u) => `'${u}'`).join(', ')}; devices of the agent config: ${[...known].join(', ') || 'none'}`);
  const intents = new Map(buildIntents(ledger, inputs.fleet ?? inputs.devices, inputs.push).map((i) => [i.device, i]));
  const selected = deviceIds.length === 0 ? inputs.devices : inputs.devices.filter((d) => deviceIds.includes(d.id));
  const managed = managedPortsByDevice(ledger);
  return selected.map((device) => {
    const intent = intents.get(device.id);
    // buildIntents gives every device of the fleet an intent: a miss is a device outside the fleet.
    if (intent === undefined) throw new RangeError(`device '${device.id}' is not in the fleet the intents were built over`);
    return targetOf(device, intent, managed.get(device.id) ?? []);
  });
}
