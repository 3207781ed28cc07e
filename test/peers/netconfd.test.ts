/**
 * The NETCONF client against a real server: yuma123 netconfd 2.13 behind OpenSSH
 * (test/peers/netconfd/start.sh: netns ecpa-nc, 127.0.0.1:18830, user netconf).
 * The host key is pinned to the fingerprint of the generated sshd host key.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NetconfClient, type NetconfConnectOptions } from '../../drivers/netconf/client.js';
import { HostKeyError, LockDeniedError, RpcError } from '../../drivers/netconf/errors.js';
import { parseFragment } from '../../drivers/netconf/operations.js';
import { YUMA123, STANDARD } from '../../drivers/netconf/quirks.js';
import { TransactionError, runTransaction } from '../../drivers/netconf/transaction.js';
import { child, childText, childrenNamed, type XmlElement } from '../../drivers/netconf/xml.js';
import { xmlContains } from '../../drivers/netconf/xml-compare.js';
import { peerAvailable, peerRunDir } from '../support/peer.js';
import { probeDevice } from '../../agent/cli/commands/device-probe.js';

const PORT = 18830;
const RUN = peerRunDir('netconfd');
const IF = 'urn:ietf:params:xml:ns:yang:ietf-interfaces';
const FILTER = { subtree: `<interfaces xmlns="${IF}"/>` };
const TRICKY = 'tenant <A&B> ]]>]]> "x" 中文 00123';

function iface(name: string, description: string, op = 'merge'): XmlElement[] {
  const esc = description.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return parseFragment(`<interfaces xmlns="${IF}" xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"><interface nc:operation="${op}"><name>${name}</name>` +
    `<description>${esc}</description><type xmlns:ianaift="urn:ietf:params:xml:ns:yang:iana-if-type">ianaift:ethernetCsmacd</type></interface></interfaces>`);
}

function pinnedFingerprint(): string {
  const pub = readFileSync(join(RUN, 'ssh', 'ssh_host_ed25519_key.pub'), 'utf8').trim().split(/\s+/)[1] as string;
  return `SHA256:${createHash('sha256').update(Buffer.from(pub, 'base64')).digest('base64').replace(/=+$/, '')}`;
}

const secret = (v: string) => ({ reveal: () => v, describe: () => 'inline' });

const available = await peerAvailable('netconfd', async () => {
  if (!existsSync(join(RUN, 'ssh', 'ssh_host_ed25519_key.pub'))) throw new Error(`no ${RUN}/ssh/ssh_host_ed25519_key.pub (run bash test/peers/netconfd/start.sh)`);
  return new Promise<boolean>((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port: PORT }, () => { s.end(); resolve(true); });
    s.on('error', () => resolve(false));
  });
});

function options(extra: Partial<NetconfConnectOptions> = {}): NetconfConnectOptions {
  return {
    host: '127.0.0.1', port: PORT, username: 'netconf', password: secret('netconf'),
    hostKey: { fingerprint: pinnedFingerprint(), trustOnFirstUse: false },
    connectTimeoutMs: 10_000, keepaliveIntervalMs: 5_000, rpcTimeoutMs: 15_000, device: 'netconfd',
    settleAfterHelloMs: 200, // yuma123 quirk: see SessionOptions.settleAfterHelloMs
    ...extra,
  };
}

const names = (data: XmlElement): string[] =>
  childrenNamed(child(data, 'interfaces', IF) ?? data, 'interface', IF).map((e) => childText(e, 'name', IF) ?? '');

describe.skipIf(!available)('NETCONF client against yuma123 netconfd', () => {
  let c: NetconfClient;
  beforeAll(async () => {
    c = await NetconfClient.connect(options());
    // Start clean: an earlier aborted run may have left entries.
    await c.discardChanges();
    const running = await c.getConfig('running', FILTER);
    if (names(running).length > 0) {
      for (const n of names(running)) await c.editConfig('candidate', iface(n, '', 'remove'));
      await c.commit();
    }
  }, 60_000);
  afterAll(async () => {
    if (!c) return;
    await c.discardChanges().catch(() => undefined);
    const running = await c.getConfig('running', FILTER).catch(() => undefined);
    if (running && names(running).length > 0) {
      for (const n of names(running)) await c.editConfig('candidate', iface(n, '', 'remove'));
      await c.commit();
    }
    await c.closeSession();
  }, 60_000);

  it('negotiates base:1.1 (chunked) with a session id, and announces candidate + confirmed-commit:1.1', () => {
    expect(c.session.framing).toBe('chunked');
    expect(c.sessionId).toBeGreaterThan(0);
    expect(c.capabilities.has(':base:1.1')).toBe(true);
    expect(c.capabilities.has(':candidate')).toBe(true);
    expect(c.capabilities.has(':confirmed-commit:1.1')).toBe(true);
    expect(c.capabilities.modules().some((m) => m.module === 'ietf-interfaces')).toBe(true);
    expect(c.hostKey?.fingerprint).toBe(pinnedFingerprint());
  });

  it('lock, edit-config the candidate, validate, get-config the candidate with the text intact, unlock', async () => {
    await c.lock('candidate');
    await c.editConfig('candidate', iface('mv1', TRICKY));
    await c.validate('candidate');
    const cand = await c.getConfig('candidate', FILTER);
    const entry = childrenNamed(child(cand, 'interfaces', IF)!, 'interface', IF).find((e) => childText(e, 'name', IF) === 'mv1');
    expect(childText(entry!, 'description', IF)).toBe(TRICKY);
    // netconfd gotcha 7: after <validate> a commit would be a silent no-op until discard-changes.
    await c.discardChanges();
    await c.unlock('candidate');
  });

  it('a confirmed commit that is not confirmed rolls back', async () => {
    await c.editConfig('candidate', iface('mv2', 'rollback-me'));
    await c.commit({ confirmed: true, confirmTimeoutS: 2 });
    expect(names(await c.getConfig('running', FILTER))).toContain('mv2');
    await new Promise((r) => setTimeout(r, 4_000));
    expect(names(await c.getConfig('running', FILTER))).not.toContain('mv2');
    await c.discardChanges();
  });

  it('a confirmed commit then confirm (persist / persist-id from a second session) stays', async () => {
    // The second session is opened first: netconfd's confirm timer has one-second resolution and
    // was seen to fire in under 2 s for confirm-timeout 2, so the confirm must not wait on a handshake.
    const other = await NetconfClient.connect(options({ privateKeyFile: join(RUN, 'ssh', 'client_ed25519') }));
    try {
      await c.editConfig('candidate', iface('mv3', TRICKY));
      await c.commit({ confirmed: true, confirmTimeoutS: 4, persist: 'ecpa-peer-1' });
      await other.commit({ persistId: 'ecpa-peer-1' }, { timeoutMs: 10_000 });
    } finally {
      await other.closeSession();
    }
    await new Promise((r) => setTimeout(r, 5_000));
    const running = await c.getConfig('running', FILTER);
    const entry = childrenNamed(child(running, 'interfaces', IF)!, 'interface', IF).find((e) => childText(e, 'name', IF) === 'mv3');
    expect(childText(entry!, 'description', IF)).toBe(TRICKY);
  });

  it('an invalid edit gives a parsed rpc-error', async () => {
    const err = await c.editConfig('candidate', iface('mv3', 'again', 'create')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcError);
    expect((err as RpcError).first.tag).toBe('data-exists');
    expect((err as RpcError).first.severity).toBe('error');
    const bad = parseFragment(`<interfaces xmlns="${IF}"><interface><name>mv4</name><type xmlns:ianaift="urn:ietf:params:xml:ns:yang:iana-if-type">ianaift:noSuchType</type></interface></interfaces>`);
    const err2 = await c.editConfig('candidate', bad).catch((e: unknown) => e);
    expect(err2).toBeInstanceOf(RpcError);
    expect((err2 as RpcError).first.tag).toBe('invalid-value');
    expect((err2 as RpcError).first.path).toMatch(/interface/);
    await c.discardChanges();
  });

  it('lock-denied from a second session names the holder', async () => {
    await c.lock('candidate');
    const other = await NetconfClient.connect(options());
    try {
      const err = await other.lock('candidate').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LockDeniedError);
      expect((err as LockDeniedError).holderSessionId).toBe(c.sessionId);
    } finally {
      await other.closeSession();
      await c.unlock('candidate');
    }
  });

  it('the transaction helper commits with the yuma123 profile, verified by re-reading', async () => {
    const config = iface('mv4', 'via transaction');
    const result = await runTransaction(c, {
      config, confirmTimeoutS: 30, quirks: YUMA123,
      verify: async (cl) => xmlContains(await cl.getConfig('running', FILTER), (await cl.getConfig('candidate', FILTER))),
    });
    expect(result.validated).toBe(false);
    expect(names(await c.getConfig('running', FILTER))).toContain('mv4');
  });

  it('with the standard profile, verification catches gotcha 7 (validate then commit is a no-op) and rolls back', async () => {
    const expected = parseFragment(`<interfaces xmlns="${IF}"><interface><name>mv1</name><description>standard profile</description></interface></interfaces>`)[0]!;
    const err = await runTransaction(c, {
      config: iface('mv1', 'standard profile'), confirmTimeoutS: 30, quirks: STANDARD,
      verify: async (cl) => {
        const data = await cl.getConfig('running', FILTER);
        return xmlContains(child(data, 'interfaces', IF) ?? data, expected);
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransactionError);
    expect((err as TransactionError).phase).toBe('verify');
    // Cleanup ran: the lock is free and the candidate is clean.
    await c.lock('candidate');
    await c.unlock('candidate');
    expect(names(await c.getConfig('running', FILTER))).not.toContain('mv1');
  });

  it('a commit netconfd rejects sends no cancel-commit (nothing pending): discard and unlock only, no cleanup error', async () => {
    const cancel = vi.spyOn(c, 'cancelCommit');
    const other = await NetconfClient.connect(options());
    const seen: string[] = [];
    try {
      const err = await runTransaction(c, {
        config: iface('mv5', 'rejected commit'), confirmTimeoutS: 30, quirks: YUMA123, verify: async () => true,
        // Inside the lock (a second session cannot take the candidate), the second session locks
        // running, so netconfd must refuse the commit (RFC 6241 §7.5).
        beforeEdit: async () => {
          seen.push(await other.lock('candidate').then(() => 'candidate free', (e: unknown) => (e instanceof LockDeniedError ? 'candidate locked' : String(e))));
          await other.lock('running');
        },
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TransactionError);
      expect((err as TransactionError).phase).toBe('commit');
      expect((err as TransactionError).cause).toBeInstanceOf(RpcError);
      expect((err as TransactionError).commitRejected).toBe(true);
      expect((err as TransactionError).cleanupErrors).toEqual([]);
      expect(cancel).not.toHaveBeenCalled();
      expect(seen).toEqual(['candidate locked']);
    } finally {
      cancel.mockRestore();
      await other.unlock('running').catch(() => undefined);
      await other.closeSession();
    }
    await c.lock('candidate');
    await c.unlock('candidate');
    expect(names(await c.getConfig('running', FILTER))).not.toContain('mv5');
    expect(names(await c.getConfig('candidate', FILTER))).not.toContain('mv5');
  });

  it('refuses a wrong pinned fingerprint and an unknown known_hosts entry', async () => {
    const wrong = `SHA256:${'A'.repeat(43)}`;
    await expect(NetconfClient.connect(options({ hostKey: { fingerprint: wrong, trustOnFirstUse: false } }))).rejects.toBeInstanceOf(HostKeyError);
    const kh = join(mkdtempSync(join(tmpdir(), 'ecpa-kh-')), 'known_hosts');
    await expect(NetconfClient.connect(options({ hostKey: { knownHosts: kh, trustOnFirstUse: false } }))).rejects.toMatchObject({ problem: 'unknown' });
    const tofu = await NetconfClient.connect(options({ hostKey: { knownHosts: kh, trustOnFirstUse: true } }));
    expect(tofu.hostKey?.recorded).toBe(true);
    await tofu.closeSession();
    expect(readFileSync(kh, 'utf8')).toMatch(/^\|1\|/);
    const again = await NetconfClient.connect(options({ hostKey: { knownHosts: kh, trustOnFirstUse: false } }));
    expect(again.hostKey?.recorded).toBe(false);
    await again.closeSession();
  });

  it('ecpa device probe reads its hello (key auth, pinned host key)', async () => {
    const result = await probeDevice({
      id: 'netconfd', address: '127.0.0.1', platform: 'openconfig', autoApply: false,
      netconf: {
        port: PORT, username: 'netconf', privateKeyFile: join(RUN, 'ssh', 'client_ed25519'),
        hostKey: { fingerprint: pinnedFingerprint(), trustOnFirstUse: false },
        connectTimeoutMs: 10_000, keepaliveIntervalMs: 0, rpcTimeoutMs: 10_000,
      },
    });
    expect(result).toMatchObject({ device: 'netconfd', framing: 'base:1.1', platform: { configured: 'openconfig' } });
    expect(result.sessionId).toBeGreaterThan(0);
    expect(result.modules.map((m) => m.module)).toContain('ietf-interfaces');
    expect(result.platform.guessed).toBeUndefined();
  });

  it('get with state data, an xpath filter with declared prefixes, copy-config running → startup', async () => {
    const state = await c.get({ subtree: `<interfaces-state xmlns="${IF}"><interface><name>lo</name></interface></interfaces-state>` });
    expect(childText(child(child(state, 'interfaces-state', IF)!, 'interface', IF)!, 'name', IF)).toBe('lo');
    const x = await c.get({ xpath: "/if:interfaces-state/if:interface[if:name='lo']/if:statistics/if:in-octets", namespaces: { if: IF } });
    const octets = child(child(child(child(x, 'interfaces-state', IF)!, 'interface', IF)!, 'statistics', IF)!, 'in-octets', IF)!.text;
    expect(octets).toMatch(/^\d+$/);
    await c.copyConfig('startup', 'running');
  });
});
