/** edit-config semantics and subtree filtering of the lab server (pure functions). */
import { describe, expect, it } from 'vitest';
import { LabRpcFault, applyEdit, filterSubtree } from '../../../lab/netconf/datastore.js';
import { parseXml } from '../../../../drivers/netconf/xml-parse.js';
import { canonicalize } from '../../../../drivers/netconf/xml-compare.js';

const NS = 'urn:ietf:params:xml:ns:netconf:base:1.0';
const data = () => parseXml(`<data xmlns="${NS}"><ifs xmlns="urn:i"><if><name>a</name><d>A</d><mtu>1500</mtu></if><if><name>b</name><d>B</d></if></ifs></data>`);
const edit = (body: string, op?: string) => parseXml(`<config xmlns="${NS}" xmlns:nc="${NS}"><ifs xmlns="urn:i">${body.replace('OP', op ? ` nc:operation="${op}"` : '')}</ifs></config>`);
const run = (body: string, op?: string, def: 'merge' | 'replace' | 'none' = 'merge', keyMap = {}) => {
  const d = data();
  applyEdit(d, edit(body, op), def, keyMap);
  return d;
};
const text = (d: ReturnType<typeof data>) => canonicalize(d, { ignoreOrder: false });

describe('applyEdit', () => {
  it('merge updates a leaf of the entry with the same key and adds new entries', () => {
    const d = run('<ifOP><name>a</name><d>new</d></if><if><name>c</name></if>');
    expect(text(d)).toContain('{urn:i}d[]="new"');
    expect(text(d)).toContain('{urn:i}mtu[]="1500"');
    expect(text(d)).toContain('{urn:i}name[]="c"');
  });
  it('replace replaces the whole entry', () => {
    const d = run('<ifOP><name>a</name><d>r</d></if>', 'replace');
    expect(text(d)).not.toContain('1500');
  });
  it('create fails with data-exists; delete with data-missing; remove is silent', () => {
    expect(() => run('<ifOP><name>a</name></if>', 'create')).toThrow(LabRpcFault);
    try {
      run('<ifOP><name>z</name></if>', 'delete');
    } catch (e) {
      expect((e as LabRpcFault).errors[0]).toMatchObject({ tag: 'data-missing', path: "/ifs/if[name='z']" });
    }
    expect(text(run('<ifOP><name>z</name></if>', 'remove'))).toBe(text(data()));
    expect(text(run('<ifOP><name>b</name></if>', 'delete'))).not.toContain('"b"');
  });
  it('default-operation none only applies explicit operations', () => {
    expect(text(run('<if><name>q</name></if>', undefined, 'none'))).toBe(text(data()));
    expect(text(run('<if><name>a</name><mtuOP>1</mtu></if>', 'delete', 'none'))).not.toContain('1500');
  });
  it('a key map identifies list entries by other leaves', () => {
    const d = parseXml(`<data xmlns="${NS}"><vl xmlns="urn:v"><v><id>10</id><n>x</n></v></vl></data>`);
    applyEdit(d, parseXml(`<config xmlns="${NS}"><vl xmlns="urn:v"><v><id>20</id><n>y</n></v></vl></config>`), 'merge', { '{urn:v}v': ['id'] });
    expect(d.children[0]?.children).toHaveLength(2);
  });
});

describe('filterSubtree', () => {
  it('selects by content match and keeps selection nodes', () => {
    const d = data();
    const f = parseXml('<f><ifs xmlns="urn:i"><if><name>a</name><d/></if></ifs></f>');
    const out = filterSubtree(d.children, f.children);
    expect(canonicalize(out[0]!)).toBe('{urn:i}ifs[]({urn:i}if[]({urn:i}d[]="A";{urn:i}name[]="a"))');
  });
  it('an empty selection node returns the whole subtree; no match returns nothing', () => {
    expect(filterSubtree(data().children, parseXml('<f><ifs xmlns="urn:i"/></f>').children)).toHaveLength(1);
    expect(filterSubtree(data().children, parseXml('<f><other xmlns="urn:i"/></f>').children)).toHaveLength(0);
  });
});
