import { describe, expect, it } from 'vitest';
import { ChunkedDecoder, EomDecoder, MessageDecoder, encodeChunked, encodeEom } from '../../../../drivers/netconf/framing.js';
import { FramingError } from '../../../../drivers/netconf/errors.js';

describe('encodeChunked', () => {
  it('counts octets, not characters', () => {
    expect(encodeChunked(Buffer.from('é中')).toString()).toBe('\n#5\né中\n##\n');
  });
  it('splits large bodies, even inside a character', () => {
    expect(encodeChunked(Buffer.from('aé'), 2).toString('latin1')).toBe('\n#2\na\xc3\n#1\n\xa9\n##\n');
  });
  it('refuses an empty message', () => {
    expect(() => encodeChunked(Buffer.alloc(0))).toThrow(FramingError);
  });
});

describe('encodeEom', () => {
  it('refuses a body containing the marker', () => {
    expect(() => encodeEom(Buffer.from('a]]>]]>b'))).toThrow(FramingError);
  });
});

describe('ChunkedDecoder', () => {
  const cases: [string, string][] = [
    ['leading zero', '\n#05\nhello\n##\n'],
    ['zero size', '\n#0\n\n##\n'],
    ['no LF', '#5\nhello\n##\n'],
    ['end marker first', '\n##\n'],
    ['CR in header', '\n#5\r\nhello\n##\n'],
    ['too many digits', '\n#12345678901\n'],
    ['garbage after chunk', '\n#5\nhelloX'],
  ];
  it.each(cases)('rejects %s', (_name, input) => {
    const d = new ChunkedDecoder();
    d.push(Buffer.from(input, 'latin1'));
    expect(() => {
      while (d.read());
    }).toThrow(FramingError);
  });

  it('tolerates an extra LF before the chunk header (ncclient#182)', () => {
    const d = new ChunkedDecoder();
    d.push(Buffer.from('\n\n#2\nok\n##\n'));
    expect(d.read()?.toString()).toBe('ok');
  });

  it('enforces the maximum message size before reading the data', () => {
    const d = new ChunkedDecoder({ maxMessageBytes: 10 });
    d.push(Buffer.from('\n#6\nabcdef\n#6\n'));
    expect(() => d.read()).toThrow(/maximum size/);
  });
});

describe('EomDecoder', () => {
  it('finds a marker split over three reads', () => {
    const d = new EomDecoder();
    for (const p of ['<a/>]]', '>]', ']>x']) d.push(Buffer.from(p));
    expect(d.read()?.toString()).toBe('<a/>');
    expect(d.read()).toBeUndefined();
    expect(d.takeRemainder().toString()).toBe('x');
  });
  it('enforces the maximum size without a marker', () => {
    const d = new EomDecoder({ maxMessageBytes: 8 });
    d.push(Buffer.from('0123456789abcdef'));
    expect(() => d.read()).toThrow(FramingError);
  });
});

describe('MessageDecoder', () => {
  it('switches to chunked after the hello, keeping bytes already received', () => {
    const d = new MessageDecoder();
    d.push(Buffer.from('<hello/>]]>]]>\n#3\nabc\n##\n'));
    expect(d.read()?.toString()).toBe('<hello/>');
    d.useChunked();
    expect(d.framing).toBe('chunked');
    expect(d.read()?.toString()).toBe('abc');
  });
});
