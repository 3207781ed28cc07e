import { describe, expect, it } from 'vitest';
import { Capabilities, parseCapability } from '../../../../drivers/netconf/capabilities.js';
import { guessPlatform } from '../../../../drivers/netconf/platform-guess.js';

const caps = new Capabilities([
  'urn:ietf:params:netconf:base:1.1',
  'urn:ietf:params:netconf:capability:candidate:1.0',
  'urn:ietf:params:netconf:capability:confirmed-commit:1.0',
  'urn:ietf:params:netconf:capability:with-defaults:1.0?basic-mode=explicit&also-supported=trim,report-all',
  'urn:ietf:params:xml:ns:yang:ietf-interfaces?module=ietf-interfaces&revision=2014-05-08&features=arbitrary-names,if-mib&deviations=x-dev',
]);

describe('Capabilities', () => {
  it('answers short forms, with and without a version', () => {
    expect(caps.has(':candidate')).toBe(true);
    expect(caps.has(':confirmed-commit')).toBe(true);
    expect(caps.has(':confirmed-commit:1.0')).toBe(true);
    expect(caps.has(':confirmed-commit:1.1')).toBe(false);
    expect(caps.has(':base:1.1')).toBe(true);
    expect(caps.has(':base:1.0')).toBe(false);
    expect(caps.has(':with-defaults')).toBe(true);
    expect(caps.has(':candidate-x')).toBe(false);
    expect(caps.has('urn:ietf:params:netconf:capability:candidate:1.0')).toBe(true);
  });
  it('lists modules with revision, features and deviations', () => {
    expect(caps.modules()).toEqual([
      { namespace: 'urn:ietf:params:xml:ns:yang:ietf-interfaces', module: 'ietf-interfaces', revision: '2014-05-08', features: ['arbitrary-names', 'if-mib'], deviations: ['x-dev'] },
    ]);
  });
  it('parses &amp;-escaped query strings (some servers send them)', () => {
    expect(parseCapability('urn:x?module=m&amp;revision=2020-01-01').params).toEqual({ module: 'm', revision: '2020-01-01' });
  });
});

describe('guessPlatform', () => {
  it.each([
    [['urn:huawei:yang:huawei-ifm?module=huawei-ifm'], 'huawei-vrp'],
    [['http://cisco.com/ns/yang/Cisco-IOS-XE-native?module=Cisco-IOS-XE-native&revision=2019-11-01'], 'cisco-iosxe'],
    [['http://xml.juniper.net/netconf/junos/1.0'], 'junos'],
    [['http://openconfig.net/yang/interfaces?module=openconfig-interfaces'], 'openconfig'],
    [['http://openconfig.net/yang/interfaces?module=openconfig-interfaces', 'urn:huawei:yang:huawei-ifm'], 'huawei-vrp'],
  ])('%j → %s', (uris, platform) => {
    expect(guessPlatform(uris)?.platform).toBe(platform);
  });
  it('returns undefined for a plain IETF server', () => {
    expect(guessPlatform(['urn:ietf:params:netconf:base:1.1'])).toBeUndefined();
  });
});
