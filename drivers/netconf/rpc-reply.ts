/**
 * Reading an `<rpc-reply>`: its `<rpc-error>`s (RFC 6241 §4.3) into RpcErrorInfo, and the error
 * to throw for them. Warnings are returned, never thrown.
 */
import { LockDeniedError, RpcError, type RpcErrorInfo, type SessionErrorOptions } from './errors.js';
import { NS_BASE, child, childrenNamed, type XmlElement } from './xml.js';

/** Parses one `<rpc-error>` element. Unknown severities count as errors (the safe reading). */
export function parseRpcError(el: XmlElement): RpcErrorInfo {
  const text = (name: string): string | undefined => child(el, name)?.text;
  const infoXml = child(el, 'error-info');
  const info: Record<string, string> = {};
  for (const c of infoXml?.children ?? []) if (c.children.length === 0 && !(c.name in info)) info[c.name] = c.text.trim();
  const appTag = text('error-app-tag');
  const path = text('error-path');
  const message = text('error-message');
  return {
    type: (text('error-type') ?? '').trim(),
    tag: (text('error-tag') ?? '').trim(),
    severity: (text('error-severity') ?? 'error').trim() === 'warning' ? 'warning' : 'error',
    ...(appTag !== undefined ? { appTag: appTag.trim() } : {}),
    ...(path !== undefined ? { path: path.trim() } : {}),
    ...(message !== undefined ? { message } : {}),
    info,
    ...(infoXml ? { infoXml } : {}),
  };
}

/** Every `<rpc-error>` of a reply (any namespace prefix; some servers omit the namespace). */
export function replyErrors(reply: XmlElement): RpcErrorInfo[] {
  return childrenNamed(reply, 'rpc-error').filter((e) => e.namespace === NS_BASE || e.namespace === '').map(parseRpcError);
}

/**
 * The error to throw for a reply, or undefined when it has no error of severity error
 * (warnings alone are not a failure). `lock-denied` gives a LockDeniedError.
 */
export function replyFailure(operation: string, errors: readonly RpcErrorInfo[], options: SessionErrorOptions = {}): RpcError | undefined {
  if (!errors.some((e) => e.severity === 'error')) return undefined;
  if (errors.some((e) => e.severity === 'error' && e.tag === 'lock-denied')) return new LockDeniedError(operation, errors, options);
  return new RpcError(operation, errors, options);
}
