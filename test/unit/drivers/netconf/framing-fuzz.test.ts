/**
 * Seeded fuzz test of the framing decoders: random messages (multibyte UTF-8 included) framed
 * with random chunk sizes, delivered at random split points, must decode to exactly the
 * messages sent; corrupted headers must give a FramingError, never a wrong message, a hang or
 * another exception. Reproduce a failure with FUZZ_SEED=<seed printed in the test name>.
 */
import { describe, expect, it } from 'vitest';
import { ChunkedDecoder, EOM, EomDecoder, encodeChunked, encodeEom } from '../../../../drivers/netconf/framing.js';
import { FramingError } from '../../../../drivers/netconf/errors.js';

const SEED = Number(process.env['FUZZ_SEED'] ?? 20261126);
const BUDGET_MS = 1500;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = ['a', 'Z', '<', '>', '&', ']', '#', '\n', ' ', 'é', 'ß', '中', '文', '😀', '𝄞', '\u00a0'];

function randomText(r: () => number, max: number): string {
  const len = 1 + Math.floor(r() * max);
  let s = '';
  for (let i = 0; i < len; i += 1) s += ALPHABET[Math.floor(r() * ALPHABET.length)];
  return s;
}

function split(stream: Buffer, r: () => number): Buffer[] {
  const pieces: Buffer[] = [];
  let off = 0;
  while (off < stream.length) {
    const len = r() < 0.3 ? 1 + Math.floor(r() * 3) : 1 + Math.floor(r() * 700);
    pieces.push(stream.subarray(off, Math.min(stream.length, off + len)));
    off += len;
  }
  return pieces;
}

function decodeAll(decoder: ChunkedDecoder | EomDecoder, pieces: Buffer[]): Buffer[] {
  const out: Buffer[] = [];
  for (const p of pieces) {
    decoder.push(p);
    for (let m = decoder.read(); m; m = decoder.read()) out.push(m);
  }
  return out;
}

describe(`framing fuzz (seed ${SEED})`, () => {
  it('chunked: random chunk sizes and split points decode to exactly the messages sent', () => {
    const r = rng(SEED);
    const t0 = Date.now();
    let rounds = 0;
    while (Date.now() - t0 < BUDGET_MS / 3 || rounds < 20) {
      const messages = Array.from({ length: 1 + Math.floor(r() * 8) }, () => Buffer.from(randomText(r, 400)));
      // Small chunks put boundaries inside multibyte characters; sometimes one big chunk.
      const stream = Buffer.concat(messages.map((m) => encodeChunked(m, r() < 0.2 ? 1 << 20 : 1 + Math.floor(r() * 9))));
      const got = decodeAll(new ChunkedDecoder(), split(stream, r));
      expect(got.map((b) => b.toString('utf8'))).toEqual(messages.map((b) => b.toString('utf8')));
      expect(Buffer.concat(got).equals(Buffer.concat(messages))).toBe(true);
      rounds += 1;
    }
  });

  it('end-of-message: random split points, marker split across reads', () => {
    const r = rng(SEED + 1);
    const t0 = Date.now();
    let rounds = 0;
    while (Date.now() - t0 < BUDGET_MS / 6 || rounds < 20) {
      // A body that shows the marker early when followed by it (ends in ']]>') cannot be framed in 1.0.
      const frameable = (m: Buffer): boolean => Buffer.concat([m, EOM]).indexOf(EOM) === m.length;
      const messages = Array.from({ length: 1 + Math.floor(r() * 8) }, () => Buffer.from(randomText(r, 400))).filter(frameable);
      const stream = Buffer.concat(messages.map((m) => encodeEom(m)));
      const got = decodeAll(new EomDecoder(), split(stream, r));
      expect(got.map((b) => b.toString('hex'))).toEqual(messages.map((b) => b.toString('hex')));
      rounds += 1;
    }
  });

  it('chunked: large chunk sizes (8 and 10 digits) are accepted', () => {
    const body = Buffer.alloc(12_345_678, 0x61);
    const d = new ChunkedDecoder({ maxMessageBytes: 20_000_000 });
    const got = decodeAll(d, split(encodeChunked(body, 1 << 30), rng(SEED + 2)).slice(0));
    expect(got).toHaveLength(1);
    expect(got[0]?.length).toBe(body.length);
    const tenDigits = new ChunkedDecoder({ maxMessageBytes: 2 ** 32 });
    tenDigits.push(Buffer.from('\n#4294967295\nabc'));
    expect(tenDigits.read()).toBeUndefined();
    expect(tenDigits.inMessage).toBe(true);
  });

  it('chunked: corrupted headers give a FramingError, and only correct messages before it', () => {
    const r = rng(SEED + 3);
    const corruptions: ((h: string) => string)[] = [
      (h) => h.replace('#', 'x'),
      (h) => h.replace(/#(\d)/, '#0$1'),
      (h) => h.replace(/#(\d+)\n/, '#$1x\n'),
      (h) => h.replace(/#(\d+)\n/, '#$1 \n'),
      (h) => h.replace(/#(\d+)\n/, '#99999999999\n'),
      (h) => h.replace(/#(\d+)\n/, '#4294967296\n'),
      (h) => h.replace(/#(\d+)\n/, '#-$1\n'),
      (h) => h.replace(/^\n/, 'X'),
      (h) => `\n##\n${h}`,
    ];
    const t0 = Date.now();
    let rounds = 0;
    while (Date.now() - t0 < BUDGET_MS / 4 || rounds < corruptions.length * 4) {
      const messages = Array.from({ length: 1 + Math.floor(r() * 4) }, () => Buffer.from(randomText(r, 200)));
      const victim = Math.floor(r() * messages.length);
      const frames = messages.map((m, i) => {
        const framed = encodeChunked(m, 1 + Math.floor(r() * 50));
        if (i !== victim) return framed;
        const nl = framed.indexOf('\n', 1);
        const header = framed.subarray(0, nl + 1).toString('latin1');
        const bad = (corruptions[rounds % corruptions.length] as (h: string) => string)(header);
        return Buffer.concat([Buffer.from(bad, 'latin1'), framed.subarray(nl + 1)]);
      });
      const d = new ChunkedDecoder({ maxMessageBytes: 1_000_000 });
      const got: Buffer[] = [];
      let error: unknown;
      try {
        for (const p of split(Buffer.concat(frames), r)) {
          d.push(p);
          for (let m = d.read(); m; m = d.read()) got.push(m);
        }
      } catch (e) {
        error = e;
      }
      expect(error, `corruption ${rounds % corruptions.length}`).toBeInstanceOf(FramingError);
      expect(got.map(String)).toEqual(messages.slice(0, victim).map(String));
      expect(() => d.read()).toThrow(FramingError);
      rounds += 1;
    }
  });

  it('random garbage never hangs or throws anything but FramingError', () => {
    const r = rng(SEED + 4);
    const t0 = Date.now();
    let rounds = 0;
    while (Date.now() - t0 < BUDGET_MS / 6 || rounds < 50) {
      const bytes = Buffer.from(Array.from({ length: 1 + Math.floor(r() * 300) }, () => (r() < 0.5 ? [0x0a, 0x23, 0x31, 0x39, 0x30][Math.floor(r() * 5)] : Math.floor(r() * 256)) as number));
      for (const d of [new ChunkedDecoder({ maxMessageBytes: 1000 }), new EomDecoder({ maxMessageBytes: 1000 })]) {
        try {
          decodeAll(d, split(bytes, r));
        } catch (e) {
          expect(e).toBeInstanceOf(FramingError);
        }
      }
      rounds += 1;
    }
  });
});
