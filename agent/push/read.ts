/**
 * Reading a device's owned state and planning against it: get-config of running with the
 * driver's subtree filter, parse into the observed form, plan against the intent. Plans read the
 * ports the driver's discovery finds owned objects on as well as the ledger's (discover.ts).
 */
import type { DeviceLimits, ParseScope, VendorDriver } from '../../drivers/driver.js';
import type { NetconfClient } from '../../drivers/netconf/client.js';
import type { XmlElement } from '../../drivers/netconf/xml.js';
import type { DeviceIntent, ObservedDevice } from '../../policies/intent/model.js';
import { planDevice } from '../../policies/plan/build.js';
import type { DevicePlan } from '../../policies/plan/model.js';
import { discoverScope } from './discover.js';
import { unexpressibleOf } from './target.js';

/** The get-config reply of running with the driver's subtree filter of `scope`. Throws NetconfError. */
async function readRunning(client: NetconfClient, driver: VendorDriver, scope: ParseScope, signal?: AbortSignal): Promise<XmlElement> {
  return client.getConfig('running', { subtree: driver.filter(scope).children }, signal ? { signal } : {});
}

/** Reads and parses the running config in `scope`. Throws NetconfError (read) or DriverError PARSE_FAILED. */
export async function readObserved(client: NetconfClient, driver: VendorDriver, scope: ParseScope, signal?: AbortSignal): Promise<ObservedDevice> {
  return driver.parse(await readRunning(client, driver, scope, signal), scope);
}

/** A device's running config as its driver reads it: the observed form, and every ARP/ICMP limit where the driver reads them. */
export interface ConfigRead {
  readonly observed: ObservedDevice;
  readonly limits: DeviceLimits | undefined;
}

/** What the compliance check reads, from one get-config: the observed form and the limits (`ConfigRead`). */
export async function readObservedWithLimits(client: NetconfClient, driver: VendorDriver, scope: ParseScope, signal?: AbortSignal): Promise<ConfigRead> {
  const data = await readRunning(client, driver, scope, signal);
  return { observed: driver.parse(data, scope), limits: driver.limits?.(data, scope) };
}

/**
 * What the device holds now and the plan of `intent` against it: the driver's discovery first
 * (agent/push/discover.ts: the ports holding owned objects, one get-config), then one get-config
 * of `scope` widened by them. The observed state goes on to `driver.render` as `existing`, so a
 * driver does not resend create-only keys of objects that exist (Huawei subinterface
 * class/type/parent/number); `scope` is the widened scope that was read.
 */
export async function readObservedPlan(
  client: NetconfClient, driver: VendorDriver, intent: DeviceIntent, scope: ParseScope, signal?: AbortSignal,
): Promise<{ readonly observed: ObservedDevice; readonly plan: DevicePlan; readonly scope: ParseScope }> {
  const read = await discoverScope(client, driver, scope, signal);
  return { ...(await readScopePlan(client, driver, intent, read, signal)), scope: read };
}

/**
 * The plan of `intent` against exactly `scope` (one get-config, no discovery): the verify
 * read-back after an edit, in the scope that was planned inside the lock.
 */
export async function readScopePlan(
  client: NetconfClient, driver: VendorDriver, intent: DeviceIntent, scope: ParseScope, signal?: AbortSignal,
): Promise<{ readonly observed: ObservedDevice; readonly plan: DevicePlan }> {
  const observed = await readObserved(client, driver, scope, signal);
  return { observed, plan: planDevice({ intent, observed, unexpressible: unexpressibleOf(driver.capabilities, intent, observed) }) };
}

/** The plan of `intent` against what the device holds now (discovery + one get-config, see readObservedPlan). */
export async function readPlan(client: NetconfClient, driver: VendorDriver, intent: DeviceIntent, scope: ParseScope, signal?: AbortSignal): Promise<DevicePlan> {
  return (await readObservedPlan(client, driver, intent, scope, signal)).plan;
}
