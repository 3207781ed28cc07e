import { describe, expect, it } from 'vitest';
import { NS_BASE, child, element, nc, serialize } from '../../../../drivers/netconf/xml.js';
import { XmlError, parseXml } from '../../../../drivers/netconf/xml-parse.js';
import { canonicalize, xmlContains, xmlEqual } from '../../../../drivers/netconf/xml-compare.js';

describe('parseXml', () => {
  it('resolves default and prefixed namespaces, keeps leaf text exact (no number coercion)', () => {
    const root = parseXml(`<?xml version="1.0"?><nc:rpc-reply xmlns:nc="${NS_BASE}" message-id="7"><data><x xmlns="urn:x"><v>00123</v><w> a </w></x></data></nc:rpc-reply>`);
    expect(root).toMatchObject({ name: 'rpc-reply', namespace: NS_BASE });
    const x = child(child(root, 'data')!, 'x')!;
    expect(child(root, 'data')!.namespace).toBe('');
    expect(x.namespace).toBe('urn:x');
    expect(child(x, 'v')!.text).toBe('00123');
    expect(child(x, 'w')!.text).toBe(' a ');
  });

  it('decodes entities, character references and CDATA', () => {
    const root = parseXml('<a>&lt;&amp;&gt;&quot;&apos;&#20013;&#x1F600;<![CDATA[<raw>&]]></a>');
    expect(root.text).toBe(`<&>"'中😀<raw>&`);
  });

  it.each([
    ['DOCTYPE', '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', /DOCTYPE/],
    ['unknown entity', '<a>&x;</a>', /unknown entity/],
    ['unbound prefix', '<p:a/>', /unbound namespace prefix 'p'/],
    ['mismatched tags', '<a><b></a></b>', /does not match/],
    ['unclosed', '<a><b>', /not closed/],
    ['second root', '<a/><b/>', /second root/],
    ['duplicate attribute', '<a x="1" x="2"/>', /duplicate attribute/],
    ['bare ]]>', '<a>]]></a>', /not allowed/],
    ['text outside root', 'x<a/>', /outside the root/],
    ['bad char ref', '<a>&#0;</a>', /invalid character reference/],
  ])('rejects %s', (_n, xml, message) => {
    expect(() => parseXml(xml)).toThrow(XmlError);
    expect(() => parseXml(xml)).toThrow(message);
  });

  it('reports line and column', () => {
    try {
      parseXml('<a>\n  <b>\n</a>');
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ line: 3, column: 1 });
    }
  });

  it('limits nesting depth without blowing the stack', () => {
    const deep = '<a>'.repeat(100_000) + '</a>'.repeat(100_000);
    expect(() => parseXml(deep)).toThrow(/nesting deeper/);
  });

  it('keeps prefix declarations for QName values (identityref)', () => {
    const root = parseXml('<type xmlns="urn:if" xmlns:ianaift="urn:iana">ianaift:ethernetCsmacd</type>');
    expect(root.prefixes).toEqual({ ianaift: 'urn:iana' });
    expect(serialize(root)).toBe('<type xmlns="urn:if" xmlns:ianaift="urn:iana">ianaift:ethernetCsmacd</type>');
  });
});

describe('serialize', () => {
  it('escapes text and attributes so that ]]>]]> and markup go through intact', () => {
    const tricky = 'a <b> & "c" ]]>]]> \u4e2d\r\n';
    const el = element('d', { namespace: 'urn:x', attributes: { note: tricky }, text: tricky });
    const xml = serialize(el);
    expect(xml).not.toContain(']]>]]>');
    const back = parseXml(xml);
    expect(back.text).toBe(tricky);
    expect(back.attributes[0]?.value).toBe(tricky);
  });

  it('writes default namespaces and a prefix for namespaced attributes', () => {
    const el = nc('config', [element('x', { namespace: 'urn:x', attributes: [{ name: 'operation', namespace: NS_BASE, value: 'delete' }] })]);
    expect(serialize(el)).toBe(`<config xmlns="${NS_BASE}"><x xmlns="urn:x" xmlns:nc="${NS_BASE}" nc:operation="delete"/></config>`);
    expect(xmlEqual(parseXml(serialize(el)), el)).toBe(true);
  });
});

describe('canonical compare', () => {
  const a = parseXml('<r xmlns="urn:r"><i><n>1</n></i><i><n>2</n></i></r>');
  const b = parseXml('<p:r xmlns:p="urn:r">\n  <p:i><p:n>2</p:n></p:i>\n  <p:i><p:n>1</p:n></p:i>\n</p:r>');
  it('ignores prefixes, layout and (by default) sibling order', () => {
    expect(xmlEqual(a, b)).toBe(true);
    expect(xmlEqual(a, b, { ignoreOrder: false })).toBe(false);
    expect(canonicalize(a)).toBe(canonicalize(b));
  });
  it('distinguishes values exactly', () => {
    expect(xmlEqual(parseXml('<a>01</a>'), parseXml('<a>1</a>'))).toBe(false);
  });
  it('xmlContains: everything expected is present', () => {
    const want = parseXml('<r xmlns="urn:r"><i><n>2</n></i></r>');
    expect(xmlContains(a, want)).toBe(true);
    expect(xmlContains(want, a)).toBe(false);
  });
});
