/**
 * Datastore semantics of the lab NETCONF server, schema-less: RFC 6241 §7.2 edit-config
 * (merge / replace / create / delete / remove / none) over arbitrary namespaced XML, list
 * entries identified by key leaves from a key map, and §6 subtree filtering.
 */
import { NS_BASE, attribute, child, cloneElement, type XmlElement } from '../../../drivers/netconf/xml.js';

/** `{namespace}element` → key leaf names. Elements not listed are keyed by `name` if they have one. */
export type KeyMap = Readonly<Record<string, readonly string[]>>;

/** An rpc-error the lab returns (RFC 6241 §4.3 fields). */
export interface LabRpcError {
  readonly type: 'transport' | 'rpc' | 'protocol' | 'application';
  readonly tag: string;
  readonly severity?: 'error' | 'warning';
  readonly appTag?: string;
  readonly path?: string;
  readonly message?: string;
  readonly info?: Readonly<Record<string, string>>;
}

/** Thrown by handlers; becomes an `<rpc-error>`. */
export class LabRpcFault extends Error {
  readonly errors: readonly LabRpcError[];
  constructor(...errors: LabRpcError[]) {
    super(errors.map((e) => e.tag).join(', '));
    this.errors = errors;
  }
}

export type EditOperation = 'merge' | 'replace' | 'create' | 'delete' | 'remove' | 'none';
const OPERATIONS: readonly string[] = ['merge', 'replace', 'create', 'delete', 'remove'];

function keysOf(el: XmlElement, keyMap: KeyMap): string[] {
  const keys = keyMap[`{${el.namespace}}${el.name}`];
  if (keys) return [...keys];
  return child(el, 'name') && el.children.length > 0 ? ['name'] : [];
}

/** Whether `existing` is the data node `edit` refers to (same qualified name and key values). */
export function sameNode(existing: XmlElement, edit: XmlElement, keyMap: KeyMap): boolean {
  if (existing.name !== edit.name || existing.namespace !== edit.namespace) return false;
  return keysOf(edit, keyMap).every((k) => child(existing, k)?.text === child(edit, k)?.text);
}

function pathOf(parentPath: string, el: XmlElement, keyMap: KeyMap): string {
  const preds = keysOf(el, keyMap)
    .map((k) => `[${k}='${child(el, k)?.text ?? ''}']`)
    .join('');
  return `${parentPath}/${el.name}${preds}`;
}

/** Deep copy without `nc:operation` attributes. */
export function stripOperations(el: XmlElement): XmlElement {
  const copy = cloneElement(el);
  const walk = (e: XmlElement): void => {
    e.attributes = e.attributes.filter((a) => !(a.namespace === NS_BASE && a.name === 'operation'));
    e.children.forEach(walk);
  };
  walk(copy);
  return copy;
}

function operationOf(el: XmlElement, inherited: EditOperation, path: string): EditOperation {
  const op = attribute(el, 'operation', NS_BASE);
  if (op === undefined) return inherited;
  if (!OPERATIONS.includes(op)) throw new LabRpcFault({ type: 'protocol', tag: 'bad-attribute', path, message: `unknown operation '${op}'`, info: { 'bad-attribute': 'operation', 'bad-element': el.name } });
  return op as EditOperation;
}

/**
 * Applies the children of `edit` (a `<config>`) to `target` (a datastore root) in place.
 * Callers pass a copy and keep the original on error (the lab's edits are all-or-nothing).
 * Throws LabRpcFault: data-exists (create), data-missing (delete), bad-attribute.
 */
export function applyEdit(target: XmlElement, edit: XmlElement, defaultOperation: EditOperation, keyMap: KeyMap, parentPath = ''): void {
  for (const e of edit.children) {
    const path = pathOf(parentPath, e, keyMap);
    const op = operationOf(e, defaultOperation, path);
    const index = target.children.findIndex((t) => sameNode(t, e, keyMap));
    const existing = index >= 0 ? target.children[index] : undefined;
    switch (op) {
      case 'create':
        if (existing) throw new LabRpcFault({ type: 'application', tag: 'data-exists', path, message: 'data already exists' });
        target.children.push(stripOperations(e));
        break;
      case 'delete':
        if (!existing) throw new LabRpcFault({ type: 'application', tag: 'data-missing', path, message: 'data does not exist' });
        target.children.splice(index, 1);
        break;
      case 'remove':
        if (existing) target.children.splice(index, 1);
        break;
      case 'replace':
        if (existing) target.children[index] = stripOperations(e);
        else target.children.push(stripOperations(e));
        break;
      case 'merge':
      case 'none': {
        if (existing && e.children.length === 0) {
          if (op === 'merge') existing.text = e.text;
          break;
        }
        if (existing) {
          applyEdit(existing, e, op, keyMap, path);
          break;
        }
        // Not there yet: build it from the edit, honouring operations nested below.
        const shell: XmlElement = { name: e.name, namespace: e.namespace, attributes: [], children: [], text: e.children.length === 0 ? e.text : '', prefixes: { ...e.prefixes } };
        applyEdit(shell, e, op, keyMap, path);
        if (op === 'merge' || shell.children.length > 0) target.children.push(shell);
        break;
      }
    }
  }
}

/**
 * Subtree filtering (RFC 6241 §6): selection nodes (empty), content match nodes (leaf with
 * text) and containment nodes. A filter element without a namespace matches any namespace.
 */
export function filterSubtree(data: readonly XmlElement[], filter: readonly XmlElement[]): XmlElement[] {
  const out: XmlElement[] = [];
  for (const d of data) {
    for (const f of filter) {
      if (f.name !== d.name || (f.namespace !== '' && f.namespace !== d.namespace)) continue;
      const r = filterOne(d, f);
      if (r) {
        out.push(r);
        break;
      }
    }
  }
  return out;
}

function isContentMatch(f: XmlElement): boolean {
  return f.children.length === 0 && f.text.trim() !== '';
}

function filterOne(d: XmlElement, f: XmlElement): XmlElement | undefined {
  if (f.children.length === 0) {
    if (f.text.trim() === '') return cloneElement(d);
    return d.children.length === 0 && d.text.trim() === f.text.trim() ? cloneElement(d) : undefined;
  }
  const matches = f.children.filter(isContentMatch);
  for (const m of matches) {
    if (!d.children.some((c) => c.name === m.name && c.children.length === 0 && c.text.trim() === m.text.trim())) return undefined;
  }
  const others = f.children.filter((c) => !isContentMatch(c));
  if (others.length === 0) return cloneElement(d);
  const kept: XmlElement[] = [];
  for (const c of d.children) {
    if (matches.some((m) => m.name === c.name && (m.namespace === '' || m.namespace === c.namespace))) {
      kept.push(cloneElement(c));
      continue;
    }
    const sub = filterSubtree([c], others);
    kept.push(...sub);
  }
  if (kept.length === matches.length && matches.length === 0) return undefined;
  if (kept.length === matches.length && kept.length > 0 && matches.length > 0 && others.every((o) => o.children.length > 0)) return undefined;
  return { ...d, attributes: [...d.attributes], children: kept, prefixes: { ...d.prefixes } };
}
