/**
 * Reading a device's owned state and planning against it: get-config of running with the
 * driver's subtree filter, parse into the observed form, plan against the intent.
 */
import type { DeviceLimits, ParseScope, VendorDriver } from '../../drivers/driver.js';
import type { NetconfClient } from '../../drivers/netconf/client.js';
import type { DeviceIntent, ObservedDevice } from '../../policies/intent/model.js';
import { planDevice } from '../../policies/plan/build.js';
import type { DevicePlan } from '../../policies/plan/model.js';
import { unexpressibleOf } from './target.js';

/** Reads and parses the running config in `scope`. Throws NetconfError (read) or DriverError PARSE_FAILED. */
export async function readObserved(client: NetconfClient, driver: VendorDriver, scope: ParseScope, signal?: AbortSignal): Promise<ObservedDevice> {
  const filter = driver.filter(scope);
  const data = await client.getConfig('running', { subtree: filter.children }, signal ? { signal } : {});
  return driver.parse(data, scope);
}

/** What the compliance check reads: the observed form and, where the driver reads them, every ARP/ICMP limit (one get-config). */
export async function readObservedWithLimits(
  client: NetconfClient, driver: VendorDriver, scope: ParseScope, signal?: AbortSignal,
): Promise<{ readonly observed: ObservedDevice; readonly limits: DeviceLimits | undefined }> {
  const filter = driver.filter(scope);
  const data = await client.getConfig('running', { subtree: filter.children }, signal ? { signal } : {});
  return { observed: driver.parse(data, scope), limits: driver.limits?.(data, scope) };
}

/**
 * What the device holds now (one get-config) and the plan of `intent` against it. The observed
 * state goes on to `driver.render` as `existing`, so a driver does not resend create-only keys
 * of objects that exist (Huawei subinterface class/type/parent/number).
 */
export async function readObservedPlan(
  client: NetconfClient, driver: VendorDriver, intent: DeviceIntent, scope: ParseScope, signal?: AbortSignal,
): Promise<{ readonly observed: ObservedDevice; readonly plan: DevicePlan }> {
  const observed = await readObserved(client, driver, scope, signal);
  return { observed, plan: planDevice({ intent, observed, unexpressible: unexpressibleOf(driver.capabilities, intent) }) };
}

/** The plan of `intent` against what the device holds now (one get-config). */
export async function readPlan(client: NetconfClient, driver: VendorDriver, intent: DeviceIntent, scope: ParseScope, signal?: AbortSignal): Promise<DevicePlan> {
  return (await readObservedPlan(client, driver, intent, scope, signal)).plan;
}
