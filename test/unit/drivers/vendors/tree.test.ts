import { describe, expect, it } from 'vitest';
import { serialize } from '../../../../drivers/netconf/xml.js';
import { builder, mergeSiblings, withOperation } from '../../../../drivers/vendors/tree.js';

const x = builder('urn:x');
const lists = new Map([['interface', 1], ['apply', 2]]);

describe('mergeSiblings', () => {
  it('merges list entries by key and containers by name, recursively', () => {
    const merged = mergeSiblings([
      x('interface', x.leaf('name', 'a'), x('sub', x.leaf('index', 1))),
      x('interface', x.leaf('name', 'b')),
      x('interface', x.leaf('name', 'a'), x('sub', x.leaf('index', 2)), x.leaf('description', 'd')),
    ], lists);
    expect(merged.map((m) => serialize(m))).toEqual([
      '<interface xmlns="urn:x"><name>a</name><sub><index>1</index><index>2</index></sub><description>d</description></interface>',
      '<interface xmlns="urn:x"><name>b</name></interface>',
    ]);
  });

  it('keeps entries with different composite keys or different operations apart', () => {
    const applies = mergeSiblings([
      x('apply', x.leaf('name', 'p'), x.leaf('direction', 'in')),
      x('apply', x.leaf('name', 'p'), x.leaf('direction', 'out')),
    ], lists);
    expect(applies).toHaveLength(2);
    const ops = mergeSiblings([withOperation(x('interface', x.leaf('name', 'a')), 'remove'), x('interface', x.leaf('name', 'a'), x.leaf('mtu', 1500))], lists);
    expect(ops).toHaveLength(2);
  });

  it('collects the children of every twin before merging them, at every depth, keeping first-occurrence order', () => {
    const entry = (port: string, index: number, leaf: string) => x('interface', x.leaf('name', port), x('subs', x('sub', x.leaf('index', index), x.leaf(leaf, 1))));
    const merged = mergeSiblings([entry('a', 1, 'p'), entry('b', 1, 'p'), entry('a', 2, 'q'), entry('a', 1, 'r'), entry('b', 1, 's')], new Map([['interface', 1], ['sub', 1]]));
    expect(merged.map((m) => serialize(m))).toEqual([
      '<interface xmlns="urn:x"><name>a</name><subs><sub><index>1</index><p>1</p><r>1</r></sub><sub><index>2</index><q>1</q></sub></subs></interface>',
      '<interface xmlns="urn:x"><name>b</name><subs><sub><index>1</index><p>1</p><s>1</s></sub></subs></interface>',
    ]);
  });

  it('leaves its input untouched', () => {
    const input = [x('interface', x.leaf('name', 'a'), x('c', x.leaf('d', 1))), x('interface', x.leaf('name', 'a'), x('c', x.leaf('e', 2)))];
    const before = input.map((m) => serialize(m));
    mergeSiblings(input, lists);
    expect(input.map((m) => serialize(m))).toEqual(before);
  });
});
