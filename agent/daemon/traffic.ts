/**
 * Polled interfaces → shared-port traffic, pure: each shared port whose circuit lands on the
 * device is found on its subinterface (by the agent's description, else by name), and gets the
 * exact counters of that interface and, when two successive polls allow, its rates.
 */
import type { Platform } from '../../config/agent/model.js';
import type { InterfaceSample } from '../../drivers/snmp/sample.js';
import type { Ledger } from '../../policies/ledger/model.js';
import type { PortCounters, PortRates, PortTraffic } from '../metrics/state.js';
import { policerTarget } from '../../policies/intent/build.js';
import { expectedInterfaceNames, matchSharedPorts, type InterfaceIdentity, type MatchResult, type SharedPortBinding } from '../telemetry/match.js';
import { ownedPolicer } from '../telemetry/policers.js';
import type { DeviceRates, InterfaceRates } from '../telemetry/rates.js';

function sum(sample: InterfaceSample, names: readonly ('inUcastPkts' | 'inMulticastPkts' | 'inBroadcastPkts' | 'outUcastPkts' | 'outMulticastPkts' | 'outBroadcastPkts')[]): bigint | undefined {
  let total: bigint | undefined;
  for (const n of names) {
    const v = sample.counters[n];
    if (v !== undefined) total = (total ?? 0n) + v;
  }
  return total;
}

/** Exact counters of an interface, or undefined when the octet or packet counters are missing. */
export function countersOf(sample: InterfaceSample): PortCounters | undefined {
  const c = sample.counters;
  const rxPackets = sum(sample, ['inUcastPkts', 'inMulticastPkts', 'inBroadcastPkts']);
  const txPackets = sum(sample, ['outUcastPkts', 'outMulticastPkts', 'outBroadcastPkts']);
  if (c.inOctets === undefined || c.outOctets === undefined || rxPackets === undefined || txPackets === undefined) return undefined;
  return {
    receiveBytes: c.inOctets,
    transmitBytes: c.outOctets,
    receivePackets: rxPackets,
    transmitPackets: txPackets,
    // A device without ifIn/OutDiscards drops nothing it admits to; 0 is what it reports.
    receiveDroppedPackets: c.inDiscards ?? 0n,
    transmitDroppedPackets: c.outDiscards ?? 0n,
  };
}

/** Rates of an interface, or undefined when any of them is unknown this interval (never a made-up zero). */
export function portRatesOf(r: InterfaceRates): PortRates | undefined {
  const values = [r.inBitsPerSecond, r.outBitsPerSecond, r.inPacketsPerSecond, r.outPacketsPerSecond, r.inDiscardsPerSecond, r.outDiscardsPerSecond];
  if (values.some((v) => v === undefined)) return undefined;
  return {
    receiveBitsPerSecond: r.inBitsPerSecond as number,
    transmitBitsPerSecond: r.outBitsPerSecond as number,
    receivePacketsPerSecond: r.inPacketsPerSecond as number,
    transmitPacketsPerSecond: r.outPacketsPerSecond as number,
    receiveDroppedPacketsPerSecond: r.inDiscardsPerSecond as number,
    transmitDroppedPacketsPerSecond: r.outDiscardsPerSecond as number,
  };
}

/** What one poll of a device yields for the shared ports on it, plus those whose subinterface was not found. */
export interface DeviceTraffic {
  readonly traffic: PortTraffic[];
  readonly unmatched: readonly string[];
}

/** A matcher: the ledger-to-interface join of a device (see BindingCache). */
export type Matcher = (ledger: Ledger, device: string, platform: Platform, interfaces: readonly InterfaceIdentity[], ownershipPrefix: string) => MatchResult;

/**
 * Remembers each device's join of ledger and interfaces, and redoes it only when the ledger, the
 * platform, the prefix or the interfaces' identities (index, name, description, alias) change.
 * Those change on a reload or when the poller re-reads the static columns, not every poll. The
 * join is linear (about 5 ms for a device of 1,000 subinterfaces, test/bench/daemon/match.ts), but
 * it scans the whole ledger for each device and builds every binding anew, which the cache saves
 * on each poll.
 */
export class BindingCache {
  readonly #matcher: Matcher;
  readonly #entries = new Map<string, { ledger: Ledger; key: string; result: MatchResult }>();

  constructor(matcher: Matcher = matchSharedPorts) {
    this.#matcher = matcher;
  }

  /** The join for `interfaces` of `device`, from the cache when nothing it depends on changed. */
  match(ledger: Ledger, device: string, platform: Platform, interfaces: readonly InterfaceIdentity[], ownershipPrefix: string): MatchResult {
    let key = `${platform}\u0000${ownershipPrefix}`;
    for (const i of interfaces) key += `\u0000${i.ifIndex}\u0001${i.name}\u0001${i.descr}\u0001${i.alias}`;
    const hit = this.#entries.get(device);
    if (hit !== undefined && hit.ledger === ledger && hit.key === key) return hit.result;
    const result = this.#matcher(ledger, device, platform, interfaces, ownershipPrefix);
    this.#entries.set(device, { ledger, key, result });
    return result;
  }

  /** Drops a device's entry (device removed from the config). */
  forget(device: string): void {
    this.#entries.delete(device);
  }
}

/** Where each shared port's policer sits (policies/intent/build.ts `policerTarget`), per ledger, built once. */
const policerSites = new WeakMap<Ledger, ReadonlyMap<string, { readonly device: string; readonly port: string; readonly vlan: number }>>();

function policerSiteOf(ledger: Ledger, sharedPortId: string): { readonly device: string; readonly port: string; readonly vlan: number } | undefined {
  let sites = policerSites.get(ledger);
  if (sites === undefined) {
    const circuits = new Map(ledger.circuits.map((c) => [c.id, c]));
    const built = new Map<string, { device: string; port: string; vlan: number }>();
    for (const sp of ledger.sharedPorts) {
      const circuit = circuits.get(sp.circuitId);
      if (circuit !== undefined) built.set(sp.id, { device: sp.attachment.device, ...policerTarget(sp, circuit.port) });
    }
    sites = built;
    policerSites.set(ledger, sites);
  }
  return sites.get(sharedPortId);
}

/**
 * The interface the agent's policer of a shared port sits on, on `device`, as a binding to find
 * its QoS rows by: the circuit subinterface (default attachment), or the attachment port as a
 * whole (explicit attachment on this device). Undefined when it sits on another device (its rows
 * are that device's, and are not joined to this shared port's series) or was not found.
 */
function policerBindingOf(ledger: Ledger, b: SharedPortBinding, device: string, platform: Platform, byName: () => ReadonlyMap<string, InterfaceIdentity>): SharedPortBinding | undefined {
  const site = policerSiteOf(ledger, b.sharedPortId);
  if (site === undefined || site.device !== device) return undefined;
  if (site.vlan === b.vlan && site.vlan !== 0) return b;
  for (const n of expectedInterfaceNames(platform, site.port, site.vlan)) {
    const i = byName().get(n);
    if (i !== undefined) return { ...b, vlan: site.vlan, interfaceName: i.name || i.descr, ifIndex: i.ifIndex };
  }
  return undefined;
}

/** ifName, else ifDescr → interface, built on first use (only explicit attachments need it). */
function lazyByName(interfaces: readonly InterfaceIdentity[]): () => ReadonlyMap<string, InterfaceIdentity> {
  let map: Map<string, InterfaceIdentity> | undefined;
  return () => {
    if (map === undefined) {
      map = new Map();
      for (const i of interfaces) if (i.descr) map.set(i.descr, i);
      for (const i of interfaces) if (i.name) map.set(i.name, i);
    }
    return map;
  };
}

/** The traffic of the shared ports whose circuit lands on `device`, from its latest rates. */
export function deviceTraffic(ledger: Ledger, device: string, platform: Platform, ownershipPrefix: string, rates: DeviceRates, cache: BindingCache = new BindingCache()): DeviceTraffic {
  const interfaces = rates.interfaces.map((r) => r.sample);
  const match = cache.match(ledger, device, platform, interfaces, ownershipPrefix);
  const byIndex = new Map(rates.interfaces.map((r) => [r.sample.ifIndex, r]));
  const stats = rates.policers.map((p) => p.stat);
  const policerRates = new Map(rates.policers.map((p) => [p.stat.key, p]));
  const byName = lazyByName(interfaces);
  const traffic: PortTraffic[] = [];
  for (const b of match.bindings) {
    // The subinterface on the circuit is the shared port; an attachment port is the tenant's side.
    if (b.role !== 'circuit') continue;
    const r = byIndex.get(b.ifIndex);
    if (r === undefined) continue;
    const counters = countersOf(r.sample);
    const portRates = r.status === 'rates' ? portRatesOf(r.rates) : undefined;
    // Only the agent's own policer of this shared port (vendor QoS table, when the platform has one).
    const at = stats.length > 0 ? policerBindingOf(ledger, b, device, platform, byName) : undefined;
    const policer = at !== undefined ? ownedPolicer(stats, policerRates, at, platform, ownershipPrefix) : undefined;
    traffic.push({
      sharedPortId: b.sharedPortId,
      device,
      interface: b.interfaceName,
      ...(counters !== undefined ? { counters } : {}),
      ...(portRates !== undefined ? { rates: portRates } : {}),
      ...(policer !== undefined ? { policer } : {}),
    });
  }
  return { traffic, unmatched: match.unmatched.map((u) => u.sharedPortId) };
}
