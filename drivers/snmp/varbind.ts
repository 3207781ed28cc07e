/**
 * The poller's own view of a varbind, independent of net-snmp: Counter64 is already a BigInt,
 * the three v2c exceptions are explicit kinds, and OIDs are compared numerically.
 */

/** What a varbind holds. `counter64` is always exact (BigInt); `octets` keeps the raw bytes. */
export type SnmpValue =
  | { readonly kind: 'integer' | 'counter32' | 'gauge32' | 'timeticks'; readonly value: number }
  | { readonly kind: 'counter64'; readonly value: bigint }
  | { readonly kind: 'octets'; readonly value: Buffer }
  | { readonly kind: 'oid' | 'ipAddress'; readonly value: string }
  | { readonly kind: 'null' | 'noSuchObject' | 'noSuchInstance' | 'endOfMibView' };

export interface SnmpVarbind {
  readonly oid: string;
  readonly value: SnmpValue;
}

/** True for the v2c per-varbind exceptions (RFC 3416 §4.2.1): no value behind this OID. */
export function isException(value: SnmpValue): boolean {
  return value.kind === 'noSuchObject' || value.kind === 'noSuchInstance' || value.kind === 'endOfMibView';
}

/**
 * Decodes the content octets of a BER Counter64 (1–9 bytes, a leading 0x00 when the top bit is set)
 * into an exact BigInt. net-snmp hands Counter64 over as exactly this Buffer (node-net-snmp #44/#290);
 * going through a double would round anything above 2^53.
 * @throws RangeError when the content is longer than 9 bytes or the value does not fit 64 bits.
 */
export function counter64FromBuffer(buf: Buffer): bigint {
  if (buf.length === 0) return 0n;
  if (buf.length > 9) throw new RangeError(`Counter64 content of ${buf.length} bytes (at most 9)`);
  const value = BigInt(`0x${buf.toString('hex')}`);
  if (value >= 1n << 64n) throw new RangeError(`Counter64 value ${value} does not fit 64 bits`);
  return value;
}

/** Splits a dotted OID into numbers (leading dot allowed). */
export function parseOid(oid: string): number[] {
  const text = oid.startsWith('.') ? oid.slice(1) : oid;
  return text === '' ? [] : text.split('.').map(Number);
}

/** Lexicographic comparison of two dotted OIDs by arc value (not by string). */
export function compareOids(a: string, b: string): number {
  const x = parseOid(a);
  const y = parseOid(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const d = (x[i] as number) - (y[i] as number);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
}

/** The instance suffix of `oid` below `prefix` (`'1.3.6.1.2.1.2.2.1.8'`, `'…8.12'` → `'12'`), or undefined when outside. */
export function instanceOf(prefix: string, oid: string): string | undefined {
  if (!oid.startsWith(prefix) || oid.charCodeAt(prefix.length) !== 46 /* '.' */) return undefined;
  return oid.slice(prefix.length + 1);
}

/** Reads a numeric value (integer, counter32, gauge32, timeticks); undefined for anything else. */
export function asNumber(value: SnmpValue): number | undefined {
  switch (value.kind) {
    case 'integer':
    case 'counter32':
    case 'gauge32':
    case 'timeticks':
      return value.value;
    default:
      return undefined;
  }
}

/** Reads a counter as BigInt (Counter32 or Counter64, also Gauge32 some agents misuse); undefined otherwise. */
export function asCounter(value: SnmpValue): bigint | undefined {
  switch (value.kind) {
    case 'counter64':
      return value.value;
    case 'counter32':
    case 'gauge32':
      return BigInt(value.value);
    default:
      return undefined;
  }
}

/**
 * Reads a DisplayString. Bytes are UTF-8 when valid, else Latin-1 (several agents put 8-bit
 * codepages into ifAlias); trailing NULs that some firmware appends are removed.
 */
export function asText(value: SnmpValue): string | undefined {
  if (value.kind !== 'octets') return undefined;
  const utf8 = new TextDecoder('utf-8', { fatal: false }).decode(value.value);
  const text = utf8.includes('\uFFFD') ? value.value.toString('latin1') : utf8;
  return text.replace(/\0+$/, '');
}
