/**
 * A minimal BER codec for the SNMP messages the lab agent handles (RFC 3416/3412/3414): it
 * decodes requests into a tree that remembers byte offsets (USM needs the position of the
 * authentication parameters) and encodes responses from small building blocks. Written here
 * because net-snmp's own agent walks tables in O(n²) (see docs/telemetry.md).
 */

export const TAG = {
  INTEGER: 0x02,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  SEQUENCE: 0x30,
  IP_ADDRESS: 0x40,
  COUNTER32: 0x41,
  GAUGE32: 0x42,
  TIMETICKS: 0x43,
  COUNTER64: 0x46,
  NO_SUCH_OBJECT: 0x80,
  NO_SUCH_INSTANCE: 0x81,
  END_OF_MIB_VIEW: 0x82,
  GET: 0xa0,
  GET_NEXT: 0xa1,
  RESPONSE: 0xa2,
  SET: 0xa3,
  GET_BULK: 0xa5,
  REPORT: 0xa8,
} as const;

/** A decoded TLV: its tag, where its value starts and ends in the buffer, and (for constructed types) children. */
export interface Tlv {
  readonly tag: number;
  readonly start: number;
  readonly end: number;
  readonly children?: readonly Tlv[];
}

/** Thrown for input that is not valid BER. */
export class BerError extends Error {
  override readonly name = 'BerError';
}

/** Decodes one TLV at `offset`. Constructed tags (bit 0x20) are decoded recursively. */
export function decodeTlv(buf: Buffer, offset = 0): Tlv & { readonly next: number } {
  if (offset + 2 > buf.length) throw new BerError('truncated TLV');
  const tag = buf[offset] as number;
  let len = buf[offset + 1] as number;
  let p = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || p + n > buf.length) throw new BerError('bad length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (buf[p + i] as number);
    p += n;
  }
  const end = p + len;
  if (end > buf.length) throw new BerError('length past end of message');
  if (tag & 0x20) {
    const children: Tlv[] = [];
    let q = p;
    while (q < end) {
      const child = decodeTlv(buf, q);
      children.push(child);
      q = child.next;
    }
    return { tag, start: p, end, children, next: end };
  }
  return { tag, start: p, end, next: end };
}

/** The children of a constructed TLV, checked to be at least `n`. */
export function kids(t: Tlv | undefined, n: number): readonly Tlv[] {
  if (!t?.children || t.children.length < n) throw new BerError(`expected a constructed value with ${n} elements`);
  return t.children;
}

export function readInt(buf: Buffer, t: Tlv | undefined): number {
  if (!t || t.end <= t.start || t.end - t.start > 6) throw new BerError('bad integer');
  let v = (buf[t.start] as number) & 0x80 ? -1 : 0;
  for (let i = t.start; i < t.end; i++) v = v * 256 + (buf[i] as number);
  return v;
}

export function readOctets(buf: Buffer, t: Tlv | undefined): Buffer {
  if (!t) throw new BerError('missing octet string');
  return buf.subarray(t.start, t.end);
}

export function readOid(buf: Buffer, t: Tlv | undefined): number[] {
  if (!t || t.tag !== TAG.OID || t.end <= t.start) throw new BerError('bad OID');
  const first = buf[t.start] as number;
  const arcs = [Math.floor(first / 40), first % 40];
  let v = 0;
  for (let i = t.start + 1; i < t.end; i++) {
    const b = buf[i] as number;
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      arcs.push(v);
      v = 0;
    }
  }
  return arcs;
}

function lengthBytes(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  if (n < 0x100) return Buffer.from([0x81, n]);
  if (n < 0x10000) return Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.from([0x83, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
}

/** Encodes a TLV around already-encoded content. */
export function tlv(tag: number, content: Buffer | readonly Buffer[]): Buffer {
  const body = Buffer.isBuffer(content) ? content : Buffer.concat(content as Buffer[]);
  return Buffer.concat([Buffer.from([tag]), lengthBytes(body.length), body]);
}

/** Encodes a non-negative or negative integer (two's complement, minimal). */
export function encInt(value: number | bigint, tag: number = TAG.INTEGER): Buffer {
  let v = BigInt(value);
  const bytes: number[] = [];
  if (v >= 0n) {
    do {
      bytes.unshift(Number(v & 0xffn));
      v >>= 8n;
    } while (v > 0n);
    if ((bytes[0] as number) & 0x80) bytes.unshift(0);
  } else {
    do {
      bytes.unshift(Number(v & 0xffn));
      v >>= 8n;
    } while (v < -1n || !((bytes[0] as number) & 0x80));
  }
  return tlv(tag, Buffer.from(bytes));
}

export function encOctets(value: Buffer | string, tag: number = TAG.OCTET_STRING): Buffer {
  return tlv(tag, Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8'));
}

export function encNull(tag: number = TAG.NULL): Buffer {
  return Buffer.from([tag, 0]);
}

const oidCache = new Map<string, Buffer>();

/** Encodes an OID (cached: the lab agent encodes the same column prefixes again and again). */
export function encOid(arcs: readonly number[]): Buffer {
  const key = arcs.join('.');
  const hit = oidCache.get(key);
  if (hit) return hit;
  const out: number[] = [(arcs[0] ?? 0) * 40 + (arcs[1] ?? 0)];
  for (let i = 2; i < arcs.length; i++) {
    let v = arcs[i] as number;
    const tmp = [v & 0x7f];
    v = Math.floor(v / 128);
    while (v > 0) {
      tmp.unshift((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    out.push(...tmp);
  }
  const enc = tlv(TAG.OID, Buffer.from(out));
  if (oidCache.size < 100_000) oidCache.set(key, enc);
  return enc;
}

export function encSeq(items: readonly Buffer[], tag: number = TAG.SEQUENCE): Buffer {
  return tlv(tag, items);
}
