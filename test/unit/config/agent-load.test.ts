import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadAgentConfigFile, parseAgentConfigText, resolveSecrets } from '../../../config/agent/load.js';
import { formatIssue } from '../../../config/issues.js';
import { EXAMPLE_AGENT, minimalDevice, where } from './helpers.js';

const DEVICE = minimalDevice();
const config = (devices = DEVICE, extra = '') => `ledger: ./ledger.yaml\ndevices:${devices}${extra}`;
const parse = (text: string) => parseAgentConfigText(text, '/etc/ecpa/agent.yaml');
const errors = (text: string) => parse(text).issues.filter((i) => i.severity === 'error');

describe('agent config loader', () => {
  it('loads the example: 4 lab devices on loopback, NETCONF 18301..18304, SNMP 18311..18314, one SNMPv3', async () => {
    const loaded = await loadAgentConfigFile(EXAMPLE_AGENT);
    expect(loaded.issues).toEqual([]);
    const d = loaded.draft;
    expect(d?.devices.map((x) => [x.id, x.address, x.platform, x.netconf?.port, x.snmp?.port])).toEqual([
      ['hz-acc-01', '127.0.0.1', 'openconfig', 18301, 18311],
      ['hz-acc-02', '127.0.0.1', 'huawei-vrp', 18302, 18312],
      ['hz-acc-03', '127.0.0.1', 'cisco-iosxe', 18303, 18313],
      ['hz-acc-04', '127.0.0.1', 'junos', 18304, 18314],
    ]);
    expect(d?.devices.filter((x) => x.snmp?.version === '3')).toHaveLength(1);
    expect(d?.ledger.endsWith('config/examples/ledger.yaml')).toBe(true);
  });

  it('fills defaults and resolves relative paths against the config folder', () => {
    const loaded = parse(config(DEVICE.replace('      hostKey: { fingerprint: SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA }', '      hostKey: { knownHosts: known_hosts }')));
    expect(loaded.issues).toEqual([]);
    const d = loaded.draft;
    expect(d?.ledger).toBe('/etc/ecpa/ledger.yaml');
    expect(d?.devices[0]?.netconf).toMatchObject({ port: 830, connectTimeoutMs: 10000, rpcTimeoutMs: 60000, hostKey: { knownHosts: '/etc/ecpa/known_hosts', trustOnFirstUse: false } });
    expect(d?.devices[0]?.autoApply).toBe(false);
    expect(d?.polling).toEqual({ intervalMs: 30000, timeoutMs: 20000, concurrency: 8, staticRefreshMs: 600000 });
    expect(d?.push).toMatchObject({ arpPpsPerUser: 1, icmpLimitPps: 1000, ownershipPrefix: 'ecpa:' });
    expect(d?.exporter).toEqual({ listen: '127.0.0.1:9469' });
  });

  it('refuses unknown keys with a did-you-mean and a position', () => {
    const text = config(DEVICE.replace('platform: junos', 'platfrom: junos'));
    const issues = errors(text);
    expect(issues).toContainEqual(expect.objectContaining({ code: 'unknown-key', line: where(text, 'platfrom').line, message: expect.stringContaining("did you mean 'platform'?") }));
  });

  it('refuses AES-192 privacy at load, naming the protocols the SNMP library supports', () => {
    const snmp = `    snmp:\n      version: "3"\n      user: u\n      level: authPriv\n      authProtocol: sha\n      authKey: { env: A }\n      privProtocol: aes192\n      privKey: { env: P }\n`;
    const text = config(DEVICE + snmp);
    const issues = errors(text);
    expect(issues).toContainEqual(expect.objectContaining({ line: where(text, 'aes192').line, message: expect.stringMatching(/aes256c/) }));
  });

  it.each([
    ['no transport', DEVICE.replace(/    netconf:[\s\S]*$/, ''), 'no-transport'],
    ['no credentials', DEVICE.replace('      password: { env: SW_PASS }\n', ''), 'ssh-credentials'],
    ['no host key policy', DEVICE.replace('{ fingerprint: SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA }', '{ trustOnFirstUse: true }'), 'host-key-policy'],
    ['a bad fingerprint', DEVICE.replace('SHA256:AAAA', 'MD5:AAAA'), 'invalid-value'],
    ['an unknown platform', DEVICE.replace('junos', 'eos'), 'invalid-value'],
    ['a duplicate device id', `${DEVICE}${DEVICE}`, 'duplicate-id'],
    ['an ICMP limit at 500', `${DEVICE}`, 'out-of-range', '\npush: { icmpLimitPps: 500 }\n'],
    ['a poll timeout over the interval', `${DEVICE}`, 'polling-timeout', '\npolling: { intervalMs: 5000, timeoutMs: 6000 }\n'],
    ['a secret that is neither env nor file', DEVICE.replace('{ env: SW_PASS }', '{ vault: x }'), 'invalid-secret'],
  ])('refuses %s', (_what, devices, code, extra = '') => {
    expect(errors(config(devices, extra)).map((i) => i.code)).toContain(code);
  });

  describe('SNMP', () => {
    const snmp = (body: string) => config(`${DEVICE}    snmp:\n${body}`);
    it('v2c needs a community and refuses v3 settings', () => {
      expect(errors(snmp('      version: "2c"\n')).map((i) => i.message)).toEqual([expect.stringContaining("missing 'community'")]);
      expect(errors(snmp('      version: "2c"\n      community: { env: C }\n      user: u\n')).map((i) => i.code)).toEqual(['snmp-settings']);
    });
    it('v3 authPriv needs both protocols and keys', () => {
      const text = snmp('      version: "3"\n      user: u\n      level: authPriv\n      authProtocol: sha\n      authKey: { env: A }\n');
      expect(errors(text).map((i) => i.message)).toEqual([expect.stringContaining("'privProtocol'"), expect.stringContaining("'privKey'")]);
    });
    it('an unquoted version 3 is refused with a hint to quote it', () => {
      expect(errors(snmp('      version: 3\n      user: u\n      level: noAuthNoPriv\n'))[0]?.message).toContain('quote it: "3"');
    });
  });

  it('accepts anchors and << merge keys (shared SSH settings), explicit keys winning', () => {
    const text = `x-ssh: &ssh\n  username: ecpa\n  password: { env: P }\n  hostKey: { knownHosts: kh }\nledger: l.yaml\ndevices:\n  - id: a\n    address: 10.0.0.1\n    platform: junos\n    netconf: { <<: *ssh, port: 2830 }\n`;
    // Top-level `x-` keys are ignored: the place to hold anchors.
    const loaded = parse(text);
    expect(loaded.issues).toEqual([]);
    expect(loaded.draft?.devices[0]?.netconf).toMatchObject({ port: 2830, username: 'ecpa', password: { $secret: 'env', value: 'P' } });
  });

  it('warns about an inline secret without ever showing it', () => {
    const loaded = parse(config(DEVICE.replace('{ env: SW_PASS }', 'hunter2-secret')));
    expect(loaded.issues).toMatchObject([{ severity: 'warning', code: 'inline-secret' }]);
    expect(JSON.stringify(loaded.issues)).not.toContain('hunter2');
  });

  describe('resolveSecrets', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecpa-secrets-'));
    writeFileSync(join(dir, 'snmp-community'), 's3cret-community\n');
    const text = config(DEVICE, '').replace('devices:', 'devices:') + `    snmp:\n      version: "2c"\n      community: { file: ${join(dir, 'snmp-community')} }\n`;

    it('reads env and file secrets into Secrets that never print', async () => {
      const draft = parse(text).draft;
      if (!draft) throw new Error('no draft');
      const { config: cfg, issues } = await resolveSecrets(draft, 'agent.yaml', { env: { SW_PASS: 'pa55word-xyz' }, readFile: (p) => readFile(p, 'utf8') });
      expect(issues).toEqual([]);
      const device = cfg?.devices[0];
      expect(device?.netconf?.password?.reveal()).toBe('pa55word-xyz');
      expect(device?.snmp?.version === '2c' && device.snmp.community.reveal()).toBe('s3cret-community');
      const printed = `${JSON.stringify(cfg)} ${inspect(cfg, { depth: 10 })} ${String(device?.netconf?.password)}`;
      expect(printed).not.toContain('pa55word');
      expect(printed).not.toContain('s3cret');
    });

    it('names a missing secret by position, path and source, never by value', async () => {
      const missing = text.replace(join(dir, 'snmp-community'), join(dir, 'missing'));
      const loaded = parse(missing);
      if (!loaded.draft) throw new Error('no draft');
      const { config: cfg, issues } = await resolveSecrets(loaded.draft, 'agent.yaml', { env: {}, readFile: (p) => readFile(p, 'utf8') }, loaded.sourceMap);
      expect(cfg).toBeUndefined();
      const pw = where(missing, '{ env: SW_PASS }');
      const community = where(missing, '{ file:');
      expect(issues.map(formatIssue)).toEqual([
        `agent.yaml:${pw.line}:${pw.column}: error [secret-unavailable] devices[0].netconf.password: environment variable SW_PASS is not set`,
        `agent.yaml:${community.line}:${community.column}: error [secret-unavailable] devices[0].snmp.community: cannot read secret file ${join(dir, 'missing')} (ENOENT)`,
      ]);
    });
  });
});

describe('agent config loader: merge keys', () => {
  it('reports a bad merge once and a non-text key', () => {
    const text = 'ledger: l.yaml\ndevices:\n  - id: a\n    address: 10.0.0.1\n    platform: junos\n    netconf: { <<: 5, username: u, password: { env: P }, hostKey: { knownHosts: kh } }\n';
    const issues = parseAgentConfigText(text, 'a.yaml').issues;
    expect(issues.map((i) => [i.code, i.line])).toEqual([['yaml-merge', 6]]);
  });
});
