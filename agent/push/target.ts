/**
 * What plan and apply work on per device: its config entry, its intent, its driver and the
 * parse scope (the ports the agent manages there). Built once from the agent config and ledger
 * (`buildTargets`), or from intents already built (`targetOf`, the daemon's per-inputs cache).
 */
import type { AgentConfig, DeviceConfig } from '../../config/agent/model.js';
import { scopeOf, type DriverCapabilities, type ParseScope, type VendorDriver } from '../../drivers/driver.js';
import { driverFor } from '../../drivers/registry.js';
import { buildIntents } from '../../policies/intent/build.js';
import type { DeviceIntent } from '../../policies/intent/model.js';
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

/** The requirements a driver cannot express, among those the intent asks of the device. */
export function unexpressibleOf(capabilities: DriverCapabilities, intent: DeviceIntent): Unexpressible[] {
  const out: Unexpressible[] = [];
  if (intent.arp !== null && capabilities.arpRateLimit.level === 'unsupported') out.push({ feature: 'arp-rate-limit', reason: capabilities.arpRateLimit.reason });
  if (intent.icmp !== null && capabilities.icmpLimit.level === 'unsupported') out.push({ feature: 'icmp-limit', reason: capabilities.icmpLimit.reason });
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

/**
 * Targets for `deviceIds` (all devices when empty), in config order.
 * Throws IntentError (bad ledger or push settings: nothing may be pushed) and RangeError naming
 * the known devices for an unknown id.
 */
export function buildTargets(config: Pick<AgentConfig, 'devices' | 'push'>, ledger: Ledger, deviceIds: readonly string[] = []): PushTarget[] {
  const known = new Set(config.devices.map((d) => d.id));
  const unknown = deviceIds.filter((id) => !known.has(id));
  if (unknown.length > 0) throw new RangeError(`unknown device ${unknown.map((u) => `'${u}'`).join(', ')}; devices of the agent config: ${[...known].join(', ') || 'none'}`);
  const intents = new Map(buildIntents(ledger, config.devices, config.push).map((i) => [i.device, i]));
  const selected = deviceIds.length === 0 ? config.devices : config.devices.filter((d) => deviceIds.includes(d.id));
  const managed = managedPortsByDevice(ledger);
  return selected.map((device) => targetOf(device, intents.get(device.id) as DeviceIntent, managed.get(device.id) ?? []));
}
