/**
 * Small helpers the vendor drivers share on top of the project's XML element tree
 * (drivers/netconf/xml.ts): building namespaced elements and leaves, marking NETCONF edit
 * operations, walking paths, and reading typed leaf values with errors that name the path.
 */
import { DriverError } from '../driver.js';
import { child, element, NS_BASE, type XmlElement } from '../netconf/xml.js';

/** A child slot: skipped when undefined/false, so optional parts read naturally. */
export type Slot = XmlElement | undefined | false;

/** An element builder bound to one namespace: `oc('subinterface', oc.leaf('index', 100))`. */
export interface NsBuilder {
  (name: string, ...children: readonly Slot[]): XmlElement;
  /** A leaf with text; numbers/booleans are written in canonical YANG form. */
  leaf(name: string, value: string | number | boolean): XmlElement;
  readonly namespace: string;
}

/** An element builder for namespace `ns`. */
export function builder(ns: string): NsBuilder {
  const build = (name: string, ...children: readonly Slot[]): XmlElement => element(name, { namespace: ns, children });
  return Object.assign(build, {
    leaf: (name: string, value: string | number | boolean): XmlElement => element(name, { namespace: ns, text: String(value) }),
    namespace: ns,
  });
}

/** NETCONF edit operations used by the drivers (RFC 6241 §7.2). */
export type EditOperation = 'merge' | 'replace' | 'create' | 'delete' | 'remove';

/** Sets `nc:operation` on `el` and returns it. */
export function withOperation(el: XmlElement, operation: EditOperation): XmlElement {
  el.attributes = el.attributes.filter((a) => !(a.name === 'operation' && a.namespace === NS_BASE));
  el.attributes.push({ name: 'operation', namespace: NS_BASE, value: operation });
  return el;
}

/** The edit-config `<config>` wrapper (NETCONF base namespace). */
export function configRoot(children: readonly Slot[]): XmlElement {
  return element('config', { namespace: NS_BASE, children });
}

/** A `<filter type="subtree">` wrapper. */
export function subtreeFilter(children: readonly Slot[]): XmlElement {
  return element('filter', { namespace: NS_BASE, attributes: { type: 'subtree' }, children });
}

/** Follows child names from `el` (all in `ns`); undefined when a step is missing. */
export function at(el: XmlElement | undefined, ns: string, ...path: readonly string[]): XmlElement | undefined {
  let cur = el;
  for (const name of path) {
    if (cur === undefined) return undefined;
    cur = child(cur, name, ns);
  }
  return cur;
}

/** All elements at the end of `path` (the last step may repeat: a list). */
export function all(el: XmlElement | undefined, ns: string, ...path: readonly string[]): XmlElement[] {
  const last = path[path.length - 1];
  const parent = at(el, ns, ...path.slice(0, -1));
  if (parent === undefined || last === undefined) return [];
  return parent.children.filter((c) => c.name === last && c.namespace === ns);
}

/** Text of the leaf at `path`, or undefined. */
export function text(el: XmlElement | undefined, ns: string, ...path: readonly string[]): string | undefined {
  return at(el, ns, ...path)?.text;
}

/** Unsigned integer leaf at `path`; undefined when absent; throws PARSE_FAILED when not a safe integer. */
export function uint(el: XmlElement | undefined, ns: string, where: string, ...path: readonly string[]): number | undefined {
  const raw = text(el, ns, ...path);
  if (raw === undefined) return undefined;
  const value = /^\s*\d+\s*$/.test(raw) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isSafeInteger(value)) {
    throw new DriverError('PARSE_FAILED', `${where}/${path.join('/')}: '${raw}' is not an unsigned integer`);
  }
  return value;
}

/** Boolean leaf (`true`/`false`) at `path`; `fallback` when absent; throws PARSE_FAILED otherwise. */
export function bool(el: XmlElement | undefined, ns: string, fallback: boolean, where: string, ...path: readonly string[]): boolean {
  const raw = text(el, ns, ...path)?.trim();
  if (raw === undefined) return fallback;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw new DriverError('PARSE_FAILED', `${where}/${path.join('/')}: '${raw}' is not a boolean`);
}

/** List element names → number of key leaves (they come first in every entry the drivers build). */
export type ListKeys = ReadonlyMap<string, number>;

function attrsOf(el: XmlElement): string {
  return el.attributes.map((a) => `${a.namespace} ${a.name}=${a.value}`).sort().join(',');
}

/**
 * The identity of a node among its siblings, or undefined for a node that never merges (a leaf,
 * or a list entry without its key leaves). Two nodes merge exactly when their identities are
 * equal: same name, namespace and attributes (edit operation included), and for a list entry
 * the same names and texts of its first `keys` children.
 */
function identity(el: XmlElement, lists: ListKeys): string | undefined {
  if (el.children.length === 0) return undefined; // leaves never merge
  const keys = lists.get(el.name) ?? 0;
  if (el.children.length < keys) return undefined;
  const parts = [el.name, el.namespace, attrsOf(el)];
  for (let i = 0; i < keys; i++) {
    const k = el.children[i] as XmlElement;
    parts.push(k.name, k.text);
  }
  return JSON.stringify(parts);
}

/**
 * Merges sibling elements that address the same node — containers by name, list entries (named
 * in `lists`) by their key leaves — recursively, so an edit never names one node twice (strict
 * servers refuse duplicate list keys). Leaves, and nodes with different edit operations, stay apart.
 * The first occurrence keeps its place; the children of its twins are appended to it in order
 * (their key leaves dropped). Linear in the size of the tree: siblings are indexed by identity
 * and each node's children are merged once, after all its twins are collected.
 */
export function mergeSiblings(children: readonly XmlElement[], lists: ListKeys): XmlElement[] {
  const out: { node: XmlElement; children: XmlElement[] }[] = [];
  const byIdentity = new Map<string, { node: XmlElement; children: XmlElement[] }>();
  for (const c of children) {
    const id = identity(c, lists);
    const twin = id === undefined ? undefined : byIdentity.get(id);
    if (twin !== undefined) {
      for (const g of c.children.slice(lists.get(c.name) ?? 0)) twin.children.push(g);
      continue;
    }
    const entry = { node: c, children: [...c.children] };
    out.push(entry);
    if (id !== undefined) byIdentity.set(id, entry);
  }
  return out.map(({ node, children: collected }) => ({ ...node, children: mergeSiblings(collected, lists) }));
}
