/**
 * Joins polled interfaces to the ledger: each shared port is found on its device either by the
 * description the agent writes (ifAlias starting with the ownership prefix and containing the
 * shared-port id) or by the platform's subinterface naming convention (`<port>.<vlan>`; VLAN 0 =
 * the port itself). Pure: no I/O.
 */
import type { Platform } from '../../config/agent/model.js';
import type { Circuit, Ledger, SharedPort } from '../../policies/ledger/model.js';

/** The identity of an interface as the poller reports it. */
export interface InterfaceIdentity {
  readonly ifIndex: number;
  readonly name: string;
  readonly descr: string;
  readonly alias: string;
}

/** A shared port found on an interface of a device. */
export interface SharedPortBinding {
  readonly sharedPortId: string;
  readonly tenant: string;
  readonly vlan: number;
  readonly circuitId: string;
  readonly device: string;
  /** The name the interface was matched on (ifName, or ifDescr where ifName is abbreviated). */
  readonly interfaceName: string;
  readonly ifIndex: number;
  /** Circuit port of the partner's circuit, or the tenant-side attachment port. */
  readonly role: 'circuit' | 'attachment';
  readonly matchedBy: 'description' | 'name';
}

export interface MatchResult {
  readonly bindings: readonly SharedPortBinding[];
  /** Shared ports expected on this device whose interface was not found. */
  readonly unmatched: readonly { readonly sharedPortId: string; readonly expected: readonly string[] }[];
}

/**
 * The interface names a shared port's VLAN has on a platform. Huawei VRP, Cisco IOS XE and
 * OpenConfig (subinterface index = VLAN) name the dot1q subinterface `<port>.<vlan>`; Junos
 * names the logical unit `<port>.<unit>` with unit = VLAN. VLAN 0 is the port itself (Junos:
 * its unit 0 first, then the bare port).
 */
export function expectedInterfaceNames(platform: Platform, port: string, vlan: number): string[] {
  if (vlan === 0) return platform === 'junos' ? [`${port}.0`, port] : [port];
  return [`${port}.${vlan}`];
}

function tokens(text: string): Set<string> {
  return new Set(text.split(/[\s,;|/()[\]]+/).filter(Boolean));
}

/**
 * Every whole token an agent-written description names: those of the text after the prefix
 * split on blanks and separators, plus those of the same text with `=` and `:` as separators too
 * (`sp=pc-b;vlan=202` names `sp=pc-b` and `pc-b`). Empty when `alias` lacks the prefix.
 * `aliasNames(alias, id, prefix)` is exactly `aliasTokens(alias, prefix).has(id)`.
 */
export function aliasTokens(alias: string, ownershipPrefix: string): Set<string> {
  if (!alias.startsWith(ownershipPrefix)) return new Set();
  const rest = alias.slice(ownershipPrefix.length);
  const all = tokens(rest);
  for (const t of tokens(rest.replace(/[=:]/g, ' '))) all.add(t);
  return all;
}

/** True when `alias` is an agent-written description (`<prefix>…`) naming `sharedPortId` as a whole token. */
export function aliasNames(alias: string, sharedPortId: string, ownershipPrefix: string): boolean {
  return aliasTokens(alias, ownershipPrefix).has(sharedPortId);
}

/** The device's interfaces indexed for the join: built once per call, so each lookup is O(1). */
interface InterfaceIndex {
  /** ifName, else ifDescr → interface (the last row of a duplicated name wins, as before). */
  readonly byName: ReadonlyMap<string, InterfaceIdentity>;
  /** Token of an agent-written alias → the interfaces naming it, in poll order. */
  readonly byAliasToken: ReadonlyMap<string, readonly InterfaceIdentity[]>;
}

function indexInterfaces(interfaces: readonly InterfaceIdentity[], ownershipPrefix: string): InterfaceIndex {
  const byName = new Map<string, InterfaceIdentity>();
  // ifDescr first so that an ifName (set later) wins when both exist for different rows.
  for (const i of interfaces) if (i.descr) byName.set(i.descr, i);
  for (const i of interfaces) if (i.name) byName.set(i.name, i);
  const byAliasToken = new Map<string, InterfaceIdentity[]>();
  for (const i of interfaces) {
    for (const t of aliasTokens(i.alias, ownershipPrefix)) {
      const list = byAliasToken.get(t);
      if (list === undefined) byAliasToken.set(t, [i]);
      else list.push(i);
    }
  }
  return { byName, byAliasToken };
}

/**
 * Binds the shared ports of `ledger` that live on `deviceId` (their circuit lands there, or
 * their attachment is there) to the device's interfaces. The description match wins over the
 * name match; deleted shared ports are ignored. O(interfaces + shared ports of the ledger): the
 * interfaces are indexed by name and by the tokens of their agent-written alias first.
 */
export function matchSharedPorts(
  ledger: Ledger,
  deviceId: string,
  platform: Platform,
  interfaces: readonly InterfaceIdentity[],
  ownershipPrefix = 'ecpa:',
): MatchResult {
  const circuits = new Map<string, Circuit>(ledger.circuits.map((c) => [c.id, c]));
  const { byName, byAliasToken } = indexInterfaces(interfaces, ownershipPrefix);

  const bindings: SharedPortBinding[] = [];
  const unmatched: { sharedPortId: string; expected: string[] }[] = [];
  for (const sp of ledger.sharedPorts) {
    if (sp.status === 'deleted') continue;
    const circuit = circuits.get(sp.circuitId);
    if (!circuit) continue;
    const places: { role: 'circuit' | 'attachment'; port: string }[] = [];
    if (circuit.device === deviceId) places.push({ role: 'circuit', port: circuit.port });
    if (sp.attachment.device === deviceId && !(sp.attachment.device === circuit.device && sp.attachment.port === circuit.port)) {
      places.push({ role: 'attachment', port: sp.attachment.port });
    }
    if (places.length === 0) continue;
    for (const place of places) {
      const expected = expectedInterfaceNames(platform, place.port, sp.vlan);
      // The first interface (in poll order) whose agent description names the shared port; with
      // both a circuit and an attachment place on the device, only one named as that place.
      const byAlias = byAliasToken.get(sp.id)?.find((i) => places.length === 1 || expected.includes(i.name) || expected.includes(i.descr));
      const named = expected.map((n) => byName.get(n)).find((i) => i !== undefined);
      const found = byAlias ?? named;
      if (!found) {
        // The attachment port may be an access port without a subinterface: only the circuit side must exist.
        if (place.role === 'circuit') unmatched.push({ sharedPortId: sp.id, expected });
        continue;
      }
      bindings.push(binding(sp, circuit, deviceId, found, place.role, byAlias ? 'description' : 'name'));
    }
  }
  return { bindings, unmatched };
}

function binding(
  sp: SharedPort,
  circuit: Circuit,
  device: string,
  i: InterfaceIdentity,
  role: 'circuit' | 'attachment',
  matchedBy: 'description' | 'name',
): SharedPortBinding {
  return {
    sharedPortId: sp.id,
    tenant: sp.tenant,
    vlan: sp.vlan,
    circuitId: circuit.id,
    device,
    interfaceName: i.name || i.descr,
    ifIndex: i.ifIndex,
    role,
    matchedBy,
  };
}
