/**
 * The ports a plan reads on a device: those the ledger names (the target's scope) plus those where
 * the driver's discovery finds objects the agent owns (drivers/driver.ts OwnedDiscovery), so that
 * owned objects on a port that left the ledger are read back — and planned away — instead of
 * being orphaned on the switch. One extra get-config per read, none for a driver without discovery.
 */
import type { ParseScope, VendorDriver } from '../../drivers/driver.js';
import type { NetconfClient } from '../../drivers/netconf/client.js';

/** `scope` with `ports` added (sorted, unique). */
export function widenScope(scope: ParseScope, ports: readonly string[]): ParseScope {
  const all = new Set([...scope.ports, ...ports]);
  if (all.size === scope.ports.length) return scope;
  return { ...scope, ports: [...all].sort() };
}

/**
 * The scope to read on the device behind `client`: `scope` plus every port the driver's discovery
 * finds owned objects on. Throws NetconfError (read) or DriverError PARSE_FAILED.
 */
export async function discoverScope(client: NetconfClient, driver: VendorDriver, scope: ParseScope, signal?: AbortSignal): Promise<ParseScope> {
  const discovery = driver.discover;
  if (discovery === undefined) return scope;
  const data = await client.getConfig('running', { subtree: discovery.filter().children }, signal ? { signal } : {});
  return widenScope(scope, discovery.ports(data, scope.ownershipPrefix));
}
