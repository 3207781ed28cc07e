/**
 * The explicit, checked driver registry: every platform driver imported by name. A duplicate
 * platform throws when this module loads; an unknown platform fails with the list of known ones.
 */
import { PLATFORMS, type Platform } from '../config/agent/model.js';
import { DriverError, type VendorDriver } from './driver.js';
import { ciscoIosxeDriver } from './vendors/cisco-iosxe.js';
import { huaweiVrpDriver } from './vendors/huawei-vrp.js';
import { junosDriver } from './vendors/junos.js';
import { openconfigDriver } from './vendors/openconfig.js';

const DRIVERS: readonly VendorDriver[] = [openconfigDriver, huaweiVrpDriver, ciscoIosxeDriver, junosDriver];

/** Builds the registry map; throws DUPLICATE_DRIVER when two drivers claim one platform. */
export function buildRegistry(drivers: readonly VendorDriver[]): ReadonlyMap<string, VendorDriver> {
  const map = new Map<string, VendorDriver>();
  for (const d of drivers) {
    if (map.has(d.platform)) throw new DriverError('DUPLICATE_DRIVER', `two drivers registered for platform '${d.platform}'`);
    map.set(d.platform, d);
  }
  return map;
}

const registry = buildRegistry(DRIVERS);

/** Platforms that have a driver, sorted. */
export function knownPlatforms(): string[] {
  return [...registry.keys()].sort();
}

/** The driver of `platform`. Throws DriverError UNKNOWN_PLATFORM naming the known platforms. */
export function driverFor(platform: Platform | string): VendorDriver {
  const d = registry.get(platform);
  if (d === undefined) {
    throw new DriverError('UNKNOWN_PLATFORM', `no driver for platform '${platform}'; known platforms: ${knownPlatforms().join(', ')}`);
  }
  return d;
}

/** Platforms of the agent config that have no driver yet (empty when every one is covered). */
export function platformsWithoutDriver(): Platform[] {
  return PLATFORMS.filter((p) => !registry.has(p));
}
