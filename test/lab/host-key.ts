/**
 * SSH key pairs for the lab devices and the test fixtures (host keys, client keys), in the
 * OpenSSH formats ssh2 reads. ssh2 1.17's `utils.generateKeyPairSync('ed25519')` strips leading
 * zero bytes from the raw 32-byte public key (lib/keygen.js, "Remove leading zero bytes"), so
 * about 1 key in 256 is written with a 31-byte public key that its own `parseKey` rejects
 * ("Malformed OpenSSH private key"). Every generated pair is therefore checked — the private
 * key parses (with its passphrase), the public key parses, and both name the same public key —
 * and generated again when it does not. Lives under test/lab/ so the build (lab fleet,
 * `ecpa start`) includes it.
 */
import ssh2 from 'ssh2';

/** A generated key pair: `private` in OpenSSH PEM (or PKCS#1 for RSA), `public` as an authorized_keys line. */
export interface LabKeyPair {
  readonly private: string;
  readonly public: string;
}

/** Options of `labKeyPair`. */
export interface LabKeyOptions {
  /** ed25519 (default) or rsa (paramiko-based peers prefer RSA host keys). */
  readonly type?: 'ed25519' | 'rsa';
  /** RSA modulus bits (default 2048). */
  readonly bits?: number;
  /** Encrypts the private key (OpenSSH bcrypt KDF) with this passphrase. */
  readonly passphrase?: string;
  readonly cipher?: string;
  readonly rounds?: number;
}

/** Tries before giving up; a single bad ed25519 draw has probability 1/256. */
const ATTEMPTS = 32;

interface ParsedKey {
  getPublicSSH(): Buffer;
}

function parsed(text: string, passphrase?: string): ParsedKey | undefined {
  const key = ssh2.utils.parseKey(text, passphrase);
  if (key instanceof Error) return undefined;
  return (Array.isArray(key) ? key[0] : key) as ParsedKey | undefined;
}

/** Whether ssh2 reads `pair` back: private and public keys parse and agree. */
export function readable(pair: LabKeyPair, passphrase?: string): boolean {
  const priv = parsed(pair.private, passphrase);
  const pub = parsed(pair.public);
  return priv !== undefined && pub !== undefined && priv.getPublicSSH().equals(pub.getPublicSSH());
}

/**
 * A fresh key pair that ssh2 reads back (see the module comment). Throws an Error naming the key
 * type when no readable key came out of `ATTEMPTS` tries (never seen; would mean ssh2 broke).
 */
export function labKeyPair(options: LabKeyOptions = {}): LabKeyPair {
  const type = options.type ?? 'ed25519';
  const encryption: ssh2.utils.KeyPairOptions = options.passphrase !== undefined
    ? { passphrase: options.passphrase, cipher: options.cipher ?? 'aes256-ctr', rounds: options.rounds ?? 16 }
    : {};
  for (let i = 0; i < ATTEMPTS; i++) {
    const pair = type === 'rsa'
      ? ssh2.utils.generateKeyPairSync('rsa', { bits: options.bits ?? 2048, ...encryption })
      : ssh2.utils.generateKeyPairSync('ed25519', encryption);
    if (readable(pair, options.passphrase)) return { private: pair.private, public: pair.public };
  }
  throw new Error(`could not generate an ${type} key that ssh2 reads back in ${ATTEMPTS} tries`);
}

/** A fresh ed25519 private host key (OpenSSH format) that ssh2 reads back. */
export function labHostKey(): string {
  return labKeyPair().private;
}
