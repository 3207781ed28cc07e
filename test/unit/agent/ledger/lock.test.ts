/** The ledger's advisory lock: one edit at a time, a dead holder's lock taken over, a live one refused. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LedgerLockedError, withLedgerLock } from '../../../../agent/ledger/lock.js';

const ledgerIn = (): string => join(mkdtempSync(join(tmpdir(), 'ecpa-lock-')), 'ledger.yaml');
/** A pid that has just exited (so it is not alive). */
const deadPid = (): number => {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
};

describe('withLedgerLock', () => {
  it('holds <ledger>.lock while the edit runs and removes it after, also when the edit throws', async () => {
    const file = ledgerIn();
    await withLedgerLock(file, async () => {
      const holder = JSON.parse(readFileSync(`${file}.lock`, 'utf8')) as { pid: number; host: string };
      expect(holder).toMatchObject({ pid: process.pid, host: hostname() });
    });
    expect(existsSync(`${file}.lock`)).toBe(false);
    await expect(withLedgerLock(file, async () => { throw new Error('edit failed'); })).rejects.toThrow('edit failed');
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('refuses a second edit while the first holds the lock, naming the holder; nothing of the second runs', async () => {
    const file = ledgerIn();
    let second = false;
    await withLedgerLock(file, async () => {
      const err = await withLedgerLock(file, async () => { second = true; }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LedgerLockedError);
      expect((err as LedgerLockedError).code).toBe('ECPA_LEDGER_LOCKED');
      expect((err as Error).message).toContain(`pid ${process.pid} on ${hostname()}`);
    });
    expect(second).toBe(false);
  });

  it('takes over the lock of a process that died on this host', async () => {
    const file = ledgerIn();
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: deadPid(), host: hostname(), since: '2026-11-26T00:00:00Z' }));
    let ran = false;
    await withLedgerLock(file, async () => { ran = true; });
    expect(ran).toBe(true);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('refuses a lock written on another host or that it cannot read, and leaves it in place', async () => {
    for (const text of [JSON.stringify({ pid: deadPid(), host: `not-${hostname()}`, since: '2026-11-26T00:00:00Z' }), 'garbage']) {
      const file = ledgerIn();
      writeFileSync(`${file}.lock`, text);
      await expect(withLedgerLock(file, async () => undefined)).rejects.toBeInstanceOf(LedgerLockedError);
      expect(readFileSync(`${file}.lock`, 'utf8')).toBe(text);
    }
  });
});
