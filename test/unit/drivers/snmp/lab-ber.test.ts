/** The lab agent's BER codec and USM keys against known values (RFC 3414 A.3 test vectors). */
import { describe, expect, it } from 'vitest';
import { decodeTlv, encInt, encOid, readInt, readOid, TAG } from '../../../lab/snmp/ber.js';
import { localizeKey } from '../../../lab/snmp/usm.js';

describe('lab BER codec', () => {
  it.each([
    [0, '020100'],
    [127, '02017f'],
    [128, '02020080'],
    [-1, '0201ff'],
    [-129, '0202ff7f'],
    [4294967295, '020500ffffffff'],
  ])('encodes INTEGER %s minimally', (v, hex) => {
    expect(encInt(v).toString('hex')).toBe(hex);
    const t = decodeTlv(encInt(v));
    expect(readInt(encInt(v), t)).toBe(v);
  });

  it('encodes Counter64 2^64-1 with the 0x00 pad, 2^63 too', () => {
    expect(encInt(2n ** 64n - 1n, TAG.COUNTER64).toString('hex')).toBe('460900ffffffffffffffff');
    expect(encInt(2n ** 63n, TAG.COUNTER64).toString('hex')).toBe('4609008000000000000000');
  });

  it('round-trips OIDs with multi-byte arcs', () => {
    const arcs = [1, 3, 6, 1, 4, 1, 2011, 5, 25, 32, 4294967295];
    const enc = encOid(arcs);
    expect(readOid(enc, decodeTlv(enc))).toEqual(arcs);
  });

  it('localises keys as RFC 3414 A.3 says (password "maplesyrup", engineID 00…02)', () => {
    const engine = Buffer.from('000000000000000000000002', 'hex');
    expect(localizeKey('md5', 'maplesyrup', engine).toString('hex')).toBe('526f5eed9fcce26f8964c2930787d82b');
    expect(localizeKey('sha', 'maplesyrup', engine).toString('hex')).toBe('6695febc9288e36282235fc7151f128497b38f3f');
  });
});
