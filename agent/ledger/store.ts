/**
 * The ledger on disk: load it (with the agent config's devices when known) and commit a planned edit
 * atomically, refusing when the file changed since it was read (another editor, a git pull).
 */
import { readFile } from 'node:fs/promises';
import { loadLedgerFile, type LedgerLoadOptions, type LoadedLedger } from '../../config/ledger/load.js';
import { writeFileAtomic } from './atomic-write.js';
import { withLedgerLock } from './lock.js';

export { loadLedgerFile };
export { LedgerLockedError } from './lock.js';
export type { LoadedLedger, LedgerLoadOptions };

/** The file changed between reading and writing; nothing was written. */
export class LedgerChangedError extends Error {
  override readonly name = 'LedgerChangedError';
  readonly code = 'ECPA_LEDGER_CHANGED';
  constructor(readonly file: string) {
    super(`${file} changed on disk while the edit was being planned; nothing was written — run the command again`);
  }
}

/**
 * Writes `after` over the ledger file that `loaded` was read from, atomically, holding the
 * ledger's lock file from the re-read to the rename. Throws LedgerChangedError when the file
 * changed since it was read, LedgerLockedError when another edit holds the lock.
 */
export async function commitEdit(loaded: LoadedLedger, after: string): Promise<void> {
  await withLedgerLock(loaded.path, async () => {
    const current = await readFile(loaded.path, 'utf8');
    if (current !== loaded.source) throw new LedgerChangedError(loaded.file);
    await writeFileAtomic(loaded.path, after);
  });
}
