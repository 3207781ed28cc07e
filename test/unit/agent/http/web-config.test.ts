import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WebConfigError } from '../../../../agent/http/errors.js';
import { loadWebConfig, parseWebConfig } from '../../../../agent/http/web-config.js';
import { makeTlsFixture } from './tls-fixture.js';

const tls = makeTlsFixture();
afterAll(() => tls.remove());

const HASH = '$2y$10$X0B9S7nBXL.6Nc0zFtIjeu1yqSnAOfJ0XfHMXcFTjcMHRk8aM1Ku6';

function problemsOf(text: string, file = join(tls.dir, 'web.yml')): WebConfigError {
  try {
    parseWebConfig(text, file);
  } catch (error: unknown) {
    if (error instanceof WebConfigError) return error;
    throw error;
  }
  throw new Error('expected a WebConfigError');
}

describe('web config', () => {
  it('loads TLS (paths relative to the file) and users', () => {
    const file = join(tls.dir, 'web.yml');
    writeFileSync(
      file,
      `tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n  min_version: TLS13\nbasic_auth_users:\n  prometheus: '${HASH}'\n`,
    );
    const config = loadWebConfig(file);
    expect(config.tls?.certFile).toBe(tls.serverCert);
    expect(config.tls?.cert.toString()).toContain('BEGIN CERTIFICATE');
    expect(config.tls?.clientAuthType).toBe('RequireAndVerifyClientCert');
    expect(config.tls?.minVersion).toBe('TLS13');
    expect(config.basicAuthUsers.get('prometheus')).toBe(HASH);
  });

  it('accepts an empty file (no TLS, no auth) and defaults to TLS12, NoClientCert', () => {
    expect(parseWebConfig('', 'w.yml').basicAuthUsers.size).toBe(0);
    const c = parseWebConfig(`tls_server_config: {cert_file: ${tls.serverCert}, key_file: ${tls.serverKey}}\n`, 'w.yml');
    expect(c.tls?.minVersion).toBe('TLS12');
    expect(c.tls?.clientAuthType).toBe('NoClientCert');
  });

  it('reports unknown keys with their path and line, all at once', () => {
    const e = problemsOf(`tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  cipher_suites: [TLS_AES_128_GCM_SHA256]\nhttp_server_config: {http2: true}\n`);
    expect(e.code).toBe('ECPA_WEB_CONFIG');
    expect(e.problems.map((p) => [p.field, p.line])).toEqual([
      ['http_server_config', 5],
      ['tls_server_config.cipher_suites', 4],
    ]);
    expect(e.message).toContain(`${join(tls.dir, 'web.yml')}:4:3: tls_server_config.cipher_suites: unknown key (allowed: cert_file, key_file`);
  });

  it('names missing and unreadable files and bad enum values with the allowed ones', () => {
    const e = problemsOf(`tls_server_config:\n  cert_file: nope.crt\n  client_auth_type: Sometimes\n  min_version: SSL3\n`);
    const byField = Object.fromEntries(e.problems.map((p) => [p.field, p.message]));
    expect(byField['tls_server_config']).toBe('key_file is required');
    expect(byField['tls_server_config.cert_file']).toMatch(/cannot read .*nope\.crt \(ENOENT\)/);
    expect(byField['tls_server_config.client_auth_type']).toContain('RequireAndVerifyClientCert');
    expect(byField['tls_server_config.min_version']).toBe("'SSL3' is not one of TLS10, TLS11, TLS12, TLS13");
  });

  it('needs a client CA for verifying client auth types', () => {
    const e = problemsOf(`tls_server_config: {cert_file: server.crt, key_file: server.key, client_auth_type: VerifyClientCertIfGiven}\n`);
    expect(e.problems).toEqual([expect.objectContaining({ field: 'tls_server_config.client_auth_type', message: 'VerifyClientCertIfGiven needs client_ca_file' })]);
  });

  it('refuses a non-bcrypt password without repeating it', () => {
    const e = problemsOf(`basic_auth_users:\n  alice: hunter2-cleartext\n  'b:ob': '${HASH}'\n  carol: '${HASH.replace('$2y$', '$2x$')}'\n`);
    expect(e.problems.map((p) => p.field)).toEqual(['basic_auth_users.alice', 'basic_auth_users.b:ob', 'basic_auth_users.carol']);
    expect(e.message).not.toContain('hunter2');
  });

  it('reports YAML syntax errors and an unreadable file with the path', () => {
    expect(problemsOf('basic_auth_users: [\n').problems[0]?.field).toBe('(yaml)');
    expect(problemsOf('a: 1\na: 2\n').problems[0]?.message).toMatch(/unique/i);
    expect(() => loadWebConfig('/nonexistent/web.yml')).toThrow('/nonexistent/web.yml: (file): cannot read (ENOENT)');
  });

  it('refuses a non-mapping document', () => {
    expect(problemsOf('- a\n').problems[0]).toEqual(expect.objectContaining({ field: '(file)', message: 'must be a mapping' }));
  });
});
