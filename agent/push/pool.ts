/**
 * Bounded concurrency: runs `task` over `items` with at most `limit` at a time, keeping input
 * order in the results. A task that throws is the caller's to catch: `task` must return its
 * own failure as data so one device never stops the others.
 */

/** Runs `task` for every item, at most `limit` at once. Throws RangeError for a limit below 1. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency must be an integer ≥ 1, got ${limit}`);
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
