/** Abortable waiting for the daemon's loops. */
import { setTimeout as delay } from 'node:timers/promises';

/** Waits `ms`; resolves false early (never rejects) when `signal` aborts. */
export async function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  try {
    await delay(Math.max(0, ms), undefined, { signal });
    return true;
  } catch {
    return false;
  }
}
