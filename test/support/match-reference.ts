/**
 * The ledger-to-interface join as it was before agent/telemetry/match.ts indexed the interfaces:
 * for every shared port, a scan of every interface, tokenising each alias again (O(shared ports ×
 * interfaces)). Kept only as the oracle the indexed join must agree with
 * (test/unit/agent/telemetry/match.test.ts) and as the "before" of its benchmark
 * (test/bench/daemon/match.ts --reference). Not used by the agent.
 */
import type { Platform } from '../../config/agent/model.js';
import type { Circuit, Ledger } from '../../policies/ledger/model.js';
import { expectedInterfaceNames, type InterfaceIdentity, type MatchResult, type SharedPortBinding } from '../../agent/telemetry/match.js';

function tokens(text: string): Set<string> {
  return new Set(text.split(/[\s,;|/()[\]]+/).filter(Boolean));
}

/** The former `aliasNames`: the alias starts with the prefix and names the id as a whole token. */
export function referenceAliasNames(alias: string, sharedPortId: string, ownershipPrefix: string): boolean {
  if (!alias.startsWith(ownershipPrefix)) return false;
  const rest = alias.slice(ownershipPrefix.length);
  return tokens(rest).has(sharedPortId) || tokens(rest.replace(/[=:]/g, ' ')).has(sharedPortId);
}

/** The former `matchSharedPorts`, unchanged. */
export function referenceMatchSharedPorts(
  ledger: Ledger,
  deviceId: string,
  platform: Platform,
  interfaces: readonly InterfaceIdentity[],
  ownershipPrefix = 'ecpa:',
): MatchResult {
  const circuits = new Map<string, Circuit>(ledger.circuits.map((c) => [c.id, c]));
  const byName = new Map<string, InterfaceIdentity>();
  for (const i of interfaces) if (i.descr) byName.set(i.descr, i);
  for (const i of interfaces) if (i.name) byName.set(i.name, i);
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
      const byAlias = interfaces.find(
        (i) => referenceAliasNames(i.alias, sp.id, ownershipPrefix) && (places.length === 1 || expected.includes(i.name) || expected.includes(i.descr)),
      );
      const named = expected.map((n) => byName.get(n)).find((i) => i !== undefined);
      const found = byAlias ?? named;
      if (!found) {
        if (place.role === 'circuit') unmatched.push({ sharedPortId: sp.id, expected });
        continue;
      }
      bindings.push({
        sharedPortId: sp.id,
        tenant: sp.tenant,
        vlan: sp.vlan,
        circuitId: circuit.id,
        device: deviceId,
        interfaceName: found.name || found.descr,
        ifIndex: found.ifIndex,
        role: place.role,
        matchedBy: byAlias ? 'description' : 'name',
      });
    }
  }
  return { bindings, unmatched };
}
