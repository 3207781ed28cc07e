/**
 * What a ledger rule reports. `code` is ecpa's stable code (kebab case); `alibabaCode` is the code
 * Alibaba Cloud's console/API gives for the same refusal, when it has one (alibaba.md §2).
 */
import type { SourcePath, SourcePosition } from './position.js';

export type Severity = 'error' | 'warning';

export interface LedgerViolation {
  readonly code: string;
  readonly alibabaCode?: string;
  readonly severity: Severity;
  readonly message: string;
  /** Path in the ledger file of the value at fault. */
  readonly path: SourcePath;
  /** Ids of the shared ports / circuits / access points involved. */
  readonly ids: readonly string[];
  readonly position?: SourcePosition;
}
