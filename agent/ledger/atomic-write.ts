/**
 * Writes a file so that a crash never leaves it half-written: the new content goes to a temporary
 * file in the same folder (same file system, so rename is atomic), is flushed with fsync, and is
 * renamed over the target; then the folder is fsynced so the rename itself survives a power loss.
 * The original file's mode is kept.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Replaces `file` with `content` atomically. Throws (with the file untouched) when any step fails. */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const dir = dirname(file);
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let mode = 0o644;
  try {
    mode = (await stat(file)).mode & 0o7777;
  } catch {
    // A new file gets the default mode.
  }
  const handle = await open(tmp, 'wx', mode);
  try {
    try {
      // The umask applies to open(); chmod sets the original mode exactly.
      await handle.chmod(mode);
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (error: unknown) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
  const dirHandle = await open(dir, 'r');
  try {
    await dirHandle.sync();
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still atomic.
  } finally {
    await dirHandle.close();
  }
}
