/**
 * Helpers the live rules share: building findings, finding a device's evidence, the shared ports a
 * device is judged for. Pure.
 */
import type { Circuit, Ledger, SharedPort } from '../../ledger/model.js';
import type { EvidenceValue, Finding, Subject, Verdict } from '../types.js';
import type { ObservedPolicer, ObservedSubinterface } from '../../intent/model.js';
import type { DeviceEvidence, InterfaceEvidence, LiveEvidence, Reading, SnmpEvidence } from './model.js';

type Evidence = Readonly<Record<string, EvidenceValue>>;

/** A finding with a verdict, a message and evidence. */
export function finding(ruleId: string, subject: Subject, verdict: Exclude<Verdict, 'not-evaluated'>, message: string, evidence: Evidence): Finding {
  return { ruleId, subject, verdict, message, evidence };
}

/** A not-evaluated finding: `reason` says what could not be read. */
export function notEvaluated(ruleId: string, subject: Subject, reason: string, evidence: Evidence = {}): Finding {
  return { ruleId, subject, verdict: 'not-evaluated', message: `not evaluated: ${reason}`, reason, evidence };
}

/** The one finding of a live rule evaluated without live evidence (offline). */
export function offline(ruleId: string, ledger: Ledger, needs: string): Finding[] {
  return [notEvaluated(ruleId, { kind: 'partner', id: ledger.partner.name }, `needs ${needs}; not evaluated offline`)];
}

/** Shared ports that hold objects on devices (everything but deleted), in ledger order. */
export function liveSharedPorts(ledger: Ledger): SharedPort[] {
  return ledger.sharedPorts.filter((p) => p.status !== 'deleted');
}

/**
 * `key → first item` of a list, built once per list object: the rules look things up per shared
 * port, and a linear search each time made a 50,000-port evaluation quadratic. The inputs are
 * immutable, so an index keyed on the list object stays right (a WeakMap: no I/O, no clock, and
 * the index goes with its list).
 */
function indexed<T>(cache: WeakMap<readonly T[], Map<string, T>>, list: readonly T[], key: (item: T) => string): Map<string, T> {
  let index = cache.get(list);
  if (index === undefined) {
    index = new Map();
    for (const item of list) if (!index.has(key(item))) index.set(key(item), item);
    cache.set(list, index);
  }
  return index;
}

/** `key → every item` of a list, built once per list object (see `indexed`). */
function grouped<T>(cache: WeakMap<readonly T[], Map<string, T[]>>, list: readonly T[], key: (item: T) => string): Map<string, T[]> {
  let index = cache.get(list);
  if (index === undefined) {
    index = new Map();
    for (const item of list) {
      const k = key(item);
      const group = index.get(k);
      if (group) group.push(item);
      else index.set(k, [item]);
    }
    cache.set(list, index);
  }
  return index;
}

const circuitsById = new WeakMap<readonly Circuit[], Map<string, Circuit>>();
const devicesById = new WeakMap<readonly DeviceEvidence[], Map<string, DeviceEvidence>>();
const interfacesByName = new WeakMap<readonly InterfaceEvidence[], Map<string, InterfaceEvidence>>();
const portsByCircuit = new WeakMap<Ledger, Map<string, SharedPort[]>>();
const bindingsByPort = new WeakMap<readonly SnmpBinding[], Map<string, SnmpBinding[]>>();
const subinterfacesAt = new WeakMap<readonly ObservedSubinterface[], Map<string, ObservedSubinterface>>();
const policersByOwner = new WeakMap<readonly ObservedPolicer[], Map<string, ObservedPolicer[]>>();

/** One binding of SNMP evidence: which interface carries which shared port. */
type SnmpBinding = SnmpEvidence['bindings'][number];

/** The binding of shared port `id` in `role`, else its first binding in any role (`anyRole`), else undefined. */
export function bindingOf(snmp: SnmpEvidence, id: string, role: SnmpBinding['role'], anyRole = false): SnmpBinding | undefined {
  const mine = grouped(bindingsByPort, snmp.bindings, (b) => b.sharedPortId).get(id) ?? [];
  return mine.find((b) => b.role === role) ?? (anyRole ? mine[0] : undefined);
}

/** The observed subinterface at `port`.`vlan`, or undefined. */
export function subinterfaceAt(subinterfaces: readonly ObservedSubinterface[], port: string, vlan: number): ObservedSubinterface | undefined {
  return indexed(subinterfacesAt, subinterfaces, (x) => `${x.vlan} ${x.port}`).get(`${vlan} ${port}`);
}

/** The observed policers owned by shared port `owner`, in device order. */
export function policersOf(policers: readonly ObservedPolicer[], owner: string): readonly ObservedPolicer[] {
  return grouped(policersByOwner, policers, (p) => p.owner).get(owner) ?? [];
}

/** The circuit of a shared port, or undefined when the ledger names none (the ledger check reports that). */
export function circuitOf(ledger: Ledger, sp: SharedPort): Circuit | undefined {
  return indexed(circuitsById, ledger.circuits, (c) => c.id).get(sp.circuitId);
}

/** The live shared ports (liveSharedPorts) of circuit `circuitId`, in ledger order. */
export function liveSharedPortsOf(ledger: Ledger, circuitId: string): readonly SharedPort[] {
  let byCircuit = portsByCircuit.get(ledger);
  if (byCircuit === undefined) {
    byCircuit = grouped(new WeakMap(), liveSharedPorts(ledger), (p) => p.circuitId);
    portsByCircuit.set(ledger, byCircuit);
  }
  return byCircuit.get(circuitId) ?? [];
}

/** The evidence read from `device`, or a reason why there is none. */
export function deviceEvidence(live: LiveEvidence, device: string): DeviceEvidence | string {
  return indexed(devicesById, live.devices, (d) => d.device).get(device) ?? `device '${device}' is not in the agent config, so it was not read`;
}

/** The reason of an unreadable reading, prefixed with what it is about. */
export function unreadable<T>(reading: Reading<T>, what: string, device: string): string | undefined {
  return reading.status === 'unreadable' ? `${what} of ${device} could not be read: ${reading.reason}` : undefined;
}

/** The interface named `name` (ifName, else ifDescr as the evidence carries it). */
export function interfaceNamed(interfaces: readonly InterfaceEvidence[], name: string): InterfaceEvidence | undefined {
  return indexed(interfacesByName, interfaces, (i) => i.name).get(name);
}

/** `port` for VLAN 0, else `port.vlan`. */
export function attachpointName(at: { readonly port: string; readonly vlan: number }): string {
  return at.vlan === 0 ? at.port : `${at.port}.${at.vlan}`;
}

/** Sorted distinct values. */
export function distinct<T extends string | number>(values: readonly T[]): T[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
