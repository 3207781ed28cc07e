/**
 * The MIB regions a lab switch serves: SNMPv2-MIB system group and IF-MIB ifTable/ifXTable, from a
 * TrafficModel. ifMtu is served for the rows whose interface spec carries one.
 */
import type { ColumnRegion, LabValue, Region } from './mib.js';
import type { LabCounters, TrafficModel } from './traffic.js';

const SYS = [1, 3, 6, 1, 2, 1, 1];
const IF_ENTRY = [1, 3, 6, 1, 2, 1, 2, 2, 1];
const IFX_ENTRY = [1, 3, 6, 1, 2, 1, 31, 1, 1, 1];
const TWO_32 = 1n << 32n;
const TWO_64 = 1n << 64n;

type Row = { readonly ifIndex: number; readonly spec: { name: string; alias?: string; speedMbps: number; hc?: boolean; operStatus?: number; mtu?: number }; readonly discontinuity: number };

/** Builds the regions for one simulated switch. */
export function ifMibRegions(model: TrafficModel, sysName: string, sysDescr: string): Region[] {
  // Rows sorted by ifIndex, rebuilt only when ifIndexes change (reboot with renumbering).
  let rowsVersion = -1;
  let rows: (readonly number[])[] = [];
  let byIndex = new Map<number, Row>();
  const refresh = (): void => {
    if (model.layoutVersion === rowsVersion) return;
    rowsVersion = model.layoutVersion;
    const ifs = model.interfaces();
    byIndex = new Map(ifs.map((i) => [i.ifIndex, i]));
    rows = [...byIndex.keys()].sort((a, b) => a - b).map((i) => [i]);
  };
  const rowOf = (row: readonly number[]): Row | undefined => byIndex.get(row[0] as number);

  const column = (entry: number[], col: number, value: (r: Row, now: number) => LabValue | undefined): ColumnRegion => ({
    kind: 'column',
    oid: [...entry, col],
    rows: () => {
      refresh();
      return rows;
    },
    value: (row, now) => {
      const r = rowOf(row);
      return r ? value(r, now) : undefined;
    },
  });
  const int = (v: number): LabValue => ({ type: 'integer', value: v });
  const str = (v: string): LabValue => ({ type: 'octets', value: v });
  const gauge = (v: number): LabValue => ({ type: 'gauge32', value: v });
  const c32 = (k: keyof LabCounters) => (r: Row, now: number): LabValue => ({
    type: 'counter32',
    value: Number(model.counters(r.spec.name, now)[k] % TWO_32),
  });
  const c64 = (k: keyof LabCounters | 'zero') => (r: Row, now: number): LabValue | undefined =>
    // Counter64 wraps at 2^64 like a real one (a parent summing subinterfaces started near 2^62 gets there).
    r.spec.hc === false ? undefined : { type: 'counter64', value: k === 'zero' ? 0n : model.counters(r.spec.name, now)[k] % TWO_64 };
  const zero32 = (): LabValue => ({ type: 'counter32', value: 0 });

  return [
    { kind: 'scalar', oid: [...SYS, 1, 0], value: () => str(sysDescr) },
    { kind: 'scalar', oid: [...SYS, 2, 0], value: () => ({ type: 'oid', value: [1, 3, 6, 1, 4, 1, 8072, 3, 2, 10] }) },
    { kind: 'scalar', oid: [...SYS, 3, 0], value: (now) => ({ type: 'timeticks', value: model.sysUpTime(now) }) },
    { kind: 'scalar', oid: [...SYS, 5, 0], value: () => str(sysName) },
    { kind: 'scalar', oid: [1, 3, 6, 1, 2, 1, 2, 1, 0], value: () => int(model.interfaces().length) },
    column(IF_ENTRY, 1, (r) => int(r.ifIndex)),
    column(IF_ENTRY, 2, (r) => str(r.spec.name)),
    column(IF_ENTRY, 3, (r) => int(r.spec.name.includes('.') ? 135 : 6)),
    column(IF_ENTRY, 4, (r) => (r.spec.mtu === undefined ? undefined : int(r.spec.mtu))),
    column(IF_ENTRY, 5, (r) => gauge(Math.min(4294967295, r.spec.speedMbps * 1_000_000))),
    column(IF_ENTRY, 7, () => int(1)),
    column(IF_ENTRY, 8, (r) => int(r.spec.operStatus ?? 1)),
    column(IF_ENTRY, 10, c32('inOctets')),
    column(IF_ENTRY, 11, c32('inUcastPkts')),
    column(IF_ENTRY, 13, c32('inDiscards')),
    column(IF_ENTRY, 14, zero32),
    column(IF_ENTRY, 16, c32('outOctets')),
    column(IF_ENTRY, 17, c32('outUcastPkts')),
    column(IF_ENTRY, 19, c32('outDiscards')),
    column(IF_ENTRY, 20, zero32),
    column(IFX_ENTRY, 1, (r) => str(r.spec.name)),
    column(IFX_ENTRY, 2, zero32),
    column(IFX_ENTRY, 3, zero32),
    column(IFX_ENTRY, 4, zero32),
    column(IFX_ENTRY, 5, zero32),
    column(IFX_ENTRY, 6, c64('inOctets')),
    column(IFX_ENTRY, 7, c64('inUcastPkts')),
    column(IFX_ENTRY, 8, c64('zero')),
    column(IFX_ENTRY, 9, c64('zero')),
    column(IFX_ENTRY, 10, c64('outOctets')),
    column(IFX_ENTRY, 11, c64('outUcastPkts')),
    column(IFX_ENTRY, 12, c64('zero')),
    column(IFX_ENTRY, 13, c64('zero')),
    column(IFX_ENTRY, 15, (r) => gauge(r.spec.speedMbps)),
    column(IFX_ENTRY, 18, (r) => str(r.spec.alias ?? '')),
    column(IFX_ENTRY, 19, (r) => ({ type: 'timeticks', value: r.discontinuity })),
  ];
}
