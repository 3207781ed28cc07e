/**
 * A datastore as sorted `path=value` lines, for readable diffs of whole trees in the suite.
 * An element holding children is labelled with its first leaf child's value (the list key on
 * every server here), so entries of one list stay apart.
 */
import type { XmlElement } from '../../../drivers/netconf/xml.js';
import { parseXml } from '../../../drivers/netconf/xml-parse.js';

/**
 * Drops emptied non-presence containers named in `containers` (post-order). netconfd keeps a
 * container whose last child was removed; it carries no configuration (RFC 7950 §7.5.1) and a
 * device does not show it, so the comparison must not count it.
 */
function prune(el: XmlElement, containers: ReadonlySet<string>): XmlElement {
  const children = el.children.map((c) => prune(c, containers)).filter((c) => !(containers.has(c.name) && c.children.length === 0 && c.text === ''));
  return { ...el, children };
}

function walk(el: XmlElement, path: string, out: string[]): void {
  if (el.children.length === 0) {
    out.push(`${path}/${el.name}=${el.text}`);
    return;
  }
  const first = el.children[0];
  const key = first !== undefined && first.children.length === 0 ? `[${first.text}]` : '';
  for (const c of el.children) walk(c, `${path}/${el.name}${key}`, out);
}

/** Sorted leaf lines of an XML document, without emptied non-presence `containers`. */
export function lines(xml: string | XmlElement, containers: readonly string[] = []): string[] {
  const out: string[] = [];
  walk(prune(typeof xml === 'string' ? parseXml(xml) : xml, new Set(containers)), '', out);
  return out.sort();
}
