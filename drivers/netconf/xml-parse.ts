/**
 * A strict, namespace-aware XML parser for NETCONF messages and configs. It accepts the XML that
 * NETCONF uses (elements, attributes, namespaces, character and predefined entity references,
 * CDATA, comments, processing instructions) and refuses DOCTYPE and any other entity, so no
 * entity-expansion or external-entity attack can reach it. Iterative: deep nesting cannot blow
 * the stack (bounded by `maxDepth`).
 */
import { TransportError } from '../ssh/errors.js';
import { NS_XML, type XmlAttribute, type XmlElement } from './xml.js';

/** Malformed or refused XML; `line`/`column` point at the problem (1-based). */
export class XmlError extends TransportError {
  override readonly name = 'XmlError';
  override readonly code = 'ECPA_XML';
  readonly line: number;
  readonly column: number;

  constructor(message: string, line: number, column: number) {
    super(`XML ${line}:${column}: ${message}`);
    this.line = line;
    this.column = column;
  }
}

/** Options of `parseXml`. */
export interface ParseOptions {
  /** Deepest element nesting accepted (default 512). */
  readonly maxDepth?: number;
}

const NAME = /[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*(?::[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*)?/y;
const WS = /[ \t\r\n]*/y;
const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

interface Open {
  readonly qname: string;
  readonly el: XmlElement;
  readonly scope: ReadonlyMap<string, string>;
  textParts: string[];
}

/**
 * Parses one XML document into its root element.
 * Throws XmlError (with line and column) on anything malformed, a DOCTYPE, an unknown entity,
 * an unbound prefix, a duplicate attribute, or a second root.
 */
export function parseXml(source: string, options: ParseOptions = {}): XmlElement {
  const maxDepth = options.maxDepth ?? 512;
  const fail = (message: string, at: number): never => {
    const before = source.slice(0, at);
    const line = before.split('\n').length;
    throw new XmlError(message, line, at - before.lastIndexOf('\n'));
  };
  const decode = (raw: string, at: number): string => {
    if (!raw.includes('&')) return raw;
    return raw.replace(/&([^;&\s]*);?/g, (match, ref: string, offset: number) => {
      if (!match.endsWith(';')) fail('unterminated reference', at + offset);
      if (ref.startsWith('#')) {
        const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
        const valid = /^#(x[0-9a-fA-F]+|[0-9]+)$/.test(ref) && (code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0x10ffff && (code < 0xfffe || code > 0xffff)));
        if (!valid) fail(`invalid character reference &${ref};`, at + offset);
        return String.fromCodePoint(code);
      }
      const value = PREDEFINED[ref];
      if (value === undefined) fail(`unknown entity &${ref}; (only the five predefined entities are allowed)`, at + offset);
      return value as string;
    });
  };
  const stack: Open[] = [];
  let root: XmlElement | undefined;
  let pos = 0;
  const n = source.length;
  if (source.charCodeAt(0) === 0xfeff) pos = 1;
  while (pos < n) {
    const lt = source.indexOf('<', pos);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > pos) {
      const raw = source.slice(pos, textEnd);
      const top = stack[stack.length - 1];
      if (!top) {
        if (/[^ \t\r\n]/.test(raw)) fail('text outside the root element', pos);
      } else {
        if (raw.includes(']]>')) fail("']]>' is not allowed in character data", pos + raw.indexOf(']]>'));
        top.textParts.push(decode(raw, pos));
      }
    }
    if (lt < 0) break;
    pos = lt;
    if (source.startsWith('<!--', pos)) {
      const end = source.indexOf('-->', pos + 4);
      if (end < 0) fail('unterminated comment', pos);
      pos = end + 3;
    } else if (source.startsWith('<![CDATA[', pos)) {
      const end = source.indexOf(']]>', pos + 9);
      if (end < 0) fail('unterminated CDATA section', pos);
      const top = stack[stack.length - 1];
      if (!top) fail('CDATA outside the root element', pos);
      top?.textParts.push(source.slice(pos + 9, end));
      pos = end + 3;
    } else if (source.startsWith('<!', pos)) {
      fail(source.startsWith('<!DOCTYPE', pos) ? 'DOCTYPE is not allowed (no DTDs or entities in NETCONF)' : 'markup declarations are not allowed', pos);
    } else if (source.startsWith('<?', pos)) {
      const end = source.indexOf('?>', pos + 2);
      if (end < 0) fail('unterminated processing instruction', pos);
      pos = end + 2;
    } else if (source.startsWith('</', pos)) {
      NAME.lastIndex = pos + 2;
      const m = NAME.exec(source);
      if (!m) fail('bad end tag', pos);
      const qname = (m as RegExpExecArray)[0];
      WS.lastIndex = NAME.lastIndex;
      WS.exec(source);
      if (source[WS.lastIndex] !== '>') fail(`end tag </${qname}> is not closed`, WS.lastIndex);
      const top = stack.pop();
      if (!top) fail(`end tag </${qname}> without a start tag`, pos);
      else if (top.qname !== qname) fail(`end tag </${qname}> does not match <${top.qname}>`, pos);
      else close(top);
      pos = WS.lastIndex + 1;
    } else {
      pos = openTag(pos);
    }
  }
  if (stack.length > 0) fail(`element <${stack[stack.length - 1]?.qname}> is not closed`, n);
  if (!root) fail('no root element', n);
  return root as XmlElement;

  function close(top: Open): void {
    const text = top.textParts.join('');
    // Whitespace between child elements is layout, not content; a leaf keeps its text exactly.
    top.el.text = top.el.children.length > 0 && /^[ \t\r\n]*$/.test(text) ? '' : text;
    if (top.el.children.length > 0 && top.el.text !== '') fail(`mixed content in <${top.qname}> is not supported`, pos);
  }

  function openTag(start: number): number {
    NAME.lastIndex = start + 1;
    const m = NAME.exec(source);
    if (!m) fail('bad start tag', start);
    const qname = (m as RegExpExecArray)[0];
    let p = NAME.lastIndex;
    const rawAttrs: { qname: string; value: string; at: number }[] = [];
    let selfClosing = false;
    for (;;) {
      WS.lastIndex = p;
      WS.exec(source);
      const hadSpace = WS.lastIndex > p;
      p = WS.lastIndex;
      if (source.startsWith('/>', p)) { selfClosing = true; p += 2; break; }
      if (source[p] === '>') { p += 1; break; }
      if (p >= n) fail(`start tag <${qname}> is not closed`, start);
      if (!hadSpace) fail(`expected whitespace before attribute in <${qname}>`, p);
      NAME.lastIndex = p;
      const an = NAME.exec(source);
      if (!an) fail(`bad attribute name in <${qname}>`, p);
      const at = p;
      p = NAME.lastIndex;
      WS.lastIndex = p; WS.exec(source); p = WS.lastIndex;
      if (source[p] !== '=') fail(`attribute ${(an as RegExpExecArray)[0]} has no value`, p);
      WS.lastIndex = p + 1; WS.exec(source); p = WS.lastIndex;
      const quote = source[p];
      if (quote !== '"' && quote !== "'") fail('attribute value must be quoted', p);
      const end = source.indexOf(quote as string, p + 1);
      if (end < 0) fail('unterminated attribute value', p);
      const raw = source.slice(p + 1, end);
      if (raw.includes('<')) fail("'<' in attribute value", p);
      const aq = (an as RegExpExecArray)[0];
      if (rawAttrs.some((a) => a.qname === aq)) fail(`duplicate attribute ${aq}`, at);
      // Attribute-value normalisation (XML 1.0 §3.3.3): literal whitespace becomes a space.
      rawAttrs.push({ qname: aq, value: decode(raw.replace(/[\t\r\n]/g, ' '), p + 1), at });
      p = end + 1;
    }
    const parent = stack[stack.length - 1];
    let scope: ReadonlyMap<string, string> = parent?.scope ?? new Map([['xml', NS_XML]]);
    const prefixes: Record<string, string> = {};
    let own: Map<string, string> | undefined;
    for (const a of rawAttrs) {
      if (a.qname === 'xmlns' || a.qname.startsWith('xmlns:')) {
        const prefix = a.qname === 'xmlns' ? '' : a.qname.slice(6);
        if (prefix === 'xmlns' || prefix === 'xml' || (prefix !== '' && a.value === '')) fail(`invalid namespace declaration ${a.qname}`, a.at);
        own ??= new Map(scope);
        own.set(prefix, a.value);
        scope = own;
        if (prefix !== '') prefixes[prefix] = a.value;
      }
    }
    const resolve = (q: string, isAttr: boolean, at: number): { name: string; namespace: string } => {
      const colon = q.indexOf(':');
      if (colon < 0) return { name: q, namespace: isAttr ? '' : scope.get('') ?? '' };
      const prefix = q.slice(0, colon);
      const uri = scope.get(prefix);
      if (uri === undefined) fail(`unbound namespace prefix '${prefix}'`, at);
      return { name: q.slice(colon + 1), namespace: uri as string };
    };
    const attributes: XmlAttribute[] = [];
    for (const a of rawAttrs) {
      if (a.qname === 'xmlns' || a.qname.startsWith('xmlns:')) continue;
      const r = resolve(a.qname, true, a.at);
      if (attributes.some((x) => x.name === r.name && x.namespace === r.namespace)) fail(`duplicate attribute ${a.qname}`, a.at);
      attributes.push({ ...r, value: a.value });
    }
    const { name, namespace } = resolve(qname, false, start);
    const el: XmlElement = { name, namespace, attributes, children: [], text: '', prefixes };
    if (parent) {
      if (parent.textParts.some((t) => /[^ \t\r\n]/.test(t))) fail(`mixed content in <${parent.qname}> is not supported`, start);
      parent.el.children.push(el);
    } else if (root) {
      fail('a second root element', start);
    } else {
      root = el;
    }
    if (!selfClosing) {
      if (stack.length >= maxDepth) fail(`nesting deeper than ${maxDepth}`, start);
      stack.push({ qname, el, scope, textParts: [] });
    }
    return p;
  }
}
