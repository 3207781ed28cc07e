/**
 * What a platform's driver carries of an intent's ARP and ICMP parts, from its declared
 * capabilities: the `IntentCoverage` the tests compare read-backs with (`observableOf`). The agent
 * itself derives it per device from the plan's unexpressible list (policies/plan/build.ts).
 */
import type { VendorDriver } from '../../drivers/driver.js';
import type { IntentCoverage } from '../../policies/intent/observable.js';

/** ARP and ICMP covered unless the driver declares them unsupported. */
export function coverageOf(driver: VendorDriver): IntentCoverage {
  return { arp: driver.capabilities.arpRateLimit.level !== 'unsupported', icmp: driver.capabilities.icmpLimit.level !== 'unsupported' };
}
