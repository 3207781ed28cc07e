/**
 * The lab NETCONF server against ncclient (Debian python3-ncclient) as the client: the same
 * sequence as the netconfd suite, proving the lab server speaks standard NETCONF.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serialize } from '../../drivers/netconf/xml.js';
import { labKeyPair } from '../lab/host-key.js';
import { start, type LabServer } from '../lab/netconf/server.js';
import { peerAvailable, repoRoot } from '../support/peer.js';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const SCRIPT = join(repoRoot, 'test', 'peers', 'ncclient', 'lab-sequence.py');

const available = await peerAvailable('ncclient', async () => {
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} not found`);
  await run(PYTHON, ['-c', 'import ncclient']);
  return true;
});

describe.skipIf(!available)('lab NETCONF server against ncclient', () => {
  let server: LabServer;
  let steps: Record<string, { ok: boolean } & Record<string, unknown>>;
  beforeAll(async () => {
    // paramiko (Debian 12) is happiest with an RSA host key.
    const hostKey = labKeyPair({ type: 'rsa' });
    server = await start({ hostKeys: [hostKey.private], users: [{ username: 'netconf', password: 'lab-pass' }] });
    const { stdout } = await run(PYTHON, [SCRIPT, String(server.port), 'netconf', 'lab-pass'], { timeout: 60_000 });
    steps = Object.fromEntries(stdout.trim().split('\n').map((l) => {
      const o = JSON.parse(l) as { step: string; ok: boolean };
      return [o.step, o];
    }));
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('hello negotiates base:1.1 and shows candidate + confirmed-commit:1.1', () => {
    expect(steps['hello']).toMatchObject({ ok: true, base11: true, candidate: true, confirmed_commit: true });
  });
  it('lock, edit-config, validate, commit, get-config keep escaped text intact', () => {
    expect(steps['lock-edit-validate']?.ok).toBe(true);
    expect(steps['commit-get-config']?.ok).toBe(true);
    expect(serialize(server.datastores.running)).toContain('tenant &lt;A&amp;B&gt; ]]&gt;]]&gt; 中文');
  });
  it('an invalid edit gives a standard rpc-error ncclient parses', () => {
    expect(steps['rpc-error']).toMatchObject({ ok: true, tag: 'data-exists', type: 'application', severity: 'error' });
  });
  it('confirmed commit rolls back when not confirmed, stays when confirmed (also via persist-id)', () => {
    expect(steps['confirmed-commit-rollback']?.ok).toBe(true);
    expect(steps['confirmed-commit-confirm']?.ok).toBe(true);
    expect(steps['persist-confirm']?.ok).toBe(true);
    expect(server.state.rollbacks.map((r) => r.reason)).toEqual(['timeout']);
  });
  it('lock-denied from a second session carries the holder session id', () => {
    expect(steps['lock-denied']).toMatchObject({ ok: true, tag: 'lock-denied' });
    expect(steps['done']?.ok).toBe(true);
  });
});

describe.skipIf(!available)('lab Junos NETCONF server against ncclient (device_params junos)', () => {
  const MINUTE_MS = 400;
  let server: LabServer;
  let steps: Record<string, { ok: boolean } & Record<string, unknown>>;
  beforeAll(async () => {
    const hostKey = labKeyPair({ type: 'rsa' });
    server = await start({ hostKeys: [hostKey.private], users: [{ username: 'netconf', password: 'lab-pass' }], junos: { minuteMs: MINUTE_MS } });
    const script = join(repoRoot, 'test', 'peers', 'ncclient', 'junos-sequence.py');
    const { stdout } = await run(PYTHON, [script, String(server.port), 'netconf', 'lab-pass', String(MINUTE_MS)], { timeout: 60_000 });
    steps = Object.fromEntries(stdout.trim().split('\n').map((l) => {
      const o = JSON.parse(l) as { step: string; ok: boolean };
      return [o.step, o];
    }));
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('announces Junos and answers an empty device with an empty <configuration>', () => {
    expect(steps['hello']?.ok).toBe(true);
    expect(steps['empty-get-config']?.ok, JSON.stringify(steps['empty-get-config'])).toBe(true);
  });
  it('load-configuration merge / replace, commit check, rollback 0 as ncclient sends them', () => {
    expect(steps['load-merge']?.ok).toBe(true);
    expect(steps['commit-check']?.ok).toBe(true);
    expect(steps['rollback-0']?.ok).toBe(true);
  });
  it('a nested load error is raised by ncclient as an RPCError', () => {
    expect(steps['load-error']).toMatchObject({ ok: true, tag: 'bad-attribute' });
  });
  it('commit-configuration confirmed (seconds converted to minutes by ncclient) stays when confirmed, rolls back when not', () => {
    expect(steps['confirmed-then-confirm']?.ok).toBe(true);
    expect(steps['unconfirmed-sent']?.ok).toBe(true);
    expect(steps['unconfirmed-rolled-back']?.ok).toBe(true);
    expect(server.state.rollbacks.map((r) => r.reason)).toEqual(['timeout']);
    expect(steps['done']?.ok).toBe(true);
  });
});
