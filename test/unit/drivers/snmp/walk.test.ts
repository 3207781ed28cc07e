import { describe, expect, it } from 'vitest';
import { walkColumns, compareOidStrings } from '../../../../drivers/snmp/walk.js';
import { counter64FromBuffer, compareOids } from '../../../../drivers/snmp/varbind.js';
import { SnmpTooBigError } from '../../../../drivers/snmp/errors.js';
import { c32, FakeTransport, int } from './fake-transport.js';

const signal = new AbortController().signal;
const A = '1.3.6.1.2.1.2.2.1.8';
const B = '1.3.6.1.2.1.2.2.1.13';

describe('walkColumns', () => {
  it('walks several columns in the same GetBulk PDUs and stops each at its own end', async () => {
    const rows: [string, ReturnType<typeof int>][] = [];
    for (let i = 1; i <= 25; i++) rows.push([`${A}.${i}`, int(1)]);
    for (let i = 1; i <= 7; i++) rows.push([`${B}.${i * 3}`, c32(i)]);
    const t = new FakeTransport(rows);
    const r = await walkColumns(t, [A, B], { maxRepetitions: 10, signal });
    expect(r.columns.get(A)?.size).toBe(25);
    expect([...(r.columns.get(B)?.keys() ?? [])]).toEqual(['3', '6', '9', '12', '15', '18', '21']);
    // first PDU carries both columns; later PDUs only the unfinished one
    expect(t.calls[0]?.oids).toEqual([A, B]);
    expect(t.calls[1]?.oids).toEqual([`${A}.10`]);
    expect(r.pdus).toBe(3);
  });

  it('stops at endOfMibView', async () => {
    const t = new FakeTransport([[`${A}.1`, int(1)], [`${A}.2`, int(2)]]);
    const r = await walkColumns(t, [A], { maxRepetitions: 50, signal });
    expect(r.columns.get(A)?.size).toBe(2);
    expect(r.pdus).toBe(1);
  });

  it('terminates on a non-increasing OID (loop guard) and warns', async () => {
    const t = new FakeTransport([]);
    let n = 0;
    // a broken agent: after .3 it answers .2 again, forever
    t.nextOverride = () => ({ oid: `${A}.${n < 3 ? ++n : 2}`, value: int(1) });
    const r = await walkColumns(t, [A], { maxRepetitions: 5, signal });
    expect([...(r.columns.get(A)?.keys() ?? [])]).toEqual(['1', '2', '3']);
    expect(r.warnings[0]).toMatch(/non-increasing/);
  });

  it('fetches non-repeaters once, in the first PDU', async () => {
    const t = new FakeTransport([['1.3.6.1.2.1.1.3.0', { kind: 'timeticks', value: 42 }], [`${A}.1`, int(1)]]);
    const r = await walkColumns(t, [A], { maxRepetitions: 5, signal, nonRepeaters: ['1.3.6.1.2.1.1.3'] });
    expect(r.nonRepeaters[0]).toEqual({ oid: '1.3.6.1.2.1.1.3.0', value: { kind: 'timeticks', value: 42 } });
  });

  it('halves maxRepetitions when the agent answers tooBig', async () => {
    const rows: [string, ReturnType<typeof int>][] = [];
    for (let i = 1; i <= 12; i++) rows.push([`${A}.${i}`, int(i)]);
    const t = new FakeTransport(rows);
    const inner = t.getBulk.bind(t);
    const asked: number[] = [];
    t.getBulk = async (oids, non, maxRep, sig) => {
      asked.push(maxRep);
      if (maxRep > 5) throw new SnmpTooBigError('tooBig');
      return inner(oids, non, maxRep, sig);
    };
    const r = await walkColumns(t, [A], { maxRepetitions: 25, signal });
    expect(r.columns.get(A)?.size).toBe(12);
    expect(asked.slice(0, 4)).toEqual([25, 12, 6, 3]);
    expect(r.warnings[0]).toMatch(/tooBig/);
  });

  it('fails instead of looping when the agent returns nothing', async () => {
    const t = new FakeTransport([]);
    t.getBulk = async () => ({ nonRepeaters: [], columns: [[]] });
    await expect(walkColumns(t, [A], { maxRepetitions: 5, signal })).rejects.toThrow(/cannot progress/);
  });
});
describe('OID order and Counter64', () => {
  it('compares OIDs by arc value, not as text', () => {
    expect(compareOidStrings('1.3.6.1.2', '1.3.6.1.10')).toBeLessThan(0);
    expect(compareOidStrings('1.3.6.1', '1.3.6.1.0')).toBeLessThan(0);
    expect(compareOidStrings('1.3.6.1.2.1', '1.3.6.1.2.1')).toBe(0);
    expect(compareOids('1.3.6.1.10', '1.3.6.1.9')).toBeGreaterThan(0);
  });

  it.each([
    ['', 0n],
    ['01', 1n],
    ['00ffffffffffffffff', 18446744073709551615n],
    ['0020000000000001', 9007199254740993n], // 2^53 + 1: a double would round it to 2^53
    ['7fffffffffffffff', 9223372036854775807n],
    ['008000000000000000', 9223372036854775808n],
  ])('decodes BER Counter64 content %s exactly', (hex, want) => {
    expect(counter64FromBuffer(Buffer.from(hex, 'hex'))).toBe(want);
  });

  it('rejects Counter64 content longer than 9 bytes or above 2^64-1', () => {
    expect(() => counter64FromBuffer(Buffer.alloc(10, 1))).toThrow(RangeError);
    expect(() => counter64FromBuffer(Buffer.from('010000000000000000', 'hex'))).toThrow(RangeError);
  });
});
