/**
 * policies/plan/unified-diff.ts: exact `diff -u` output on small cases (context, hunk joining,
 * one-line and empty ranges, missing final newlines), and on random and large inputs: the diff
 * applied to `before` gives `after`, it is minimal where the exact aligner runs, and the work
 * grows about linearly with the input (counted steps, not time).
 */
import { describe, expect, it } from 'vitest';
import { diffLines, diffLinesMetered, unifiedDiff } from '../../../../policies/plan/unified-diff.js';

const LABELS = { fromLabel: 'a', toLabel: 'b' };
const text = (...lines: string[]): string => lines.map((l) => `${l}\n`).join('');
const textOf = (lines: readonly string[]): string => lines.map((l) => `${l}\n`).join('');
const numbered = (n: number, from = 1): string[] => Array.from({ length: n }, (_, i) => `line ${i + from}`);

/** Applies a unified diff to `before` (a small `patch`): what the diff claims `after` is. */
function applyUnified(before: string, diff: string): string {
  if (diff === '') return before;
  const src = before === '' ? [] : before.split('\n');
  const srcEndsWithNewline = before === '' || before.endsWith('\n');
  if (srcEndsWithNewline && src.length > 0) src.pop();
  const lines = diff.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  expect(lines[0]).toMatch(/^--- /);
  expect(lines[1]).toMatch(/^\+\+\+ /);
  const out: string[] = [];
  let pos = 0;
  let endsWithNewline = srcEndsWithNewline;
  let i = 2;
  while (i < lines.length) {
    const m = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$/.exec(lines[i] as string);
    if (m === null) throw new Error(`bad hunk header: ${lines[i]}`);
    const aStart = Number(m[1]);
    const aCount = m[2] === undefined ? 1 : Number(m[2]);
    const bCount = m[4] === undefined ? 1 : Number(m[4]);
    const first = aCount === 0 ? aStart : aStart - 1;
    while (pos < first) out.push(src[pos++] as string);
    i++;
    let seenA = 0;
    let seenB = 0;
    while (i < lines.length && !(lines[i] as string).startsWith('@@')) {
      const l = lines[i] as string;
      const kind = l[0];
      const body = l.slice(1);
      if (l === '\\ No newline at end of file') {
        // Applies to the line just before: the side it belongs to decides the end of `after`.
        const prev = lines[i - 1] as string;
        if (prev[0] !== '-') endsWithNewline = false;
        i++;
        continue;
      }
      if (kind === ' ') {
        expect(src[pos]).toBe(body);
        out.push(body);
        pos++;
        seenA++;
        seenB++;
      } else if (kind === '-') {
        expect(src[pos]).toBe(body);
        pos++;
        seenA++;
        // A removed last line that had no newline: a later `+` line brings the end back.
        if (pos === src.length) endsWithNewline = true;
      } else if (kind === '+') {
        out.push(body);
        seenB++;
      } else throw new Error(`bad line: ${l}`);
      i++;
    }
    expect(seenA).toBe(aCount);
    expect(seenB).toBe(bCount);
  }
  while (pos < src.length) out.push(src[pos++] as string);
  if (out.length === 0) return '';
  return out.join('\n') + (endsWithNewline ? '\n' : '');
}

/** Length of the longest common subsequence of two line lists (O(n·m) table; small inputs only). */
function lcs(a: readonly string[], b: readonly string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    const cur = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) cur[j] = x === b[j - 1] ? (prev[j - 1] as number) + 1 : Math.max(prev[j] as number, cur[j - 1] as number);
    prev = cur;
  }
  return prev[b.length] as number;
}

/** A deterministic pseudo-random generator (mulberry32). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('unifiedDiff: the diff -u format', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('', '', LABELS)).toBe('');
    expect(unifiedDiff(text('a', 'b'), text('a', 'b'), LABELS)).toBe('');
  });

  it('shows three lines of context around a change', () => {
    const before = text(...numbered(10));
    const after = before.replace('line 5\n', 'line five\n');
    expect(unifiedDiff(before, after, LABELS)).toBe([
      '--- a', '+++ b', '@@ -2,7 +2,7 @@',
      ' line 2', ' line 3', ' line 4', '-line 5', '+line five', ' line 6', ' line 7', ' line 8', '',
    ].join('\n'));
  });

  it('joins changes up to 2 × context lines apart into one hunk and splits farther ones', () => {
    const lines = numbered(30);
    const change = (at: readonly number[]): string => text(...lines.map((l, i) => (at.includes(i + 1) ? `${l}!` : l)));
    // As GNU diff -u: six kept lines between two changes still join, seven split.
    const joined = unifiedDiff(change([]), change([5, 12]), LABELS);
    expect(joined.match(/^@@.*/gm)).toEqual(['@@ -2,14 +2,14 @@']);
    const split = unifiedDiff(change([]), change([5, 13]), LABELS);
    expect(split.match(/^@@.*/gm)).toEqual(['@@ -2,7 +2,7 @@', '@@ -10,7 +10,7 @@']);
  });

  it('takes another context size, 0 included', () => {
    const before = text(...numbered(10));
    const after = before.replace('line 5\n', 'line five\n');
    expect(unifiedDiff(before, after, { ...LABELS, context: 1 })).toBe('--- a\n+++ b\n@@ -4,3 +4,3 @@\n line 4\n-line 5\n+line five\n line 6\n');
    expect(unifiedDiff(before, after, { ...LABELS, context: 0 })).toBe('--- a\n+++ b\n@@ -5 +5 @@\n-line 5\n+line five\n');
    expect(() => unifiedDiff(before, after, { ...LABELS, context: -1 })).toThrow(RangeError);
  });

  it('writes one-line ranges without a count and empty ranges at the line before', () => {
    expect(unifiedDiff(text('x'), text('y'), LABELS)).toBe('--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y\n');
    expect(unifiedDiff('', text('a', 'b'), LABELS)).toBe('--- a\n+++ b\n@@ -0,0 +1,2 @@\n+a\n+b\n');
    expect(unifiedDiff(text('a', 'b'), '', LABELS)).toBe('--- a\n+++ b\n@@ -1,2 +0,0 @@\n-a\n-b\n');
    // An insertion after line 2 of 2, with context 0: the range of `before` is "after line 2".
    expect(unifiedDiff(text('a', 'b'), text('a', 'b', 'c'), { ...LABELS, context: 0 })).toBe('--- a\n+++ b\n@@ -2,0 +3 @@\n+c\n');
  });

  it('prints deletions before insertions within a change', () => {
    const out = unifiedDiff(text('a', 'b', 'c', 'd'), text('a', 'x', 'y', 'd'), LABELS);
    expect(out).toBe('--- a\n+++ b\n@@ -1,4 +1,4 @@\n a\n-b\n-c\n+x\n+y\n d\n');
  });

  it('marks a last line without a newline, on either side', () => {
    expect(unifiedDiff('a\nb', 'a\nb\n', LABELS)).toBe('--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n');
    expect(unifiedDiff('a\nb\n', 'a\nb', LABELS)).toBe('--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n-b\n+b\n\\ No newline at end of file\n');
    expect(unifiedDiff('a\nb\nc', 'a\nB\nc', LABELS)).toBe('--- a\n+++ b\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n\\ No newline at end of file\n');
    expect(unifiedDiff('x', 'y', LABELS)).toBe('--- a\n+++ b\n@@ -1 +1 @@\n-x\n\\ No newline at end of file\n+y\n\\ No newline at end of file\n');
  });

  it('keeps lines that look like diff syntax as they are', () => {
    const out = unifiedDiff(text('--- x', '@@ -1 +1 @@', '\\ y'), text('--- x', '+++ z', '\\ y'), LABELS);
    expect(applyUnified(text('--- x', '@@ -1 +1 @@', '\\ y'), out)).toBe(text('--- x', '+++ z', '\\ y'));
  });
});

describe('diffLines', () => {
  it('aligns every line of both texts, in order', () => {
    const lines = diffLines(text('a', 'b', 'c'), text('a', 'c', 'd'));
    expect(lines.map((l) => `${l.kind}${l.text}`)).toEqual([' a', '-b', ' c', '+d']);
  });

  it('is minimal on random small inputs and its unified diff rebuilds `after`', () => {
    const random = rng(7);
    for (let round = 0; round < 300; round++) {
      const alphabet = 2 + Math.floor(random() * 5);
      const make = (): string[] => Array.from({ length: Math.floor(random() * 25) }, () => String.fromCharCode(97 + Math.floor(random() * alphabet)));
      const a = make();
      const b = make();
      const before = text(...a);
      const after = random() < 0.2 ? text(...b).replace(/\n$/, '') : text(...b);
      const lines = diffLines(before, after);
      const changed = lines.filter((l) => l.kind !== ' ').length;
      // Minimal: every line not in a longest common subsequence is removed or added, no more
      // (a final line whose newline changes counts as one removal and one addition).
      const eolChange = after.endsWith('\n') ? 0 : b.length > 0 && lcs(a, b) > 0 ? 2 : 0;
      expect(changed, `round ${round}`).toBeLessThanOrEqual(a.length + b.length - 2 * lcs(a, b) + eolChange);
      for (const context of [0, 1, 3]) expect(applyUnified(before, unifiedDiff(before, after, { ...LABELS, context })), `round ${round}`).toBe(after);
    }
  });

  it('stays a correct diff when the exact aligner is cut short (tiny maxEditCost)', () => {
    const random = rng(11);
    for (let round = 0; round < 200; round++) {
      const a = Array.from({ length: 40 }, () => `l${Math.floor(random() * 30)}`);
      const b = a.map((l) => (random() < 0.3 ? `l${Math.floor(random() * 30)}` : l)).filter(() => random() > 0.1);
      const before = text(...a);
      const after = text(...b);
      for (const maxEditCost of [1, 3, 8]) {
        expect(applyUnified(before, unifiedDiff(before, after, { ...LABELS, maxEditCost })), `round ${round}`).toBe(after);
      }
    }
    expect(() => diffLines('a', 'b', { maxEditCost: 0 })).toThrow(RangeError);
  });
});

describe('large inputs', () => {
  it('200,000 lines with scattered edits: a correct, minimal diff in about linear work', () => {
    const a = numbered(200_000);
    const b = [...a];
    for (const at of [10, 50_000, 50_003, 120_000, 199_990]) b[at] = `${b[at]} changed`;
    b.splice(150_000, 0, 'inserted');
    b.splice(70_000, 2);
    const before = textOf(a);
    const after = textOf(b);
    const { lines, work } = diffLinesMetered(before, after);
    expect(lines.filter((l) => l.kind === '-').length).toBe(7);
    expect(lines.filter((l) => l.kind === '+').length).toBe(6);
    expect(work).toBeLessThan(3 * (a.length + b.length));
    expect(applyUnified(before, unifiedDiff(before, after, LABELS))).toBe(after);
  });

  it('texts with nothing in common: work grows linearly with their size, not with its square', () => {
    const work = (n: number): number => diffLinesMetered(textOf(numbered(n)), textOf(numbered(n, n + 1))).work;
    const small = work(20_000);
    const large = work(80_000);
    expect(large / small).toBeLessThan(5); // quadratic would be 16
    const before = textOf(numbered(80_000));
    const after = textOf(numbered(80_000, 80_001));
    expect(applyUnified(before, unifiedDiff(before, after, LABELS))).toBe(after);
  });

  it('a large rewrite around unique anchor lines (an owned configuration mostly replaced) stays linear and correct', () => {
    const block = (id: number, rate: number): string[] => ['<policy>', `  <name>ecpa:pc-${id}</name>`, '  <config>', `    <cir>${rate}</cir>`, '  </config>', '</policy>'];
    const make = (n: number, rate: (id: number) => number): string => textOf(Array.from({ length: n }, (_, id) => block(id, rate(id))).flat());
    const run = (n: number): { work: number; ok: boolean } => {
      const before = make(n, () => 100);
      const after = make(n, (id) => (id % 3 === 0 ? 200 : 100));
      const { work, lines } = diffLinesMetered(before, after);
      return { work, ok: lines.filter((l) => l.kind === '-').length === Math.ceil(n / 3) };
    };
    const small = run(2_000);
    const large = run(8_000);
    expect(small.ok && large.ok).toBe(true);
    expect(large.work / small.work).toBeLessThan(5);
  });
});
