/**
 * Problems found in a file the operator wrote (ledger or agent config): every one with file, line,
 * column, the path of the value, a stable code and a message. `ConfigError` / `LedgerError` carry the
 * whole list so a caller reports all problems at once, not only the first.
 */
import { formatPath } from '../policies/ledger/position.js';
import type { LedgerViolation, Severity } from '../policies/ledger/violation.js';

export interface ConfigIssue {
  readonly file: string;
  /** 1-based; 0 when the problem is not at a place in the file (e.g. unreadable file). */
  readonly line: number;
  readonly column: number;
  /** `sharedPorts[3].vlan`, or `(top level)`. */
  readonly path: string;
  readonly code: string;
  readonly alibabaCode?: string;
  readonly severity: Severity;
  readonly message: string;
  readonly ids?: readonly string[];
}

/** Converts a policy violation (with its injected position) into a file issue. */
export function issueFromViolation(v: LedgerViolation, file: string): ConfigIssue {
  return {
    file: v.position?.file ?? file,
    line: v.position?.line ?? 0,
    column: v.position?.column ?? 0,
    path: formatPath(v.path),
    code: v.code,
    ...(v.alibabaCode ? { alibabaCode: v.alibabaCode } : {}),
    severity: v.severity,
    message: v.message,
    ids: v.ids,
  };
}

/** One line per issue: `file:line:col: error [code] message`. */
export function formatIssue(issue: ConfigIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.column}` : issue.file;
  const code = issue.alibabaCode ? `${issue.alibabaCode}` : issue.code;
  return `${where}: ${issue.severity} [${code}] ${issue.message}`;
}

export function hasErrors(issues: readonly ConfigIssue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

/** Sorts issues by file position (unpositioned first), keeping discovery order for ties. */
export function sortIssues(issues: readonly ConfigIssue[]): ConfigIssue[] {
  return [...issues].sort((a, b) => a.line - b.line || a.column - b.column);
}

/** The agent config is invalid; `issues` holds every problem. */
export class ConfigError extends Error {
  override readonly name: string = 'ConfigError';
  readonly code: string = 'ECPA_CONFIG_INVALID';
  readonly issues: readonly ConfigIssue[];

  constructor(file: string, issues: readonly ConfigIssue[], options?: { cause?: unknown }) {
    const errors = issues.filter((i) => i.severity === 'error');
    super(`${file}: ${errors.length} error(s)\n${errors.map(formatIssue).join('\n')}`, options);
    this.issues = issues;
  }
}

/** The ledger is invalid; `issues` holds every problem. */
export class LedgerError extends ConfigError {
  override readonly name = 'LedgerError';
  override readonly code = 'ECPA_LEDGER_INVALID';
}

/** A file could not be read at all (missing, permission); the message names it and the reason. */
export class FileReadError extends Error {
  override readonly name = 'FileReadError';
  readonly code = 'ECPA_FILE_UNREADABLE';
  constructor(readonly file: string, options: { cause: unknown }) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(`cannot read ${file}: ${reason}`, options);
  }
}
