/**
 * Multi-column GetBulk walk: all requested columns advance together in one PDU (unlike
 * net-snmp's tableColumns, which walks them one after another), each column stops on its own
 * when it leaves its subtree, hits endOfMibView, or — the loop guard — returns an OID that does
 * not increase (a known agent bug that makes naive walkers loop forever).
 */
import { SnmpError, SnmpTooBigError } from './errors.js';
import type { BulkResponse, SnmpTransport } from './transport.js';
import { instanceOf, isException, type SnmpValue, type SnmpVarbind } from './varbind.js';

export interface WalkOptions {
  readonly maxRepetitions: number;
  readonly signal: AbortSignal;
  /** Scalars to fetch as GetBulk non-repeaters in the first PDU (their GETNEXT successors are returned). */
  readonly nonRepeaters?: readonly string[];
  /** Device id for error messages. */
  readonly device?: string;
  /**
   * Records, for each instance of this column, the clock time its PDU arrived: a row read early in
   * a long walk is older than the walk's end, and rates must use the row's own time.
   */
  readonly timeColumn?: string;
  readonly clock?: () => number;
}

export interface WalkResult {
  /** Column OID → instance suffix → value. */
  readonly columns: ReadonlyMap<string, ReadonlyMap<string, SnmpValue>>;
  readonly nonRepeaters: readonly SnmpVarbind[];
  /** Agent misbehaviour that was worked around (non-increasing OIDs). */
  readonly warnings: readonly string[];
  readonly pdus: number;
  readonly varbinds: number;
  /** Arrival time of each instance of `timeColumn` (empty without one). */
  readonly times: ReadonlyMap<string, number>;
}

/**
 * Compares two dotted OIDs numerically without allocating (hot path: once per varbind).
 * Returns <0, 0, >0.
 */
export function compareOidStrings(a: string, b: string): number {
  let i = 0;
  let j = 0;
  for (;;) {
    if (i >= a.length) return j >= b.length ? 0 : -1;
    if (j >= b.length) return 1;
    let x = 0;
    let y = 0;
    let c: number;
    while (i < a.length && (c = a.charCodeAt(i)) !== 46) {
      x = x * 10 + (c - 48);
      i++;
    }
    while (j < b.length && (c = b.charCodeAt(j)) !== 46) {
      y = y * 10 + (c - 48);
      j++;
    }
    if (x !== y) return x < y ? -1 : 1;
    i++;
    j++;
  }
}

interface ColumnState {
  readonly oid: string;
  last: string;
  done: boolean;
  readonly rows: Map<string, SnmpValue>;
}

/**
 * Walks `columns` with GetBulk until every column is exhausted.
 * @throws SnmpError when the agent makes no progress on any column (an empty response twice);
 *   SnmpTimeoutError / SnmpAuthError / SnmpAbortedError from the transport.
 */
export async function walkColumns(
  transport: SnmpTransport,
  columns: readonly string[],
  options: WalkOptions,
): Promise<WalkResult> {
  const states: ColumnState[] = columns.map((oid) => ({ oid, last: oid, done: false, rows: new Map() }));
  const warnings: string[] = [];
  let nonRepeaters: readonly SnmpVarbind[] = [];
  let pendingScalars = options.nonRepeaters ?? [];
  let pdus = 0;
  let varbinds = 0;
  let stalls = 0;
  const times = new Map<string, number>();
  const clock = options.clock ?? Date.now;
  let maxRepetitions = Math.max(1, options.maxRepetitions);
  for (;;) {
    const active = states.filter((s) => !s.done);
    if (active.length === 0 && pendingScalars.length === 0) break;
    const request = [...pendingScalars, ...active.map((s) => s.last)];
    let response: BulkResponse;
    try {
      response = await transport.getBulk(request, pendingScalars.length, maxRepetitions, options.signal);
    } catch (error: unknown) {
      // tooBig (an agent with a small message size): halve the repetitions and ask again.
      if (error instanceof SnmpTooBigError && maxRepetitions > 1) {
        maxRepetitions = Math.floor(maxRepetitions / 2);
        warnings.push(`agent answered tooBig; maxRepetitions lowered to ${maxRepetitions}`);
        pdus++;
        continue;
      }
      throw error;
    }
    pdus++;
    const arrived = options.timeColumn === undefined ? 0 : clock();
    if (pendingScalars.length > 0) {
      nonRepeaters = response.nonRepeaters;
      varbinds += nonRepeaters.length;
      pendingScalars = [];
    }
    let progressed = false;
    active.forEach((state, i) => {
      const list = response.columns[i] ?? [];
      for (const vb of list) {
        varbinds++;
        if (isException(vb.value)) {
          state.done = true;
          break;
        }
        const instance = instanceOf(state.oid, vb.oid);
        if (instance === undefined) {
          state.done = true;
          break;
        }
        if (compareOidStrings(vb.oid, state.last) <= 0) {
          // Loop guard: a non-increasing OID would make the walk repeat forever.
          warnings.push(`column ${state.oid}: agent returned non-increasing OID ${vb.oid} after ${state.last}; column cut short`);
          state.done = true;
          break;
        }
        state.rows.set(instance, vb.value);
        if (state.oid === options.timeColumn) times.set(instance, arrived);
        state.last = vb.oid;
        progressed = true;
      }
      if (state.done) progressed = true;
    });
    if (!progressed) {
      stalls++;
      if (stalls >= 2) {
        throw new SnmpError(
          `${options.device ?? 'device'}: GetBulk returned no usable varbinds for ${active.length} column(s); the walk cannot progress`,
          options.device === undefined ? {} : { device: options.device },
        );
      }
    } else {
      stalls = 0;
    }
  }
  return {
    columns: new Map(states.map((s) => [s.oid, s.rows])),
    nonRepeaters,
    warnings,
    pdus,
    varbinds,
    times,
  };
}
