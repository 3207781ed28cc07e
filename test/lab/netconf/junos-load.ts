/**
 * Junos configuration semantics of the lab server, schema-less: the datastore root is one
 * `<configuration>` (Junos configuration XML is the CLI hierarchy), loads merge by default and
 * honour the Junos load attributes `delete="delete"` and `replace="replace"` (not NETCONF's
 * nc:operation), list entries are keyed by `name` (or the key map), and subtree filters on
 * `<configuration>` always answer a `<configuration>` element, empty when nothing matches.
 */
import { NS_BASE, cloneElement, element, type XmlElement } from '../../../drivers/netconf/xml.js';
import { LabRpcFault, filterSubtree, sameNode, type KeyMap, type LabRpcError } from './datastore.js';

/** The namespace Junos writes on `<configuration>` in its replies. */
export const JUNOS_XNM = 'http://xml.juniper.net/xnm/1.1/xnm';

/** `<load-configuration action>`: merge (default), replace (honours replace="replace"), override/update (the loaded config becomes the candidate). */
export type JunosLoadAction = 'merge' | 'replace' | 'override' | 'update';

/** The Junos load attributes the lab implements; any other attribute on a configuration element is refused. */
const LOAD_ATTRIBUTES: readonly string[] = ['delete', 'replace'];

/** A deep copy with every element in no namespace (Junos configuration XML is namespace-insensitive). */
export function withoutNamespace(el: XmlElement): XmlElement {
  return { ...el, namespace: '', attributes: [...el.attributes], children: el.children.map(withoutNamespace), prefixes: {} };
}

/** A deep copy with every element in `ns` (how Junos writes a reply's `<configuration>`). */
function inNamespace(el: XmlElement, ns: string): XmlElement {
  return { ...el, namespace: ns, attributes: [...el.attributes], children: el.children.map((c) => inNamespace(c, ns)), prefixes: {} };
}

/** The `<configuration>` of a datastore root (`<data>`), created empty when missing. */
export function configurationOf(root: XmlElement): XmlElement {
  const found = root.children.find((c) => c.name === 'configuration');
  if (found !== undefined) return found;
  const created = element('configuration');
  root.children.push(created);
  return created;
}

/** A datastore root (`<data>`) holding a copy of `configuration` (or an empty one). */
export function junosRoot(configuration?: XmlElement): XmlElement {
  return element('data', { namespace: NS_BASE, children: [configuration ? withoutNamespace(configuration) : element('configuration')] });
}

function keyOf(el: XmlElement, keyMap: KeyMap): string {
  const keys = keyMap[`{${el.namespace}}${el.name}`] ?? (el.children.some((c) => c.name === 'name') ? ['name'] : []);
  return keys.map((k) => el.children.find((c) => c.name === k)?.text.trim() ?? '').filter((v) => v !== '').join(' ');
}

/** `[edit interfaces interface xe-0/0/1 unit 100]`, the form Junos writes in error-path. */
function editPath(parent: string, el: XmlElement, keyMap: KeyMap): string {
  const key = keyOf(el, keyMap);
  return `${parent}${parent === '' ? '' : ' '}${el.name}${key === '' ? '' : ` ${key}`}`;
}

function bracket(path: string): string {
  return `[edit${path === '' ? '' : ` ${path}`}]`;
}

function checkAttributes(el: XmlElement, path: string): { del: boolean; replace: boolean } {
  for (const a of el.attributes) {
    if (a.namespace === '' && LOAD_ATTRIBUTES.includes(a.name) && a.value === a.name) continue;
    if (a.namespace === NS_BASE && a.name === 'operation') {
      throw new LabRpcFault({ type: 'protocol', tag: 'bad-attribute', path: bracket(path), message: 'load-configuration takes Junos attributes (delete="delete", replace="replace"), not the NETCONF operation attribute', info: { 'bad-attribute': 'operation', 'bad-element': el.name } });
    }
    throw new LabRpcFault({ type: 'protocol', tag: 'bad-attribute', path: bracket(path), message: `attribute ${a.name}="${a.value}" is not supported by the lab Junos server (delete="delete" and replace="replace" are)`, info: { 'bad-attribute': a.name, 'bad-element': el.name } });
  }
  return { del: el.attributes.some((a) => a.name === 'delete'), replace: el.attributes.some((a) => a.name === 'replace') };
}

function strip(el: XmlElement, path: string, keyMap: KeyMap): XmlElement {
  checkAttributes(el, path);
  return { ...el, namespace: '', attributes: [], children: el.children.map((c) => strip(c, editPath(path, c, keyMap), keyMap)), prefixes: {} };
}

/**
 * Applies the children of `edit` to `target` in place (callers pass a copy). `honourReplace` is
 * true for action="replace". Deleting a statement that is not there is a Junos warning (returned),
 * not an error. Throws LabRpcFault bad-attribute for nc:operation or an unsupported attribute.
 */
export function applyJunos(target: XmlElement, edit: XmlElement, honourReplace: boolean, keyMap: KeyMap, parentPath = ''): LabRpcError[] {
  const warnings: LabRpcError[] = [];
  for (const raw of edit.children) {
    const e = { ...raw, namespace: '' };
    const path = editPath(parentPath, e, keyMap);
    const { del, replace } = checkAttributes(e, path);
    const index = target.children.findIndex((t) => sameNode(t, e, keyMap));
    const existing = index >= 0 ? target.children[index] : undefined;
    if (del) {
      if (existing) target.children.splice(index, 1);
      else warnings.push({ type: 'application', tag: 'data-missing', severity: 'warning', path: bracket(parentPath), message: `statement not found: ${path.slice(parentPath.length).trim()}`, info: { 'bad-element': e.name } });
      continue;
    }
    if (replace && honourReplace) {
      const copy = strip(e, path, keyMap);
      if (existing) target.children[index] = copy;
      else target.children.push(copy);
      continue;
    }
    if (e.children.length === 0) {
      if (existing) {
        existing.text = e.text;
        existing.children = [];
      } else target.children.push({ ...e, attributes: [], children: [], prefixes: {} });
      continue;
    }
    if (existing) {
      warnings.push(...applyJunos(existing, e, honourReplace, keyMap, path));
      continue;
    }
    const shell: XmlElement = { name: e.name, namespace: '', attributes: [], children: [], text: '', prefixes: {} };
    warnings.push(...applyJunos(shell, e, honourReplace, keyMap, path));
    target.children.push(shell);
  }
  return warnings;
}

/**
 * Loads `loaded` (a `<configuration>`) into the datastore root `root` (a copy is changed and
 * returned with the warnings; the caller stores it). Throws LabRpcFault for a refused attribute.
 */
export function loadInto(root: XmlElement, loaded: XmlElement, action: JunosLoadAction, keyMap: KeyMap): { root: XmlElement; warnings: LabRpcError[] } {
  const copy = cloneElement(root);
  const cfg = configurationOf(copy);
  if (action === 'override' || action === 'update') {
    // The loaded configuration becomes the whole candidate (update only differs in what Junos
    // re-activates on commit, which a lab without daemons cannot show).
    cfg.children = [];
    return { root: copy, warnings: applyJunos(cfg, loaded, true, keyMap) };
  }
  return { root: copy, warnings: applyJunos(cfg, loaded, action === 'replace', keyMap) };
}

/**
 * The `<configuration>` a Junos device answers for `filter` (a `<configuration>` subtree filter,
 * or undefined for everything): always present, in the xnm namespace, empty when nothing matches.
 */
export function filteredConfiguration(root: XmlElement, filter: XmlElement | undefined): XmlElement {
  const cfg = configurationOf(cloneElement(root));
  // Junos reads a filter namespace-insensitively, as it reads loads (ncclient's inherit the base namespace).
  const f = filter === undefined ? undefined : withoutNamespace(filter);
  const children = f === undefined || (f.children.length === 0 && f.text.trim() === '') ? cfg.children : filterSubtree(cfg.children, f.children);
  return inNamespace({ ...cfg, children }, JUNOS_XNM);
}

/** The `<data>` of a standard get-config on a Junos device: `<configuration>` inside, even when empty. */
export function junosData(root: XmlElement, filter: XmlElement | undefined): XmlElement {
  if (filter === undefined) return element('data', { namespace: NS_BASE, children: [filteredConfiguration(root, undefined)] });
  const top = filter.children.filter((c) => c.name === 'configuration');
  if (top.length === 0) {
    // A filter that does not start at <configuration> selects nothing of a Junos config tree.
    return element('data', { namespace: NS_BASE, children: filterSubtree([configurationOf(cloneElement(root))], withoutNamespace(filter).children) });
  }
  return element('data', { namespace: NS_BASE, children: [filteredConfiguration(root, top[0])] });
}
