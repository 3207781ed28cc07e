import bcrypt from 'bcryptjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BasicAuth } from '../../../../agent/http/basic-auth.js';
import { basic } from './client.js';

const HASH = bcrypt.hashSync('pw', 4);

afterEach(() => vi.restoreAllMocks());

describe('BasicAuth', () => {
  it('parses the header and tells missing, malformed and denied apart', async () => {
    const auth = new BasicAuth(new Map([['u', HASH]]));
    expect(await auth.check(undefined)).toEqual({ ok: false, reason: 'missing' });
    expect(await auth.check('Bearer abc')).toEqual({ ok: false, reason: 'malformed' });
    expect(await auth.check(`Basic ${Buffer.from('no-colon').toString('base64')}`)).toEqual({ ok: false, reason: 'malformed' });
    expect(await auth.check(basic('u', 'bad'))).toEqual({ ok: false, user: 'u', reason: 'denied' });
    expect(await auth.check(basic('u', 'pw'))).toEqual({ ok: true, user: 'u' });
    // A password may contain ':'.
    const colon = new BasicAuth(new Map([['u', bcrypt.hashSync('a:b', 4)]]));
    expect(await colon.check(basic('u', 'a:b'))).toEqual({ ok: true, user: 'u' });
  });

  it('caches a success for the TTL only, and never caches a failure', async () => {
    let now = 1_000;
    const auth = new BasicAuth(new Map([['u', HASH]]), { cacheTtlMs: 60_000, now: () => now });
    const compare = vi.spyOn(bcrypt, 'compare');
    expect(await auth.verify('u', 'pw')).toBe(true);
    expect(await auth.verify('u', 'pw')).toBe(true);
    expect(compare).toHaveBeenCalledTimes(1);
    // A wrong password right after a success still goes to bcrypt and fails.
    expect(await auth.verify('u', 'wrong')).toBe(false);
    expect(await auth.verify('u', 'wrong')).toBe(false);
    expect(compare).toHaveBeenCalledTimes(3);
    now += 60_001;
    expect(await auth.verify('u', 'pw')).toBe(true);
    expect(compare).toHaveBeenCalledTimes(4);
  });

  it('verifies $2y$ hashes as htpasswd writes them', async () => {
    const auth = new BasicAuth(new Map([['u', HASH.replace(/^\$2b\$/, '$2y$')]]));
    expect(await auth.verify('u', 'pw')).toBe(true);
  });

  it('spends a bcrypt comparison on unknown users too', async () => {
    const auth = new BasicAuth(new Map([['u', HASH]]));
    const compare = vi.spyOn(bcrypt, 'compare');
    expect(await auth.verify('nobody', 'pw')).toBe(false);
    expect(compare).toHaveBeenCalledTimes(1);
  });
});
