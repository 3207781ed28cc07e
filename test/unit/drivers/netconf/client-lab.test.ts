/** The client against the lab server over real SSH on loopback. */
import { createConnection, createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NetconfClient } from '../../../../drivers/netconf/client.js';
import { CapabilityError, LockDeniedError, RpcError, SessionClosedError, TimeoutError } from '../../../../drivers/netconf/errors.js';
import { child, childText, childrenNamed, element, serialize } from '../../../../drivers/netconf/xml.js';
import { startLab, type LabFixture } from './lab-fixture.js';

const IF = 'urn:ietf:params:xml:ns:yang:ietf-interfaces';
const iface = (name: string, description: string, op?: string) =>
  element('interfaces', {
    namespace: IF,
    children: [
      element('interface', {
        namespace: IF,
        attributes: op ? [{ name: 'operation', namespace: 'urn:ietf:params:xml:ns:netconf:base:1.0', value: op }] : [],
        children: [element('name', { namespace: IF, text: name }), element('description', { namespace: IF, text: description })],
      }),
    ],
  });
const FILTER = { subtree: element('interfaces', { namespace: IF }) };

let lab: LabFixture | undefined;
const clients: NetconfClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await lab?.server.stop();
  lab = undefined;
});

async function connect(f: LabFixture, extra: Partial<Parameters<typeof NetconfClient.connect>[0]> = {}): Promise<NetconfClient> {
  const c = await NetconfClient.connect({ ...f.options, ...extra });
  clients.push(c);
  return c;
}

describe('NetconfClient against the lab server', () => {
  it('negotiates base:1.1, edits the candidate, commits, and reads back intact text', async () => {
    lab = await startLab();
    const c = await connect(lab);
    expect(c.session.framing).toBe('chunked');
    expect(c.sessionId).toBeGreaterThan(0);
    expect(c.capabilities.has(':candidate')).toBe(true);
    const tricky = 'tenant <A&B> ]]>]]> 中文 "quoted" 00123';
    await c.lock('candidate');
    await c.editConfig('candidate', iface('ge-0/0/1.100', tricky));
    await c.validate('candidate');
    await c.commit();
    await c.unlock('candidate');
    const data = await c.getConfig('running', FILTER);
    const got = child(child(data, 'interfaces', IF)!, 'interface', IF)!;
    expect(childText(got, 'description', IF)).toBe(tricky);
    expect(serialize(lab.server.datastores.running)).toContain('00123');
  });

  it('works over base:1.0 and with key authentication', async () => {
    lab = await startLab({ base11: false });
    const { password: _unused, ...noPassword } = lab.options;
    const c = await connect(lab, { ...noPassword, privateKeyFile: lab.clientKeyFile } as never);
    expect(c.session.framing).toBe('eom');
    await c.editConfig('candidate', iface('x', 'a ]]>]]> b'));
    const data = await c.getConfig('candidate', FILTER);
    expect(childText(child(child(data, 'interfaces', IF)!, 'interface', IF)!, 'description', IF)).toBe('a ]]>]]> b');
  });

  it('parses rpc-errors: data-exists with path, and lock-denied with the holder session id', async () => {
    lab = await startLab();
    const a = await connect(lab);
    const b = await connect(lab);
    await a.editConfig('candidate', iface('e1', 'x'));
    const err = await a.editConfig('candidate', iface('e1', 'x', 'create')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcError);
    expect((err as RpcError).first).toMatchObject({ type: 'application', tag: 'data-exists', severity: 'error' });
    expect((err as RpcError).first.path).toContain("interface[name='e1']");
    await a.discardChanges();
    await a.lock('candidate');
    const denied = await b.lock('candidate').catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(LockDeniedError);
    expect((denied as LockDeniedError).holderSessionId).toBe(a.sessionId);
  });

  it('confirmed commit rolls back when not confirmed, and stays when confirmed with persist-id', async () => {
    lab = await startLab();
    const c = await connect(lab);
    await c.editConfig('candidate', iface('rb', 'temp'));
    await c.commit({ confirmed: true, confirmTimeoutS: 1 });
    expect(serialize(lab.server.datastores.running)).toContain('temp');
    await new Promise((r) => setTimeout(r, 1600));
    expect(serialize(lab.server.datastores.running)).not.toContain('temp');
    // The confirming session is opened first so that a slow handshake cannot race the timer.
    const other = await connect(lab);
    await c.editConfig('candidate', iface('keep', 'kept'));
    await c.commit({ confirmed: true, confirmTimeoutS: 1, persist: 'tok-1' });
    await other.commit({ persistId: 'tok-1' });
    await new Promise((r) => setTimeout(r, 1500));
    expect(serialize(lab.server.datastores.running)).toContain('kept');
  });

  it('cancel-commit rolls back now', async () => {
    lab = await startLab();
    const c = await connect(lab);
    await c.editConfig('candidate', iface('cc', 'cancel-me'));
    await c.commit({ confirmed: true, confirmTimeoutS: 60 });
    await c.cancelCommit();
    expect(serialize(lab.server.datastores.running)).not.toContain('cancel-me');
  });

  it('checks capabilities before sending', async () => {
    lab = await startLab();
    const c = await connect(lab);
    await expect(c.getConfig('running', { xpath: '/if:interfaces', namespaces: { if: IF } })).rejects.toBeInstanceOf(CapabilityError);
    await expect(c.editConfig('running', iface('a', 'b'))).rejects.toBeInstanceOf(CapabilityError);
  });

  it('times out one RPC without closing the session; rejects pending RPCs when the connection drops', async () => {
    lab = await startLab({ faults: { delayMs: { get: 800 } } });
    const c = await connect(lab, { rpcTimeoutMs: 200 });
    await expect(c.get()).rejects.toBeInstanceOf(TimeoutError);
    // The server is still busy with the get: the session stays usable with a longer timeout.
    await c.getConfig('running', undefined, { timeoutMs: 3000 });
    lab.server.faults.dropAt = { operation: 'commit', phase: 'after' };
    await expect(c.commit()).rejects.toBeInstanceOf(SessionClosedError);
    await expect(c.getConfig('running')).rejects.toBeInstanceOf(SessionClosedError);
  });

  it('kill-session ends the other session and releases its lock', async () => {
    lab = await startLab();
    const a = await connect(lab);
    const b = await connect(lab);
    await a.lock('candidate');
    await b.killSession(a.sessionId);
    await b.lock('candidate');
    await expect(a.getConfig('running')).rejects.toBeInstanceOf(SessionClosedError);
  });

  it('subtree filters select list entries by key', async () => {
    lab = await startLab();
    const c = await connect(lab);
    await c.editConfig('candidate', iface('a', 'A'));
    await c.editConfig('candidate', iface('b', 'B'));
    const data = await c.getConfig('candidate', { subtree: `<interfaces xmlns="${IF}"><interface><name>b</name></interface></interfaces>` });
    const entries = childrenNamed(child(data, 'interfaces', IF)!, 'interface', IF);
    expect(entries.map((e) => childText(e, 'description', IF))).toEqual(['B']);
  });

  it('SSH keepalives detect a silent peer: the session closes and the pending RPC is rejected', async () => {
    lab = await startLab();
    // A TCP relay that can go silent (a cable pulled mid-session) without closing anything.
    let frozen = false;
    const sockets: Socket[] = [];
    const relay = createServer((inbound) => {
      const outbound = createConnection({ host: '127.0.0.1', port: lab!.server.port });
      sockets.push(inbound, outbound);
      inbound.on('data', (d) => { if (!frozen) outbound.write(d); });
      outbound.on('data', (d) => { if (!frozen) inbound.write(d); });
      inbound.on('error', () => undefined);
      outbound.on('error', () => undefined);
    });
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
    try {
      const port = (relay.address() as { port: number }).port;
      const c = await connect(lab, { port, keepaliveIntervalMs: 100, keepaliveCountMax: 2, rpcTimeoutMs: 10_000 });
      frozen = true;
      const t0 = Date.now();
      await expect(c.getConfig('running')).rejects.toBeInstanceOf(SessionClosedError);
      expect(Date.now() - t0).toBeLessThan(3000);
    } finally {
      for (const s of sockets) s.destroy();
      relay.close();
    }
  });
});
