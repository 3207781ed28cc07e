/**
 * The XML element tree every NETCONF part and vendor driver shares: a small, namespace-resolved
 * form `{name, namespace, attributes, children, text}`, helpers to build and query it, and the
 * serializer. Parsing is in xml-parse.ts, canonical comparison in xml-compare.ts.
 *
 * Model: mixed content does not occur in NETCONF, so an element holds either child elements or
 * text. `text` is the character data directly inside the element, exactly as sent (never trimmed,
 * never coerced to a number). Whitespace-only text between child elements is dropped by the parser.
 */

/** An attribute, resolved: `namespace` is '' for an unprefixed attribute. */
export interface XmlAttribute {
  readonly name: string;
  readonly namespace: string;
  readonly value: string;
}

/** One element. Mutable on purpose: the lab server edits datastores in place. */
export interface XmlElement {
  /** Local name (without prefix). */
  name: string;
  /** Namespace URI; '' when the element is in no namespace. */
  namespace: string;
  attributes: XmlAttribute[];
  children: XmlElement[];
  /** Character data inside the element ('' when none). */
  text: string;
  /**
   * Prefix declarations to keep on this element (prefix → URI), beyond what the serializer
   * needs for names. They matter for QName *values* such as `ianaift:ethernetCsmacd` (YANG
   * identityref), whose prefix is only meaningful if declared in scope.
   */
  prefixes: Record<string, string>;
}

/** The NETCONF base namespace (RFC 6241). */
export const NS_BASE = 'urn:ietf:params:xml:ns:netconf:base:1.0';
/** The RFC 5277 notification namespace. */
export const NS_NOTIFICATION = 'urn:ietf:params:xml:ns:netconf:notification:1.0';

/** The namespace bound to the reserved `xml:` prefix (xml:lang on error-message). */
export const NS_XML = 'http://www.w3.org/XML/1998/namespace';

/** What `element()` accepts besides the name. */
export interface ElementInit {
  readonly namespace?: string;
  readonly attributes?: Readonly<Record<string, string>> | readonly XmlAttribute[];
  readonly text?: string;
  readonly children?: readonly (XmlElement | undefined | false)[];
  readonly prefixes?: Readonly<Record<string, string>>;
}

/**
 * Builds an element. Children that are `undefined`/`false` are skipped, so optional parts read
 * naturally: `element('commit', {children: [confirmed && element('confirmed')]})`.
 * Plain-object attributes are un-namespaced.
 */
export function element(name: string, init: ElementInit = {}): XmlElement {
  const attributes: XmlAttribute[] = Array.isArray(init.attributes)
    ? [...(init.attributes as readonly XmlAttribute[])]
    : Object.entries((init.attributes ?? {}) as Record<string, string>).map(([n, value]) => ({ name: n, namespace: '', value }));
  const children = (init.children ?? []).filter((c): c is XmlElement => Boolean(c));
  return { name, namespace: init.namespace ?? '', attributes, children, text: init.text ?? '', prefixes: { ...(init.prefixes ?? {}) } };
}

/**
 * Builds an element in the NETCONF base namespace (the RPC vocabulary).
 * `nc('get-config', [nc('source', [nc('running')])])`, `nc('confirm-timeout', '120')`.
 */
export function nc(name: string, content?: readonly (XmlElement | undefined | false)[] | string): XmlElement {
  return typeof content === 'string'
    ? element(name, { namespace: NS_BASE, text: content })
    : element(name, { namespace: NS_BASE, children: content ?? [] });
}

/** The first child with this local name (and namespace, when given). */
export function child(parent: XmlElement, name: string, namespace?: string): XmlElement | undefined {
  return parent.children.find((c) => c.name === name && (namespace === undefined || c.namespace === namespace));
}

/** All children with this local name (and namespace, when given). */
export function childrenNamed(parent: XmlElement, name: string, namespace?: string): XmlElement[] {
  return parent.children.filter((c) => c.name === name && (namespace === undefined || c.namespace === namespace));
}

/** Text of the first matching child, or undefined when there is no such child. */
export function childText(parent: XmlElement, name: string, namespace?: string): string | undefined {
  return child(parent, name, namespace)?.text;
}

/** Value of an attribute (un-namespaced unless `namespace` is given). */
export function attribute(el: XmlElement, name: string, namespace = ''): string | undefined {
  return el.attributes.find((a) => a.name === name && a.namespace === namespace)?.value;
}

/** Deep copy. */
export function cloneElement(el: XmlElement): XmlElement {
  return {
    name: el.name,
    namespace: el.namespace,
    attributes: el.attributes.map((a) => ({ ...a })),
    children: el.children.map(cloneElement),
    text: el.text,
    prefixes: { ...el.prefixes },
  };
}

/** Escapes character data. `>` is escaped too, so `]]>` (and the 1.0 `]]>]]>` marker) never appears. */
export function escapeText(text: string): string {
  return text.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

/** Escapes an attribute value (double-quoted); whitespace controls are kept as references. */
export function escapeAttribute(value: string): string {
  return value.replace(/[&<>"\r\n\t]/g, (c) => {
    switch (c) {
      case '&': return '&amp;';
      case '<': return '&lt;';
      case '>': return '&gt;';
      case '"': return '&quot;';
      case '\r': return '&#13;';
      case '\n': return '&#10;';
      default: return '&#9;';
    }
  });
}

/** Options of `serialize`. */
export interface SerializeOptions {
  /** Prepend `<?xml version="1.0" encoding="UTF-8"?>`. */
  readonly declaration?: boolean;
}

/**
 * Serializes an element tree. Element namespaces are written as default-namespace declarations
 * (`<rpc xmlns="…">`), which every server accepts (ncclient's `nc:` prefixes are rejected by
 * some, ncclient#251); namespaced attributes get a declared prefix; `prefixes` are kept.
 */
export function serialize(root: XmlElement, options: SerializeOptions = {}): string {
  const out: string[] = [];
  if (options.declaration) out.push('<?xml version="1.0" encoding="UTF-8"?>');
  write(root, '', new Map(), out);
  return out.join('');
}

function write(el: XmlElement, defaultNs: string, inScope: ReadonlyMap<string, string>, out: string[]): void {
  let scope = inScope;
  const decls: string[] = [];
  const declare = (prefix: string, uri: string): void => {
    if (scope.get(prefix) === uri) return;
    if (scope === inScope) scope = new Map(inScope);
    (scope as Map<string, string>).set(prefix, uri);
    decls.push(` xmlns:${prefix}="${escapeAttribute(uri)}"`);
  };
  for (const [prefix, uri] of Object.entries(el.prefixes)) if (prefix !== '' && prefix !== 'xml') declare(prefix, uri);
  let open = `<${el.name}`;
  if (el.namespace !== defaultNs) open += ` xmlns="${escapeAttribute(el.namespace)}"`;
  const attrs: string[] = [];
  for (const a of el.attributes) {
    if (a.namespace === '') {
      attrs.push(` ${a.name}="${escapeAttribute(a.value)}"`);
      continue;
    }
    if (a.namespace === NS_XML) {
      attrs.push(` xml:${a.name}="${escapeAttribute(a.value)}"`);
      continue;
    }
    let prefix = [...scope.entries()].find(([, uri]) => uri === a.namespace)?.[0];
    if (prefix === undefined) {
      prefix = a.namespace === NS_BASE ? 'nc' : `ns${scope.size}`;
      while (scope.has(prefix)) prefix = `${prefix}x`;
      declare(prefix, a.namespace);
    }
    attrs.push(` ${prefix}:${a.name}="${escapeAttribute(a.value)}"`);
  }
  out.push(open, ...decls, ...attrs);
  if (el.children.length === 0 && el.text === '') {
    out.push('/>');
    return;
  }
  out.push('>');
  if (el.text !== '') out.push(escapeText(el.text));
  for (const c of el.children) write(c, el.namespace, scope, out);
  out.push(`</${el.name}>`);
}
