/**
 * Joins one poll (and, when there is a previous one, its rates) to the ledger: per interface and
 * per shared port, counters as exact decimal strings and rates as numbers. Pure: the shape
 * `ecpa poll --format json` prints and that other consumers (metrics) can reuse.
 */
import type { Platform } from '../../config/agent/model.js';
import type { Ledger } from '../../policies/ledger/model.js';
import type { CounterName, DeviceSample, InterfaceSample } from '../../drivers/snmp/sample.js';
import { matchSharedPorts, type SharedPortBinding } from './match.js';
import type { DeviceRates, InterfaceRateResult, InterfaceRates, PolicerRates } from './rates.js';
import type { PolicerStat } from '../../drivers/snmp/qos.js';

export interface InterfaceReport {
  readonly ifIndex: number;
  readonly name: string;
  readonly alias: string;
  readonly speedBps: number | null;
  readonly operStatus: number | null;
  readonly counterBits: 32 | 64;
  /** Counters as decimal strings: exact beyond 2^53. */
  readonly counters: Readonly<Partial<Record<CounterName, string>>>;
  readonly rates: InterfaceRates | null;
  /** Why there are no rates (first sample, reboot, …), when there are none. */
  readonly baseline: string | null;
}

/** A vendor QoS policer of a shared port: counters as decimal strings, rates when computed. */
export interface PolicerReport {
  readonly name: string;
  readonly direction: 'inbound' | 'outbound' | null;
  readonly counters: Readonly<Partial<Record<'passedPackets' | 'passedBytes' | 'droppedPackets' | 'droppedBytes', string>>>;
  readonly rates: Omit<PolicerRates, 'stat'> | null;
}

export interface SharedPortReport extends SharedPortBinding {
  readonly counters: InterfaceReport['counters'];
  readonly rates: InterfaceRates | null;
  /** Vendor QoS policers found for this shared port (empty when not polled or none matched). */
  readonly policers: readonly PolicerReport[];
}

/** True when a vendor policer row belongs to the bound interface (ifIndex, VLAN-applied policy, or Junos unit name). */
export function policerBelongs(stat: PolicerStat, binding: SharedPortBinding): boolean {
  if (stat.interfaceName !== undefined) return stat.interfaceName === binding.interfaceName;
  if (stat.ifIndex !== undefined && stat.ifIndex !== 0) return stat.ifIndex === binding.ifIndex;
  // Huawei VLAN-applied policy: ifIndex 0 and the VLAN id
  return stat.ifIndex === 0 && stat.vlan !== undefined && stat.vlan === binding.vlan && binding.vlan !== 0;
}

function policerReport(stat: PolicerStat, rates: PolicerRates | undefined): PolicerReport {
  const c: Partial<Record<'passedPackets' | 'passedBytes' | 'droppedPackets' | 'droppedBytes', string>> = {};
  for (const k of ['passedPackets', 'passedBytes', 'droppedPackets', 'droppedBytes'] as const) {
    const v = stat[k];
    if (v !== undefined) c[k] = v.toString();
  }
  const r = rates
    ? {
        passedBitsPerSecond: rates.passedBitsPerSecond,
        passedPacketsPerSecond: rates.passedPacketsPerSecond,
        droppedBitsPerSecond: rates.droppedBitsPerSecond,
        droppedPacketsPerSecond: rates.droppedPacketsPerSecond,
      }
    : null;
  return { name: stat.name, direction: stat.direction ?? null, counters: c, rates: r };
}

export interface DevicePollReport {
  readonly device: string;
  readonly ok: true;
  readonly sysUpTime: number;
  readonly durationMs: number;
  readonly interfaces: readonly InterfaceReport[];
  readonly sharedPorts: readonly SharedPortReport[];
  readonly unmatchedSharedPorts: readonly { readonly sharedPortId: string; readonly expected: readonly string[] }[];
  readonly warnings: readonly string[];
}

function counters(i: InterfaceSample): InterfaceReport['counters'] {
  const out: Partial<Record<CounterName, string>> = {};
  for (const [k, v] of Object.entries(i.counters) as [CounterName, bigint][]) out[k] = v.toString();
  return out;
}

/** Builds the report of one device's poll; `rates` is the result for this same sample, if computed. */
export function buildDeviceReport(
  sample: DeviceSample,
  rates: DeviceRates | undefined,
  ledger: Ledger | undefined,
  platform: Platform,
  ownershipPrefix: string,
): DevicePollReport {
  const byIndex = new Map<number, InterfaceRateResult>();
  for (const r of rates?.interfaces ?? []) byIndex.set(r.sample.ifIndex, r);
  const interfaces = sample.interfaces.map((i): InterfaceReport => {
    const r = byIndex.get(i.ifIndex);
    return {
      ifIndex: i.ifIndex,
      name: i.name,
      alias: i.alias,
      speedBps: i.speedBps ?? null,
      operStatus: i.operStatus ?? null,
      counterBits: i.counterBits,
      counters: counters(i),
      rates: r?.status === 'rates' ? r.rates : null,
      baseline: r?.status === 'baseline' ? r.reason : null,
    };
  });
  const match = ledger ? matchSharedPorts(ledger, sample.deviceId, platform, sample.interfaces, ownershipPrefix) : undefined;
  const reportByIndex = new Map(interfaces.map((i) => [i.ifIndex, i]));
  const policerRates = new Map((rates?.policers ?? []).map((p) => [p.stat.key, p]));
  const sharedPorts = (match?.bindings ?? []).map((b): SharedPortReport => {
    const i = reportByIndex.get(b.ifIndex);
    const policers = (sample.qos ?? [])
      .filter((stat) => policerBelongs(stat, b))
      .map((stat) => policerReport(stat, policerRates.get(stat.key)));
    return { ...b, counters: i?.counters ?? {}, rates: i?.rates ?? null, policers };
  });
  return {
    device: sample.deviceId,
    ok: true,
    sysUpTime: sample.sysUpTime,
    durationMs: sample.durationMs,
    interfaces,
    sharedPorts,
    unmatchedSharedPorts: match?.unmatched ?? [],
    warnings: sample.warnings,
  };
}
