/**
 * Host keys of the lab devices, kept on disk so that a device presents the same key on every
 * run: the agent pins or records (trust on first use) host keys and rightly refuses a changed one.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { labHostKey as generate } from '../host-key.js';

/** Whether ssh2 can load `key` as a private key (a kept file may predate the generator fix). */
function parses(key: string): boolean {
  return !(ssh2.utils.parseKey(key) instanceof Error);
}

/** The private host key of lab device `id` in `dir`, created (ed25519) on first use. */
export function labHostKey(dir: string, id: string): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(id)) throw new Error(`lab fleet: device id '${id}' cannot name a key file`);
  const file = join(dir, `${id}.ssh_host_ed25519_key`);
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8');
    if (parses(kept)) return kept;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = generate();
  writeFileSync(file, key, { mode: 0o600 });
  return key;
}
