/**
 * Loads the agent config: YAML → `AgentConfigDraft` (validated, defaults filled, relative paths
 * resolved against the config file's folder, secrets still references), then `resolveSecrets`
 * reads the secrets into `Secret`s for the daemon. Offline commands stop at the draft, so they
 * never need the secrets. Anchors, aliases and `<<` merge keys are allowed here (shared SSH settings).
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { formatPath } from '../../policies/ledger/position.js';
import { Secret } from '../secrets/secret.js';
import { ConfigError, FileReadError, hasErrors, sortIssues, type ConfigIssue } from '../issues.js';
import type { ObjectNode, SchemaNode, SecretRef } from '../schema/dsl.js';
import { validateDocument, type SourceMap } from '../schema/validate.js';
import { parseYaml } from '../yaml/document.js';
import type { AgentConfig, DeviceConfig, SnmpSettings, SshSettings } from './model.js';
import { AGENT_SCHEMA } from './schema.js';

/** Turns every `Secret` in a type into the `SecretRef` written in the file. */
export type Drafted<T> = T extends Secret
  ? SecretRef
  : T extends readonly (infer U)[]
    ? readonly Drafted<U>[]
    : T extends object
      ? { readonly [K in keyof T]: Drafted<T[K]> }
      : T;

/** The agent config as validated, before secrets are read. */
export type AgentConfigDraft = Drafted<AgentConfig>;

export interface LoadedAgentConfig {
  readonly file: string;
  readonly draft?: AgentConfigDraft;
  readonly issues: readonly ConfigIssue[];
  readonly sourceMap?: SourceMap;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The defaults an object schema declares for its properties. */
export function schemaDefaults(schema: ObjectNode): Rec {
  const out: Rec = {};
  for (const [name, child] of Object.entries(schema.properties)) {
    if ((child.kind === 'integer' || child.kind === 'boolean' || child.kind === 'string') && child.default !== undefined) out[name] = child.default;
  }
  return out;
}

function child(schema: ObjectNode, name: string): ObjectNode {
  const node: SchemaNode | undefined = schema.properties[name];
  if (!node) throw new Error(`schema has no '${name}'`);
  if (node.kind === 'object') return node;
  if (node.kind === 'array' && node.items.kind === 'object') return node.items;
  throw new Error(`schema '${name}' is not an object`);
}

const DEVICE = child(AGENT_SCHEMA, 'devices');
const NETCONF = child(DEVICE, 'netconf');
const CLI = child(DEVICE, 'cli');
const SNMP = child(DEVICE, 'snmp');
const HOSTKEY = child(NETCONF, 'hostKey');

/** Parses and validates agent config text; never throws for bad content. */
export function parseAgentConfigText(source: string, file: string): LoadedAgentConfig {
  const parsed = parseYaml(source, file, 'an agent config mapping with ledger and devices');
  if (!parsed.doc || parsed.issues.some((i) => i.severity === 'error' && i.code !== 'yaml-duplicate-key')) {
    return { file, issues: parsed.issues };
  }
  const result = validateDocument(AGENT_SCHEMA, { file, doc: parsed.doc, lineCounter: parsed.lineCounter, allowAliases: true });
  const issues: ConfigIssue[] = [...parsed.issues, ...result.issues];
  const map = result.sourceMap;
  const baseDir = dirname(resolve(file));
  const path = (p: string): string => (isAbsolute(p) ? p : resolve(baseDir, p));
  const ref = (r: SecretRef): SecretRef => (r.$secret === 'file' ? { $secret: 'file', value: path(r.value) } : r);
  const problem = (at: (string | number)[], code: string, message: string): void => {
    const pos = map.find(at);
    issues.push({ file, line: pos?.line ?? 0, column: pos?.column ?? 0, path: formatPath(at), code, severity: 'error', message: `${formatPath(at)}: ${message}` });
  };
  const top = result.value;
  if (!isRec(top)) return { file, issues: sortIssues(issues), sourceMap: map };

  const ssh = (rec: Rec, schema: ObjectNode, at: (string | number)[]): Drafted<SshSettings> => {
    const hostKeyRec = isRec(rec['hostKey']) ? rec['hostKey'] : {};
    const hostKey = { ...schemaDefaults(HOSTKEY), ...hostKeyRec } as { fingerprint?: string; knownHosts?: string; trustOnFirstUse: boolean };
    if (hostKey.knownHosts) hostKey.knownHosts = path(hostKey.knownHosts);
    if (hostKey.trustOnFirstUse && !hostKey.knownHosts) {
      problem([...at, 'hostKey'], 'host-key-policy', 'trustOnFirstUse needs knownHosts: the file the first key is recorded into');
    } else if (!hostKey.trustOnFirstUse && (hostKey.fingerprint === undefined) === (hostKey.knownHosts === undefined)) {
      problem([...at, 'hostKey'], 'host-key-policy', 'give exactly one of fingerprint or knownHosts (or trustOnFirstUse with knownHosts)');
    }
    if (rec['password'] === undefined && rec['privateKeyFile'] === undefined) {
      problem(at, 'ssh-credentials', 'give password or privateKeyFile');
    }
    const out: Rec = { ...schemaDefaults(schema), ...rec, hostKey };
    if (typeof rec['privateKeyFile'] === 'string') out['privateKeyFile'] = path(rec['privateKeyFile']);
    for (const key of ['password', 'passphrase']) if (isRec(rec[key])) out[key] = ref(rec[key] as unknown as SecretRef);
    return out as unknown as Drafted<SshSettings>;
  };

  const snmp = (rec: Rec, at: (string | number)[]): Drafted<SnmpSettings> => {
    const out: Rec = { ...schemaDefaults(SNMP), ...rec };
    for (const key of ['community', 'authKey', 'privKey']) if (isRec(rec[key])) out[key] = ref(rec[key] as unknown as SecretRef);
    const present = (k: string): boolean => rec[k] !== undefined;
    const forbid = (keys: string[], why: string): void => {
      for (const k of keys) if (present(k)) problem([...at, k], 'snmp-settings', `${k} ${why}`);
    };
    const need = (keys: string[], why: string): void => {
      for (const k of keys) if (!present(k)) problem(at, 'snmp-settings', `missing '${k}' (${why})`);
    };
    if (rec['version'] === '2c') {
      need(['community'], 'SNMP v2c needs a community');
      forbid(['user', 'level', 'authProtocol', 'authKey', 'privProtocol', 'privKey', 'context'], 'is an SNMPv3 setting; this device uses version "2c"');
    } else if (rec['version'] === '3') {
      need(['user', 'level'], 'SNMPv3 needs user and level');
      forbid(['community'], 'is an SNMP v2c setting; this device uses version "3"');
      if (rec['level'] === 'authNoPriv' || rec['level'] === 'authPriv') need(['authProtocol', 'authKey'], `level ${String(rec['level'])}`);
      if (rec['level'] === 'authPriv') need(['privProtocol', 'privKey'], 'level authPriv');
      if (rec['level'] === 'noAuthNoPriv') forbid(['authProtocol', 'authKey', 'privProtocol', 'privKey'], 'is not used at level noAuthNoPriv');
      if (rec['level'] === 'authNoPriv') forbid(['privProtocol', 'privKey'], 'is not used at level authNoPriv');
    }
    return out as unknown as Drafted<SnmpSettings>;
  };

  const devices: Drafted<DeviceConfig>[] = [];
  const seen = new Map<string, number>();
  const list = Array.isArray(top['devices']) ? (top['devices'] as unknown[]) : [];
  list.forEach((rec, i) => {
    if (!isRec(rec)) return;
    const at = ['devices', i];
    const id = String(rec['id']);
    const first = seen.get(id);
    if (first !== undefined) problem([...at, 'id'], 'duplicate-id', `device id ${id} is used twice (first at devices[${first}])`);
    else seen.set(id, i);
    if (!isRec(rec['netconf']) && !isRec(rec['cli'])) problem(at, 'no-transport', `device ${id} needs netconf or cli settings`);
    const device: Rec = { ...schemaDefaults(DEVICE), ...rec };
    if (isRec(rec['netconf'])) device['netconf'] = ssh(rec['netconf'], NETCONF, [...at, 'netconf']);
    if (isRec(rec['cli'])) device['cli'] = ssh(rec['cli'], CLI, [...at, 'cli']);
    if (isRec(rec['snmp'])) device['snmp'] = snmp(rec['snmp'], [...at, 'snmp']);
    devices.push(device as unknown as Drafted<DeviceConfig>);
  });

  const section = (name: string): Rec => ({ ...schemaDefaults(child(AGENT_SCHEMA, name)), ...(isRec(top[name]) ? top[name] : {}) });
  const polling = section('polling');
  if ((polling['timeoutMs'] as number) > (polling['intervalMs'] as number)) {
    problem(['polling', 'timeoutMs'], 'polling-timeout', `timeoutMs (${String(polling['timeoutMs'])}) must not exceed intervalMs (${String(polling['intervalMs'])})`);
  }
  const compliance = section('compliance');
  const liveMs = compliance['intervalMs'];
  if (typeof liveMs === 'number' && liveMs > 0 && liveMs < 1_000) {
    problem(['compliance', 'intervalMs'], 'compliance-interval', `${liveMs} ms is neither 0 (off) nor at least 1000`);
  }
  const exporter = section('exporter');
  if (typeof exporter['webConfigFile'] === 'string') exporter['webConfigFile'] = path(exporter['webConfigFile']);
  const sorted = sortIssues(issues);
  if (typeof top['ledger'] !== 'string' || !Array.isArray(top['devices'])) return { file, issues: sorted, sourceMap: map };
  const draft = {
    ledger: path(top['ledger']),
    devices,
    polling,
    push: section('push'),
    reconcile: section('reconcile'),
    compliance,
    exporter,
  } as unknown as AgentConfigDraft;
  return { file, draft, issues: sorted, sourceMap: map };
}

/** Reads and validates an agent config file. Throws FileReadError when it cannot be read. */
export async function loadAgentConfigFile(file: string): Promise<LoadedAgentConfig> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (cause: unknown) {
    throw new FileReadError(file, { cause });
  }
  return parseAgentConfigText(source, file);
}

export interface SecretSources {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly readFile: (path: string) => Promise<string>;
}

/**
 * Reads every secret of a draft. Returns the config, or the list of secrets that could not be read
 * (named by where they are and where they should come from; values are never in a message).
 */
export async function resolveSecrets(
  draft: AgentConfigDraft,
  file: string,
  sources: SecretSources,
  sourceMap?: SourceMap,
): Promise<{ config?: AgentConfig; issues: ConfigIssue[] }> {
  const issues: ConfigIssue[] = [];
  const at = (where: string): { line: number; column: number } => {
    const path = where.split(/\.|\[|\]/).filter((p) => p !== '').map((p) => (/^[0-9]+$/.test(p) ? Number(p) : p));
    return sourceMap?.find(path) ?? { line: 0, column: 0 };
  };
  const read = async (r: SecretRef, where: string): Promise<Secret> => {
    if (r.$secret === 'inline') return new Secret(r.value, { kind: 'inline' });
    if (r.$secret === 'env') {
      const value = sources.env[r.value];
      if (value === undefined || value === '') issues.push({ file, ...at(where), path: where, code: 'secret-unavailable', severity: 'error', message: `${where}: environment variable ${r.value} is not set` });
      return new Secret(value ?? '', { kind: 'env', name: r.value });
    }
    try {
      const value = (await sources.readFile(r.value)).replace(/\r?\n$/, '');
      return new Secret(value, { kind: 'file', path: r.value });
    } catch (cause: unknown) {
      const reason = cause instanceof Error && 'code' in cause ? String(cause.code) : 'unreadable';
      issues.push({ file, ...at(where), path: where, code: 'secret-unavailable', severity: 'error', message: `${where}: cannot read secret file ${r.value} (${reason})` });
      return new Secret('', { kind: 'file', path: r.value });
    }
  };
  const readAll = async (obj: object, keys: readonly string[], where: string): Promise<Rec> => {
    const out: Rec = { ...obj };
    for (const key of keys) {
      const value = (obj as Rec)[key];
      if (isRec(value) && '$secret' in value) out[key] = await read(value as unknown as SecretRef, `${where}.${key}`);
    }
    return out;
  };
  const devices: DeviceConfig[] = [];
  for (const [i, d] of draft.devices.entries()) {
    const where = `devices[${i}]`;
    const device: Rec = { ...d };
    if (d.netconf) device['netconf'] = await readAll(d.netconf, ['password', 'passphrase'], `${where}.netconf`);
    if (d.cli) device['cli'] = await readAll(d.cli, ['password', 'passphrase'], `${where}.cli`);
    if (d.snmp) device['snmp'] = await readAll(d.snmp, ['community', 'authKey', 'privKey'], `${where}.snmp`);
    devices.push(device as unknown as DeviceConfig);
  }
  if (issues.length > 0) return { issues };
  return { config: { ...(draft as unknown as AgentConfig), devices }, issues };
}

/** The draft of a load without errors (warnings allowed). Throws ConfigError carrying every issue otherwise. */
export function requireValidConfig(loaded: LoadedAgentConfig): AgentConfigDraft {
  if (!loaded.draft || hasErrors(loaded.issues)) throw new ConfigError(loaded.file, loaded.issues);
  return loaded.draft;
}
