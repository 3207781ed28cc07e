/**
 * The lab server as a Junos device, RPC by RPC, over SSH with the project's client: lock- and
 * unlock-configuration, load-configuration (merge / replace / override, delete="delete",
 * replace="replace", rollback N, refusals), get-configuration and get-config (always a
 * `<configuration>`, empty when nothing matches), commit-configuration (check, confirmed in
 * minutes with a real rollback timer, confirm from any session, survives the session's end),
 * Junos-style nested rpc-errors; and Junos RPCs refused by a non-Junos lab server.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NetconfClient } from '../../../../drivers/netconf/client.js';
import { LockDeniedError, RpcError } from '../../../../drivers/netconf/errors.js';
import { checkJunosReply, nestedRpcErrors } from '../../../../drivers/netconf/junos-transaction.js';
import type { RpcReply } from '../../../../drivers/netconf/session.js';
import { canonicalize } from '../../../../drivers/netconf/xml-compare.js';
import { parseXml } from '../../../../drivers/netconf/xml-parse.js';
import { serialize, type XmlElement } from '../../../../drivers/netconf/xml.js';
import { junosDriver } from '../../../../drivers/vendors/junos.js';
import { startLab, type LabFixture } from './lab-fixture.js';

// A lab "minute": long enough that a loaded CI machine (tests in parallel on 2 cores) finishes a step
// well inside it; 150 ms flaked there.
const MINUTE_MS = 1000;
let lab: LabFixture | undefined;
const clients: NetconfClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await lab?.server.stop();
  lab = undefined;
});

async function junosLab(initial?: string): Promise<{ lab: LabFixture; c: NetconfClient }> {
  lab = await startLab({ junos: { minuteMs: MINUTE_MS }, ...(initial !== undefined ? { initialConfig: initial } : {}) });
  return { lab, c: await connect() };
}

async function connect(): Promise<NetconfClient> {
  const c = await NetconfClient.connect((lab as LabFixture).options);
  clients.push(c);
  return c;
}

const rpc = (c: NetconfClient, xml: string): Promise<RpcReply> => c.rpc(parseXml(xml));
const text = (el: XmlElement): string => serialize(el);
const candidate = (l: LabFixture): string => text(l.server.datastores.candidate);
const running = (l: LabFixture): string => text(l.server.datastores.running);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const UNIT = (vlan: number, d: string): string => `<unit><name>${vlan}</name><description>${d}</description><vlan-id>${vlan}</vlan-id></unit>`;
const load = (body: string, action = 'merge'): string => `<load-configuration action="${action}" format="xml"><configuration>${body}</configuration></load-configuration>`;
const SCOPE = { ownershipPrefix: 'ecpa:', ports: ['xe-0/0/1'] };

describe('lab Junos server', () => {
  it('announces the Junos capabilities and answers an empty filtered get-config with an empty <configuration/> the driver reads as nothing configured', async () => {
    const { lab, c } = await junosLab();
    expect(lab.server.capabilities).toContain('http://xml.juniper.net/netconf/junos/1.0');
    expect(lab.server.capabilities.some((cap) => cap.includes('confirmed-commit:1.1'))).toBe(false);
    const data = await c.getConfig('running', { subtree: junosDriver.filter(SCOPE).children });
    expect(data.children.map((x) => x.name)).toEqual(['configuration']);
    expect(data.children[0]?.children).toEqual([]);
    expect(junosDriver.parse(data, SCOPE)).toEqual({ subinterfaces: [], policers: [], arp: null, icmp: null });
    const all = await c.getConfig('running');
    expect(all.children[0]?.name).toBe('configuration');
  });

  it('load-configuration merges by default, keyed by name; get-configuration reads candidate (default) or committed', async () => {
    const { lab, c } = await junosLab();
    await c.lock('candidate');
    const r = await rpc(c, load(`<interfaces><interface><name>xe-0/0/1</name><vlan-tagging/>${UNIT(100, 'a')}</interface></interfaces>`));
    expect(checkJunosReply('load-configuration', r)).toEqual([]);
    expect(serialize(r.xml)).toContain('<load-configuration-results><ok/></load-configuration-results>');
    await rpc(c, load(`<interfaces><interface><name>xe-0/0/1</name>${UNIT(200, 'b')}<unit><name>100</name><description>a2</description></unit></interface></interfaces>`));
    const cand = (await rpc(c, '<get-configuration database="candidate"><configuration><interfaces/></configuration></get-configuration>')).xml.children[0] as XmlElement;
    expect(cand.name).toBe('configuration');
    expect(cand.namespace).toBe('http://xml.juniper.net/xnm/1.1/xnm');
    const s = text(cand);
    expect(s).toContain('<description>a2</description>');
    expect(s).toContain('<description>b</description>');
    expect(s.match(/<name>100<\/name>/g)).toHaveLength(1);
    const committed = (await rpc(c, '<get-configuration database="committed"><configuration><interfaces/></configuration></get-configuration>')).xml.children[0] as XmlElement;
    expect(committed.children).toEqual([]);
    expect(running(lab)).not.toContain('xe-0/0/1');
  });

  it('action="replace" replaces elements marked replace="replace" (merge ignores the mark); delete="delete" removes; deleting what is gone is a warning', async () => {
    const seed = `<configuration><firewall><policer><name>p1</name><if-exceeding><bandwidth-limit>100m</bandwidth-limit><burst-size-limit>1250000</burst-size-limit></if-exceeding><then><discard/></then></policer></firewall><interfaces><interface><name>xe-0/0/1</name>${UNIT(100, 'a')}${UNIT(3000, 'operator')}</interface></interfaces></configuration>`;
    const { lab, c } = await junosLab(`<data xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">${seed}</data>`);
    await c.lock('candidate');
    const newPolicer = '<firewall><policer replace="replace"><name>p1</name><if-exceeding><bandwidth-limit>200m</bandwidth-limit></if-exceeding></policer></firewall>';
    await rpc(c, load(newPolicer, 'merge'));
    expect(candidate(lab)).toContain('<burst-size-limit>1250000</burst-size-limit>'); // merged: old leaves stay
    await rpc(c, load(newPolicer, 'replace'));
    expect(candidate(lab)).not.toContain('burst-size-limit');
    expect(candidate(lab)).not.toContain('<discard/>');
    expect(candidate(lab)).toContain('200m');
    const r = await rpc(c, load('<interfaces><interface><name>xe-0/0/1</name><unit delete="delete"><name>100</name></unit><unit delete="delete"><name>999</name></unit></interface></interfaces>', 'replace'));
    const warnings = checkJunosReply('load-configuration', r);
    expect(warnings).toEqual([expect.objectContaining({ severity: 'warning', path: '[edit interfaces interface xe-0/0/1]', message: 'statement not found: unit 999' })]);
    expect(candidate(lab)).not.toContain('<name>100</name>');
    expect(candidate(lab)).toContain('operator');
  });

  it('refuses nc:operation and unknown attributes inside load-configuration-results (load-error-count), all or nothing; format text and a missing <configuration> are rpc-errors', async () => {
    const { lab, c } = await junosLab();
    await c.lock('candidate');
    const before = candidate(lab);
    const r = await rpc(c, `<load-configuration action="merge" format="xml"><configuration><system><host-name>x</host-name></system><interfaces xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"><interface nc:operation="delete"><name>xe-0/0/1</name></interface></interfaces></configuration></load-configuration>`);
    expect(serialize(r.xml)).toContain('<load-error-count>1</load-error-count>');
    expect(() => checkJunosReply('load-configuration', r)).toThrow(/bad-attribute at \[edit interfaces interface xe-0\/0\/1\]: load-configuration takes Junos attributes/);
    expect(candidate(lab)).toBe(before);
    const inactive = await rpc(c, load('<system inactive="inactive"><host-name>x</host-name></system>'));
    expect(nestedRpcErrors(inactive.xml)[0]?.info).toEqual({ 'bad-attribute': 'inactive', 'bad-element': 'system' });
    await expect(rpc(c, '<load-configuration format="text"><configuration-text>system { }</configuration-text></load-configuration>')).rejects.toThrow(/operation-not-supported.*format="xml" only/);
    await expect(rpc(c, '<load-configuration action="merge"/>')).rejects.toThrow(/missing-element/);
    await expect(rpc(c, load('', 'set'))).rejects.toThrow(/action="set" is not supported/);
  });

  it('action="override" makes the loaded configuration the whole candidate; rollback="0" discards, rollback="1" loads the previous commit', async () => {
    const { lab, c } = await junosLab('<data xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><configuration><system><host-name>old</host-name></system></configuration></data>');
    await c.lock('candidate');
    await rpc(c, load('<interfaces><interface><name>xe-0/0/1</name></interface></interfaces>', 'override'));
    expect(candidate(lab)).not.toContain('host-name');
    await rpc(c, '<load-configuration rollback="0"/>');
    expect(candidate(lab)).toBe(running(lab));
    await rpc(c, load('<system><host-name>new</host-name></system>'));
    checkJunosReply('commit-configuration', await rpc(c, '<commit-configuration/>'));
    expect(running(lab)).toContain('new');
    await rpc(c, '<load-configuration rollback="1"/>');
    expect(candidate(lab)).toContain('<host-name>old</host-name>');
    const missing = await rpc(c, '<load-configuration rollback="7"/>');
    expect(nestedRpcErrors(missing.xml)[0]?.message).toMatch(/rollback 7: no such rollback/);
  });

  it('lock-configuration is the exclusive candidate lock: another session is denied lock, load and commit (holder named)', async () => {
    const { lab, c } = await junosLab();
    const other = await connect();
    expect((await rpc(c, '<lock-configuration/>')).ok).toBe(true);
    const denied = await rpc(other, '<lock-configuration/>').catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(LockDeniedError);
    expect((denied as LockDeniedError).holderSessionId).toBe(c.sessionId);
    await expect(other.lock('candidate')).rejects.toBeInstanceOf(LockDeniedError);
    const r = await rpc(other, load('<system><host-name>x</host-name></system>'));
    expect(() => checkJunosReply('load-configuration', r)).toThrow(LockDeniedError);
    const cr = await rpc(other, '<commit-configuration/>');
    expect(() => checkJunosReply('commit-configuration', cr)).toThrow(/configuration database locked by: netconf netconf session/);
    expect(candidate(lab)).not.toContain('host-name');
    expect((await rpc(c, '<unlock-configuration/>')).ok).toBe(true);
    expect(lab.server.state.locks.size).toBe(0);
    expect((await rpc(other, '<lock-configuration/>')).ok).toBe(true);
  });

  it('commit-configuration check validates without committing; a refused check nests the errors and "configuration check-out failed"', async () => {
    const { lab, c } = await junosLab();
    await c.lock('candidate');
    await rpc(c, load('<system><host-name>x</host-name></system>'));
    const ok = await rpc(c, '<commit-configuration><check/></commit-configuration>');
    expect(serialize(ok.xml)).toContain('<commit-check-success/>');
    expect(running(lab)).not.toContain('host-name');
    lab.server.faults.rejectValidate = { type: 'application', tag: 'invalid-value', path: '[edit system]', message: 'host-name: bad' };
    const bad = await rpc(c, '<commit-configuration><check/></commit-configuration>');
    let err: unknown;
    try {
      checkJunosReply('commit-configuration check', bad);
    } catch (e: unknown) {
      err = e;
    }
    expect(err).toBeInstanceOf(RpcError);
    expect((err as RpcError).errors.map((e) => e.message)).toEqual(['host-name: bad', 'configuration check-out failed']);
    expect(running(lab)).not.toContain('host-name');
  });

  it('a confirmed commit (confirm-timeout in minutes) rolls running and candidate back when not confirmed, even after its session ended', async () => {
    const { lab, c } = await junosLab();
    await c.lock('candidate');
    await rpc(c, load('<system><host-name>tmp</host-name></system>'));
    const before = canonicalize(lab.server.datastores.running);
    const started = Date.now();
    checkJunosReply('commit-configuration', await rpc(c, '<commit-configuration><confirmed/><confirm-timeout>2</confirm-timeout></commit-configuration>'));
    expect(running(lab)).toContain('tmp');
    expect(lab.server.state.pending?.deadline).toBeGreaterThanOrEqual(started + 2 * MINUTE_MS);
    c.close();
    await sleep(MINUTE_MS); // session gone, timer not yet expired: still applied
    expect(running(lab)).toContain('tmp');
    expect(lab.server.state.locks.size).toBe(0);
    await sleep(2 * MINUTE_MS + 100);
    expect(canonicalize(lab.server.datastores.running)).toBe(before);
    expect(candidate(lab)).not.toContain('tmp');
    expect(lab.server.state.rollbacks.map((r) => r.reason)).toEqual(['timeout']);
  });

  it('a later plain commit-configuration from any session confirms; confirm-timeout must be 1..65535 minutes with <confirmed/>', async () => {
    const { lab, c } = await junosLab();
    await c.lock('candidate');
    await rpc(c, load('<system><host-name>keep</host-name></system>'));
    for (const bad of ['<confirmed/><confirm-timeout>0</confirm-timeout>', '<confirmed/><confirm-timeout>65536</confirm-timeout>', '<confirm-timeout>5</confirm-timeout>']) {
      const r = await rpc(c, `<commit-configuration>${bad}</commit-configuration>`);
      expect(() => checkJunosReply('commit-configuration', r)).toThrow(/invalid-value/);
    }
    expect(running(lab)).not.toContain('keep');
    await rpc(c, '<commit-configuration><confirmed/><confirm-timeout>1</confirm-timeout><log>ecpa test</log></commit-configuration>');
    await rpc(c, '<unlock-configuration/>');
    const other = await connect();
    checkJunosReply('commit-configuration', await rpc(other, '<commit-configuration/>'));
    expect(lab.server.state.pending).toBeUndefined();
    await sleep(MINUTE_MS + 100);
    expect(running(lab)).toContain('keep');
    expect(lab.server.state.rollbacks).toEqual([]);
  });

  it('a rejected commit nests the error and leaves running unchanged', async () => {
    const { lab, c } = await junosLab();
    await c.lock('candidate');
    await rpc(c, load('<system><host-name>no</host-name></system>'));
    lab.server.faults.rejectCommit = { type: 'application', tag: 'operation-failed', message: 'commit failed: daemon said no' };
    const r = await rpc(c, '<commit-configuration><confirmed/><confirm-timeout>1</confirm-timeout></commit-configuration>');
    expect(() => checkJunosReply('commit-configuration', r)).toThrow(/daemon said no; operation-failed: configuration check-out failed/);
    expect(running(lab)).not.toContain('host-name');
    expect(lab.server.state.pending).toBeUndefined();
  });

  it('a non-Junos lab server refuses the Junos RPCs (generic semantics unchanged)', async () => {
    lab = await startLab();
    const c = await connect();
    await expect(rpc(c, load('<system/>'))).rejects.toThrow(/operation-not-supported.*load-configuration/);
    await expect(rpc(c, '<commit-configuration/>')).rejects.toThrow(/operation-not-supported/);
    expect(lab.server.capabilities.some((cap) => cap.includes('juniper'))).toBe(false);
  });
});
