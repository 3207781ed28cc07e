/**
 * Loads a Prometheus exporter-toolkit web config file (the `--web.config.file` of node_exporter and
 * friends), the subset ecpa serves:
 *
 *   tls_server_config: { cert_file, key_file, client_auth_type, client_ca_file, min_version, max_version }
 *   basic_auth_users: { <user>: <bcrypt hash> }
 *
 * Relative paths are resolved against the web config file's folder (as exporter-toolkit does).
 * Unknown keys are errors — including exporter-toolkit keys ecpa does not implement
 * (cipher_suites, http_server_config …), so a setting is never silently ignored. Every problem is
 * reported at once with its field path and line:column.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, isMap, isScalar, parseDocument, type Document } from 'yaml';
import { WebConfigError, type WebConfigProblem } from './errors.js';

/** exporter-toolkit `client_auth_type` values (Go's tls.ClientAuthType names). */
export const CLIENT_AUTH_TYPES = [
  'NoClientCert',
  'RequestClientCert',
  'RequireAnyClientCert',
  'VerifyClientCertIfGiven',
  'RequireAndVerifyClientCert',
] as const;
/** How the server treats client certificates. */
export type ClientAuthType = (typeof CLIENT_AUTH_TYPES)[number];

/** exporter-toolkit TLS version names and the Node.js names they map to. */
export const TLS_VERSIONS = { TLS10: 'TLSv1', TLS11: 'TLSv1.1', TLS12: 'TLSv1.2', TLS13: 'TLSv1.3' } as const;
/** A TLS version as written in the web config. */
export type TlsVersionName = keyof typeof TLS_VERSIONS;

/** TLS settings with the files already read. */
export interface TlsServerConfig {
  readonly certFile: string;
  readonly keyFile: string;
  readonly cert: Buffer;
  readonly key: Buffer;
  readonly clientAuthType: ClientAuthType;
  readonly clientCaFile?: string;
  readonly clientCa?: Buffer;
  readonly minVersion: TlsVersionName;
  readonly maxVersion?: TlsVersionName;
}

/** A validated web config. */
export interface WebConfig {
  readonly file: string;
  readonly tls?: TlsServerConfig;
  /** user → bcrypt hash. Empty: no authentication. */
  readonly basicAuthUsers: ReadonlyMap<string, string>;
}

const TOP_KEYS = ['tls_server_config', 'basic_auth_users'] as const;
const TLS_KEYS = ['cert_file', 'key_file', 'client_auth_type', 'client_ca_file', 'min_version', 'max_version'] as const;
const BCRYPT = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/; // the revisions bcryptjs verifies
const NEEDS_CA: readonly ClientAuthType[] = ['VerifyClientCertIfGiven', 'RequireAndVerifyClientCert'];

class Checker {
  readonly problems: WebConfigProblem[] = [];
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** Records a problem, located at the key of `path` in the file (the document start for `[]`). */
  problem(path: readonly string[], message: string): void {
    const pos = this.locate(path);
    this.problems.push({ field: path.join('.') || '(file)', message, ...(pos === undefined ? {} : { line: pos.line, column: pos.col }) });
  }

  locate(path: readonly string[]): { line: number; col: number } | undefined {
    const parent = path.length <= 1 ? this.doc.contents : this.doc.getIn(path.slice(0, -1), true);
    if (!isMap(parent)) return undefined;
    const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === path[path.length - 1]);
    const range = pair !== undefined && isScalar(pair.key) ? pair.key.range : parent.range;
    return range === undefined || range === null ? undefined : this.lines.linePos(range[0]);
  }

  /** The plain object at `path`, or undefined (with a problem when present but not a mapping). */
  mapping(path: readonly string[], value: unknown): Record<string, unknown> | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.problem(path, 'must be a mapping');
      return undefined;
    }
    return value as Record<string, unknown>;
  }

  unknownKeys(path: readonly string[], value: Record<string, unknown>, allowed: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.problem([...path, key], `unknown key (allowed: ${allowed.join(', ')})`);
    }
  }

  string(path: readonly string[], value: unknown): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || value === '') {
      this.problem(path, 'must be a non-empty string');
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(path: readonly string[], value: unknown, allowed: readonly T[]): T | undefined {
    const s = this.string(path, value);
    if (s === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(s)) {
      this.problem(path, `'${s}' is not one of ${allowed.join(', ')}`);
      return undefined;
    }
    return s as T;
  }

  file(path: readonly string[], base: string, value: unknown): { path: string; data: Buffer } | undefined {
    const s = this.string(path, value);
    if (s === undefined) return undefined;
    const full = resolve(base, s);
    try {
      return { path: full, data: readFileSync(full) };
    } catch (error: unknown) {
      const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
      this.problem(path, `cannot read ${full} (${code})`);
      return undefined;
    }
  }
}

function checkTls(c: Checker, raw: Record<string, unknown>, base: string): TlsServerConfig | undefined {
  const p = ['tls_server_config'];
  c.unknownKeys(p, raw, TLS_KEYS);
  if (raw['cert_file'] === undefined) c.problem(p, 'cert_file is required');
  if (raw['key_file'] === undefined) c.problem(p, 'key_file is required');
  const cert = c.file([...p, 'cert_file'], base, raw['cert_file']);
  const key = c.file([...p, 'key_file'], base, raw['key_file']);
  const clientAuthType = c.oneOf([...p, 'client_auth_type'], raw['client_auth_type'], CLIENT_AUTH_TYPES) ?? 'NoClientCert';
  const ca = c.file([...p, 'client_ca_file'], base, raw['client_ca_file']);
  if (NEEDS_CA.includes(clientAuthType) && raw['client_ca_file'] === undefined) {
    c.problem([...p, 'client_auth_type'], `${clientAuthType} needs client_ca_file`);
  }
  const versions = Object.keys(TLS_VERSIONS) as TlsVersionName[];
  const minVersion = c.oneOf([...p, 'min_version'], raw['min_version'], versions) ?? 'TLS12';
  const maxVersion = c.oneOf([...p, 'max_version'], raw['max_version'], versions);
  if (maxVersion !== undefined && versions.indexOf(maxVersion) < versions.indexOf(minVersion)) {
    c.problem([...p, 'max_version'], `${maxVersion} is below min_version ${minVersion}`);
  }
  if (cert === undefined || key === undefined) return undefined;
  return {
    certFile: cert.path,
    keyFile: key.path,
    cert: cert.data,
    key: key.data,
    clientAuthType,
    minVersion,
    ...(ca === undefined ? {} : { clientCaFile: ca.path, clientCa: ca.data }),
    ...(maxVersion === undefined ? {} : { maxVersion }),
  };
}

function checkUsers(c: Checker, raw: Record<string, unknown>): Map<string, string> {
  const users = new Map<string, string>();
  for (const [user, hash] of Object.entries(raw)) {
    const path = ['basic_auth_users', user];
    if (user.includes(':')) c.problem(path, 'a user name cannot contain ":" (basic auth splits on it)');
    // The message never repeats the value: it may be a cleartext password pasted by mistake.
    if (typeof hash !== 'string' || !BCRYPT.test(hash)) c.problem(path, 'must be a bcrypt hash ($2y$…, e.g. from `htpasswd -nBC 10 user`)');
    else users.set(user, hash);
  }
  return users;
}

/**
 * Parses and validates web config text. `file` names it in errors and anchors relative paths.
 * @throws WebConfigError with every problem found.
 */
export function parseWebConfig(text: string, file: string): WebConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new WebConfigError(
      file,
      doc.errors.map((e) => ({ field: '(yaml)', message: e.message.split('\n')[0] ?? e.message, line: e.linePos?.[0].line ?? 1, column: e.linePos?.[0].col ?? 1 })),
    );
  }
  const c = new Checker(doc, lines);
  const root = c.mapping([], doc.toJS() as unknown) ?? {};
  c.unknownKeys([], root, TOP_KEYS);
  const tlsRaw = c.mapping(['tls_server_config'], root['tls_server_config']);
  const tls = tlsRaw === undefined ? undefined : checkTls(c, tlsRaw, dirname(resolve(file)));
  const usersRaw = c.mapping(['basic_auth_users'], root['basic_auth_users']);
  const basicAuthUsers = usersRaw === undefined ? new Map<string, string>() : checkUsers(c, usersRaw);
  if (c.problems.length > 0) throw new WebConfigError(file, c.problems);
  return { file, basicAuthUsers, ...(tls === undefined ? {} : { tls }) };
}

/**
 * Reads and validates a web config file.
 * @throws WebConfigError when it cannot be read or is invalid.
 */
export function loadWebConfig(file: string): WebConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error: unknown) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new WebConfigError(file, [{ field: '(file)', message: `cannot read (${code})` }], { cause: error });
  }
  return parseWebConfig(text, file);
}
