/** Escaping for the HTML and XML renderers: every text that came from a ledger or a device goes through these. */

/** Text safe in HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/**
 * Text safe in XML 1.0 element content and attribute values: markup escaped, and the characters
 * XML 1.0 cannot carry at all (C0 controls but tab, CR, LF; lone surrogates; U+FFFE/U+FFFF)
 * replaced by U+FFFD so device output can never make the document ill-formed.
 */
export function escapeXml(text: string): string {
  // eslint-disable-next-line no-control-regex
  const legal = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  return legal.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;'));
}
