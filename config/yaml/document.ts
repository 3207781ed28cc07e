/**
 * Parses the text of a YAML file the operator wrote into one document with positions, turning
 * every YAML-level problem (syntax, duplicate keys, tabs, several documents, empty file, a top level
 * that is not a mapping) into a positioned issue. A UTF-8 BOM is accepted and ignored.
 */
import { LineCounter, isMap, parseAllDocuments, type Document } from 'yaml';
import type { ConfigIssue } from '../issues.js';

const BOM = '\uFEFF';

export interface ParsedYaml {
  /** The document; undefined when the text is empty or has no usable document. */
  readonly doc?: Document.Parsed;
  readonly lineCounter: LineCounter;
  /** The text without its BOM: node ranges are offsets into this string. */
  readonly text: string;
  /** True when the file started with a BOM (edits keep it). */
  readonly bom: boolean;
  readonly issues: ConfigIssue[];
}

/** Clearer messages for the YAML library's error codes that operators meet most. */
const YAML_HINTS: Readonly<Record<string, string>> = {
  TAB_AS_INDENT: 'a tab is used for indentation; YAML allows only spaces there',
  DUPLICATE_KEY: 'this key appears twice in the same mapping; each key may appear once',
  BAD_INDENT: 'the indentation here does not line up with the entries above it',
  MULTILINE_IMPLICIT_KEY: 'a key must fit on one line (is a colon or quote missing above?)',
  MISSING_CHAR: 'a closing bracket, brace or quote is missing',
  UNEXPECTED_TOKEN: 'unexpected text here',
};

/** Line and column (1-based) of an offset. */
export function positionOf(lineCounter: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/**
 * Parses `source` (the file's text) named `file` in messages. `what` names the expected content
 * for the empty-file message (e.g. "a ledger mapping with partner, accessPoints, circuits, sharedPorts").
 */
export function parseYaml(source: string, file: string, what: string): ParsedYaml {
  const bom = source.startsWith(BOM);
  const text = bom ? source.slice(1) : source;
  const lineCounter = new LineCounter();
  const issues: ConfigIssue[] = [];
  const base = { file, path: '(top level)', severity: 'error' as const };
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true, merge: false, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [];
  for (const doc of list) {
    const found = [
      ...doc.errors.map((e) => ({ e, severity: 'error' as const })),
      ...doc.warnings.map((e) => ({ e, severity: 'warning' as const })),
    ];
    for (const { e, severity } of found) {
      const hint = YAML_HINTS[e.code];
      const first = e.message.split('\n')[0] ?? e.message;
      const detail = first.replace(/ at line \d+, column \d+:?$/, '');
      issues.push({
        ...base,
        ...positionOf(lineCounter, e.pos[0]),
        severity,
        code: `yaml-${e.code.toLowerCase().replace(/_/g, '-')}`,
        message: hint ? `${hint} (${detail})` : detail,
      });
    }
  }
  if (list.length > 1) {
    const second = list[1];
    const where = positionOf(lineCounter, second?.range[0] ?? 0);
    issues.push({ ...base, ...where, code: 'yaml-multiple-documents', message: 'the file holds several YAML documents (---); it must hold exactly one' });
  }
  const doc = list[0];
  if (!doc || doc.contents === null) {
    if (issues.length === 0) issues.push({ ...base, line: 1, column: 1, code: 'empty-file', message: `the file is empty: expected ${what}` });
    return { lineCounter, text, bom, issues };
  }
  if (!isMap(doc.contents)) {
    const where = positionOf(lineCounter, doc.contents.range?.[0] ?? 0);
    const got = Array.isArray(doc.toJS()) ? 'a list' : `a single value`;
    issues.push({ ...base, ...where, code: 'not-a-mapping', message: `the top level must be a mapping (key: value lines), got ${got}: expected ${what}` });
    return { lineCounter, text, bom, issues };
  }
  return { doc, lineCounter, text, bom, issues };
}
