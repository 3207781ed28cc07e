/**
 * The RFC 6241 operations as pure builders: each checks the capabilities it needs and returns
 * the element to put inside `<rpc>`. No I/O, so every request shape is unit-tested.
 * Throws CapabilityError (server lacks what the operation needs) or InvalidRequestError.
 */
import type { Capabilities } from './capabilities.js';
import { CapabilityError, InvalidRequestError } from './errors.js';
import { NS_BASE, element, nc, type XmlElement } from './xml.js';
import { parseXml } from './xml-parse.js';

/** A configuration datastore. */
export type Datastore = 'running' | 'candidate' | 'startup';

/** A get/get-config filter: subtree (elements or XML text) or XPath (needs :xpath). */
export type Filter =
  | { readonly subtree: XmlElement | readonly XmlElement[] | string }
  | { readonly xpath: string; readonly namespaces?: Readonly<Record<string, string>> };

/** Configuration content: the `<config>` element, its children, or XML text of the children. */
export type ConfigContent = XmlElement | readonly XmlElement[] | string;

/** edit-config options (RFC 6241 §7.2). */
export interface EditConfigOptions {
  readonly defaultOperation?: 'merge' | 'replace' | 'none';
  readonly testOption?: 'test-then-set' | 'set' | 'test-only';
  readonly errorOption?: 'stop-on-error' | 'continue-on-error' | 'rollback-on-error';
}

/** commit options (RFC 6241 §8.3, §8.4). */
export interface CommitOptions {
  readonly confirmed?: boolean;
  /** Seconds until the server rolls back an unconfirmed commit (server default 600). */
  readonly confirmTimeoutS?: number;
  /** Makes the confirmed commit survive the session; the token confirms or cancels it later. */
  readonly persist?: string;
  /** Confirms (or extends) a persisted confirmed commit. */
  readonly persistId?: string;
}

function need(caps: Capabilities, operation: string, capability: string): void {
  if (!caps.has(capability)) throw new CapabilityError(operation, capability);
}

function datastoreCapability(operation: string, caps: Capabilities, store: Datastore, writing: boolean): void {
  if (store === 'candidate') need(caps, operation, ':candidate');
  else if (store === 'startup') need(caps, operation, ':startup');
  else if (writing) need(caps, operation, ':writable-running');
}

/** Parses XML text that may hold several top-level elements. Throws XmlError. */
export function parseFragment(xml: string): XmlElement[] {
  return parseXml(`<fragment>${xml}</fragment>`).children;
}

function configElement(content: ConfigContent): XmlElement {
  if (typeof content === 'string') return nc('config', parseFragment(content));
  if (!Array.isArray(content)) {
    const single = content as XmlElement;
    if (single.name === 'config' && single.namespace === NS_BASE) return single;
    return nc('config', [single]);
  }
  return nc('config', content as readonly XmlElement[]);
}

function filterElement(caps: Capabilities, operation: string, filter: Filter): XmlElement {
  if ('xpath' in filter) {
    need(caps, operation, ':xpath');
    return element('filter', {
      namespace: NS_BASE,
      attributes: { type: 'xpath', select: filter.xpath },
      prefixes: filter.namespaces ?? {},
    });
  }
  const subtree = typeof filter.subtree === 'string' ? parseFragment(filter.subtree) : Array.isArray(filter.subtree) ? filter.subtree : [filter.subtree as XmlElement];
  return element('filter', { namespace: NS_BASE, attributes: { type: 'subtree' }, children: subtree as XmlElement[] });
}

const store = (name: string, ds: Datastore): XmlElement => nc(name, [nc(ds)]);

/** `<get>` (running config + state). */
export function buildGet(caps: Capabilities, filter?: Filter): XmlElement {
  return nc('get', [filter && filterElement(caps, 'get', filter)]);
}

/** `<get-config>`. */
export function buildGetConfig(caps: Capabilities, source: Datastore, filter?: Filter): XmlElement {
  datastoreCapability('get-config', caps, source, false);
  return nc('get-config', [store('source', source), filter && filterElement(caps, 'get-config', filter)]);
}

/** `<edit-config>`. */
export function buildEditConfig(caps: Capabilities, target: Datastore, config: ConfigContent, options: EditConfigOptions = {}): XmlElement {
  datastoreCapability('edit-config', caps, target, true);
  if (options.testOption) need(caps, 'edit-config test-option', options.testOption === 'test-only' ? ':validate:1.1' : ':validate');
  if (options.errorOption === 'rollback-on-error') need(caps, 'edit-config error-option rollback-on-error', ':rollback-on-error');
  return nc('edit-config', [
    store('target', target),
    options.defaultOperation && nc('default-operation', options.defaultOperation),
    options.testOption && nc('test-option', options.testOption),
    options.errorOption && nc('error-option', options.errorOption),
    configElement(config),
  ]);
}

/** `<copy-config>` from a datastore or inline config to a datastore. */
export function buildCopyConfig(caps: Capabilities, target: Datastore, source: Datastore | { readonly config: ConfigContent }): XmlElement {
  datastoreCapability('copy-config', caps, target, true);
  if (typeof source === 'string') {
    if (source === target) throw new InvalidRequestError(`copy-config from ${source} to itself`);
    datastoreCapability('copy-config', caps, source, false);
  }
  return nc('copy-config', [store('target', target), nc('source', [typeof source === 'string' ? nc(source) : configElement(source.config)])]);
}

/** `<delete-config>`; the running datastore cannot be deleted (RFC 6241 §7.4). */
export function buildDeleteConfig(caps: Capabilities, target: Exclude<Datastore, 'running'>): XmlElement {
  if ((target as Datastore) === 'running') throw new InvalidRequestError('delete-config cannot target running');
  datastoreCapability('delete-config', caps, target, true);
  return nc('delete-config', [store('target', target)]);
}

/** `<lock>` / `<unlock>`. */
export function buildLock(caps: Capabilities, operation: 'lock' | 'unlock', target: Datastore): XmlElement {
  datastoreCapability(operation, caps, target, false);
  return nc(operation, [store('target', target)]);
}

/** `<validate>` of a datastore or inline config. */
export function buildValidate(caps: Capabilities, source: Datastore | { readonly config: ConfigContent }): XmlElement {
  need(caps, 'validate', ':validate');
  if (typeof source === 'string') datastoreCapability('validate', caps, source, false);
  return nc('validate', [nc('source', [typeof source === 'string' ? nc(source) : configElement(source.config)])]);
}

/** `<commit>`, plain, confirmed, or confirming (persist-id). */
export function buildCommit(caps: Capabilities, options: CommitOptions = {}): XmlElement {
  need(caps, 'commit', ':candidate');
  if (options.persist !== undefined && options.persistId !== undefined) throw new InvalidRequestError('commit takes persist or persist-id, not both');
  if (options.confirmed || options.confirmTimeoutS !== undefined) need(caps, 'confirmed commit', ':confirmed-commit');
  if (options.persist !== undefined || options.persistId !== undefined) need(caps, 'commit with persist/persist-id', ':confirmed-commit:1.1');
  if (!options.confirmed && (options.confirmTimeoutS !== undefined || options.persist !== undefined)) {
    throw new InvalidRequestError('confirm-timeout and persist need confirmed: true');
  }
  const t = options.confirmTimeoutS;
  if (t !== undefined && (!Number.isInteger(t) || t < 1 || t > 4294967295)) throw new InvalidRequestError(`confirm-timeout must be an integer 1..4294967295 seconds, got ${t}`);
  return nc('commit', [
    options.confirmed && nc('confirmed'),
    t !== undefined && nc('confirm-timeout', String(t)),
    options.persist !== undefined && nc('persist', options.persist),
    options.persistId !== undefined && nc('persist-id', options.persistId),
  ]);
}

/** `<cancel-commit>` (RFC 6241 §8.4.4.1). */
export function buildCancelCommit(caps: Capabilities, persistId?: string): XmlElement {
  need(caps, 'cancel-commit', ':confirmed-commit:1.1');
  return nc('cancel-commit', [persistId !== undefined && nc('persist-id', persistId)]);
}

/** `<discard-changes>`. */
export function buildDiscardChanges(caps: Capabilities): XmlElement {
  need(caps, 'discard-changes', ':candidate');
  return nc('discard-changes');
}

/** `<kill-session>`. */
export function buildKillSession(sessionId: number): XmlElement {
  if (!Number.isInteger(sessionId) || sessionId < 1) throw new InvalidRequestError(`kill-session needs a positive session id, got ${sessionId}`);
  return nc('kill-session', [nc('session-id', String(sessionId))]);
}
