import { describe, expect, it } from 'vitest';
import { Capabilities } from '../../../../drivers/netconf/capabilities.js';
import { CapabilityError, InvalidRequestError, LockDeniedError, RpcError } from '../../../../drivers/netconf/errors.js';
import { buildCancelCommit, buildCommit, buildEditConfig, buildGetConfig, buildKillSession } from '../../../../drivers/netconf/operations.js';
import { replyErrors, replyFailure } from '../../../../drivers/netconf/rpc-reply.js';
import { NS_BASE, serialize } from '../../../../drivers/netconf/xml.js';
import { parseXml } from '../../../../drivers/netconf/xml-parse.js';

const C = 'urn:ietf:params:netconf:capability:';
const full = new Capabilities(['urn:ietf:params:netconf:base:1.1', `${C}candidate:1.0`, `${C}confirmed-commit:1.1`, `${C}validate:1.1`, `${C}xpath:1.0`, `${C}rollback-on-error:1.0`]);
const bare = new Capabilities(['urn:ietf:params:netconf:base:1.0', `${C}writable-running:1.0`]);
const strip = (s: string): string => s.replace(` xmlns="${NS_BASE}"`, '');

describe('operation builders', () => {
  it('edit-config with all options, and the capabilities they need', () => {
    const el = buildEditConfig(full, 'candidate', '<x xmlns="urn:x">1</x>', { defaultOperation: 'none', testOption: 'test-only', errorOption: 'rollback-on-error' });
    expect(strip(serialize(el))).toBe('<edit-config><target><candidate/></target><default-operation>none</default-operation><test-option>test-only</test-option><error-option>rollback-on-error</error-option><config><x xmlns="urn:x">1</x></config></edit-config>');
    expect(() => buildEditConfig(bare, 'candidate', '<x/>')).toThrow(CapabilityError);
    expect(() => buildEditConfig(bare, 'running', '<x/>', { testOption: 'set' })).toThrow(/:validate/);
    expect(() => buildEditConfig(full, 'running', '<x/>')).toThrow(/:writable-running/);
  });
  it('get-config with an xpath filter declares the prefixes on <filter>', () => {
    const el = buildGetConfig(full, 'running', { xpath: "/if:interfaces/if:interface[if:name='a']", namespaces: { if: 'urn:if' } });
    expect(strip(serialize(el))).toBe(`<get-config><source><running/></source><filter xmlns:if="urn:if" type="xpath" select="/if:interfaces/if:interface[if:name='a']"/></get-config>`);
    expect(() => buildGetConfig(bare, 'running', { xpath: '/a' })).toThrow(/:xpath/);
  });
  it('commit: confirmed with timeout and persist; confirming with persist-id; never both', () => {
    expect(strip(serialize(buildCommit(full, { confirmed: true, confirmTimeoutS: 120, persist: 't' })))).toBe('<commit><confirmed/><confirm-timeout>120</confirm-timeout><persist>t</persist></commit>');
    expect(strip(serialize(buildCommit(full, { persistId: 't' })))).toBe('<commit><persist-id>t</persist-id></commit>');
    expect(() => buildCommit(full, { confirmed: true, persist: 'a', persistId: 'b' })).toThrow(InvalidRequestError);
    expect(() => buildCommit(full, { confirmed: true, confirmTimeoutS: 0 })).toThrow(/confirm-timeout/);
    expect(() => buildCancelCommit(new Capabilities([`${C}candidate:1.0`, `${C}confirmed-commit:1.0`]))).toThrow(/confirmed-commit:1.1/);
  });
  it('kill-session needs a positive id', () => {
    expect(() => buildKillSession(0)).toThrow(InvalidRequestError);
  });
});

describe('rpc-error parsing', () => {
  const reply = parseXml(`<rpc-reply xmlns="${NS_BASE}" message-id="1">
    <rpc-error><error-type>protocol</error-type><error-tag>lock-denied</error-tag><error-severity>error</error-severity>
      <error-app-tag>app</error-app-tag><error-path>/a/b</error-path><error-message xml:lang="en">Lock failed, lock is already held</error-message>
      <error-info><session-id>42</session-id></error-info></rpc-error>
    <rpc-error><error-type>application</error-type><error-tag>operation-failed</error-tag><error-severity>warning</error-severity></rpc-error>
  </rpc-reply>`);
  it('parses every field', () => {
    const errors = replyErrors(reply);
    expect(errors[0]).toMatchObject({ type: 'protocol', tag: 'lock-denied', severity: 'error', appTag: 'app', path: '/a/b', message: 'Lock failed, lock is already held', info: { 'session-id': '42' } });
    expect(errors[1]?.severity).toBe('warning');
  });
  it('lock-denied becomes LockDeniedError with the holder; warnings alone are no failure', () => {
    const failure = replyFailure('lock', replyErrors(reply));
    expect(failure).toBeInstanceOf(LockDeniedError);
    expect((failure as LockDeniedError).holderSessionId).toBe(42);
    expect(failure).toBeInstanceOf(RpcError);
    expect(failure?.message).toContain('held by session 42');
    expect(replyFailure('edit-config', replyErrors(reply).slice(1))).toBeUndefined();
  });
});
