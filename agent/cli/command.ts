/**
 * The contract every `ecpa` command keeps: exit codes, output formats, where output goes.
 *
 * Exit codes are the same for every command:
 *   0 — success, everything passes;
 *   1 — the command ran and found problems (invalid ledger, failed rule, failed device);
 *   2 — it could not run (usage error, unreadable file).
 * JSON output goes to stdout alone; logs and diagnostics go to stderr.
 */

export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_CANNOT_RUN = 2;
export type ExitCode = typeof EXIT_OK | typeof EXIT_PROBLEMS | typeof EXIT_CANNOT_RUN;

export const OUTPUT_FORMATS = ['text', 'json'] as const;
export type OutputFormat = string;

/** One command-line option, declared once: parsing, `--help` and validation all read this. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly description: string;
  readonly short?: string;
  /** May be given several times (`--device a --device b`). */
  readonly multiple?: boolean;
  /** Allowed values, shown in help and checked before `run`. */
  readonly choices?: readonly string[];
  readonly default?: string | boolean;
  /** Placeholder in help, e.g. `FILE`. */
  readonly valueName?: string;
}

export type OptionValues = Readonly<Record<string, string | boolean | string[] | undefined>>;

/** Where a command writes. Injected so tests run commands in-process. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Asks the operator a yes/no question on a terminal; undefined when there is no terminal. */
  readonly confirm?: (question: string) => Promise<boolean>;
}

export interface CommandContext {
  readonly options: OptionValues;
  readonly positionals: readonly string[];
  readonly io: Io;
  readonly signal: AbortSignal;
}

export interface Command {
  /** Words that select the command, e.g. `['ledger', 'check']`. */
  readonly path: readonly string[];
  readonly summary: string;
  /** Positional arguments for help, e.g. `[LEDGER]`. */
  readonly usage?: string;
  /** Longer help text: what it does, what it writes, examples. */
  readonly details?: string;
  /** Output formats the command supports; the first is the default. */
  readonly formats: readonly string[];
  readonly options: Readonly<Record<string, OptionSpec>>;
  run(ctx: CommandContext): Promise<ExitCode>;
}

/** A usage error: the command line is wrong. Exit 2 with the message and a pointer to --help. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly code = 'ECPA_USAGE';
}

/** The command could not run (unreadable file, bad config). Exit 2. */
export class CannotRunError extends Error {
  override readonly name = 'CannotRunError';
  readonly code = 'ECPA_CANNOT_RUN';
}

/** Reads a string option that parseArgs already validated. */
export function stringOption(options: OptionValues, name: string): string | undefined {
  const value = options[name];
  return typeof value === 'string' ? value : undefined;
}

/** Reads a repeatable string option. */
export function stringListOption(options: OptionValues, name: string): string[] {
  const value = options[name];
  if (Array.isArray(value)) return value;
  return typeof value === 'string' ? [value] : [];
}

export function booleanOption(options: OptionValues, name: string): boolean {
  return options[name] === true;
}
