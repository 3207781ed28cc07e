/** The transaction helper against the lab server: every failure path discards and unlocks. */
import { afterEach, describe, expect, it } from 'vitest';
import { NetconfClient } from '../../../../drivers/netconf/client.js';
import { LockDeniedError, RpcError } from '../../../../drivers/netconf/errors.js';
import { parseFragment } from '../../../../drivers/netconf/operations.js';
import { STANDARD, YUMA123 } from '../../../../drivers/netconf/quirks.js';
import { TransactionError, VerificationError, runTransaction } from '../../../../drivers/netconf/transaction.js';
import { serialize } from '../../../../drivers/netconf/xml.js';
import { startLab, type LabFixture } from './lab-fixture.js';

const IF = 'urn:ietf:params:xml:ns:yang:ietf-interfaces';
const config = (d: string) => parseFragment(`<interfaces xmlns="${IF}"><interface><name>t1</name><description>${d}</description></interface></interfaces>`);
let lab: LabFixture | undefined;
let client: NetconfClient | undefined;
afterEach(async () => {
  client?.close();
  await lab?.server.stop();
});

async function setup(): Promise<{ lab: LabFixture; c: NetconfClient }> {
  lab = await startLab();
  client = await NetconfClient.connect(lab.options);
  return { lab, c: client };
}

describe('runTransaction', () => {
  it('lock → edit → validate → commit confirmed (persist) → verify → confirm', async () => {
    const { lab, c } = await setup();
    const phases: string[] = [];
    const r = await runTransaction(c, { config: config('ok'), confirmTimeoutS: 30, verify: async () => true, onPhase: (p) => phases.push(p) });
    expect(phases).toEqual(['lock', 'edit', 'validate', 'commit', 'verify', 'confirm']);
    expect(r.validated).toBe(true);
    expect(serialize(lab.server.datastores.running)).toContain('ok');
    expect(lab.server.state.pending).toBeUndefined();
    expect(lab.server.state.locks.size).toBe(0);
  });

  it('skips validate with the yuma123 profile', async () => {
    const { c } = await setup();
    const r = await runTransaction(c, { config: config('y'), confirmTimeoutS: 30, verify: async () => true, quirks: YUMA123 });
    expect(r.phases).not.toContain('validate');
  });

  it('a failed verification cancels the confirmed commit, discards and unlocks', async () => {
    const { lab, c } = await setup();
    const err = await runTransaction(c, { config: config('bad'), confirmTimeoutS: 30, verify: async () => false, quirks: STANDARD }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransactionError);
    expect((err as TransactionError).phase).toBe('verify');
    expect((err as TransactionError).cause).toBeInstanceOf(VerificationError);
    expect((err as TransactionError).commitSent).toBe(true);
    expect(serialize(lab.server.datastores.running)).not.toContain('bad');
    expect(lab.server.state.rollbacks.map((r) => r.reason)).toEqual(['cancel']);
    expect(lab.server.state.locks.size).toBe(0);
    expect(lab.server.state.candidateDirty()).toBe(false);
  });

  it('a rejected commit discards and unlocks; running is untouched', async () => {
    const { lab, c } = await setup();
    lab.server.faults.rejectCommit = { type: 'application', tag: 'operation-failed', message: 'commit check failed' };
    const err = (await runTransaction(c, { config: config('x'), confirmTimeoutS: 30, verify: async () => true }).catch((e: unknown) => e)) as TransactionError;
    expect(err.phase).toBe('commit');
    expect(err.cause).toBeInstanceOf(RpcError);
    expect(lab.server.state.locks.size).toBe(0);
    expect(lab.server.state.candidateDirty()).toBe(false);
    expect(serialize(lab.server.datastores.running)).not.toContain('<description>x');
  });

  it('a rejected commit sends no cancel-commit (nothing is pending): only discard and unlock', async () => {
    const { lab, c } = await setup();
    lab.server.faults.rejectCommit = { type: 'application', tag: 'operation-failed', message: 'commit check failed' };
    const err = (await runTransaction(c, { config: config('x'), confirmTimeoutS: 30, verify: async () => true }).catch((e: unknown) => e)) as TransactionError;
    expect(err).toBeInstanceOf(TransactionError);
    expect(err.commitSent).toBe(true);
    expect(err.commitRejected).toBe(true);
    expect(err.cleanupErrors).toEqual([]);
    expect(lab.server.state.counts.get('cancel-commit')).toBeUndefined();
    expect(lab.server.state.counts.get('discard-changes')).toBe(1);
    expect(lab.server.state.counts.get('unlock')).toBe(1);
  });

  it('a commit whose reply never comes may be pending: cancel-commit is sent and rolls it back', async () => {
    lab = await startLab();
    client = await NetconfClient.connect({ ...lab.options, commitTimeoutMs: 300 });
    lab.server.faults.delayMs = { commit: 800 };
    const err = (await runTransaction(client, { config: config('late'), confirmTimeoutS: 30, verify: async () => true }).catch((e: unknown) => e)) as TransactionError;
    expect(err).toBeInstanceOf(TransactionError);
    expect(err.phase).toBe('commit');
    expect(err.commitRejected).toBe(false);
    expect(lab.server.state.counts.get('cancel-commit')).toBe(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(lab.server.state.pending).toBeUndefined();
    expect(lab.server.state.rollbacks.map((r) => r.reason)).toEqual(['cancel']);
    expect(serialize(lab.server.datastores.running)).not.toContain('late');
    expect(lab.server.state.locks.size).toBe(0);
  });

  it('beforeEdit runs inside the lock and its content replaces config', async () => {
    const { lab, c } = await setup();
    const seen: string[] = [];
    await runTransaction(c, {
      config: config('unused'),
      confirmTimeoutS: 30,
      verify: async () => true,
      onPhase: (p) => seen.push(p),
      beforeEdit: async (locked) => {
        expect(locked).toBe(c);
        seen.push(`hook locks=${lab.server.state.locks.size} edits=${lab.server.state.counts.get('edit-config') ?? 0}`);
        return config('from-hook');
      },
    });
    expect(seen.slice(0, 3)).toEqual(['lock', 'edit', 'hook locks=1 edits=0']);
    expect(serialize(lab.server.datastores.running)).toContain('from-hook');
    expect(serialize(lab.server.datastores.running)).not.toContain('unused');
  });

  it('beforeEdit returning nothing keeps config', async () => {
    const { lab, c } = await setup();
    await runTransaction(c, { config: config('plain'), confirmTimeoutS: 30, verify: async () => true, beforeEdit: async () => undefined });
    expect(serialize(lab.server.datastores.running)).toContain('plain');
  });

  it('a throwing beforeEdit aborts at edit before any edit-config, discards and unlocks', async () => {
    const { lab, c } = await setup();
    const refusal = new Error('plan moved');
    const err = (await runTransaction(c, { config: config('never'), confirmTimeoutS: 30, verify: async () => true, beforeEdit: async () => { throw refusal; } }).catch((e: unknown) => e)) as TransactionError;
    expect(err).toBeInstanceOf(TransactionError);
    expect(err.phase).toBe('edit');
    expect(err.cause).toBe(refusal);
    expect(err.commitSent).toBe(false);
    expect(lab.server.state.counts.get('edit-config')).toBeUndefined();
    expect(lab.server.state.counts.get('commit')).toBeUndefined();
    expect(lab.server.state.counts.get('discard-changes')).toBe(1);
    expect(lab.server.state.locks.size).toBe(0);
    expect(serialize(lab.server.datastores.running)).not.toContain('never');
  });

  it('a refused lock fails at lock with the holder, touching nothing', async () => {
    const { lab, c } = await setup();
    lab.server.faults.refuseLock = { holderSessionId: 77 };
    const err = (await runTransaction(c, { config: config('x'), confirmTimeoutS: 30, verify: async () => true }).catch((e: unknown) => e)) as TransactionError;
    expect(err.phase).toBe('lock');
    expect((err.cause as LockDeniedError).holderSessionId).toBe(77);
    expect(lab.server.state.counts.get('edit-config')).toBeUndefined();
  });

  it('a connection dropped after the confirmed commit: the lab rolls back only when not persisted', async () => {
    const { lab, c } = await setup();
    lab.server.faults.dropAt = { operation: 'commit', nth: 2, phase: 'before' };
    const err = (await runTransaction(c, { config: config('dropped'), confirmTimeoutS: 1, verify: async () => true }).catch((e: unknown) => e)) as TransactionError;
    expect(err.phase).toBe('confirm');
    // persisted confirmed commit survives the session; its timer rolls it back
    expect(serialize(lab.server.datastores.running)).toContain('dropped');
    await new Promise((r) => setTimeout(r, 1600));
    expect(serialize(lab.server.datastores.running)).not.toContain('dropped');
    expect(lab.server.state.rollbacks.map((r) => r.reason)).toEqual(['timeout']);
  });

  it('a quirk profile with its own confirmed-commit hook replaces the standard commit RPCs (the Junos path)', async () => {
    const { lab, c } = await setup();
    const calls: string[] = [];
    const quirks = {
      name: 'vendor-hook', skipValidate: true, usePersist: false,
      confirmedCommit: {
        commitConfirmed: async (cl: NetconfClient, timeoutS: number, token: string) => {
          calls.push(`confirmed ${timeoutS} ${token}`);
          await cl.commit({ confirmed: true, confirmTimeoutS: timeoutS });
        },
        confirm: async (cl: NetconfClient, token: string) => {
          calls.push(`confirm ${token}`);
          await cl.commit();
        },
      },
    };
    await runTransaction(c, { config: config('hooked'), confirmTimeoutS: 60, verify: async () => true, quirks, persistToken: 'tk' });
    expect(calls).toEqual(['confirmed 60 tk', 'confirm tk']);
    expect(serialize(lab.server.datastores.running)).toContain('hooked');
    expect(lab.server.state.pending).toBeUndefined();
  });

  it('an aborted signal stops the transaction and still releases the lock', async () => {
    const { lab, c } = await setup();
    lab.server.faults.delayMs = { 'edit-config': 300 };
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('operator pressed ^C')), 100);
    const err = (await runTransaction(c, { config: config('abort'), confirmTimeoutS: 60, verify: async () => true, signal: ac.signal }).catch((e: unknown) => e)) as TransactionError;
    expect(err.phase).toBe('edit');
    expect((err.cause as Error & { code: string }).code).toBe('ECPA_ABORTED');
    await new Promise((r) => setTimeout(r, 400));
    expect(lab.server.state.locks.size).toBe(0);
    expect(lab.server.state.candidateDirty()).toBe(false);
  });
});
