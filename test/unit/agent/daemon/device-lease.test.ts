/** Device leases: one holder per device at a time, in arrival order; other devices run freely. */
import { describe, expect, it } from 'vitest';
import { DeviceLeases, LeaseAbortedError } from '../../../../agent/daemon/device-lease.js';

function gate(): { readonly open: () => void; readonly opened: Promise<void> } {
  let open!: () => void;
  const opened = new Promise<void>((r) => { open = r; });
  return { open, opened };
}

describe('DeviceLeases', () => {
  it('serialises holders of one device in arrival order and leaves other devices alone', async () => {
    const leases = new DeviceLeases();
    const log: string[] = [];
    const first = gate();
    const a = leases.hold('sw1', undefined, async () => { log.push('a start'); await first.opened; log.push('a end'); return 'a'; });
    const b = leases.hold('sw1', undefined, async () => { log.push('b'); return 'b'; });
    const other = leases.hold('sw2', undefined, async () => { log.push('sw2'); return 'c'; });
    expect(await other).toBe('c');
    expect(leases.busy('sw1')).toBe(true);
    expect(log).toEqual(['a start', 'sw2']);
    first.open();
    expect(await Promise.all([a, b])).toEqual(['a', 'b']);
    expect(log).toEqual(['a start', 'sw2', 'a end', 'b']);
    expect(leases.busy('sw1')).toBe(false);
  });

  it('releases when a holder throws', async () => {
    const leases = new DeviceLeases();
    await expect(leases.hold('sw1', undefined, async () => { throw new Error('read failed'); })).rejects.toThrow('read failed');
    expect(await leases.hold('sw1', undefined, async () => 'next')).toBe('next');
  });

  it('gives up a wait when its signal aborts, without running the task, and keeps the order for the rest', async () => {
    const leases = new DeviceLeases();
    const first = gate();
    const log: string[] = [];
    const a = leases.hold('sw1', undefined, async () => { await first.opened; log.push('a'); });
    const stop = new AbortController();
    const b = leases.hold('sw1', stop.signal, async () => { log.push('b'); });
    const c = leases.hold('sw1', undefined, async () => { log.push('c'); });
    stop.abort();
    await expect(b).rejects.toBeInstanceOf(LeaseAbortedError);
    await Promise.resolve();
    expect(log).toEqual([]);
    first.open();
    await Promise.all([a, c]);
    expect(log).toEqual(['a', 'c']);
    const aborted = new AbortController();
    aborted.abort();
    await expect(leases.hold('sw1', aborted.signal, async () => 'x')).rejects.toBeInstanceOf(LeaseAbortedError);
  });
});
