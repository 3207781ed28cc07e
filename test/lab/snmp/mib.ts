/**
 * An ordered, read-only MIB view for the lab agent: scalars and tables whose values are computed
 * on demand. GETNEXT costs O(regions + log rows), so a bulk walk of 1,000 interfaces is linear
 * (net-snmp's built-in agent sorts the children of a node on every GETNEXT: quadratic).
 */

/** A value as the lab agent serves it. */
export type LabValue =
  | { readonly type: 'integer' | 'counter32' | 'gauge32' | 'timeticks'; readonly value: number }
  | { readonly type: 'counter64'; readonly value: bigint }
  | { readonly type: 'octets'; readonly value: string | Buffer }
  | { readonly type: 'oid'; readonly value: readonly number[] };

export interface ScalarRegion {
  readonly kind: 'scalar';
  /** Full instance OID, e.g. sysUpTime.0. */
  readonly oid: readonly number[];
  value(now: number): LabValue;
}

export interface ColumnRegion {
  readonly kind: 'column';
  /** Column OID (entry OID + column number). */
  readonly oid: readonly number[];
  /** Row indexes, sorted; re-read on every request (they change on reboot/renumbering). */
  rows(): readonly (readonly number[])[];
  /** Value of one row; undefined = this row has no such column (e.g. no HC counters). */
  value(row: readonly number[], now: number): LabValue | undefined;
}

export type Region = ScalarRegion | ColumnRegion;

/** Compares two OIDs (arrays of arcs). */
export function cmp(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

function startsWith(oid: readonly number[], prefix: readonly number[]): boolean {
  if (oid.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (oid[i] !== prefix[i]) return false;
  return true;
}

export interface Found {
  readonly oid: readonly number[];
  readonly value: LabValue;
}

export class MibView {
  readonly #regions: Region[];

  constructor(regions: readonly Region[]) {
    this.#regions = [...regions].sort((a, b) => cmp(a.oid, b.oid));
  }

  /** Exact GET; undefined = noSuchInstance/noSuchObject. */
  get(oid: readonly number[], now: number): LabValue | undefined {
    for (const r of this.#regions) {
      if (r.kind === 'scalar') {
        if (cmp(r.oid, oid) === 0) return r.value(now);
      } else if (startsWith(oid, r.oid)) {
        const row = oid.slice(r.oid.length);
        const rows = r.rows();
        const i = lowerBound(rows, row);
        const hit = rows[i];
        if (hit && cmp(hit, row) === 0) return r.value(hit, now);
        return undefined;
      }
    }
    return undefined;
  }

  /** GETNEXT: the first instance strictly after `oid`; undefined = endOfMibView. */
  next(oid: readonly number[], now: number): Found | undefined {
    for (const r of this.#regions) {
      if (r.kind === 'scalar') {
        if (cmp(r.oid, oid) > 0) return { oid: r.oid, value: r.value(now) };
        continue;
      }
      const rows = r.rows();
      let i: number;
      if (startsWith(oid, r.oid)) {
        const row = oid.slice(r.oid.length);
        i = lowerBound(rows, row);
        if (i < rows.length && cmp(rows[i] as readonly number[], row) === 0) i++;
      } else if (cmp(oid, r.oid) < 0) {
        i = 0;
      } else {
        continue;
      }
      for (; i < rows.length; i++) {
        const row = rows[i] as readonly number[];
        const value = r.value(row, now);
        if (value !== undefined) return { oid: [...r.oid, ...row], value };
      }
    }
    return undefined;
  }
}

/** First index whose row is >= `row`. */
function lowerBound(rows: readonly (readonly number[])[], row: readonly number[]): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cmp(rows[mid] as readonly number[], row) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
