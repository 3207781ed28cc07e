/**
 * Peer availability for test/peers suites. A suite asks `await peerAvailable(name, probe)` at
 * load time and skips itself when the peer is absent on a developer machine; in CI (CI=true) an
 * absent peer is an error, so a missing install never turns into a green run that tested nothing.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const inCi = process.env['CI'] === 'true' || process.env['CI'] === '1';

/** Repository root. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Runtime folder of a peer (pid files, logs, generated config), as written by its start.sh. */
export function peerRunDir(peer: string): string {
  return join(repoRoot, 'test', 'peers', 'run', peer);
}

/**
 * The shared/ folder beside the clone (read-only in CI), or $ECPA_SHARED. Throws in CI when
 * missing; returns undefined on a developer machine without it.
 */
export function sharedDir(): string | undefined {
  const dir = process.env['ECPA_SHARED'] ?? resolve(repoRoot, '..', 'shared');
  if (existsSync(dir)) return dir;
  if (inCi) throw new Error(`shared/ not found at ${dir} (set ECPA_SHARED): the peer suites need it in CI`);
  return undefined;
}

/**
 * Runs `probe` (which resolves true when the peer answers). Returns false on a developer machine
 * when the peer is absent, after saying so on stderr; throws in CI.
 */
export async function peerAvailable(peer: string, probe: () => Promise<boolean>): Promise<boolean> {
  let up = false;
  let reason = 'did not answer';
  try {
    up = await probe();
  } catch (error: unknown) {
    reason = error instanceof Error ? error.message : String(error);
  }
  if (up) return true;
  const message = `peer '${peer}' is not available (${reason}); start it with: bash test/peers/up.sh`;
  if (inCi) throw new Error(`${message} — CI must run every peer suite`);
  process.stderr.write(`SKIP ${message}\n`);
  return false;
}
