/**
 * RFC 6242 message framing, on bytes: base:1.0 end-of-message (`]]>]]>`) and base:1.1 chunked.
 * Everything here works on Buffers; text is decoded only for whole messages, so a multibyte
 * character split across reads or chunks is never broken (ncclient#560, #256). Decoders are
 * incremental and pull-based: `push()` bytes as they arrive, `read()` whole messages out.
 * A decoder that has thrown a FramingError stays broken: the session must be closed.
 */
import { FramingError } from './errors.js';

/** The base:1.0 end-of-message marker. */
export const EOM = Buffer.from(']]>]]>');
/** Largest chunk-size RFC 6242 allows. */
export const MAX_CHUNK_SIZE = 4294967295;
/** Default maximum size of one message (octets). */
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/** Which framing a session uses. */
export type Framing = 'eom' | 'chunked';

/**
 * Frames a message for base:1.0. Throws FramingError if the body contains the marker, or ends
 * so that body+marker would show the marker early (a body ending in `]]>`): the receiver would cut it.
 */
export function encodeEom(body: Buffer): Buffer {
  const framed = Buffer.concat([body, EOM]);
  if (framed.indexOf(EOM) !== body.length) throw new FramingError("message contains ']]>]]>' and cannot be sent with base:1.0 framing");
  return framed;
}

/**
 * Frames a message for base:1.1: `\n#<octets>\n<data>` per chunk, then `\n##\n`. Bodies above
 * `maxChunk` octets are split (chunk boundaries may fall inside a UTF-8 character; that is legal).
 */
export function encodeChunked(body: Buffer, maxChunk = 1024 * 1024): Buffer {
  if (body.length === 0) throw new FramingError('cannot frame an empty message');
  const parts: Buffer[] = [];
  for (let off = 0; off < body.length; off += maxChunk) {
    const piece = body.subarray(off, Math.min(off + maxChunk, body.length));
    parts.push(Buffer.from(`\n#${piece.length}\n`, 'latin1'), piece);
  }
  parts.push(Buffer.from('\n##\n', 'latin1'));
  return Buffer.concat(parts);
}

/** Frames a message in the given framing. */
export function encodeMessage(body: Buffer, framing: Framing): Buffer {
  return framing === 'eom' ? encodeEom(body) : encodeChunked(body);
}

/** Options of the decoders. */
export interface DecoderOptions {
  /** Largest message accepted, in octets (default 64 MiB). */
  readonly maxMessageBytes?: number;
}

/** Incremental base:1.0 decoder. Carries a marker split across reads (ncclient#121). */
export class EomDecoder {
  readonly #max: number;
  #parts: Buffer[] = [];
  #length = 0;
  /** Parts already searched without finding a marker, their total length, and their last ≤5 bytes. */
  #scanned = 0;
  #scannedLength = 0;
  #carry: Buffer = Buffer.alloc(0);
  #broken: FramingError | undefined;

  constructor(options: DecoderOptions = {}) {
    this.#max = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  }

  /** Adds received bytes. */
  push(data: Buffer): void {
    if (this.#broken) throw this.#broken;
    if (data.length === 0) return;
    this.#parts.push(data);
    this.#length += data.length;
  }

  /** The next whole message (without marker), or undefined if none is complete. Throws FramingError. */
  read(): Buffer | undefined {
    if (this.#broken) throw this.#broken;
    // Each part is searched once (plus the 5 bytes carried before it): O(n) for a long message.
    while (this.#scanned < this.#parts.length) {
      const part = this.#parts[this.#scanned] as Buffer;
      const probe = this.#carry.length > 0 ? Buffer.concat([this.#carry, part]) : part;
      const at = probe.indexOf(EOM);
      if (at >= 0) {
        const end = this.#scannedLength - this.#carry.length + at;
        if (end > this.#max) return this.#fail(`message exceeds the maximum size of ${this.#max} octets`);
        const all = Buffer.concat(this.#parts, this.#length);
        const message = all.subarray(0, end);
        const rest = all.subarray(end + EOM.length);
        this.#parts = rest.length > 0 ? [rest] : [];
        this.#length = rest.length;
        this.#scanned = 0;
        this.#scannedLength = 0;
        this.#carry = Buffer.alloc(0);
        return message;
      }
      this.#carry = Buffer.from(probe.subarray(Math.max(0, probe.length - (EOM.length - 1))));
      this.#scanned += 1;
      this.#scannedLength += part.length;
    }
    if (this.#length > this.#max + EOM.length) this.#fail(`message exceeds the maximum size of ${this.#max} octets`);
    return undefined;
  }

  /** Unread bytes (after a hello, when switching to chunked framing); empties the decoder. */
  takeRemainder(): Buffer {
    const rest = Buffer.concat(this.#parts, this.#length);
    this.#parts = [];
    this.#length = 0;
    this.#scanned = 0;
    this.#scannedLength = 0;
    this.#carry = Buffer.alloc(0);
    return rest;
  }

  /** Whether part of a message has been received (whitespace between messages does not count). */
  get inMessage(): boolean {
    return this.#parts.some((p) => p.some((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09));
  }

  #fail(message: string): never {
    this.#broken = new FramingError(`base:1.0 framing: ${message}`);
    throw this.#broken;
  }
}

const LF = 0x0a;
const HASH = 0x23;

type ChunkState = 'lf' | 'hash' | 'first' | 'size' | 'endLf' | 'data';

/**
 * Incremental base:1.1 decoder: a byte state machine `LF # (size LF data)* … LF # # LF`.
 * Chunk sizes are octets, 1..4294967295, decimal without leading zeros; a header may be split
 * across reads. One leniency: extra LFs before a `#` are skipped (ncclient#182).
 */
export class ChunkedDecoder {
  readonly #max: number;
  #input: Buffer[] = [];
  #offset = 0;
  #state: ChunkState = 'lf';
  #size = 0;
  #digits = 0;
  #remaining = 0;
  #message: Buffer[] = [];
  #messageLength = 0;
  #broken: FramingError | undefined;

  constructor(options: DecoderOptions = {}) {
    this.#max = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  }

  /** Adds received bytes. */
  push(data: Buffer): void {
    if (this.#broken) throw this.#broken;
    if (data.length > 0) this.#input.push(data);
  }

  /** The next whole message, or undefined if none is complete yet. Throws FramingError. */
  read(): Buffer | undefined {
    if (this.#broken) throw this.#broken;
    while (this.#input.length > 0) {
      const buf = this.#input[0] as Buffer;
      if (this.#offset >= buf.length) {
        this.#input.shift();
        this.#offset = 0;
        continue;
      }
      if (this.#state === 'data') {
        const take = Math.min(this.#remaining, buf.length - this.#offset);
        this.#message.push(buf.subarray(this.#offset, this.#offset + take));
        this.#offset += take;
        this.#remaining -= take;
        if (this.#remaining === 0) this.#state = 'lf';
        continue;
      }
      const byte = buf[this.#offset] as number;
      this.#offset += 1;
      const done = this.#step(byte);
      if (done) return done;
    }
    return undefined;
  }

  /** Whether a message is partly received (used to report EOF mid-message). */
  get inMessage(): boolean {
    return this.#state !== 'lf' || this.#messageLength > 0 || this.#input.some((b, i) => b.length > (i === 0 ? this.#offset : 0));
  }

  #step(byte: number): Buffer | undefined {
    switch (this.#state) {
      case 'lf':
        if (byte !== LF) return this.#fail(`expected LF at the start of a chunk header, got ${show(byte)}`);
        this.#state = 'hash';
        return undefined;
      case 'hash':
        if (byte === LF) return undefined;
        if (byte !== HASH) return this.#fail(`expected '#' in a chunk header, got ${show(byte)}`);
        this.#state = 'first';
        return undefined;
      case 'first':
        if (byte === HASH) {
          if (this.#messageLength === 0) return this.#fail('end-of-chunks marker before any chunk');
          this.#state = 'endLf';
          return undefined;
        }
        if (byte < 0x31 || byte > 0x39) return this.#fail(`chunk size must start with a digit 1-9, got ${show(byte)}`);
        this.#size = byte - 0x30;
        this.#digits = 1;
        this.#state = 'size';
        return undefined;
      case 'size':
        if (byte === LF) {
          if (this.#messageLength + this.#size > this.#max) return this.#fail(`message exceeds the maximum size of ${this.#max} octets`);
          this.#messageLength += this.#size;
          this.#remaining = this.#size;
          this.#state = 'data';
          return undefined;
        }
        if (byte < 0x30 || byte > 0x39) return this.#fail(`bad character ${show(byte)} in a chunk size`);
        this.#size = this.#size * 10 + (byte - 0x30);
        this.#digits += 1;
        if (this.#digits > 10 || this.#size > MAX_CHUNK_SIZE) return this.#fail(`chunk size exceeds ${MAX_CHUNK_SIZE}`);
        return undefined;
      case 'endLf': {
        if (byte !== LF) return this.#fail(`expected LF after '##', got ${show(byte)}`);
        const message = Buffer.concat(this.#message, this.#messageLength);
        this.#message = [];
        this.#messageLength = 0;
        this.#state = 'lf';
        return message;
      }
      default:
        return this.#fail('decoder in an impossible state');
    }
  }

  #fail(message: string): never {
    this.#broken = new FramingError(`base:1.1 framing: ${message}`);
    throw this.#broken;
  }
}

function show(byte: number): string {
  return byte >= 0x20 && byte < 0x7f ? `'${String.fromCharCode(byte)}'` : `0x${byte.toString(16).padStart(2, '0')}`;
}

/**
 * The decoder a session uses: starts in base:1.0 (hellos are always EOM-framed) and switches to
 * chunked after the hello exchange, carrying over bytes already received.
 */
export class MessageDecoder {
  readonly #options: DecoderOptions;
  #eom: EomDecoder;
  #chunked: ChunkedDecoder | undefined;

  constructor(options: DecoderOptions = {}) {
    this.#options = options;
    this.#eom = new EomDecoder(options);
  }

  /** The framing now in use. */
  get framing(): Framing {
    return this.#chunked ? 'chunked' : 'eom';
  }

  /** Switches to chunked framing; bytes already pushed but not read are decoded as chunked. */
  useChunked(): void {
    if (this.#chunked) return;
    this.#chunked = new ChunkedDecoder(this.#options);
    this.#chunked.push(this.#eom.takeRemainder());
  }

  /** Adds received bytes. Throws FramingError if the decoder is already broken. */
  push(data: Buffer): void {
    if (this.#chunked) this.#chunked.push(data);
    else this.#eom.push(data);
  }

  /** The next whole message, or undefined. Throws FramingError. */
  read(): Buffer | undefined {
    return this.#chunked ? this.#chunked.read() : this.#eom.read();
  }

  /** Whether part of a message has been received (EOF now would cut a message). */
  get inMessage(): boolean {
    return this.#chunked ? this.#chunked.inMessage : this.#eom.inMessage;
  }
}
