import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkKnownHosts, fingerprintOf, hostMatches, keyTypeOf, normaliseFingerprint, parseKnownHosts, readKnownHosts, recordKnownHost } from '../../../../drivers/ssh/host-key.js';

function blob(type: string, body: string): Buffer {
  const t = Buffer.from(type);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(t.length);
  return Buffer.concat([len, t, Buffer.from(body)]);
}
const KEY = blob('ssh-ed25519', 'key-one');
const OTHER = blob('ssh-ed25519', 'key-two');
const RSA = blob('ssh-rsa', 'rsa-key');
const b64 = (k: Buffer) => k.toString('base64');
const hashed = (name: string) => {
  const salt = Buffer.from('0123456789abcdefghij');
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
};

describe('fingerprints', () => {
  it('SHA256 base64 without padding, as ssh-keygen -lf prints', () => {
    expect(fingerprintOf(KEY)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(keyTypeOf(KEY)).toBe('ssh-ed25519');
    expect(normaliseFingerprint(`${fingerprintOf(KEY)}=`)).toBe(fingerprintOf(KEY));
    expect(() => normaliseFingerprint('MD5:aa:bb')).toThrow(/SHA256/);
  });
});

describe('known_hosts', () => {
  const file = [
    '# comment',
    `example.net,10.0.0.1 ssh-ed25519 ${b64(KEY)}`,
    `[10.0.0.2]:830 ssh-ed25519 ${b64(KEY)} c`,
    `${hashed('[10.0.0.3]:830')} ssh-ed25519 ${b64(OTHER)}`,
    `*.lab,!bad.lab ssh-ed25519 ${b64(KEY)}`,
    `@revoked * ssh-rsa ${b64(RSA)}`,
    `@cert-authority *.ca ssh-ed25519 ${b64(OTHER)}`,
    'garbage line',
  ].join('\n');
  const entries = parseKnownHosts(file);

  it('parses plain, [host]:port, hashed, wildcard and marker lines; skips cert-authority and garbage', () => {
    expect(entries).toHaveLength(5);
  });
  it('matches host names and [host]:port for non-22 ports', () => {
    expect(checkKnownHosts(entries, '10.0.0.1', 22, KEY)).toMatchObject({ result: 'match', line: 2 });
    expect(checkKnownHosts(entries, '10.0.0.2', 830, KEY)).toMatchObject({ result: 'match', line: 3 });
    expect(checkKnownHosts(entries, '10.0.0.2', 22, KEY)).toEqual({ result: 'unknown' });
  });
  it('matches hashed |1| entries and detects a changed key', () => {
    expect(checkKnownHosts(entries, '10.0.0.3', 830, OTHER)).toMatchObject({ result: 'match', line: 4 });
    expect(checkKnownHosts(entries, '10.0.0.3', 830, KEY)).toMatchObject({ result: 'changed', line: 4 });
  });
  it('honours wildcards with negation, and @revoked', () => {
    expect(hostMatches('*.lab,!bad.lab', 'sw1.lab')).toBe(true);
    expect(hostMatches('*.lab,!bad.lab', 'bad.lab')).toBe(false);
    expect(checkKnownHosts(entries, 'anything', 22, RSA)).toMatchObject({ result: 'revoked' });
  });
  it('records hashed entries that match on the next lookup; a missing file is empty', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecpa-kh-'));
    const path = join(dir, 'known_hosts');
    expect(await readKnownHosts(path)).toEqual([]);
    await recordKnownHost(path, '127.0.0.1', 18830, KEY, 'tofu');
    expect(readFileSync(path, 'utf8')).toMatch(/^\|1\|[^ ]+ ssh-ed25519 [^ ]+ tofu\n$/);
    expect(checkKnownHosts(await readKnownHosts(path), '127.0.0.1', 18830, KEY)).toMatchObject({ result: 'match' });
    writeFileSync(path, '');
  });
});
