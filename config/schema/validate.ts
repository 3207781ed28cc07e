/**
 * Validates a parsed YAML document against a schema (config/schema/dsl.ts), collecting every
 * problem with its position, and returns the plain value plus a source map (path → position).
 *
 * Values: strings, numbers, booleans, SecretRef, objects (only the valid keys), arrays. An array keeps
 * one slot per YAML item, `undefined` where the item is invalid, so indices match the file.
 * An object whose own value is unusable (wrong type, a required key missing or invalid) is undefined;
 * unknown keys are reported but do not make the object unusable (so later rules still run).
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import { formatPath, type SourcePath } from '../../policies/ledger/position.js';
import type { ConfigIssue } from '../issues.js';
import type { ArrayNode, ObjectNode, SchemaNode, SecretRef, StringNode } from './dsl.js';
import { didYouMean } from './suggest.js';
import { positionOf } from '../yaml/document.js';

export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Positions of every value (and of the key that introduced it) by path. */
export class SourceMap {
  readonly #values = new Map<string, Position>();
  readonly #keys = new Map<string, Position>();
  readonly #ranges = new Map<string, readonly [number, number, number]>();

  static key(path: SourcePath): string {
    return JSON.stringify(path);
  }

  set(path: SourcePath, value: Position, key?: Position, range?: readonly [number, number, number]): void {
    this.#values.set(SourceMap.key(path), value);
    if (key) this.#keys.set(SourceMap.key(path), key);
    if (range) this.#ranges.set(SourceMap.key(path), range);
  }

  /** Position of the value at `path`, or of the nearest ancestor that exists in the file. */
  find(path: SourcePath): Position | undefined {
    for (let n = path.length; n >= 0; n--) {
      const hit = this.#values.get(SourceMap.key(path.slice(0, n)));
      if (hit) return hit;
    }
    return undefined;
  }

  keyPosition(path: SourcePath): Position | undefined {
    return this.#keys.get(SourceMap.key(path));
  }

  /** Offsets `[start, valueEnd, nodeEnd]` of the value node at `path` in the parsed text. */
  range(path: SourcePath): readonly [number, number, number] | undefined {
    return this.#ranges.get(SourceMap.key(path));
  }
}

export interface ValidateOptions {
  readonly file: string;
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
  /** Anchors, aliases and `<<` merge keys: allowed in the agent config, refused in the ledger. */
  readonly allowAliases: boolean;
  readonly aliasHint?: string;
}

export interface ValidateResult {
  readonly value: unknown;
  readonly issues: ConfigIssue[];
  readonly sourceMap: SourceMap;
}

const SECRET_KEYS = ['env', 'file'] as const;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Validates the document's top-level node against `schema`. */
export function validateDocument(schema: SchemaNode, options: ValidateOptions): ValidateResult {
  const walker = new Walker(options);
  const root = options.doc.contents as Node | null;
  const value = root ? walker.node(schema, root, []) : undefined;
  return { value, issues: walker.issues, sourceMap: walker.sourceMap };
}

function describeScalar(value: unknown, source: string | undefined): string {
  if (value === null) return 'nothing (an empty value)';
  if (typeof value === 'string') return `the text "${value}"`;
  if (typeof value === 'number') return `the number ${source ?? String(value)}`;
  if (typeof value === 'boolean') return `the boolean ${String(value)}`;
  return String(value);
}

class Walker {
  readonly issues: ConfigIssue[] = [];
  readonly sourceMap = new SourceMap();
  readonly #o: ValidateOptions;

  constructor(options: ValidateOptions) {
    this.#o = options;
  }

  #pos(node: Node | undefined): Position {
    return positionOf(this.#o.lineCounter, node?.range?.[0] ?? 0);
  }

  #issue(node: Node | undefined, path: SourcePath, code: string, message: string, extra: { severity?: 'warning'; alibabaCode?: string | undefined } = {}): void {
    this.issues.push({
      file: this.#o.file,
      ...this.#pos(node),
      path: formatPath(path),
      code,
      ...(extra.alibabaCode ? { alibabaCode: extra.alibabaCode } : {}),
      severity: extra.severity ?? 'error',
      message: `${formatPath(path)}: ${message}`,
    });
  }

  /** Follows an alias (when allowed) and refuses anchors/aliases otherwise. */
  #resolve(node: Node, path: SourcePath): Node | undefined {
    if (isAlias(node)) {
      if (!this.#o.allowAliases) {
        this.#issue(node, path, 'yaml-alias', `aliases (*${node.source}) are not allowed here; ${this.#o.aliasHint ?? 'write the value out'}`);
        return undefined;
      }
      const target = node.resolve(this.#o.doc);
      if (!target) {
        this.#issue(node, path, 'yaml-alias', `alias *${node.source} names no anchor defined above it`);
        return undefined;
      }
      return target as Node;
    }
    if (node.anchor && !this.#o.allowAliases) {
      this.#issue(node, path, 'yaml-anchor', `anchors (&${node.anchor}) are not allowed here; ${this.#o.aliasHint ?? 'write the value out'}`);
    }
    return node;
  }

  node(schema: SchemaNode, raw: Node, path: SourcePath, keyNode?: Node): unknown {
    const node = this.#resolve(raw, path);
    if (!node) return undefined;
    this.sourceMap.set(path, this.#pos(raw), keyNode ? this.#pos(keyNode) : undefined, raw.range ?? undefined);
    switch (schema.kind) {
      case 'object':
        return this.#object(schema, node, path);
      case 'array':
        return this.#array(schema, node, path);
      case 'secret':
        return this.#secret(node, path);
      case 'string':
        return this.#string(schema, node, path);
      case 'integer': {
        if (!isScalar(node) || typeof node.value !== 'number' || !Number.isInteger(node.value)) {
          const got = isScalar(node) ? describeScalar(node.value, node.source) : isSeq(node) ? 'a list' : 'a mapping';
          const hint = isScalar(node) && typeof node.value === 'string' && /^-?[0-9]+$/.test(node.value) ? ' (remove the quotes)' : '';
          this.#issue(node, path, 'invalid-type', `expected an integer, got ${got}${hint}`);
          return undefined;
        }
        const v = node.value;
        if ((schema.minimum !== undefined && v < schema.minimum) || (schema.maximum !== undefined && v > schema.maximum)) {
          const lead = schema.consoleMessage ? `${schema.consoleMessage}: ` : '';
        this.#issue(node, path, schema.code ?? 'out-of-range', `${lead}${v} is out of range: must be an integer from ${schema.minimum ?? '-∞'} to ${schema.maximum ?? '∞'}`, { alibabaCode: schema.alibabaCode });
          return undefined;
        }
        return v;
      }
      case 'boolean':
        if (!isScalar(node) || typeof node.value !== 'boolean') {
          this.#issue(node, path, 'invalid-type', `expected true or false, got ${isScalar(node) ? describeScalar(node.value, node.source) : 'a collection'}`);
          return undefined;
        }
        return node.value;
    }
  }

  #string(schema: StringNode, node: Node, path: SourcePath): string | undefined {
    if (!isScalar(node) || typeof node.value !== 'string') {
      if (isScalar(node) && schema.digits && typeof node.value === 'number') {
        const written = node.source ?? String(node.value);
        this.#issue(node, path, 'unquoted-account-id', `the account id ${written} must be quoted ("${written}"): an unquoted number loses precision beyond 15 digits`);
        return undefined;
      }
      if (isScalar(node) && schema.numberHint && typeof node.value === 'number') {
        this.#issue(node, path, schema.code ?? 'invalid-value', `${node.source ?? String(node.value)}: ${schema.numberHint}`);
        return undefined;
      }
      const got = isScalar(node) ? describeScalar(node.value, node.source) : isSeq(node) ? 'a list' : 'a mapping';
      const quote = isScalar(node) && node.value !== null ? ` (quote it: "${node.source ?? String(node.value)}")` : '';
      this.#issue(node, path, 'invalid-type', `expected text, got ${got}${quote}`);
      return undefined;
    }
    const v = node.value;
    const lead = schema.consoleMessage ? `${schema.consoleMessage}: ` : '';
    if (schema.enum && !schema.enum.includes(v)) {
      this.#issue(node, path, schema.code ?? 'invalid-value', `${lead}"${v}" is not allowed: one of ${schema.enum.join(', ')}${didYouMean(v, schema.enum)}`, { alibabaCode: schema.alibabaCode });
      return undefined;
    }
    if (schema.pattern && !new RegExp(schema.pattern).test(v)) {
      this.#issue(node, path, schema.code ?? 'invalid-value', `"${v}" is not ${schema.patternHint ?? `matching ${schema.pattern}`}`, { alibabaCode: schema.alibabaCode });
      return undefined;
    }
    if (schema.minLength !== undefined && v.length < schema.minLength) {
      this.#issue(node, path, 'invalid-value', `must not be empty`);
      return undefined;
    }
    return v;
  }

  #secret(node: Node, path: SourcePath): SecretRef | undefined {
    if (isScalar(node) && typeof node.value === 'string') {
      // The value itself is never put in a message.
      this.#issue(node, path, 'inline-secret', 'an inline secret: use { env: NAME } or { file: PATH } so the secret stays out of this file', { severity: 'warning' });
      return { $secret: 'inline', value: node.value };
    }
    if (isMap(node) && node.items.length === 1) {
      const pair = node.items[0];
      const key = pair && isScalar(pair.key) ? String(pair.key.value) : '';
      const valueNode = pair?.value as Node | null | undefined;
      if ((SECRET_KEYS as readonly string[]).includes(key) && valueNode && isScalar(valueNode) && typeof valueNode.value === 'string' && valueNode.value !== '') {
        if (key === 'env' && !ENV_NAME.test(valueNode.value)) {
          this.#issue(valueNode, [...path, key], 'invalid-value', `"${valueNode.value}" is not an environment variable name`);
          return undefined;
        }
        return { $secret: key === 'env' ? 'env' : 'file', value: valueNode.value };
      }
      const hint = key && !(SECRET_KEYS as readonly string[]).includes(key) ? didYouMean(key, SECRET_KEYS) : '';
      this.#issue(node, path, 'invalid-secret', `a secret is { env: NAME } or { file: PATH }${hint}`);
      return undefined;
    }
    this.#issue(node, path, 'invalid-secret', 'a secret is { env: NAME } or { file: PATH } (or, discouraged, an inline string)');
    return undefined;
  }

  #array(schema: ArrayNode, node: Node, path: SourcePath): unknown[] | undefined {
    if (!isSeq(node)) {
      this.#issue(node, path, 'invalid-type', `expected a list, got ${isMap(node) ? 'a mapping' : isScalar(node) ? describeScalar(node.value, node.source) : 'something else'}`);
      return undefined;
    }
    return node.items.map((item, i) => this.node(schema.items, item as Node, [...path, i]));
  }

  /** The pairs of a mapping, with `<<` merge keys expanded when aliases are allowed (explicit keys win). */
  #pairs(node: Node, path: SourcePath): { key: Node; name: string; value: Node | null }[] {
    if (!isMap(node)) return [];
    const own: { key: Node; name: string; value: Node | null }[] = [];
    const merged: { key: Node; name: string; value: Node | null }[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = pair.key as Node;
      if (!isScalar(key) || (typeof key.value !== 'string' && typeof key.value !== 'number')) {
        this.#issue(key, path, 'invalid-key', 'a key must be plain text');
        continue;
      }
      const name = String(key.value);
      if (name === '<<' && this.#o.allowAliases) {
        const sources = isSeq(pair.value) ? (pair.value.items as Node[]) : [pair.value as Node];
        for (const source of sources) {
          const target = source ? this.#resolve(source, path) : undefined;
          if (!target || !isMap(target)) {
            this.#issue(source ?? key, path, 'yaml-merge', '<< must merge a mapping (an alias to one, or a list of them)');
            continue;
          }
          merged.push(...this.#pairs(target, path));
        }
        continue;
      }
      own.push({ key, name, value: (pair.value as Node | null) ?? null });
    }
    const names = new Set(own.map((p) => p.name));
    return [...own, ...merged.filter((p) => !names.has(p.name))];
  }

  #object(schema: ObjectNode, node: Node, path: SourcePath): Record<string, unknown> | undefined {
    if (!isMap(node)) {
      this.#issue(node, path, 'invalid-type', `expected a mapping (key: value), got ${isSeq(node) ? 'a list' : isScalar(node) ? describeScalar(node.value, node.source) : 'something else'}`);
      return undefined;
    }
    const allowed = Object.keys(schema.properties);
    const out: Record<string, unknown> = {};
    let usable = true;
    const pairs = this.#pairs(node, path);
    for (const { key, name, value } of pairs) {
      const child = schema.properties[name];
      if (!child && schema.extensions && name.startsWith('x-')) continue;
      if (!child) {
        this.#issue(key, [...path, name], 'unknown-key', `unknown key '${name}'${didYouMean(name, allowed)}; allowed here: ${allowed.join(', ')}`);
        continue;
      }
      if (value === null || (isScalar(value) && value.value === null)) {
        this.#issue(value ?? key, [...path, name], 'missing-value', `'${name}' has no value${child.kind === 'array' ? ' (write [] for an empty list)' : ''}`);
        if (schema.required?.includes(name)) usable = false;
        continue;
      }
      const v = this.node(child, value, [...path, name], key);
      if (v === undefined) {
        if (schema.required?.includes(name)) usable = false;
        continue;
      }
      out[name] = v;
    }
    for (const name of schema.required ?? []) {
      if (!(name in out) && !pairs.some((p) => p.name === name)) {
        this.#issue(node, path, 'missing-key', `missing required key '${name}'`);
        usable = false;
      }
    }
    return usable ? out : undefined;
  }
}
