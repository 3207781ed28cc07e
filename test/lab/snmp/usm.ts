/**
 * SNMPv3 User-based Security Model (RFC 3414, RFC 7860 SHA-2, RFC 3826 AES-128 and the
 * Blumenthal key extension Net-SNMP uses for AES-192/256) for the lab agent: key localisation,
 * HMAC digests and AES-CFB privacy.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type LabAuthProtocol = 'md5' | 'sha' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
export type LabPrivProtocol = 'aes' | 'aes256';

const HASH: Readonly<Record<LabAuthProtocol, { readonly alg: string; readonly macLength: number }>> = {
  md5: { alg: 'md5', macLength: 12 },
  sha: { alg: 'sha1', macLength: 12 },
  sha224: { alg: 'sha224', macLength: 16 },
  sha256: { alg: 'sha256', macLength: 24 },
  sha384: { alg: 'sha384', macLength: 32 },
  sha512: { alg: 'sha512', macLength: 48 },
};

const PRIV: Readonly<Record<LabPrivProtocol, { readonly cipher: string; readonly keyLength: number }>> = {
  aes: { cipher: 'aes-128-cfb', keyLength: 16 },
  aes256: { cipher: 'aes-256-cfb', keyLength: 32 },
};

/** Length of msgAuthenticationParameters for a protocol. */
export function macLength(protocol: LabAuthProtocol): number {
  return HASH[protocol].macLength;
}

const keyCache = new Map<string, Buffer>();

/** RFC 3414 A.2: password → Ku (hash of 1 MiB of the repeated password) → Kul (localised to engineID). */
export function localizeKey(protocol: LabAuthProtocol, password: string, engineId: Buffer): Buffer {
  const cacheKey = `${protocol}\0${password}\0${engineId.toString('hex')}`;
  const hit = keyCache.get(cacheKey);
  if (hit) return hit;
  const { alg } = HASH[protocol];
  const pw = Buffer.from(password, 'utf8');
  if (pw.length === 0) throw new Error('empty SNMPv3 password');
  const h = createHash(alg);
  const chunk = Buffer.alloc(64);
  for (let n = 0; n < 1_048_576; n += 64) {
    for (let i = 0; i < 64; i++) chunk[i] = pw[(n + i) % pw.length] as number;
    h.update(chunk);
  }
  const ku = h.digest();
  const kul = createHash(alg).update(Buffer.concat([ku, engineId, ku])).digest();
  keyCache.set(cacheKey, kul);
  return kul;
}

/** The privacy key: the localised key, extended by repeated hashing when too short (Blumenthal draft, as Net-SNMP). */
export function privKey(auth: LabAuthProtocol, priv: LabPrivProtocol, password: string, engineId: Buffer): Buffer {
  const need = PRIV[priv].keyLength;
  let key = localizeKey(auth, password, engineId);
  while (key.length < need) key = Buffer.concat([key, createHash(HASH[auth].alg).update(key).digest()]);
  return key.subarray(0, need);
}

/** HMAC of a whole message (whose auth parameters are zeroed), truncated to the protocol's MAC length. */
export function digest(protocol: LabAuthProtocol, key: Buffer, message: Buffer): Buffer {
  return createHmac(HASH[protocol].alg, key).update(message).digest().subarray(0, HASH[protocol].macLength);
}

/** Constant-time comparison of two digests. */
export function sameDigest(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function iv(boots: number, time: number, salt: Buffer): Buffer {
  const v = Buffer.alloc(16);
  v.writeUInt32BE(boots >>> 0, 0);
  v.writeUInt32BE(time >>> 0, 4);
  salt.copy(v, 8, 0, 8);
  return v;
}

/** RFC 3826 §3.1.4: AES-CFB128 with IV = engineBoots ‖ engineTime ‖ salt. */
export function encrypt(priv: LabPrivProtocol, key: Buffer, boots: number, time: number, salt: Buffer, plain: Buffer): Buffer {
  const c = createCipheriv(PRIV[priv].cipher, key, iv(boots, time, salt));
  return Buffer.concat([c.update(plain), c.final()]);
}

export function decrypt(priv: LabPrivProtocol, key: Buffer, boots: number, time: number, salt: Buffer, data: Buffer): Buffer {
  const d = createDecipheriv(PRIV[priv].cipher, key, iv(boots, time, salt));
  return Buffer.concat([d.update(data), d.final()]);
}
