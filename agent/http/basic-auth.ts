/**
 * HTTP basic authentication against bcrypt hashes, as Prometheus' exporter-toolkit does it:
 * an unknown user still costs one bcrypt comparison (against a fixed dummy hash) so response time
 * does not reveal which users exist; successful verifications are cached briefly because bcrypt
 * at cost 10 costs ~50–100 ms of CPU in pure JS and Prometheus scrapes every few seconds.
 *
 * The cache keeps, per user, a SHA-256 digest of (hash, password) and compares it in constant
 * time; it never holds the password itself.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import bcrypt from 'bcryptjs';

/** bcrypt of a random string nobody knows; used so unknown users take as long as known ones. */
const DUMMY_HASH = '$2b$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi';

/** Result of checking an Authorization header. */
export type AuthResult = { readonly ok: true; readonly user: string } | { readonly ok: false; readonly user?: string; readonly reason: 'missing' | 'malformed' | 'denied' };

interface CacheEntry {
  readonly digest: Buffer;
  readonly expiresAt: number;
}

/** Options of {@link BasicAuth}. */
export interface BasicAuthOptions {
  /** How long a successful verification is reused, ms (default 60 s). */
  readonly cacheTtlMs?: number;
  /** Clock, injectable for tests. */
  readonly now?: () => number;
}

/** Verifies basic auth credentials; see the module comment. */
export class BasicAuth {
  readonly #users: ReadonlyMap<string, string>;
  readonly #cache = new Map<string, CacheEntry>();
  readonly #ttl: number;
  readonly #now: () => number;

  constructor(users: ReadonlyMap<string, string>, options: BasicAuthOptions = {}) {
    this.#users = users;
    this.#ttl = options.cacheTtlMs ?? 60_000;
    this.#now = options.now ?? Date.now;
  }

  /** Checks an `Authorization` header value (or undefined when the request had none). */
  async check(header: string | undefined): Promise<AuthResult> {
    if (header === undefined) return { ok: false, reason: 'missing' };
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    if (match === null) return { ok: false, reason: 'malformed' };
    const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { ok: false, reason: 'malformed' };
    const user = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    return (await this.verify(user, password)) ? { ok: true, user } : { ok: false, user, reason: 'denied' };
  }

  /** True when `password` matches the user's bcrypt hash. */
  async verify(user: string, password: string): Promise<boolean> {
    const known = this.#users.get(user);
    const hash = known ?? DUMMY_HASH;
    const digest = createHash('sha256').update(hash).update('\0').update(password).digest();
    const cached = this.#cache.get(user);
    if (known !== undefined && cached !== undefined && cached.expiresAt > this.#now() && timingSafeEqual(cached.digest, digest)) {
      return true;
    }
    const matches = await bcrypt.compare(password, hash);
    if (known === undefined || !matches) return false;
    this.#cache.set(user, { digest, expiresAt: this.#now() + this.#ttl });
    return true;
  }
}
