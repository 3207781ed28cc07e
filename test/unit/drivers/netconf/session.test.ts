/** NetconfSession over an in-memory stream: hello, framing, failures that must close the session. */
import { Duplex, PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AbortedError, FramingError, ProtocolError, SessionClosedError, TimeoutError } from '../../../../drivers/netconf/errors.js';
import { encodeChunked } from '../../../../drivers/netconf/framing.js';
import { NetconfSession } from '../../../../drivers/netconf/session.js';
import { nc } from '../../../../drivers/netconf/xml.js';

const NS = 'urn:ietf:params:xml:ns:netconf:base:1.0';
const hello = (caps: string[], sid = '4') =>
  `<hello xmlns="${NS}"><capabilities>${caps.map((c) => `<capability>${c}</capability>`).join('')}</capabilities><session-id>${sid}</session-id></hello>]]>]]>`;
const B10 = 'urn:ietf:params:netconf:base:1.0';
const B11 = 'urn:ietf:params:netconf:base:1.1';

function pair(): { client: Duplex; toClient: PassThrough; fromClient: PassThrough; written: () => string } {
  const toClient = new PassThrough();
  const fromClient = new PassThrough();
  const chunks: Buffer[] = [];
  fromClient.on('data', (c: Buffer) => chunks.push(c));
  return { client: Duplex.from({ readable: toClient, writable: fromClient }), toClient, fromClient, written: () => Buffer.concat(chunks).toString() };
}

async function open11(): Promise<{ s: NetconfSession; p: ReturnType<typeof pair> }> {
  const p = pair();
  p.toClient.write(hello([B10, B11]));
  const s = await NetconfSession.open(p.client, { rpcTimeoutMs: 1000 });
  return { s, p };
}

const reply = (id: string, body = '<ok/>') => encodeChunked(Buffer.from(`<rpc-reply xmlns="${NS}" message-id="${id}">${body}</rpc-reply>`));

describe('NetconfSession', () => {
  it('sends its hello EOM-framed, chooses chunked when both sides have base:1.1', async () => {
    const { s, p } = await open11();
    expect(p.written()).toMatch(/^<\?xml[^>]*\?><hello xmlns=".*">.*base:1\.1.*<\/hello>\]\]>\]\]>$/);
    expect(s.sessionId).toBe(4);
    expect(s.framing).toBe('chunked');
    const pending = s.rpc(nc('get'));
    await new Promise((r) => setImmediate(r));
    expect(p.written()).toContain('\n#');
    p.toClient.write(reply('101', '<data><x xmlns="urn:x">é</x></data>'));
    const r = await pending;
    expect(r.data?.children[0]?.text).toBe('é');
  });

  it('settleAfterHelloMs holds the session back that long after the hellos, and a close during it fails the open', async () => {
    const p = pair();
    p.toClient.write(hello([B10, B11]));
    const t0 = Date.now();
    const s = await NetconfSession.open(p.client, { rpcTimeoutMs: 1000, settleAfterHelloMs: 120 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(110);
    const pending = s.rpc(nc('get'));
    p.toClient.write(reply('101'));
    await expect(pending).resolves.toBeDefined();

    const q = pair();
    q.toClient.write(hello([B10, B11]));
    const opening = NetconfSession.open(q.client, { rpcTimeoutMs: 1000, settleAfterHelloMs: 200 });
    setTimeout(() => q.toClient.end(), 20);
    await expect(opening).rejects.toBeInstanceOf(SessionClosedError);
  });

  it('keeps base:1.0 when the server lacks base:1.1', async () => {
    const p = pair();
    p.toClient.write(hello([B10]));
    const s = await NetconfSession.open(p.client);
    expect(s.framing).toBe('eom');
  });

  it.each([
    ['no session-id', `<hello xmlns="${NS}"><capabilities><capability>${B10}</capability></capabilities></hello>]]>]]>`, ProtocolError],
    ['not a hello', `<rpc-reply xmlns="${NS}"/>]]>]]>`, ProtocolError],
    ['no common base', hello(['urn:ietf:params:netconf:base:2.0']), ProtocolError],
    ['garbage', `<<<]]>]]>`, ProtocolError],
  ])('refuses a bad hello: %s', async (_n, text, type) => {
    const p = pair();
    p.toClient.write(text);
    await expect(NetconfSession.open(p.client)).rejects.toBeInstanceOf(type);
  });

  it('times out waiting for the hello, and honours abort', async () => {
    await expect(NetconfSession.open(pair().client, { helloTimeoutMs: 50 })).rejects.toBeInstanceOf(TimeoutError);
    const ac = new AbortController();
    const opening = NetconfSession.open(pair().client, { signal: ac.signal });
    ac.abort();
    await expect(opening).rejects.toBeInstanceOf(AbortedError);
  });

  it('a framing error closes the session and rejects the pending RPC and later ones', async () => {
    const { s, p } = await open11();
    const pending = s.rpc(nc('get'));
    p.toClient.write('\n#0x\n');
    await expect(pending).rejects.toBeInstanceOf(SessionClosedError);
    expect(s.closedReason).toBeInstanceOf(FramingError);
    await expect(s.rpc(nc('get'))).rejects.toBeInstanceOf(SessionClosedError);
  });

  it('EOF in the middle of a message is a framing error; a clean EOF is a close', async () => {
    const a = await open11();
    const pending = a.s.rpc(nc('get'));
    a.p.toClient.end('\n#100\nabc');
    await expect(pending).rejects.toThrow(/middle of a message/);
    const b = await open11();
    const pending2 = b.s.rpc(nc('get'));
    b.p.toClient.end();
    await expect(pending2).rejects.toBeInstanceOf(SessionClosedError);
    expect(b.s.closedReason).toBeInstanceOf(SessionClosedError);
  });

  it('delivers notifications apart from replies, and replies by message-id', async () => {
    const { s, p } = await open11();
    const seen: string[] = [];
    s.onNotification((n) => seen.push(n.children[0]?.text ?? ''));
    const r1 = s.rpc(nc('get'));
    await new Promise((r) => setImmediate(r));
    p.toClient.write(encodeChunked(Buffer.from('<notification xmlns="urn:ietf:params:xml:ns:netconf:notification:1.0"><eventTime>2026-01-01T00:00:00Z</eventTime></notification>')));
    p.toClient.write(reply('101'));
    expect((await r1).ok).toBe(true);
    expect(seen).toEqual(['2026-01-01T00:00:00Z']);
  });

  it('drops a late reply to a timed-out RPC and serves the next one', async () => {
    const { s, p } = await open11();
    await expect(s.rpc(nc('get'), { timeoutMs: 20 })).rejects.toBeInstanceOf(TimeoutError);
    const next = s.rpc(nc('get'));
    await new Promise((r) => setImmediate(r));
    p.toClient.write(reply('101'));
    p.toClient.write(reply('102'));
    expect((await next).messageId).toBe('102');
    expect(s.closedReason).toBeUndefined();
  });

  it('a reply with an unknown message-id is a protocol error', async () => {
    const { s, p } = await open11();
    const pending = s.rpc(nc('get'));
    await new Promise((r) => setImmediate(r));
    p.toClient.write(reply('999'));
    await expect(pending).rejects.toBeInstanceOf(SessionClosedError);
    expect(s.closedReason).toBeInstanceOf(ProtocolError);
  });
});
