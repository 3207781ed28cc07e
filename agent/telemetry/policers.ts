/**
 * The agent-owned policer of a shared port among a device's vendor QoS rows, per direction, with
 * its counters summed and its rates. Pure: no I/O. Ownership reuses the drivers' own names
 * (drivers/vendors/names.ts and each platform's name rules), never a copy of them:
 *  - cisco-iosxe: the policy-map holding the police action reads back (`ownerOfPolicy`, XE rules)
 *    to the shared port's id, on the shared port's service-policy ifIndex;
 *  - junos: the per-unit policer's name reads back (JUNOS rules) to the shared port's id, on the
 *    shared port's unit;
 *  - huawei-vrp: the statistics table is indexed by classifier, not policy; a row is owned when
 *    its classifier is the agent's shared `<prefix>any` classifier (`classifierName`) on the
 *    shared port's subinterface (or its VLAN-applied policy) — VRP holds one policy per direction
 *    on an interface, and the agent applies only `<prefix><shared-port id>` there;
 *  - openconfig: no policer table over SNMP.
 * Rows of any other policy (the operator's, another shared port's) are never a shared port's.
 */
import type { Platform } from '../../config/agent/model.js';
import type { PolicerStat } from '../../drivers/snmp/qos.js';
import { XE_NAMES } from '../../drivers/vendors/cisco-iosxe-ns.js';
import { classifierName } from '../../drivers/vendors/huawei-vrp-parse.js';
import { JUNOS_NAMES } from '../../drivers/vendors/junos-ns.js';
import { ownerOfPolicy } from '../../drivers/vendors/names.js';
import type { PortPolicer, PortPolicerDirection } from '../metrics/state.js';
import type { SharedPortBinding } from './match.js';
import type { PolicerRates } from './rates.js';
import { policerBelongs } from './report.js';

/** One direction of a shared port's owned policer (the metrics snapshot's shape). */
export type OwnedPolicerDirection = PortPolicerDirection;
/** The owned policer of a shared port: `receive` = inbound on its subinterface, `transmit` = outbound. */
export type OwnedPolicer = PortPolicer;

/** True when `stat` is the agent's policer of the shared port `binding` on a device of `platform`. */
export function isOwnedPolicer(stat: PolicerStat, binding: SharedPortBinding, platform: Platform, ownershipPrefix: string): boolean {
  if (!policerBelongs(stat, binding)) return false;
  switch (platform) {
    case 'huawei-vrp':
      return stat.name === classifierName(ownershipPrefix);
    case 'cisco-iosxe':
      return stat.policy !== undefined && ownerOfPolicy(ownershipPrefix, stat.policy, XE_NAMES) === binding.sharedPortId;
    case 'junos':
      return stat.policy !== undefined && ownerOfPolicy(ownershipPrefix, stat.policy, JUNOS_NAMES) === binding.sharedPortId;
    case 'openconfig':
      return false;
  }
}

type CounterKey = 'conformedBytes' | 'conformedPackets' | 'droppedBytes' | 'droppedPackets';
type RateKey = 'droppedBitsPerSecond' | 'droppedPacketsPerSecond';

/** Sum of a column over rows; absent when no row has it. */
function sumCounter(values: readonly (bigint | undefined)[]): bigint | undefined {
  let total: bigint | undefined;
  for (const v of values) if (v !== undefined) total = (total ?? 0n) + v;
  return total;
}

/** Sum of a rate over rows; absent when any row lacks it (a partial sum would under-report). */
function sumRate(values: readonly (number | undefined)[]): number | undefined {
  let total = 0;
  for (const v of values) {
    if (v === undefined) return undefined;
    total += v;
  }
  return values.length > 0 ? total : undefined;
}

function direction(rows: readonly { stat: PolicerStat; rates: PolicerRates | undefined }[]): OwnedPolicerDirection | undefined {
  if (rows.length === 0) return undefined;
  const out: Partial<Record<CounterKey, bigint> & Record<RateKey, number>> = {};
  const counters: readonly (readonly [CounterKey, (s: PolicerStat) => bigint | undefined])[] = [
    ['conformedBytes', (s) => s.passedBytes],
    ['conformedPackets', (s) => s.passedPackets],
    ['droppedBytes', (s) => s.droppedBytes],
    ['droppedPackets', (s) => s.droppedPackets],
  ];
  for (const [key, of] of counters) {
    const v = sumCounter(rows.map((r) => of(r.stat)));
    if (v !== undefined) out[key] = v;
  }
  for (const key of ['droppedBitsPerSecond', 'droppedPacketsPerSecond'] as const) {
    const v = sumRate(rows.map((r) => r.rates?.[key]));
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/**
 * The owned policer of `binding` among `stats` (one device's rows), per direction; several owned
 * rows of one direction (a policy with more than one police action) are summed. Undefined when
 * the shared port has no owned row. `rates` are the same sample's policer rates, by row key.
 */
export function ownedPolicer(
  stats: readonly PolicerStat[],
  rates: ReadonlyMap<string, PolicerRates>,
  binding: SharedPortBinding,
  platform: Platform,
  ownershipPrefix: string,
): OwnedPolicer | undefined {
  const owned = stats.filter((s) => isOwnedPolicer(s, binding, platform, ownershipPrefix)).map((stat) => ({ stat, rates: rates.get(stat.key) }));
  const receive = direction(owned.filter((r) => r.stat.direction === 'inbound'));
  const transmit = direction(owned.filter((r) => r.stat.direction === 'outbound'));
  if (receive === undefined && transmit === undefined) return undefined;
  return { ...(receive !== undefined ? { receive } : {}), ...(transmit !== undefined ? { transmit } : {}) };
}
