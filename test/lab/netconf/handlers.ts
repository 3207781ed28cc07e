/**
 * The lab server's RPC handlers: one function per RFC 6241 operation, over the shared LabState.
 * Each returns the reply content (`<ok/>` or `<data>`) or throws LabRpcFault.
 */
import { NS_BASE, child, childText, cloneElement, nc, type XmlElement } from '../../../drivers/netconf/xml.js';
import { LabRpcFault, applyEdit, filterSubtree, type EditOperation } from './datastore.js';
import { junosData } from './junos-load.js';
import type { LabDatastore, LabState } from './state.js';

/** The calling session and the server's configuration, as handlers need them. */
export interface HandlerContext {
  readonly state: LabState;
  readonly sessionId: number;
  readonly writableRunning: boolean;
  readonly xpath: boolean;
}

const ok = (): XmlElement => nc('ok');
const STORES: readonly string[] = ['running', 'candidate', 'startup'];

function missing(name: string, parent: string): never {
  throw new LabRpcFault({ type: 'protocol', tag: 'missing-element', message: `<${parent}> needs <${name}>`, info: { 'bad-element': name } });
}

function storeIn(op: XmlElement, container: string): LabDatastore {
  const c = child(op, container, NS_BASE) ?? missing(container, op.name);
  const s = c.children[0];
  if (!s || !STORES.includes(s.name)) {
    throw new LabRpcFault({ type: 'protocol', tag: 'bad-element', message: `unsupported datastore in <${container}>`, info: { 'bad-element': s?.name ?? container } });
  }
  return s.name as LabDatastore;
}

function heldByOther(ctx: HandlerContext, store: LabDatastore): void {
  const holder = ctx.state.locks.get(store);
  if (holder !== undefined && holder !== ctx.sessionId) {
    throw new LabRpcFault({ type: 'protocol', tag: 'in-use', message: `${store} is locked by session ${holder}`, info: { 'session-id': String(holder) } });
  }
}

function filtered(ctx: HandlerContext, op: XmlElement, root: XmlElement): XmlElement {
  const filter = child(op, 'filter', NS_BASE);
  // A Junos device always answers its <configuration> inside <data>, empty when nothing matches.
  if (!filter) return ctx.state.junos ? junosData(root, undefined) : nc('data', cloneElement(root).children);
  const type = filter.attributes.find((a) => a.name === 'type')?.value ?? 'subtree';
  if (type !== 'subtree') {
    throw new LabRpcFault({ type: 'protocol', tag: 'operation-not-supported', message: `filter type '${type}' is not supported by the lab server` });
  }
  if (ctx.state.junos) return junosData(root, filter);
  return nc('data', filterSubtree(root.children, filter.children));
}

function writable(ctx: HandlerContext, store: LabDatastore): void {
  if (store === 'running' && !ctx.writableRunning) {
    throw new LabRpcFault({ type: 'protocol', tag: 'operation-not-supported', message: 'running is not writable (no :writable-running); edit the candidate and commit' });
  }
}

/** get: running config (the lab has no state data). */
export function get(ctx: HandlerContext, op: XmlElement): XmlElement {
  return filtered(ctx, op, ctx.state.datastores.running);
}

/** get-config. */
export function getConfig(ctx: HandlerContext, op: XmlElement): XmlElement {
  return filtered(ctx, op, ctx.state.datastores[storeIn(op, 'source')]);
}

/** edit-config: all-or-nothing on a copy; test-only validates without applying. */
export function editConfig(ctx: HandlerContext, op: XmlElement): XmlElement {
  const target = storeIn(op, 'target');
  writable(ctx, target);
  heldByOther(ctx, target);
  if (ctx.state.faults.rejectEdit) throw new LabRpcFault(ctx.state.faults.rejectEdit);
  const config = child(op, 'config', NS_BASE) ?? missing('config', 'edit-config');
  const def = (childText(op, 'default-operation', NS_BASE) ?? 'merge').trim();
  if (!['merge', 'replace', 'none'].includes(def)) throw new LabRpcFault({ type: 'protocol', tag: 'invalid-value', message: `bad default-operation '${def}'` });
  const test = (childText(op, 'test-option', NS_BASE) ?? 'test-then-set').trim();
  const copy = cloneElement(ctx.state.datastores[target]);
  if (def === 'replace') copy.children = [];
  applyEdit(copy, config, def === 'replace' ? 'merge' : (def as EditOperation), ctx.state.keyMap);
  if (test !== 'test-only') ctx.state.datastores[target] = copy;
  return ok();
}

/** copy-config from a datastore or inline `<config>`. */
export function copyConfig(ctx: HandlerContext, op: XmlElement): XmlElement {
  const target = storeIn(op, 'target');
  writable(ctx, target);
  heldByOther(ctx, target);
  const source = child(op, 'source', NS_BASE) ?? missing('source', 'copy-config');
  const inline = child(source, 'config', NS_BASE);
  const data = inline ? nc('data', cloneElement(inline).children) : cloneElement(ctx.state.datastores[storeIn(op, 'source')]);
  ctx.state.datastores[target] = data;
  return ok();
}

/** delete-config (startup only; running cannot be deleted). */
export function deleteConfig(ctx: HandlerContext, op: XmlElement): XmlElement {
  const target = storeIn(op, 'target');
  if (target !== 'startup') throw new LabRpcFault({ type: 'protocol', tag: 'operation-not-supported', message: `delete-config of ${target} is not allowed` });
  heldByOther(ctx, target);
  ctx.state.datastores.startup = nc('data');
  return ok();
}

/** lock. */
export function lock(ctx: HandlerContext, op: XmlElement): XmlElement {
  const target = storeIn(op, 'target');
  const refuse = ctx.state.faults.refuseLock;
  const denied = (holder: number, message: string): never => {
    throw new LabRpcFault({ type: 'protocol', tag: 'lock-denied', message, info: { 'session-id': String(holder) } });
  };
  if (refuse) denied(refuse.holderSessionId ?? 999, `${target} is locked (fault switch)`);
  const holder = ctx.state.locks.get(target);
  if (holder !== undefined) denied(holder, `${target} is already locked by session ${holder}`);
  // RFC 6241 §7.5: no lock on a candidate that holds someone's uncommitted changes.
  if (target === 'candidate' && ctx.state.candidateDirty()) denied(0, 'the candidate has uncommitted changes; discard them first');
  ctx.state.locks.set(target, ctx.sessionId);
  return ok();
}

/** unlock (releasing the candidate lock discards uncommitted changes, RFC 6241 §8.3.5.2). */
export function unlock(ctx: HandlerContext, op: XmlElement): XmlElement {
  const target = storeIn(op, 'target');
  if (ctx.state.locks.get(target) !== ctx.sessionId) throw new LabRpcFault({ type: 'protocol', tag: 'operation-failed', message: `${target} is not locked by this session` });
  ctx.state.locks.delete(target);
  if (target === 'candidate') ctx.state.datastores.candidate = cloneElement(ctx.state.datastores.running);
  return ok();
}

/** validate (schema-less: always valid unless the fault switch says otherwise). */
export function validate(ctx: HandlerContext, op: XmlElement): XmlElement {
  const source = child(op, 'source', NS_BASE) ?? missing('source', 'validate');
  if (!child(source, 'config', NS_BASE)) storeIn(op, 'source');
  if (ctx.state.faults.rejectValidate) throw new LabRpcFault(ctx.state.faults.rejectValidate);
  return ok();
}

/** commit: plain, confirmed (timer rolls back), or confirming (same session, or persist-id). */
export function commit(ctx: HandlerContext, op: XmlElement): XmlElement {
  const state = ctx.state;
  heldByOther(ctx, 'running');
  heldByOther(ctx, 'candidate');
  if (state.faults.rejectCommit) throw new LabRpcFault(state.faults.rejectCommit);
  const confirmed = child(op, 'confirmed', NS_BASE) !== undefined;
  const timeoutText = childText(op, 'confirm-timeout', NS_BASE)?.trim();
  const persist = childText(op, 'persist', NS_BASE);
  const persistId = childText(op, 'persist-id', NS_BASE);
  if (timeoutText !== undefined && !/^[1-9]\d*$/.test(timeoutText)) throw new LabRpcFault({ type: 'protocol', tag: 'invalid-value', message: `bad confirm-timeout '${timeoutText}'` });
  const timeoutS = timeoutText === undefined ? 600 : Number(timeoutText);
  const p = state.pending;
  if (p) {
    // Junos: any later commit confirms a pending commit-configuration confirmed.
    const mayConfirm = p.junos === true || (p.persist !== undefined ? persistId === p.persist : p.sessionId === ctx.sessionId && persistId === undefined);
    if (!mayConfirm) {
      throw new LabRpcFault({ type: 'protocol', tag: p.persist !== undefined && persistId !== undefined ? 'invalid-value' : 'in-use', message: 'a confirmed commit is pending; confirm it from its session or with its persist-id' });
    }
  } else if (persistId !== undefined) {
    throw new LabRpcFault({ type: 'protocol', tag: 'invalid-value', message: 'no confirmed commit is pending for this persist-id' });
  }
  const newRunning = cloneElement(state.datastores.candidate);
  if (confirmed) {
    const rollback = p ? p.rollback : cloneElement(state.datastores.running);
    if (p) clearTimeout(p.timer);
    const timer = setTimeout(() => state.rollback('timeout'), timeoutS * 1000);
    timer.unref();
    state.pending = { rollback, sessionId: ctx.sessionId, persist: persist ?? p?.persist, timer, deadline: Date.now() + timeoutS * 1000 };
  } else if (p) {
    clearTimeout(p.timer);
    state.pending = undefined;
  }
  if (state.junos) state.remember(state.datastores.running);
  state.datastores.running = newRunning;
  return ok();
}

/** cancel-commit. */
export function cancelCommit(ctx: HandlerContext, op: XmlElement): XmlElement {
  const p = ctx.state.pending;
  const persistId = childText(op, 'persist-id', NS_BASE);
  if (!p) throw new LabRpcFault({ type: 'protocol', tag: 'operation-failed', message: 'no confirmed commit is pending' });
  const allowed = p.persist !== undefined ? persistId === p.persist : p.sessionId === ctx.sessionId && persistId === undefined;
  if (!allowed) throw new LabRpcFault({ type: 'protocol', tag: 'invalid-value', message: 'cancel-commit needs the session or the persist-id of the confirmed commit' });
  ctx.state.rollback('cancel');
  return ok();
}

/** discard-changes. */
export function discardChanges(ctx: HandlerContext): XmlElement {
  heldByOther(ctx, 'candidate');
  ctx.state.datastores.candidate = cloneElement(ctx.state.datastores.running);
  return ok();
}

/** kill-session. */
export function killSession(ctx: HandlerContext, op: XmlElement): XmlElement {
  const text = childText(op, 'session-id', NS_BASE)?.trim() ?? missing('session-id', 'kill-session');
  const id = /^\d+$/.test(text) ? Number(text) : NaN;
  if (id === ctx.sessionId) throw new LabRpcFault({ type: 'protocol', tag: 'invalid-value', message: 'a session cannot kill itself; use close-session' });
  const target = ctx.state.sessions.get(id);
  if (!target) throw new LabRpcFault({ type: 'protocol', tag: 'invalid-value', message: `no session ${text}` });
  target.terminate();
  ctx.state.sessionEnded(id);
  return ok();
}

/** The operations the lab serves, by name. close-session is handled by the session itself. */
export const HANDLERS: Readonly<Record<string, (ctx: HandlerContext, op: XmlElement) => XmlElement>> = {
  get,
  'get-config': getConfig,
  'edit-config': editConfig,
  'copy-config': copyConfig,
  'delete-config': deleteConfig,
  lock,
  unlock,
  validate,
  commit,
  'cancel-commit': cancelCommit,
  'discard-changes': discardChanges,
  'kill-session': killSession,
};

