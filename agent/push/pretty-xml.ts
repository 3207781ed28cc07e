/**
 * Indented XML for people (the `plan --payload` view of the edit apply sends): one element per
 * line, a namespace declared where it changes, the NETCONF `operation` attribute as `nc:operation`
 * (the `nc` prefix declared on the root when the tree uses it).
 * Valid XML with the same content as drivers/netconf/xml.ts `serialize` (which writes it on one line).
 */
import { escapeAttribute, escapeText, NS_BASE, type XmlElement } from '../../drivers/netconf/xml.js';

/** Whether an attribute anywhere in the tree is in the NETCONF base namespace (written `nc:`). */
function usesNc(el: XmlElement): boolean {
  return el.attributes.some((a) => a.namespace === NS_BASE) || el.children.some(usesNc);
}

function attrs(el: XmlElement, parentNs: string, root: boolean): string {
  let out = el.namespace !== parentNs ? ` xmlns="${escapeAttribute(el.namespace)}"` : '';
  if (root) out += ` xmlns:nc="${NS_BASE}"`;
  for (const [p, uri] of Object.entries(el.prefixes)) if (p !== 'nc' && p !== '' && p !== 'xml') out += ` xmlns:${p}="${escapeAttribute(uri)}"`;
  for (const a of el.attributes) {
    const name = a.namespace === '' ? a.name : a.namespace === NS_BASE ? `nc:${a.name}` : `x:${a.name}`;
    if (a.namespace !== '' && a.namespace !== NS_BASE) out += ` xmlns:x="${escapeAttribute(a.namespace)}"`;
    out += ` ${name}="${escapeAttribute(a.value)}"`;
  }
  return out;
}

function write(el: XmlElement, parentNs: string, depth: number, out: string[], root: boolean): void {
  const pad = '  '.repeat(depth);
  const open = `${pad}<${el.name}${attrs(el, parentNs, root)}`;
  if (el.children.length === 0) {
    out.push(el.text === '' ? `${open}/>` : `${open}>${escapeText(el.text)}</${el.name}>`);
    return;
  }
  out.push(`${open}>`);
  for (const c of el.children) write(c, el.namespace, depth + 1, out, false);
  out.push(`${pad}</${el.name}>`);
}

/** The element tree as indented lines (no trailing newline). */
export function prettyXml(root: XmlElement): string {
  const out: string[] = [];
  write(root, '', 0, out, usesNc(root));
  return out.join('\n');
}
