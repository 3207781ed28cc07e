/**
 * Canonical comparison of element trees: the question "does the device hold what we sent?"
 * must not depend on prefixes, attribute order, layout whitespace or (optionally) the order of
 * siblings, which NETCONF servers are free to change for unordered YANG lists.
 */
import type { XmlElement } from './xml.js';

/** Options of `canonicalize` / `xmlEqual`. */
export interface CanonicalOptions {
  /** Compare siblings as a multiset (default true: most YANG lists are `ordered-by system`). */
  readonly ignoreOrder?: boolean;
  /** Ignore attributes (e.g. `nc:operation`, Junos `junos:changed-seconds`); default false. */
  readonly ignoreAttributes?: boolean;
  /** Trim leading and trailing whitespace of leaf text (default false: values are exact). */
  readonly trimText?: boolean;
}

/**
 * A canonical string of the tree: `{namespace}name[attrs sorted]` then text or children,
 * children sorted when `ignoreOrder`. Two trees are equal iff their canonical strings are.
 */
export function canonicalize(el: XmlElement, options: CanonicalOptions = {}): string {
  const ignoreOrder = options.ignoreOrder ?? true;
  const attrs = options.ignoreAttributes
    ? ''
    : el.attributes
        .map((a) => `{${a.namespace}}${a.name}=${JSON.stringify(a.value)}`)
        .sort()
        .join(',');
  const head = `{${el.namespace}}${el.name}[${attrs}]`;
  if (el.children.length === 0) return `${head}=${JSON.stringify(options.trimText ? el.text.trim() : el.text)}`;
  const kids = el.children.map((c) => canonicalize(c, options));
  if (ignoreOrder) kids.sort();
  return `${head}(${kids.join(';')})`;
}

/** True when the trees are equal under the canonical form. */
export function xmlEqual(a: XmlElement, b: XmlElement, options: CanonicalOptions = {}): boolean {
  return canonicalize(a, options) === canonicalize(b, options);
}

/**
 * True when every element of `expected` is present in `actual` (same names, namespaces and leaf
 * text; extra elements in `actual` are allowed). This is the "did my edit land?" check: read the
 * subtree back and ask whether it contains what was pushed. List entries are matched by content.
 */
export function xmlContains(actual: XmlElement, expected: XmlElement, options: CanonicalOptions = {}): boolean {
  if (actual.name !== expected.name || actual.namespace !== expected.namespace) return false;
  if (expected.children.length === 0) {
    if (actual.children.length > 0) return expected.text === '';
    return options.trimText ? actual.text.trim() === expected.text.trim() : actual.text === expected.text;
  }
  const used = new Set<number>();
  return expected.children.every((want) => {
    const i = actual.children.findIndex((have, idx) => !used.has(idx) && xmlContains(have, want, options));
    if (i < 0) return false;
    used.add(i);
    return true;
  });
}
