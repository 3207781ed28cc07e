/**
 * Every compliance rule, imported by name, in report order. Duplicate ids throw at load, so two
 * rules can never claim one id; `ruleById` fails with the list of known ids.
 */
import { accessPointCircuits, circuitBandwidth, redundantCircuits, tenantRedundancy, vlanUnique } from './rules/ledger-rules.js';
import { arpRateLimit, circuitPortsUp, deviceVlanUnique, dot1qEncapsulation, icmpLimit, monitoringEnabled, mtu, qosThrottling } from './live/index.js';
import type { RuleDefinition } from './types.js';

function checked(rules: readonly RuleDefinition[]): readonly RuleDefinition[] {
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.id)) throw new Error(`two compliance rules claim the id '${rule.id}'`);
    seen.add(rule.id);
  }
  return rules;
}

export const RULES: readonly RuleDefinition[] = checked([
  redundantCircuits,
  accessPointCircuits,
  circuitBandwidth,
  vlanUnique,
  tenantRedundancy,
  monitoringEnabled,
  qosThrottling,
  arpRateLimit,
  icmpLimit,
  circuitPortsUp,
  deviceVlanUnique,
  dot1qEncapsulation,
  mtu,
]);

/** The rule with this id. Throws with the known ids when there is none. */
export function ruleById(id: string): RuleDefinition {
  const rule = RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`unknown compliance rule '${id}'; known: ${RULES.map((r) => r.id).join(', ')}`);
  return rule;
}
