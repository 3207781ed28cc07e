/**
 * The Junos RPCs of the lab server (served only when it runs as a Junos device): lock- and
 * unlock-configuration, load-configuration (xml; merge / replace / override / update; rollback N),
 * get-configuration (candidate or committed, `<configuration>` subtree filter),
 * commit-configuration (check; confirmed with confirm-timeout in MINUTES, really rolled back by a
 * timer when not confirmed; a later plain commit confirms; log). Errors of load and commit come
 * the way Junos sends them: `<rpc-error>`s inside `<load-configuration-results>` (with
 * `<load-error-count>`) and `<commit-results>` (with "configuration check-out failed"), not at the
 * top of the reply.
 */
import { NS_BASE, attribute, cloneElement, nc, type XmlElement } from '../../../drivers/netconf/xml.js';
import { LabRpcFault, type LabRpcError } from './datastore.js';
import { lock, unlock, type HandlerContext } from './handlers.js';
import { filteredConfiguration, loadInto, type JunosLoadAction } from './junos-load.js';
import { errorElement } from './session.js';

const ACTIONS: readonly string[] = ['merge', 'replace', 'override', 'update'];

/** A child in the base namespace or in none (Junos reads both; ncclient/PyEZ send the former). */
function junosChild(op: XmlElement, name: string): XmlElement | undefined {
  return op.children.find((c) => c.name === name && (c.namespace === NS_BASE || c.namespace === ''));
}

function lockedByOther(ctx: HandlerContext): LabRpcError | undefined {
  const holder = ctx.state.locks.get('candidate');
  if (holder === undefined || holder === ctx.sessionId) return undefined;
  const user = ctx.state.sessions.get(holder)?.username ?? 'unknown';
  return { type: 'protocol', tag: 'lock-denied', message: `configuration database locked by: ${user} netconf session ${holder} exclusive [edit]`, info: { 'session-id': String(holder) } };
}

/** `<lock-configuration/>`: the exclusive lock of the candidate (same as `<lock><target><candidate/>`). */
export function lockConfiguration(ctx: HandlerContext): XmlElement {
  return lock(ctx, nc('lock', [nc('target', [nc('candidate')])]));
}

/** `<unlock-configuration/>`. */
export function unlockConfiguration(ctx: HandlerContext): XmlElement {
  return unlock(ctx, nc('unlock', [nc('target', [nc('candidate')])]));
}

function loadResults(errors: readonly LabRpcError[]): XmlElement {
  const failed = errors.filter((e) => (e.severity ?? 'error') === 'error').length;
  return nc('load-configuration-results', [
    ...errors.map(errorElement),
    failed > 0 ? nc('load-error-count', String(failed)) : nc('ok'),
  ]);
}

/** `<load-configuration action="…" format="xml"><configuration>…` or `rollback="N"` into the candidate. */
export function loadConfiguration(ctx: HandlerContext, op: XmlElement): XmlElement {
  const state = ctx.state;
  const other = lockedByOther(ctx);
  if (other) return loadResults([other]);
  const rollback = attribute(op, 'rollback');
  if (rollback !== undefined) {
    const n = /^\d+$/.test(rollback.trim()) ? Number(rollback.trim()) : Number.NaN;
    const source = n === 0 ? state.datastores.running : state.history[n - 1];
    if (source === undefined) return loadResults([{ type: 'application', tag: 'invalid-value', message: `rollback ${rollback}: no such rollback (${state.history.length} kept)` }]);
    state.datastores.candidate = cloneElement(source);
    return loadResults([]);
  }
  const format = attribute(op, 'format') ?? 'xml';
  if (format !== 'xml') throw new LabRpcFault({ type: 'protocol', tag: 'operation-not-supported', message: `load-configuration format="${format}": the lab Junos server loads format="xml" only` });
  const action = attribute(op, 'action') ?? 'merge';
  if (!ACTIONS.includes(action)) throw new LabRpcFault({ type: 'protocol', tag: 'invalid-value', message: `load-configuration action="${action}" is not supported (merge, replace, override, update)`, info: { 'bad-attribute': 'action', 'bad-element': 'load-configuration' } });
  const loaded = op.children.find((c) => c.name === 'configuration');
  if (!loaded) throw new LabRpcFault({ type: 'protocol', tag: 'missing-element', message: '<load-configuration> needs <configuration> (or rollback="N")', info: { 'bad-element': 'configuration' } });
  if (state.faults.rejectEdit) return loadResults([state.faults.rejectEdit]);
  try {
    const { root, warnings } = loadInto(state.datastores.candidate, loaded, action as JunosLoadAction, state.keyMap);
    state.datastores.candidate = root;
    return loadResults(warnings);
  } catch (error: unknown) {
    if (!(error instanceof LabRpcFault)) throw error;
    // All-or-nothing: the candidate keeps what it held before this load.
    return loadResults(error.errors);
  }
}

/** `<get-configuration database="candidate|committed" format="xml">` with an optional `<configuration>` filter. */
export function getConfiguration(ctx: HandlerContext, op: XmlElement): XmlElement {
  const database = attribute(op, 'database') ?? 'candidate';
  if (database !== 'candidate' && database !== 'committed') throw new LabRpcFault({ type: 'protocol', tag: 'invalid-value', message: `get-configuration database="${database}" (candidate or committed)` });
  const format = attribute(op, 'format') ?? 'xml';
  if (format !== 'xml') throw new LabRpcFault({ type: 'protocol', tag: 'operation-not-supported', message: `get-configuration format="${format}": the lab Junos server answers format="xml" only` });
  const root = database === 'committed' ? ctx.state.datastores.running : ctx.state.datastores.candidate;
  return filteredConfiguration(root, op.children.find((c) => c.name === 'configuration'));
}

function commitFailed(errors: readonly LabRpcError[]): XmlElement {
  return nc('commit-results', [...errors, { type: 'protocol', tag: 'operation-failed', message: 'configuration check-out failed' } as LabRpcError].map(errorElement));
}

function commitSuccess(what: 'commit-success' | 'commit-check-success'): XmlElement {
  return nc('commit-results', [nc('routing-engine', [nc('name', 're0'), nc(what)])]);
}

/**
 * `<commit-configuration>`: `<check/>` validates (fault switch rejectValidate); `<confirmed/>` + `<confirm-timeout>` (minutes,
 * 1..65535, default 10) commits with a rollback timer (`minuteMs` per minute); a plain commit
 * from any session confirms a pending one (as on Junos). `<log>` and `<synchronize/>` are accepted.
 */
export function commitConfiguration(ctx: HandlerContext, op: XmlElement): XmlElement {
  const state = ctx.state;
  if (junosChild(op, 'at-time')) throw new LabRpcFault({ type: 'protocol', tag: 'operation-not-supported', message: 'commit at-time is not supported by the lab Junos server' });
  const other = lockedByOther(ctx);
  if (other) return commitFailed([other]);
  const confirmed = junosChild(op, 'confirmed') !== undefined;
  const timeoutText = junosChild(op, 'confirm-timeout')?.text.trim();
  if (timeoutText !== undefined && (!confirmed || !/^[1-9]\d{0,4}$/.test(timeoutText) || Number(timeoutText) > 65535)) {
    return commitFailed([{ type: 'protocol', tag: 'invalid-value', message: confirmed ? `confirm-timeout '${timeoutText}': minutes, 1..65535` : 'confirm-timeout needs <confirmed/>', info: { 'bad-element': 'confirm-timeout' } }]);
  }
  if (junosChild(op, 'check')) {
    // Check fails with rejectValidate; rejectCommit fails the commit itself (after a passing check).
    const refused = state.faults.rejectValidate;
    return refused ? commitFailed([refused]) : commitSuccess('commit-check-success');
  }
  if (state.faults.rejectCommit) return commitFailed([state.faults.rejectCommit]);
  const minutes = timeoutText === undefined ? 10 : Number(timeoutText);
  const p = state.pending;
  const previous = state.datastores.running;
  if (confirmed) {
    const rollback = p ? p.rollback : cloneElement(previous);
    if (p) clearTimeout(p.timer);
    const ms = minutes * (state.junos?.minuteMs ?? 60_000);
    const timer = setTimeout(() => state.rollback('timeout'), ms);
    timer.unref();
    state.pending = { rollback, sessionId: ctx.sessionId, persist: undefined, timer, deadline: Date.now() + ms, junos: true };
  } else if (p) {
    clearTimeout(p.timer);
    state.pending = undefined;
  }
  state.remember(previous);
  state.datastores.running = cloneElement(state.datastores.candidate);
  return commitSuccess('commit-success');
}

/** The Junos operations, by name (base namespace or none). */
export const JUNOS_HANDLERS: Readonly<Record<string, (ctx: HandlerContext, op: XmlElement) => XmlElement>> = {
  'lock-configuration': lockConfiguration,
  'unlock-configuration': unlockConfiguration,
  'load-configuration': loadConfiguration,
  'get-configuration': getConfiguration,
  'commit-configuration': commitConfiguration,
};

/** Whether `op` names a Junos operation the lab serves (base namespace or none). */
export function isJunosOperation(op: XmlElement): boolean {
  return (op.namespace === NS_BASE || op.namespace === '') && Object.hasOwn(JUNOS_HANDLERS, op.name);
}
