/**
 * Source positions for ledger messages. Policies never read files: the loader (config/ledger)
 * injects a `LedgerLocator` that maps an entry of the model (the n-th circuit, a field of it) to the
 * path and place it was written in the file, so a rule's message can say `file:line:col`.
 */

/** A place in a source file; line and column are 1-based. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** A path in the ledger file: keys as written in the YAML and 0-based sequence indices. */
export type SourcePath = readonly (string | number)[];

/** The top-level lists of the ledger, by their key in the file. */
export type LedgerSection = 'accessPoints' | 'circuits' | 'sharedPorts';

/** Where a model entry was written. */
export interface Located {
  readonly path: SourcePath;
  readonly position?: SourcePosition;
}

/**
 * Maps `(section, index in the model, key in the file)` to its file path and position. The model
 * index can differ from the file index when the loader dropped an entry it could not read.
 */
export interface LedgerLocator {
  locate(section: LedgerSection | 'partner', index?: number, key?: string): Located;
}

/** A locator for ledgers built in memory (tests, API data): model paths, no positions. */
export const noLocator: LedgerLocator = {
  locate(section, index, key) {
    const path: (string | number)[] = [section];
    if (index !== undefined) path.push(index);
    if (key !== undefined) path.push(key);
    return { path };
  },
};

/** Renders a path the way messages show it: `sharedPorts[3].vlan`. */
export function formatPath(path: SourcePath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out === '' ? '(top level)' : out;
}

/** `file:line:col` or the empty string. */
export function formatPosition(position: SourcePosition | undefined): string {
  return position ? `${position.file}:${position.line}:${position.column}` : '';
}
