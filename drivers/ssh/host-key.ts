/**
 * SSH host key verification: SHA256 fingerprints as `ssh-keygen -lf` prints them, and OpenSSH
 * known_hosts files (plain and hashed `|1|salt|hash` entries, `[host]:port`, wildcards and
 * negation, `@revoked`; `@cert-authority` lines are skipped because certificates are not used).
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { appendFile, readFile } from 'node:fs/promises';

/** `SHA256:<base64 without padding>` of a raw public key blob (the SSH wire format). */
export function fingerprintOf(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The key type inside a raw public key blob (`ssh-ed25519`, `ssh-rsa`, …), or undefined. */
export function keyTypeOf(key: Buffer): string | undefined {
  if (key.length < 4) return undefined;
  const len = key.readUInt32BE(0);
  if (len === 0 || len > 64 || key.length < 4 + len) return undefined;
  return key.subarray(4, 4 + len).toString('latin1');
}

/** Normalises a fingerprint for comparison (`SHA256:` prefix, no padding). Throws on another hash. */
export function normaliseFingerprint(fingerprint: string): string {
  const trimmed = fingerprint.trim();
  const m = /^SHA256:([A-Za-z0-9+/]{43})=?$/.exec(trimmed);
  if (!m) throw new Error(`a host key fingerprint must be 'SHA256:' and 43 base64 characters (as ssh-keygen -lf prints it), got '${trimmed}'`);
  return `SHA256:${m[1]}`;
}

/** The host name a known_hosts file uses for host+port: `host` on port 22, else `[host]:port`. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** One usable known_hosts line. */
export interface KnownHostEntry {
  readonly line: number;
  readonly marker: 'revoked' | undefined;
  readonly patterns: string;
  readonly keyType: string;
  readonly key: Buffer;
}

/** Parses a known_hosts file. Malformed and `@cert-authority` lines are skipped (as OpenSSH does). */
export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: 'revoked' | undefined;
    if (fields[0]?.startsWith('@')) {
      if (fields[0] === '@cert-authority') return;
      if (fields[0] !== '@revoked') return;
      marker = 'revoked';
      fields.shift();
    }
    const [patterns, keyType, b64] = fields;
    if (!patterns || !keyType || !b64 || !/^[A-Za-z0-9+/]+=*$/.test(b64)) return;
    entries.push({ line: i + 1, marker, patterns, keyType, key: Buffer.from(b64, 'base64') });
  });
  return entries;
}

function wildcard(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(name);
}

/** Whether a known_hosts host field matches `name` (`host` or `[host]:port`). */
export function hostMatches(patterns: string, name: string): boolean {
  if (patterns.startsWith('|1|')) {
    const [, , salt, hash] = patterns.split('|');
    if (!salt || !hash) return false;
    const digest = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
    return digest === hash;
  }
  let matched = false;
  for (const p of patterns.split(',')) {
    if (p.startsWith('!')) {
      if (wildcard(p.slice(1), name)) return false;
    } else if (wildcard(p, name)) matched = true;
  }
  return matched;
}

/** The verdict of a known_hosts lookup. */
export type KnownHostsVerdict =
  | { readonly result: 'match'; readonly line: number }
  | { readonly result: 'revoked'; readonly line: number }
  | { readonly result: 'changed'; readonly line: number }
  | { readonly result: 'unknown' };

/**
 * Looks a presented key up. `match`: an entry for this host has this key. `changed`: entries
 * for this host exist with the same key type but another key. `revoked`: the key is @revoked.
 * `unknown`: no entry of this key type for this host.
 */
export function checkKnownHosts(entries: readonly KnownHostEntry[], host: string, port: number, key: Buffer): KnownHostsVerdict {
  const name = knownHostsName(host, port);
  const type = keyTypeOf(key);
  const revoked = entries.find((e) => e.marker === 'revoked' && e.key.equals(key));
  if (revoked) return { result: 'revoked', line: revoked.line };
  const forHost = entries.filter((e) => e.marker === undefined && hostMatches(e.patterns, name));
  const same = forHost.find((e) => e.key.equals(key));
  if (same) return { result: 'match', line: same.line };
  const changed = forHost.find((e) => e.keyType === type);
  if (changed) return { result: 'changed', line: changed.line };
  return { result: 'unknown' };
}

/** Reads and parses a known_hosts file; a missing file is an empty one. Throws on other read errors. */
export async function readKnownHosts(path: string): Promise<KnownHostEntry[]> {
  try {
    return parseKnownHosts(await readFile(path, 'utf8'));
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Appends a hashed entry (`|1|salt|hash type key`) for host:port, as `ssh -o HashKnownHosts=yes` would. */
export async function recordKnownHost(path: string, host: string, port: number, key: Buffer, comment = ''): Promise<void> {
  const salt = randomBytes(20);
  const hash = createHmac('sha1', salt).update(knownHostsName(host, port)).digest('base64');
  const type = keyTypeOf(key) ?? 'unknown';
  const line = `|1|${salt.toString('base64')}|${hash} ${type} ${key.toString('base64')}${comment ? ` ${comment}` : ''}\n`;
  await appendFile(path, line, { mode: 0o600 });
}
