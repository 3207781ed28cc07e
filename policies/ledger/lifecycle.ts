/**
 * The shared-port state machine as the partner console enforces it (alibaba.md §3.2, docs/ledger.md
 * "State table"): which ledger edit is allowed from which status, and the status it leads to.
 */
import type { SharedPort, SharedPortStatus } from './model.js';
import type { LedgerViolation } from './violation.js';

/** Edits that mirror the partner console. */
export type LedgerAction = 'modify-vlan' | 'change-bandwidth' | 'terminate' | 'recover' | 'remove' | 'mark-deleted';

/** Statuses a new shared port may be recorded with: created (pending), or an existing one recorded late. */
export const CREATE_STATUSES: readonly SharedPortStatus[] = ['pending-acceptance', 'accepted', 'enabled'];

/**
 * From which statuses each edit is allowed.
 * - modify-vlan / change-bandwidth: UpdateVirtualPhysicalConnection, on a live port (not while it is
 *   being terminated or terminated, where the console offers no Modify).
 * - terminate: TerminatePhysicalConnection, only from Enabled.
 * - recover: RecoverPhysicalConnection, only from Terminated.
 * - remove / mark-deleted: DeletePhysicalConnection, allowed in Confirmed (pending acceptance),
 *   accepted-not-enabled and Terminated, never while Enabled: a port is terminated before it is removed.
 */
export const ALLOWED_FROM: Readonly<Record<LedgerAction, readonly SharedPortStatus[]>> = {
  'modify-vlan': ['pending-acceptance', 'accepted', 'enabled'],
  'change-bandwidth': ['pending-acceptance', 'accepted', 'enabled'],
  terminate: ['enabled'],
  recover: ['terminated'],
  remove: ['pending-acceptance', 'accepted', 'terminated', 'deleted'],
  'mark-deleted': ['pending-acceptance', 'accepted', 'terminated'],
};

/** The status an edit leaves the port in; undefined when it keeps the status (or removes the entry). */
export const RESULT_STATUS: Readonly<Partial<Record<LedgerAction, SharedPortStatus>>> = {
  terminate: 'terminated',
  recover: 'enabled',
  'mark-deleted': 'deleted',
};

/**
 * Refuses an edit the console would refuse because of the port's status; undefined when allowed.
 * The violation carries `IncorrectStatus.PhysicalConnection`, the code RecoverPhysicalConnection gives.
 */
export function checkTransition(port: SharedPort, action: LedgerAction): LedgerViolation | undefined {
  const allowed = ALLOWED_FROM[action];
  if (allowed.includes(port.status)) return undefined;
  const hint = action === 'remove' && port.status === 'enabled' ? ' (terminate it first)' : '';
  return {
    code: 'incorrect-status',
    alibabaCode: 'IncorrectStatus.PhysicalConnection',
    severity: 'error',
    message: `shared port ${port.id} is ${port.status}: ${action} is allowed only when it is ${allowed.join(' or ')}${hint}`,
    path: [],
    ids: [port.id],
  };
}
