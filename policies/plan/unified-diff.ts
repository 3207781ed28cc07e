/**
 * Line diffs and their unified form (`diff -u` / `git diff` format), for the plan's before/after
 * view of a device's owned configuration. Pure: no I/O, no clock.
 *
 * The line alignment is Myers' O((N+M)·D) greedy algorithm after trimming the common head and
 * tail, with a bound on D: when two ranges differ by more than `maxEditCost` lines, the range is
 * cut at lines that occur exactly once on each side and keep their order (patience anchors, found
 * with a longest increasing subsequence), and each piece is diffed on its own; a piece without
 * such anchors becomes one deletion and one insertion. So the cost stays about linear in the input
 * (times the bound), never quadratic, while the diff of similar texts is minimal. Whatever the
 * path, the result is a correct diff: applied to `before` it gives `after`.
 */

/** One line of an alignment: kept (` `), removed from before (`-`) or added by after (`+`). */
export interface DiffLine {
  readonly kind: ' ' | '-' | '+';
  readonly text: string;
  /** The last line of its text, not ended by a newline (`\ No newline at end of file`). */
  readonly noNewline: boolean;
}

/** Options of `diffLines` and `unifiedDiff`. */
export interface DiffOptions {
  /** Largest edit distance a range is aligned exactly (Myers) before it is cut at unique lines (default 1000). */
  readonly maxEditCost?: number;
}

/** Options of `unifiedDiff`. */
export interface UnifiedDiffOptions extends DiffOptions {
  /** Label of the `---` line (what `before` is). */
  readonly fromLabel: string;
  /** Label of the `+++` line (what `after` is). */
  readonly toLabel: string;
  /** Unchanged lines shown around each change (default 3, as diff -u). */
  readonly context?: number;
}

/** A text split into lines; the last one may lack its newline. */
interface Lines {
  readonly texts: readonly string[];
  /** Comparison keys: the text, with a mark on a final line that has no newline (it differs from the same text with one). */
  readonly keys: readonly string[];
  readonly lastHasNewline: boolean;
}

function split(text: string): Lines {
  if (text === '') return { texts: [], keys: [], lastHasNewline: true };
  const texts = text.split('\n');
  const lastHasNewline = texts[texts.length - 1] === '';
  if (lastHasNewline) texts.pop();
  // A line never holds '\n', so `text + '\n'` cannot equal another line's key.
  const keys = lastHasNewline ? texts : texts.map((t, i) => (i === texts.length - 1 ? `${t}\n` : t));
  return { texts, keys, lastHasNewline };
}

/** Edit operations as produced by the aligners: 0 kept, 1 deleted (index into a), 2 inserted (index into b). */
const KEEP = 0;
const DEL = 1;
const INS = 2;
type Op = readonly [kind: 0 | 1 | 2, a: number, b: number];

/** Work done, for the tests' linearity checks (steps along diagonals and lines looked at). */
interface Meter {
  work: number;
}

/**
 * Myers' greedy forward search on a[aLo,aHi) × b[bLo,bHi) (both non-empty). Returns the edit
 * script, or undefined when the edit distance exceeds `maxD`. `v[k]` is the furthest x reached on
 * diagonal k = x - y; before each round d the diagonals -(d+1)..d+1 are kept for the backtrack.
 */
function myers(a: readonly string[], b: readonly string[], aLo: number, aHi: number, bLo: number, bHi: number, maxD: number, meter: Meter): Op[] | undefined {
  const n = aHi - aLo;
  const m = bHi - bLo;
  const limit = Math.min(n + m, maxD);
  const offset = limit + 1;
  const v = new Int32Array(2 * limit + 3);
  v[offset + 1] = 0;
  const trace: Int32Array[] = [];
  for (let d = 0; d <= limit; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      meter.work++;
      // Down from diagonal k+1 (an insertion) or right from k-1 (a deletion), whichever got further.
      let x = k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number)) ? (v[offset + k + 1] as number) : (v[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a[aLo + x] === b[bLo + y]) {
        x++;
        y++;
        meter.work++;
      }
      v[offset + k] = x;
      // The first point past both ends is (n, m) itself: a path that left the grid cannot come back.
      if (x >= n && y >= m) return backtrack(trace, n, m, aLo, bLo);
    }
  }
  return undefined;
}

/** The edit script of a finished Myers search (trace[d]: diagonals -(d+1)..d+1 before round d). */
function backtrack(trace: readonly Int32Array[], n: number, m: number, aLo: number, bLo: number): Op[] {
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const row = trace[d] as Int32Array;
    const at = (k: number): number => row[k + d + 1] as number;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY && x > 0 && y > 0) ops.push([KEEP, aLo + --x, bLo + --y]);
    if (d > 0) {
      if (x === prevX) ops.push([INS, -1, bLo + prevY]);
      else ops.push([DEL, aLo + prevX, -1]);
    }
    x = prevX;
    y = prevY;
  }
  return ops.reverse();
}

/** Indices of a longest strictly increasing subsequence of `values` (patience sorting, O(n log n)). */
function longestIncreasing(values: readonly number[]): number[] {
  const tails: number[] = []; // index into values of the smallest tail of each length
  const before = new Int32Array(values.length).fill(-1);
  for (let i = 0; i < values.length; i++) {
    const val = values[i] as number;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((values[tails[mid] as number] as number) < val) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) before[i] = tails[lo - 1] as number;
    tails[lo] = i;
  }
  const out: number[] = [];
  for (let i = tails.length === 0 ? -1 : (tails[tails.length - 1] as number); i >= 0; i = before[i] as number) out.push(i);
  return out.reverse();
}

/** Aligns a[aLo,aHi) with b[bLo,bHi) into `out` (see the module comment). */
function align(a: readonly string[], b: readonly string[], aLo: number, aHi: number, bLo: number, bHi: number, maxD: number, meter: Meter, out: Op[]): void {
  while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) {
    out.push([KEEP, aLo++, bLo++]);
    meter.work++;
  }
  let tail = 0;
  while (aHi - tail > aLo && bHi - tail > bLo && a[aHi - tail - 1] === b[bHi - tail - 1]) {
    tail++;
    meter.work++;
  }
  aHi -= tail;
  bHi -= tail;
  if (aLo === aHi || bLo === bHi) {
    for (let i = aLo; i < aHi; i++) out.push([DEL, i, -1]);
    for (let j = bLo; j < bHi; j++) out.push([INS, -1, j]);
  } else {
    const exact = myers(a, b, aLo, aHi, bLo, bHi, maxD, meter);
    if (exact !== undefined) for (const op of exact) out.push(op);
    else anchored(a, b, aLo, aHi, bLo, bHi, maxD, meter, out);
  }
  for (let t = 0; t < tail; t++) out.push([KEEP, aHi + t, bHi + t]);
}

/** Cuts a range too different for Myers at its unique common lines, in order, and aligns the pieces. */
function anchored(a: readonly string[], b: readonly string[], aLo: number, aHi: number, bLo: number, bHi: number, maxD: number, meter: Meter, out: Op[]): void {
  const count = new Map<string, { a: number; b: number; at: number }>();
  for (let i = aLo; i < aHi; i++) {
    const key = a[i] as string;
    const c = count.get(key);
    if (c === undefined) count.set(key, { a: 1, b: 0, at: i });
    else c.a++;
  }
  const pairs: [number, number][] = [];
  const inB = new Map<string, number>();
  for (let j = bLo; j < bHi; j++) {
    const key = b[j] as string;
    const c = count.get(key);
    if (c !== undefined) c.b++;
    inB.set(key, j);
  }
  meter.work += aHi - aLo + (bHi - bLo);
  for (let i = aLo; i < aHi; i++) {
    const c = count.get(a[i] as string);
    if (c !== undefined && c.a === 1 && c.b === 1) pairs.push([i, inB.get(a[i] as string) as number]);
  }
  const chain = longestIncreasing(pairs.map((p) => p[1])).map((i) => pairs[i] as [number, number]);
  if (chain.length === 0) {
    for (let i = aLo; i < aHi; i++) out.push([DEL, i, -1]);
    for (let j = bLo; j < bHi; j++) out.push([INS, -1, j]);
    return;
  }
  let pa = aLo;
  let pb = bLo;
  for (const [i, j] of chain) {
    align(a, b, pa, i, pb, j, maxD, meter, out);
    out.push([KEEP, i, j]);
    pa = i + 1;
    pb = j + 1;
  }
  align(a, b, pa, aHi, pb, bHi, maxD, meter, out);
}

/** Within each run of changes, deletions first, then insertions (the order diff -u prints). */
function deletionsFirst(ops: readonly Op[]): Op[] {
  const out: Op[] = [];
  let dels: Op[] = [];
  let inss: Op[] = [];
  const flush = (): void => {
    for (const op of dels) out.push(op);
    for (const op of inss) out.push(op);
    dels = [];
    inss = [];
  };
  for (const op of ops) {
    if (op[0] === KEEP) {
      flush();
      out.push(op);
    } else if (op[0] === DEL) dels.push(op);
    else inss.push(op);
  }
  flush();
  return out;
}

/** The alignment of two texts line by line, and the work it took (steps, for linearity checks). */
export function diffLinesMetered(before: string, after: string, options: DiffOptions = {}): { readonly lines: DiffLine[]; readonly work: number } {
  const maxD = options.maxEditCost ?? 1000;
  if (!Number.isInteger(maxD) || maxD < 1) throw new RangeError(`maxEditCost must be a positive integer, got ${maxD}`);
  const a = split(before);
  const b = split(after);
  const meter: Meter = { work: 0 };
  const ops: Op[] = [];
  align(a.keys, b.keys, 0, a.keys.length, 0, b.keys.length, maxD, meter, ops);
  const lines = deletionsFirst(ops).map(([kind, i, j]): DiffLine => {
    if (kind === INS) return { kind: '+', text: b.texts[j] as string, noNewline: !b.lastHasNewline && j === b.texts.length - 1 };
    const noNewline = !a.lastHasNewline && i === a.texts.length - 1;
    return { kind: kind === KEEP ? ' ' : '-', text: a.texts[i] as string, noNewline };
  });
  return { lines, work: meter.work };
}

/** The alignment of two texts line by line: every line of both, kept, removed or added, in order. */
export function diffLines(before: string, after: string, options: DiffOptions = {}): DiffLine[] {
  return diffLinesMetered(before, after, options).lines;
}

/** `start,count` of a hunk side, as diff -u writes it (`start` alone for one line; the line before for none). */
function range(start: number, count: number): string {
  if (count === 1) return String(start + 1);
  return `${count === 0 ? start : start + 1},${count}`;
}

/**
 * The unified diff from `before` to `after`: `---`/`+++` labels, then hunks of changed lines
 * with `context` unchanged lines around them (hunks closer than 2 × context are joined), each
 * line ending in a newline, `\ No newline at end of file` after a last line that lacks one.
 * The empty string when the texts are equal. Throws RangeError for a negative context.
 */
export function unifiedDiff(before: string, after: string, options: UnifiedDiffOptions): string {
  if (before === after) return '';
  const context = options.context ?? 3;
  if (!Number.isInteger(context) || context < 0) throw new RangeError(`context must be a whole number of lines, got ${context}`);
  const lines = diffLines(before, after, options);
  const out = [`--- ${options.fromLabel}`, `+++ ${options.toLabel}`];
  // Positions (0-based) in a and b where each alignment line starts.
  const aAt: number[] = [];
  const bAt: number[] = [];
  let ai = 0;
  let bi = 0;
  for (const l of lines) {
    aAt.push(ai);
    bAt.push(bi);
    if (l.kind !== '+') ai++;
    if (l.kind !== '-') bi++;
  }
  let k = 0;
  while (k < lines.length) {
    let first = k;
    while (first < lines.length && lines[first]?.kind === ' ') first++;
    if (first >= lines.length) break;
    // Extend the hunk while the next change is within 2 × context kept lines.
    let last = first;
    for (let i = first + 1; i < lines.length; i++) {
      if (lines[i]?.kind === ' ') {
        if (i - last > 2 * context) break;
      } else last = i;
    }
    const from = Math.max(k, first - context);
    const to = Math.min(lines.length, last + context + 1);
    const hunk = lines.slice(from, to);
    const aCount = hunk.filter((l) => l.kind !== '+').length;
    const bCount = hunk.filter((l) => l.kind !== '-').length;
    out.push(`@@ -${range(aAt[from] as number, aCount)} +${range(bAt[from] as number, bCount)} @@`);
    for (const l of hunk) {
      out.push(`${l.kind}${l.text}`);
      if (l.noNewline) out.push('\\ No newline at end of file');
    }
    k = to;
  }
  return `${out.join('\n')}\n`;
}
