/**
 * Ledger edits that mirror the partner console (create, modify VLAN, change bandwidth, terminate,
 * recover, remove). An edit is planned on the loaded ledger: the state machine is checked first
 * (policies/ledger/lifecycle.ts), then the text is edited (text-edit.ts) and the result is loaded and
 * validated again. An edit that would add a problem is refused with the same code the console gives;
 * the file is not touched by planning.
 */
import { parseLedgerText, type LedgerLoadOptions, type LoadedLedger } from '../../config/ledger/load.js';
import type { ConfigIssue } from '../../config/issues.js';
import { CREATE_STATUSES, checkTransition, RESULT_STATUS, type LedgerAction } from '../../policies/ledger/lifecycle.js';
import type { SharedPort } from '../../policies/ledger/model.js';
import { insertSharedPort, removeSharedPort, replaceScalar, type NewPortFields } from './text-edit.js';

export type LedgerEdit =
  | { readonly action: 'create'; readonly port: NewPortFields }
  | { readonly action: 'modify-vlan'; readonly id: string; readonly vlan: number }
  | { readonly action: 'change-bandwidth'; readonly id: string; readonly bandwidth: string }
  | { readonly action: 'terminate' | 'recover' | 'remove' | 'mark-deleted'; readonly id: string };

export type EditPlan =
  | { readonly ok: true; readonly before: string; readonly after: string; readonly summary: string; readonly warnings: readonly ConfigIssue[] }
  | { readonly ok: false; readonly reason: 'invalid-ledger' | 'refused'; readonly issues: readonly ConfigIssue[] };

/** Identity of a problem independent of positions (so edits that shift lines do not make old problems look new). */
function issueKey(issue: ConfigIssue): string {
  return issue.ids && issue.ids.length > 0 ? `${issue.code}|${[...issue.ids].sort().join(',')}` : `${issue.code}|${issue.path}|${issue.message}`;
}

function refused(file: string, code: string, message: string, ids: readonly string[], alibabaCode?: string): EditPlan {
  return { ok: false, reason: 'refused', issues: [{ file, line: 0, column: 0, path: '(edit)', code, ...(alibabaCode ? { alibabaCode } : {}), severity: 'error', message, ids }] };
}

/** Plans `edit` on `loaded`; never writes. */
export function planEdit(loaded: LoadedLedger, edit: LedgerEdit, options: LedgerLoadOptions = {}): EditPlan {
  const file = loaded.file;
  const errors = loaded.issues.filter((i) => i.severity === 'error');
  // Rule violations (they name ids) do not block edits that fix or leave them; a file whose structure
  // is broken does, because an edit of a file that was not fully understood could lose data.
  const structural = errors.filter((i) => !i.ids || i.ids.length === 0);
  if (!loaded.ledger || structural.length > 0) return { ok: false, reason: 'invalid-ledger', issues: errors };
  const ledger = loaded.ledger;

  let after: string;
  let summary: string;
  if (edit.action === 'create') {
    const p = edit.port;
    if (!CREATE_STATUSES.includes(p.status as SharedPort['status'])) {
      return refused(file, 'status-invalid', `a new shared port is recorded as ${CREATE_STATUSES.join(', ')}; got ${p.status}`, [p.id]);
    }
    if (!ledger.circuits.some((c) => c.id === p.circuit)) {
      return refused(file, 'unknown-circuit', `circuit ${p.circuit} does not exist (known: ${ledger.circuits.map((c) => c.id).join(', ') || '(none)'})`, [p.circuit], 'ResourceNotFound.PhysicalConnectionId');
    }
    after = insertSharedPort(loaded, p);
    summary = `created shared port ${p.id} for tenant ${p.tenant} on ${p.circuit}: VLAN ${p.vlan}, ${p.bandwidth}, ${p.status}`;
  } else {
    const index = ledger.sharedPorts.findIndex((p) => p.id === edit.id);
    const port = ledger.sharedPorts[index];
    const fileIndex = loaded.fileIndex.sharedPorts[index];
    if (!port || fileIndex === undefined) {
      return refused(file, 'unknown-shared-port', `shared port ${edit.id} does not exist in ${file}`, [edit.id], 'ResourceNotFound.PhysicalConnectionId');
    }
    const action: LedgerAction = edit.action;
    const wrongState = checkTransition(port, action);
    if (wrongState) return refused(file, wrongState.code, wrongState.message, wrongState.ids, wrongState.alibabaCode);
    const at = (key: string): (string | number)[] => ['sharedPorts', fileIndex, key];
    switch (edit.action) {
      case 'modify-vlan':
        after = replaceScalar(loaded, at('vlan'), edit.vlan);
        summary = `modified VLAN of shared port ${port.id} on ${port.circuitId}: ${port.vlan} → ${edit.vlan}`;
        break;
      case 'change-bandwidth':
        after = replaceScalar(loaded, at('bandwidth'), edit.bandwidth);
        summary = `changed bandwidth of shared port ${port.id} on ${port.circuitId}: ${port.bandwidth.spec} → ${edit.bandwidth}`;
        break;
      case 'remove':
        after = removeSharedPort(loaded, fileIndex);
        summary = `removed shared port ${port.id} (tenant ${port.tenant}, VLAN ${port.vlan} on ${port.circuitId})`;
        break;
      default: {
        const status = RESULT_STATUS[edit.action] ?? port.status;
        after = replaceScalar(loaded, at('status'), status);
        const verb = { terminate: 'terminated', recover: 'recovered', 'mark-deleted': 'marked deleted' }[edit.action];
        summary = `${verb} shared port ${port.id}: ${port.status} → ${status}`;
      }
    }
  }

  const next = parseLedgerText(after, file, options);
  const old = new Set(errors.map(issueKey));
  const added = next.issues.filter((i) => i.severity === 'error' && !old.has(issueKey(i)));
  if (added.length > 0) return { ok: false, reason: 'refused', issues: added };
  return { ok: true, before: loaded.source, after, summary, warnings: next.issues.filter((i) => i.severity === 'warning') };
}
