/**
 * The Junos transaction against the lab server running as a Junos device: the RPC sequence, the
 * timeout in minutes, and every failure path (lock denied, load refused, check refused, commit
 * rejected, verification failed, connection lost after the confirmed commit): candidate discarded,
 * lock released, a pending confirmed commit rolled back by the device's timer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NetconfClient } from '../../../../drivers/netconf/client.js';
import { LockDeniedError, RpcError, SessionClosedError } from '../../../../drivers/netconf/errors.js';
import { JUNOS, JunosTransactionError, buildCommitConfiguration, buildLoadConfiguration, junosConfirmMinutes, runJunosTransaction } from '../../../../drivers/netconf/junos-transaction.js';
import { VerificationError, runTransaction } from '../../../../drivers/netconf/transaction.js';
import { parseXml } from '../../../../drivers/netconf/xml-parse.js';
import { serialize } from '../../../../drivers/netconf/xml.js';
import { startLab, type LabFixture } from './lab-fixture.js';

// A lab "minute": long enough that a loaded CI machine (tests in parallel on 2 cores) finishes a step
// well inside it; 150 ms flaked there.
const MINUTE_MS = 1000;
let lab: LabFixture | undefined;
let client: NetconfClient | undefined;
afterEach(async () => {
  client?.close();
  await lab?.server.stop();
  lab = undefined;
});

const CONFIG = (host: string) => parseXml(`<configuration><system><host-name replace="replace">${host}</host-name></system></configuration>`);
const running = (): string => serialize((lab as LabFixture).server.datastores.running);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function setup(): Promise<{ lab: LabFixture; c: NetconfClient }> {
  lab = await startLab({ junos: { minuteMs: MINUTE_MS } });
  client = await NetconfClient.connect(lab.options);
  return { lab, c: client };
}

function clean(l: LabFixture): void {
  expect(l.server.state.locks.size).toBe(0);
  expect(l.server.state.candidateDirty()).toBe(false);
}

async function failure(p: Promise<unknown>): Promise<JunosTransactionError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(JunosTransactionError);
  return e as JunosTransactionError;
}

describe('junosConfirmMinutes', () => {
  it('rounds seconds up to whole minutes, at least 1, and refuses what Junos cannot take', () => {
    expect([1, 59, 60, 61, 120, 121, 600].map(junosConfirmMinutes)).toEqual([1, 1, 1, 2, 2, 3, 10]);
    expect(() => junosConfirmMinutes(0)).toThrow(RangeError);
    expect(() => junosConfirmMinutes(Number.NaN)).toThrow(RangeError);
    expect(() => junosConfirmMinutes(65_536 * 60)).toThrow(/65535 minutes/);
  });

  it('builds the Junos RPCs (action and format attributes, confirmed + minutes, log)', () => {
    expect(serialize(buildLoadConfiguration(CONFIG('a')))).toMatch(/^<load-configuration xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" action="replace" format="xml"><configuration xmlns="">/);
    expect(serialize(buildCommitConfiguration({ confirmMinutes: 2, log: 'why' }))).toBe('<commit-configuration xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><confirmed/><confirm-timeout>2</confirm-timeout><log>why</log></commit-configuration>');
    expect(serialize(buildCommitConfiguration({ check: true }))).toContain('<check/></commit-configuration>');
    expect(() => buildLoadConfiguration(parseXml('<config/>'))).toThrow(/needs a <configuration>/);
  });
});

describe('runJunosTransaction', () => {
  it('lock → load-configuration → commit check → commit confirmed (minutes) → verify → confirming commit → unlock', async () => {
    const { lab, c } = await setup();
    const phases: string[] = [];
    let pendingAtVerify: number | undefined;
    let sent = 0;
    const r = await runJunosTransaction(c, {
      config: CONFIG('new'), confirmTimeoutS: 90, log: 'ecpa test',
      onPhase: (p) => {
        phases.push(p);
        if (p === 'commit') sent = Date.now();
      },
      verify: async () => {
        pendingAtVerify = lab.server.state.pending?.deadline;
        return running().includes('new');
      },
    });
    expect(phases).toEqual(['lock', 'edit', 'validate', 'commit', 'verify', 'confirm']);
    expect(r.validated).toBe(true);
    // 90 s → 2 Junos minutes
    expect((pendingAtVerify ?? 0) - sent).toBeGreaterThanOrEqual(2 * MINUTE_MS);
    expect((pendingAtVerify ?? 0) - sent).toBeLessThan(3 * MINUTE_MS);
    expect(running()).toContain('<host-name>new</host-name>');
    expect(lab.server.state.pending).toBeUndefined();
    expect(lab.server.state.counts.get('load-configuration')).toBe(1);
    expect(lab.server.state.counts.get('commit-configuration')).toBe(3);
    expect(lab.server.state.counts.get('edit-config')).toBeUndefined();
    clean(lab);
    await sleep(2 * MINUTE_MS + 100);
    expect(running()).toContain('new');
  });

  it('beforeEdit renders inside the lock; throwing there refuses the write', async () => {
    const { lab, c } = await setup();
    let locked = false;
    await runJunosTransaction(c, { beforeEdit: async () => { locked = lab.server.state.locks.get('candidate') === c.sessionId; return CONFIG('x'); }, confirmTimeoutS: 60, verify: async () => true });
    expect(locked).toBe(true);
    const e = await failure(runJunosTransaction(c, { beforeEdit: async () => { throw new Error('plan moved'); }, confirmTimeoutS: 60, verify: async () => true }));
    expect(e.phase).toBe('edit');
    expect(e.commitSent).toBe(false);
    expect(lab.server.state.counts.get('load-configuration')).toBe(2); // the first load + rollback 0 of the refusal
    clean(lab);
  });

  it('a refused commit check fails at validate; nothing committed', async () => {
    const { lab, c } = await setup();
    lab.server.faults.rejectValidate = { type: 'application', tag: 'invalid-value', path: '[edit system]', message: 'host-name: bad' };
    const e = await failure(runJunosTransaction(c, { config: CONFIG('x'), confirmTimeoutS: 60, verify: async () => true }));
    expect(e.phase).toBe('validate');
    expect(e.commitSent).toBe(false);
    expect(running()).not.toContain('host-name');
    clean(lab);
  });

  it('a failed verification leaves the confirmed commit to the device timer, discards and unlocks; the timer rolls it back', async () => {
    const { lab, c } = await setup();
    const e = await failure(runJunosTransaction(c, { config: CONFIG('bad'), confirmTimeoutS: 60, verify: async () => false }));
    expect(e.phase).toBe('verify');
    expect(e.cause).toBeInstanceOf(VerificationError);
    expect(e.commitSent).toBe(true);
    expect(e.rollback).toBe('timer');
    expect(e.commitRejected).toBe(false);
    expect(e.cleanupErrors).toEqual([]);
    clean(lab);
    expect(running()).toContain('bad');
    await sleep(MINUTE_MS + 100);
    expect(running()).not.toContain('bad');
    expect(lab.server.state.rollbacks.map((r) => r.reason)).toEqual(['timeout']);
  });

  it('a rejected commit (nested rpc-error) fails at commit with running untouched', async () => {
    const { lab, c } = await setup();
    lab.server.faults.rejectCommit = { type: 'application', tag: 'operation-failed', message: 'mgd: commit failed' };
    const e = await failure(runJunosTransaction(c, { config: CONFIG('y'), confirmTimeoutS: 60, verify: async () => true }));
    expect(e.phase).toBe('commit');
    expect(e.commitRejected).toBe(true);
    expect(e.cause).toBeInstanceOf(RpcError);
    expect((e.cause as RpcError).message).toMatch(/mgd: commit failed; operation-failed: configuration check-out failed/);
    expect(running()).not.toContain('host-name');
    expect(lab.server.state.pending).toBeUndefined();
    clean(lab);
  });

  it('a load Junos refuses fails at edit; nothing committed', async () => {
    const { lab, c } = await setup();
    lab.server.faults.rejectEdit = { type: 'protocol', tag: 'operation-failed', path: '[edit system]', message: 'syntax error' };
    const e = await failure(runJunosTransaction(c, { config: CONFIG('x'), confirmTimeoutS: 60, verify: async () => true }));
    expect(e.phase).toBe('edit');
    expect((e.cause as RpcError).message).toMatch(/load-configuration failed: operation-failed at \[edit system\]: syntax error/);
    expect(lab.server.state.counts.get('commit-configuration')).toBeUndefined();
    clean(lab);
  });

  it('lock denied: nothing else is sent', async () => {
    const { lab, c } = await setup();
    lab.server.faults.refuseLock = { holderSessionId: 77 };
    const e = await failure(runJunosTransaction(c, { config: CONFIG('x'), confirmTimeoutS: 60, verify: async () => true }));
    expect(e.phase).toBe('lock');
    expect((e.cause as LockDeniedError).holderSessionId).toBe(77);
    expect(lab.server.state.counts.get('load-configuration')).toBeUndefined();
  });

  it('connection lost after the confirmed commit: the device timer rolls the change back', async () => {
    const { lab, c } = await setup();
    lab.server.faults.dropAt = { operation: 'get-config' };
    const e = await failure(runJunosTransaction(c, { config: CONFIG('lost'), confirmTimeoutS: 30, verify: async (cl) => { await cl.getConfig('running'); } }));
    expect(e.phase).toBe('verify');
    expect(e.cause).toBeInstanceOf(SessionClosedError);
    expect(e.cleanupErrors.length).toBeGreaterThan(0);
    expect(running()).toContain('lost');
    await sleep(MINUTE_MS + 100);
    expect(running()).not.toContain('lost');
    expect(lab.server.state.locks.size).toBe(0);
  });

  it('the JUNOS quirk profile makes runTransaction (edit-config load) commit with commit-configuration in minutes', async () => {
    const { lab, c } = await setup();
    const r = await runTransaction(c, { config: '<configuration><system><host-name>viaedit</host-name></system></configuration>', confirmTimeoutS: 61, quirks: JUNOS, verify: async () => running().includes('viaedit') });
    expect(r.phases).toEqual(['lock', 'edit', 'validate', 'commit', 'verify', 'confirm']);
    expect(lab.server.state.counts.get('commit-configuration')).toBe(2);
    expect(lab.server.state.counts.get('commit')).toBeUndefined();
    expect(lab.server.state.pending).toBeUndefined();
    clean(lab);
  });
});
