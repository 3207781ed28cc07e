/**
 * From a lab device's configuration to its SNMP view, pure: the interfaces the running config
 * implies (each managed port, one dot1q subinterface per configured subinterface, named as the
 * platform names it — `<port>.<vlan>` for the agent's — with the ifMtu the platform reports), the
 * policers it applies, and the traffic each interface carries in a scenario. A tenant attached on
 * its own port (explicit attachment) is policed there; what passes the policer is what its circuit
 * subinterface carries.
 */
import type { Ledger } from '../../../policies/ledger/model.js';
import type { ObservedDevice } from '../../../policies/intent/model.js';
import type { LabInterfaceSpec, OfferedLoad, PolicerSpec } from '../snmp/traffic.js';
import type { ConfiguredSubinterface, InterfaceConfig } from './platform-interfaces.js';
import { offeredLoad, type FleetScenario } from './scenario.js';

/** The SNMP view a configuration implies. */
export interface LabView {
  /** Sorted by name, so ifIndexes stay the same while the set does not change. */
  readonly interfaces: readonly LabInterfaceSpec[];
  /** Interface name → the policer the configuration applies there (both directions). */
  readonly policers: ReadonlyMap<string, PolicerSpec>;
}

/** The interface name of a port's VLAN (VLAN 0 = the port itself). */
export function subinterfaceName(port: string, vlan: number): string {
  return vlan === 0 ? port : `${port}.${vlan}`;
}

/** The managed ports of a device in the ledger: its circuit ports and the tenant attachment ports on it. */
export function ledgerPorts(ledger: Ledger, device: string): string[] {
  const ports = new Set<string>();
  for (const c of ledger.circuits) if (c.device === device) ports.add(c.port);
  for (const sp of ledger.sharedPorts) if (sp.status !== 'deleted' && sp.attachment.device === device) ports.add(sp.attachment.port);
  return [...ports];
}

/**
 * The SNMP view of a device holding `observed` (the driver's parse: which subinterfaces exist, their
 * VLAN, description, state, and the policers); `ports` are listed even without configuration.
 * `config` (the device's own reading of its configuration) gives each subinterface its name and
 * every interface its ifMtu; without it subinterfaces are named `<port>.<vlan>` and serve no ifMtu.
 */
export function labView(observed: ObservedDevice, ports: readonly string[], speedMbps: number, config?: InterfaceConfig): LabView {
  const byName = new Map<string, LabInterfaceSpec>();
  const withMtu = (mtu: number | undefined): { mtu?: number } => (mtu === undefined ? {} : { mtu });
  const port = (name: string): void => {
    if (!byName.has(name)) byName.set(name, { name, speedMbps, ...withMtu(config?.portMtu.get(name)) });
  };
  for (const p of ports) port(p);
  for (const s of observed.subinterfaces) port(s.port);
  for (const p of observed.policers) if (p.at) port(p.at.port);
  // Two subinterfaces may terminate one VLAN (an operator's beside a tenant's): each takes the
  // configured entry with its own description, so each keeps its own name.
  const claimed = new Set<ConfiguredSubinterface>();
  const configured = (parent: string, vlan: number, description: string): ConfiguredSubinterface | undefined => {
    const candidates = (config?.subinterfaces ?? []).filter((c) => c.port === parent && c.vlan === vlan && !claimed.has(c));
    const found = candidates.find((c) => c.description === description) ?? candidates[0];
    if (found) claimed.add(found);
    return found;
  };
  for (const s of observed.subinterfaces) {
    if (s.vlan === 0) {
      const main = byName.get(s.port);
      if (main) byName.set(s.port, { ...main, alias: s.description });
      continue;
    }
    const c = configured(s.port, s.vlan, s.description);
    const name = c?.name ?? subinterfaceName(s.port, s.vlan);
    byName.set(name, { name, parent: s.port, alias: s.description, speedMbps, operStatus: s.enabled ? 1 : 2, ...withMtu(c?.mtu ?? config?.inheritedMtu.get(s.port)) });
  }
  const policers = new Map<string, PolicerSpec>();
  for (const p of observed.policers) {
    if (p.at === null) continue;
    const name = subinterfaceName(p.at.port, p.at.vlan);
    if (byName.has(name)) policers.set(name, { inBps: p.rateBps, outBps: p.rateBps });
  }
  const interfaces = [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { interfaces, policers };
}

/** The key that changes when the interface table (names, aliases, state, ifMtu — not just a policer) changes. */
export function interfaceSetKey(view: LabView): string {
  return view.interfaces.map((i) => `${i.name}|${i.parent ?? ''}|${i.alias ?? ''}|${i.operStatus ?? 1}|${i.mtu ?? ''}`).join('\n');
}

function add(map: Map<string, OfferedLoad>, name: string, load: OfferedLoad): void {
  const had = map.get(name);
  map.set(name, had ? { inBps: had.inBps + load.inBps, outBps: had.outBps + load.outBps, packetBytes: load.packetBytes ?? 500 } : load);
}

function clip(load: OfferedLoad, policer: PolicerSpec | undefined): OfferedLoad {
  return {
    ...load,
    inBps: policer?.inBps === undefined ? load.inBps : Math.min(load.inBps, policer.inBps),
    outBps: policer?.outBps === undefined ? load.outBps : Math.min(load.outBps, policer.outBps),
  };
}

/**
 * Traffic per interface of every device: `views` holds each device's current view. A tenant's
 * load appears only where its configuration exists (a missing subinterface carries nothing).
 */
export function interfaceLoads(ledger: Ledger, scenario: FleetScenario, views: ReadonlyMap<string, LabView>): Map<string, Map<string, OfferedLoad>> {
  const out = new Map<string, Map<string, OfferedLoad>>([...views.keys()].map((d) => [d, new Map<string, OfferedLoad>()]));
  const has = (device: string, name: string): boolean => views.get(device)?.interfaces.some((i) => i.name === name) === true;
  const circuits = new Map(ledger.circuits.map((c) => [c.id, c]));
  for (const sp of ledger.sharedPorts) {
    const load = offeredLoad(scenario, sp);
    const circuit = circuits.get(sp.circuitId);
    if (load === undefined || circuit === undefined) continue;
    const sub = subinterfaceName(circuit.port, sp.vlan);
    if (!has(circuit.device, sub)) continue;
    if (sp.attachmentExplicit && has(sp.attachment.device, sp.attachment.port)) {
      const at = sp.attachment;
      add(out.get(at.device) as Map<string, OfferedLoad>, at.port, load);
      add(out.get(circuit.device) as Map<string, OfferedLoad>, sub, clip(load, views.get(at.device)?.policers.get(at.port)));
    } else {
      add(out.get(circuit.device) as Map<string, OfferedLoad>, sub, load);
    }
  }
  return out;
}
