/**
 * Watches the agent config and the ledger for changes. Editors and `git pull` replace files by
 * rename, which ends a watch on the file itself, so the folders are watched and events filtered
 * by name; a content hash drops events that changed nothing (touch, save without edit), and a
 * short debounce folds the burst of events one save produces into one reload.
 */
import { createHash } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';

/** See the module comment. */
export class FileWatcher {
  readonly #onChange: (files: readonly string[]) => void;
  readonly #onError: (error: Error) => void;
  readonly #debounceMs: number;
  readonly #watchers = new Map<string, FSWatcher>();
  readonly #hashes = new Map<string, string | undefined>();
  #files = new Set<string>();
  #pending = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: { onChange: (files: readonly string[]) => void; onError: (error: Error) => void; debounceMs?: number }) {
    this.#onChange = options.onChange;
    this.#onError = options.onError;
    this.#debounceMs = options.debounceMs ?? 300;
  }

  /** Watches exactly `files` from now on (their current content is the baseline). */
  async watch(files: readonly string[]): Promise<void> {
    if (this.#closed) return;
    this.#files = new Set(files.map((f) => resolve(f)));
    for (const f of this.#files) if (!this.#hashes.has(f)) this.#hashes.set(f, await hashOf(f));
    const dirs = new Set([...this.#files].map((f) => dirname(f)));
    for (const [dir, w] of this.#watchers) {
      if (!dirs.has(dir)) {
        w.close();
        this.#watchers.delete(dir);
      }
    }
    for (const dir of dirs) {
      if (this.#watchers.has(dir)) continue;
      try {
        const w = watch(dir, { persistent: false }, (_event, name) => this.#event(dir, name === null ? undefined : String(name)));
        w.on('error', (error) => this.#onError(error));
        this.#watchers.set(dir, w);
      } catch (error: unknown) {
        this.#onError(error instanceof Error ? error : new Error(String(error)));
      }
    }
  }

  #event(dir: string, name: string | undefined): void {
    for (const f of this.#files) {
      if (dirname(f) === dir && (name === undefined || basename(f) === name)) this.#pending.add(f);
    }
    if (this.#pending.size === 0) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#flush(), this.#debounceMs);
    this.#timer.unref();
  }

  async #flush(): Promise<void> {
    const files = [...this.#pending];
    this.#pending.clear();
    const changed: string[] = [];
    for (const f of files) {
      const h = await hashOf(f);
      if (h !== this.#hashes.get(f)) changed.push(f);
      this.#hashes.set(f, h);
    }
    if (changed.length > 0 && !this.#closed) this.#onChange(changed);
  }

  /** Stops watching. */
  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    for (const w of this.#watchers.values()) w.close();
    this.#watchers.clear();
  }
}

async function hashOf(file: string): Promise<string | undefined> {
  try {
    return createHash('sha256').update(await readFile(file)).digest('hex');
  } catch {
    return undefined; // gone for now (mid-rename); the next event reads it again
  }
}
