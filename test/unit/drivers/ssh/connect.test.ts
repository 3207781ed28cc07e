/** sshConnect against the lab server: auth, host key policies, failures as typed errors without secrets. */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import ssh2 from 'ssh2';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError, ConnectError, HostKeyError, TimeoutError } from '../../../../drivers/ssh/errors.js';
import { sshConnect, type SshConnectOptions } from '../../../../drivers/ssh/connect.js';
import { readKnownHosts } from '../../../../drivers/ssh/host-key.js';
import { secret, startLab, type LabFixture } from '../netconf/lab-fixture.js';
import { labKeyPair } from '../../../lab/host-key.js';

let lab: LabFixture;
let base: SshConnectOptions;
beforeAll(async () => {
  lab = await startLab();
  base = { ...lab.options };
});
afterAll(async () => {
  await lab.server.stop();
});

describe('sshConnect', () => {
  it('authenticates with a password and with a key file, returning the presented key', async () => {
    const a = await sshConnect(base);
    expect(a.hostKey.fingerprint).toBe(lab.server.hostKeyFingerprints[0]);
    a.client.end();
    const { password: _p, ...rest } = base;
    const b = await sshConnect({ ...rest, privateKeyFile: lab.clientKeyFile });
    b.client.end();
  });

  it('a wrong password is an AuthError that does not contain the password', async () => {
    const err = await sshConnect({ ...base, password: secret('hunter2-wrong') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(String((err as Error).message)).not.toContain('hunter2');
    expect(JSON.stringify(err)).not.toContain('hunter2');
  });

  it('an unreadable or encrypted key without passphrase is an AuthError naming the file', async () => {
    await expect(sshConnect({ ...base, privateKeyFile: join(lab.dir, 'missing') })).rejects.toThrow(/cannot read the private key file/);
  });

  it('refuses a mismatching pin, an unknown host; TOFU records once and then matches', async () => {
    await expect(sshConnect({ ...base, hostKey: { fingerprint: `SHA256:${'C'.repeat(43)}`, trustOnFirstUse: false } })).rejects.toMatchObject({ problem: 'mismatch' });
    const kh = join(lab.dir, 'known_hosts');
    await expect(sshConnect({ ...base, hostKey: { knownHosts: kh, trustOnFirstUse: false } })).rejects.toBeInstanceOf(HostKeyError);
    const first = await sshConnect({ ...base, hostKey: { knownHosts: kh, trustOnFirstUse: true } });
    expect(first.hostKey.recorded).toBe(true);
    first.client.end();
    const second = await sshConnect({ ...base, hostKey: { knownHosts: kh, trustOnFirstUse: true } });
    expect(second.hostKey.recorded).toBe(false);
    second.client.end();
    expect(await readKnownHosts(kh)).toHaveLength(1);
  });

  it('a changed key is refused even with TOFU, naming the known_hosts line', async () => {
    const other = labKeyPair();
    const parsed = ssh2.utils.parseKey(other.public);
    const blob = (Array.isArray(parsed) ? parsed[0] : parsed) as { getPublicSSH(): Buffer };
    const kh = join(lab.dir, 'known_hosts_changed');
    writeFileSync(kh, `[127.0.0.1]:${lab.server.port} ssh-ed25519 ${blob.getPublicSSH().toString('base64')}\n`);
    const err = await sshConnect({ ...base, hostKey: { knownHosts: kh, trustOnFirstUse: true } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostKeyError);
    expect(err).toMatchObject({ problem: 'changed', presented: lab.server.hostKeyFingerprints[0] });
    expect((err as Error).message).toContain(`${kh}:1`);
  });

  it('connection refused is a ConnectError; a silent server is a TimeoutError', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(sshConnect({ ...base, port })).rejects.toBeInstanceOf(ConnectError);
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      await expect(sshConnect({ ...base, port: (silent.address() as { port: number }).port, connectTimeoutMs: 300 })).rejects.toBeInstanceOf(TimeoutError);
    } finally {
      silent.close();
    }
  });

  it('abort stops a connect', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(sshConnect({ ...base, signal: ac.signal })).rejects.toMatchObject({ code: 'ECPA_ABORTED' });
  });

  it('uses an encrypted key with its passphrase; without it, an AuthError that names the file only', async () => {
    const enc = labKeyPair({ passphrase: 'pp-secret', cipher: 'aes256-cbc', rounds: 16 });
    const own = await startLab({ users: [{ username: 'netconf', publicKeys: [enc.public] }] });
    try {
      const file = join(own.dir, 'enc_ed25519');
      writeFileSync(file, enc.private, { mode: 0o600 });
      const { password: _p, ...rest } = own.options;
      const ok = await sshConnect({ ...rest, privateKeyFile: file, passphrase: secret('pp-secret') });
      ok.client.end();
      const err = await sshConnect({ ...rest, privateKeyFile: file }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AuthError);
      expect((err as Error).message).toContain(file);
      const wrong = await sshConnect({ ...rest, privateKeyFile: file, passphrase: secret('nope-wrong') }).catch((e: unknown) => e);
      expect(wrong).toBeInstanceOf(AuthError);
      expect((wrong as Error).message).not.toContain('nope-wrong');
    } finally {
      await own.server.stop();
    }
  });
});
