/**
 * Helpers the live rules share: building findings, finding a device's evidence, the shared ports a
 * device is judged for. Pure.
 */
import type { Circuit, Ledger, SharedPort } from '../../ledger/model.js';
import type { EvidenceValue, Finding, Subject, Verdict } from '../types.js';
import type { DeviceEvidence, InterfaceEvidence, LiveEvidence, Reading } from './model.js';

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

/** The circuit of a shared port, or undefined when the ledger names none (the ledger check reports that). */
export function circuitOf(ledger: Ledger, sp: SharedPort): Circuit | undefined {
  return ledger.circuits.find((c) => c.id === sp.circuitId);
}

/** The evidence read from `device`, or a reason why there is none. */
export function deviceEvidence(live: LiveEvidence, device: string): DeviceEvidence | string {
  return live.devices.find((d) => d.device === device) ?? `device '${device}' is not in the agent config, so it was not read`;
}

/** The reason of an unreadable reading, prefixed with what it is about. */
export function unreadable<T>(reading: Reading<T>, what: string, device: string): string | undefined {
  return reading.status === 'unreadable' ? `${what} of ${device} could not be read: ${reading.reason}` : undefined;
}

/** The interface named `name` (ifName, else ifDescr as the evidence carries it). */
export function interfaceNamed(interfaces: readonly InterfaceEvidence[], name: string): InterfaceEvidence | undefined {
  return interfaces.find((i) => i.name === name);
}

/** `port` for VLAN 0, else `port.vlan`. */
export function attachpointName(at: { readonly port: string; readonly vlan: number }): string {
  return at.vlan === 0 ? at.port : `${at.port}.${at.vlan}`;
}

/** Sorted distinct values. */
export function distinct<T extends string | number>(values: readonly T[]): T[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
