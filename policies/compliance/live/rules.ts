/**
 * Every rule a live check evaluates, in report order (the registry's: the ledger rules, the four
 * live ids the offline report always listed, then the rules the live check added). Ids are
 * stable: they name rules in reports, JUnit test names and metrics.
 */
import { accessPointCircuits, circuitBandwidth, redundantCircuits, tenantRedundancy, vlanUnique } from '../rules/ledger-rules.js';
import type { RuleDefinition } from '../types.js';
import { arpRateLimit, circuitPortsUp, deviceVlanUnique, dot1qEncapsulation, icmpLimit, monitoringEnabled, mtu, qosThrottling } from './index.js';

export const LIVE_RULE_SET: readonly RuleDefinition[] = [
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
];
