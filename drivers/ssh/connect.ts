/**
 * One SSH connection to a device, for any protocol that rides on SSH (the NETCONF subsystem
 * today, a CLI shell later): password or key authentication, keepalives, a handshake deadline,
 * abort, and host key verification that refuses unknown or changed keys unless trust-on-first-use
 * is explicitly enabled (and then records the key). ssh2 errors are rethrown as typed errors.
 *
 * The option types are structural so that config/agent's `SshSettings` and `Secret` fit them
 * without drivers/ importing config/.
 */
import { readFile } from 'node:fs/promises';
// ssh2 is CommonJS: Node's ESM loader cannot see its named exports, so take them off the default.
import ssh2, { type Client, type ConnectConfig } from 'ssh2';

const { Client: SshClient, utils } = ssh2;
import { AbortedError, AuthError, ConnectError, HostKeyError, TimeoutError, TransportError } from './errors.js';
import { checkKnownHosts, fingerprintOf, keyTypeOf, knownHostsName, normaliseFingerprint, readKnownHosts, recordKnownHost } from './host-key.js';

/** A secret as config/secrets' `Secret` provides it: revealed only here, at the transport. */
export interface SecretValue {
  reveal(): string;
  describe(): string;
}

/** How the host key is checked (same shape as config/agent's HostKeyPolicy). */
export interface HostKeyCheck {
  readonly fingerprint?: string;
  readonly knownHosts?: string;
  readonly trustOnFirstUse: boolean;
}

/** What `sshConnect` needs. */
export interface SshConnectOptions {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password?: SecretValue;
  readonly privateKeyFile?: string;
  readonly passphrase?: SecretValue;
  readonly hostKey: HostKeyCheck;
  /** Deadline of TCP connect + SSH handshake + authentication. */
  readonly connectTimeoutMs: number;
  /** SSH keepalive interval; 0 disables. */
  readonly keepaliveIntervalMs: number;
  /** Unanswered keepalives before the connection is declared dead (default 3). */
  readonly keepaliveCountMax?: number;
  readonly signal?: AbortSignal;
  /** Device id for messages (default `host:port`). */
  readonly device?: string;
}

/** The host key the server presented. */
export interface PresentedHostKey {
  readonly type: string;
  readonly fingerprint: string;
  /** True when trust-on-first-use accepted and recorded it just now. */
  readonly recorded: boolean;
}

/** An authenticated SSH connection. */
export interface SshConnection {
  readonly client: Client;
  readonly hostKey: PresentedHostKey;
}

/**
 * Connects and authenticates. Throws HostKeyError (unknown/changed/revoked/mismatch),
 * AuthError (credentials refused, unusable key file), TimeoutError (no handshake in time),
 * ConnectError (refused, unreachable, reset), AbortedError.
 */
export async function sshConnect(options: SshConnectOptions): Promise<SshConnection> {
  const device = options.device ?? `${options.host}:${options.port}`;
  const where = { device };
  if (!options.password && !options.privateKeyFile) throw new AuthError('no password and no private key configured', where);
  if (!options.hostKey.fingerprint && !options.hostKey.knownHosts) {
    throw new HostKeyError('no host key policy: configure a pinned fingerprint or a known_hosts file', 'unknown', undefined, where);
  }
  const pinned = options.hostKey.fingerprint === undefined ? undefined : normaliseFingerprintOr(options.hostKey.fingerprint, device);
  let privateKey: Buffer | undefined;
  if (options.privateKeyFile) {
    try {
      privateKey = await readFile(options.privateKeyFile);
    } catch (cause: unknown) {
      throw new AuthError(`cannot read the private key file ${options.privateKeyFile}`, { ...where, cause });
    }
    const parsed = utils.parseKey(privateKey, options.passphrase?.reveal());
    if (parsed instanceof Error) {
      // ssh2's message says what is wrong (encrypted without passphrase, bad format), never the key.
      throw new AuthError(`cannot use the private key file ${options.privateKeyFile}: ${parsed.message}`, { ...where, cause: parsed });
    }
  }
  const knownHosts = options.hostKey.knownHosts;
  const entries = knownHosts ? await readKnownHosts(knownHosts).catch((cause: unknown) => {
    throw new HostKeyError(`cannot read known_hosts file ${knownHosts}`, 'unreadable', undefined, { ...where, cause });
  }) : [];

  let refused: HostKeyError | undefined;
  let presented: { type: string; fingerprint: string; key: Buffer } | undefined;
  let toRecord = false;
  const verify = (key: Buffer): boolean => {
    const fingerprint = fingerprintOf(key);
    const type = keyTypeOf(key) ?? 'unknown';
    presented = { type, fingerprint, key };
    if (pinned !== undefined) {
      if (fingerprint === pinned) return true;
      refused = new HostKeyError(`host key ${type} ${fingerprint} does not match the pinned fingerprint ${pinned}`, 'mismatch', fingerprint, where);
      return false;
    }
    const verdict = checkKnownHosts(entries, options.host, options.port, key);
    switch (verdict.result) {
      case 'match':
        return true;
      case 'revoked':
        refused = new HostKeyError(`host key ${type} ${fingerprint} is marked @revoked in ${knownHosts}:${verdict.line}`, 'revoked', fingerprint, where);
        return false;
      case 'changed':
        refused = new HostKeyError(`HOST KEY CHANGED: ${knownHostsName(options.host, options.port)} presented ${type} ${fingerprint}, which differs from ${knownHosts}:${verdict.line}; refusing (remove the old entry only if the change is expected)`, 'changed', fingerprint, where);
        return false;
      case 'unknown':
        if (options.hostKey.trustOnFirstUse) {
          toRecord = true;
          return true;
        }
        refused = new HostKeyError(`unknown host key ${type} ${fingerprint} for ${knownHostsName(options.host, options.port)} (not in ${knownHosts}); add it or pin the fingerprint`, 'unknown', fingerprint, where);
        return false;
    }
  };

  const client = new SshClient();
  const config: ConnectConfig = {
    host: options.host,
    port: options.port,
    username: options.username,
    readyTimeout: options.connectTimeoutMs,
    keepaliveInterval: options.keepaliveIntervalMs,
    keepaliveCountMax: options.keepaliveCountMax ?? 3,
    tryKeyboard: false,
    hostVerifier: verify,
    ...(options.password ? { password: options.password.reveal() } : {}),
    ...(privateKey ? { privateKey } : {}),
    ...(privateKey && options.passphrase ? { passphrase: options.passphrase.reveal() } : {}),
  };
  await new Promise<void>((resolve, reject) => {
    let done = false;
    const finish = (error?: TransportError): void => {
      if (done) return;
      done = true;
      options.signal?.removeEventListener('abort', onAbort);
      client.off('ready', onReady);
      client.off('error', onError);
      if (error) {
        client.on('error', () => undefined); // late errors after a failed connect must not crash the process
        client.end();
        client.destroy();
        reject(error);
      } else resolve();
    };
    const onAbort = (): void => finish(new AbortedError('connect aborted', { ...where, cause: options.signal?.reason }));
    const onReady = (): void => finish();
    const onError = (cause: Error & { level?: string }): void => finish(classify(cause, refused, options, where));
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    client.once('ready', onReady);
    client.on('error', onError);
    client.once('close', () => finish(refused ?? new ConnectError('connection closed during the SSH handshake', where)));
    try {
      client.connect(config);
    } catch (cause: unknown) {
      finish(new ConnectError(`cannot start the SSH connection: ${(cause as Error).message}`, { ...where, cause }));
    }
  });
  // A connection that dies later reports through the protocol on top; never crash on it.
  client.on('error', () => undefined);
  const key = presented as { type: string; fingerprint: string; key: Buffer };
  if (toRecord && knownHosts) {
    try {
      await recordKnownHost(knownHosts, options.host, options.port, key.key, `ecpa-tofu ${new Date().toISOString()}`);
    } catch (cause: unknown) {
      client.end();
      throw new HostKeyError(`trust-on-first-use could not record the key in ${knownHosts}`, 'unreadable', key.fingerprint, { ...where, cause });
    }
  }
  return { client, hostKey: { type: key.type, fingerprint: key.fingerprint, recorded: toRecord } };
}

function normaliseFingerprintOr(fingerprint: string, device: string): string {
  try {
    return normaliseFingerprint(fingerprint);
  } catch (cause: unknown) {
    throw new HostKeyError((cause as Error).message, 'unreadable', undefined, { device, cause });
  }
}

function classify(cause: Error & { level?: string; code?: string }, refused: HostKeyError | undefined, options: SshConnectOptions, where: { device: string }): TransportError {
  if (refused) return refused;
  if (cause.level === 'client-authentication') {
    const methods = [options.password ? 'password' : '', options.privateKeyFile ? 'publickey' : ''].filter(Boolean).join(', ');
    return new AuthError(`authentication failed for user '${options.username}' (tried ${methods})`, { ...where, cause });
  }
  if (cause.level === 'client-timeout') {
    return new TimeoutError(`no SSH handshake within ${options.connectTimeoutMs} ms`, options.connectTimeoutMs, { ...where, cause });
  }
  const code = cause.code ? ` (${cause.code})` : '';
  return new ConnectError(`cannot connect to ${options.host}:${options.port}: ${cause.message}${code}`, { ...where, cause });
}
