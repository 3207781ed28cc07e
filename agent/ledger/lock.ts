/**
 * An advisory lock file beside the ledger (`<ledger>.lock`, created exclusively), held while an
 * edit re-reads the file and renames the new version over it, so two `ecpa ledger …` edits cannot
 * both pass the "unchanged since read" check and the second overwrite the first. It binds only
 * ecpa processes (an editor or a git pull does not take it: the re-read check covers those). A
 * lock left by a process that died on this host is taken over; one held by a live process, or
 * written on another host (a shared folder), is refused with the holder named.
 */
import { hostname } from 'node:os';
import { open, readFile, unlink } from 'node:fs/promises';

/** Another process holds the ledger's lock; nothing was written. */
export class LedgerLockedError extends Error {
  override readonly name = 'LedgerLockedError';
  readonly code = 'ECPA_LEDGER_LOCKED';
  constructor(readonly lockFile: string, readonly holder: string) {
    super(`${lockFile} is held by ${holder}: another ledger edit is being written; nothing was written — run the command again (remove the lock file only if that process is gone)`);
  }
}

interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

function parseHolder(text: string): Holder | undefined {
  try {
    const v = JSON.parse(text) as Partial<Holder>;
    return typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.since === 'string' ? { pid: v.pid, host: v.host, since: v.since } : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e: unknown) {
    // EPERM: the process exists under another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function tryCreate(lockFile: string): Promise<boolean> {
  try {
    const handle = await open(lockFile, 'wx', 0o644);
    try {
      await handle.writeFile(JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
    } finally {
      await handle.close();
    }
    return true;
  } catch (e: unknown) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

/**
 * Runs `fn` holding `<file>.lock`. Throws LedgerLockedError when a live ecpa process (or one on
 * another host) holds it; takes over the lock of a dead process on this host once.
 */
export async function withLedgerLock<T>(file: string, fn: () => Promise<T>): Promise<T> {
  const lockFile = `${file}.lock`;
  if (!(await tryCreate(lockFile))) {
    const text = await readFile(lockFile, 'utf8').catch(() => '');
    const holder = parseHolder(text);
    const stale = holder !== undefined && holder.host === hostname() && !alive(holder.pid);
    if (!stale) throw new LedgerLockedError(lockFile, holder ? `pid ${holder.pid} on ${holder.host} since ${holder.since}` : 'an unreadable lock file');
    await unlink(lockFile).catch(() => undefined);
    if (!(await tryCreate(lockFile))) throw new LedgerLockedError(lockFile, 'a process that took over the same stale lock');
  }
  try {
    return await fn();
  } finally {
    await unlink(lockFile).catch(() => undefined);
  }
}
