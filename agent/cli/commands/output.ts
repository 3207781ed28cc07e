/** Output helpers shared by the ledger commands: issue lists as text and JSON. */
import { formatIssue, type ConfigIssue } from '../../../config/issues.js';
import type { Io } from '../command.js';

/** JSON on stdout, alone, with a trailing newline. */
export function writeJson(io: Io, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

/** Issues as JSON objects (stable key order). */
export function issuesJson(issues: readonly ConfigIssue[]): object[] {
  return issues.map((i) => ({
    file: i.file,
    line: i.line,
    column: i.column,
    path: i.path,
    severity: i.severity,
    code: i.code,
    ...(i.alibabaCode ? { alibabaCode: i.alibabaCode } : {}),
    ids: i.ids ?? [],
    message: i.message,
  }));
}

/** One line per issue. */
export function issuesText(issues: readonly ConfigIssue[]): string {
  return issues.map((i) => `${formatIssue(i)}\n`).join('');
}

/** "2 errors, 1 warning". */
export function countText(issues: readonly ConfigIssue[]): string {
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;
  return `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
}
