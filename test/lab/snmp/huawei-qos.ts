/**
 * HUAWEI-CBQOS-MIB hwCBQoSPolicyStatisticsClassifierTable for the lab switch: one row per policed
 * direction of an interface, INDEX {ifIndex, vlanId, direction (1 inbound, 2 outbound),
 * classifierName (length-prefixed)}, with the policer's passed and dropped packets and bytes.
 */
import type { ColumnRegion, LabValue, Region } from './mib.js';
import { cmp } from './mib.js';
import type { LabCounters, TrafficModel } from './traffic.js';

const ENTRY = [1, 3, 6, 1, 4, 1, 2011, 5, 25, 32, 1, 1, 5, 6, 4, 1];
const TWO_64 = 1n << 64n;

interface Row {
  readonly index: readonly number[];
  readonly name: string;
  readonly inbound: boolean;
}

/** The classifier name the lab uses for an interface's tenant policer. */
export function labClassifierName(vlan: number): string {
  return `ecpa-tenant-${vlan}`;
}

/** Builds the table's regions; `classifier` names every row (default: {@link labClassifierName}). */
export function huaweiQosRegions(model: TrafficModel, classifier?: string): Region[] {
  let version = -1;
  let rows: Row[] = [];
  let indexes: (readonly number[])[] = [];
  const refresh = (): void => {
    if (version === model.layoutVersion) return;
    version = model.layoutVersion;
    rows = [];
    for (const i of model.interfaces()) {
      if (!i.policer) continue;
      const vlan = /\.(\d+)$/.exec(i.spec.name)?.[1];
      const v = vlan === undefined ? 0 : Number(vlan);
      const name = classifier ?? labClassifierName(v);
      const chars = [...name].map((c) => c.charCodeAt(0));
      if (i.policer.inBps !== undefined) rows.push({ index: [i.ifIndex, v, 1, chars.length, ...chars], name: i.spec.name, inbound: true });
      if (i.policer.outBps !== undefined) rows.push({ index: [i.ifIndex, v, 2, chars.length, ...chars], name: i.spec.name, inbound: false });
    }
    rows.sort((a, b) => cmp(a.index, b.index));
    indexes = rows.map((r) => r.index);
  };
  const byKey = (): Map<string, Row> => new Map(rows.map((r) => [r.index.join('.'), r]));
  let lookup = new Map<string, Row>();
  let lookupVersion = -2;
  const column = (col: number, value: (c: LabCounters, inbound: boolean) => bigint): ColumnRegion => ({
    kind: 'column',
    oid: [...ENTRY, col],
    rows: () => {
      refresh();
      return indexes;
    },
    value: (row, now): LabValue | undefined => {
      refresh();
      if (lookupVersion !== version) {
        lookup = byKey();
        lookupVersion = version;
      }
      const r = lookup.get(row.join('.'));
      if (!r) return undefined;
      return { type: 'counter64', value: value(model.counters(r.name, now), r.inbound) % TWO_64 };
    },
  });
  return [
    column(6, (c, inbound) => (inbound ? c.inUcastPkts : c.outUcastPkts)),
    column(7, (c, inbound) => (inbound ? c.inOctets - c.inDroppedOctets : c.outOctets)),
    column(8, (c, inbound) => (inbound ? c.inDiscards : c.outDiscards)),
    column(9, (c, inbound) => (inbound ? c.inDroppedOctets : c.outDroppedOctets)),
  ];
}
