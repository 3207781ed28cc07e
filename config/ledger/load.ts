/**
 * Loads a ledger: YAML text → validated `Ledger` model + every problem with file:line:col.
 * Structure and types come from the schema (config/ledger/schema.ts); the cross-entry rules
 * (uniqueness, references, sums) from the pure invariants in policies/ledger, given a locator
 * built from the source map so their messages carry positions too.
 */
import { readFile } from 'node:fs/promises';
import type { Document } from 'yaml';
import { parseBandwidth } from '../../policies/ledger/bandwidth.js';
import { checkLedger } from '../../policies/ledger/invariants.js';
import type { AccessPoint, Circuit, Ledger, SharedPort, SharedPortSpec, SharedPortStatus, Site } from '../../policies/ledger/model.js';
import type { LedgerLocator, LedgerSection } from '../../policies/ledger/position.js';
import { FileReadError, hasErrors, issueFromViolation, LedgerError, sortIssues, type ConfigIssue } from '../issues.js';
import { validateDocument, type SourceMap } from '../schema/validate.js';
import { parseYaml } from '../yaml/document.js';
import { LEDGER_SCHEMA } from './schema.js';

export interface LoadedLedger {
  /** The name messages use (often relative to the working directory). */
  readonly file: string;
  /** Where the file is on disk (edits write here). */
  readonly path: string;
  /** The file's text as read (with its BOM, if any). */
  readonly source: string;
  /** The parsed text without BOM; source-map ranges are offsets into it. */
  readonly text: string;
  readonly bom: boolean;
  readonly doc?: Document.Parsed;
  /** The model; present whenever the top level could be read, even if some entries were invalid. */
  readonly ledger?: Ledger;
  /** Every problem, errors and warnings, in file order. */
  readonly issues: readonly ConfigIssue[];
  readonly sourceMap?: SourceMap;
  readonly locator?: LedgerLocator;
  /** For each section, the file index of each model entry. */
  readonly fileIndex: Readonly<Record<LedgerSection, readonly number[]>>;
}

export interface LedgerLoadOptions {
  /** Device ids of the agent config; when given, device references are checked. */
  readonly knownDevices?: ReadonlySet<string>;
  /** Where the file is on disk, when `file` (the name in messages) is not that path. */
  readonly path?: string;
}

const LEDGER_WHAT = 'a ledger mapping with partner, accessPoints, circuits and sharedPorts';

type Rec = Record<string, unknown>;
const str = (r: Rec, k: string): string | undefined => (typeof r[k] === 'string' ? (r[k] as string) : undefined);
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses and validates ledger text; never throws for bad content (problems are in `issues`). */
export function parseLedgerText(source: string, file: string, options: LedgerLoadOptions = {}): LoadedLedger {
  const parsed = parseYaml(source, file, LEDGER_WHAT);
  const emptyIndex = { accessPoints: [], circuits: [], sharedPorts: [] };
  const base = { file, path: options.path ?? file, source, text: parsed.text, bom: parsed.bom };
  if (!parsed.doc) return { ...base, issues: parsed.issues, fileIndex: emptyIndex };
  // After a syntax error the tree is a guess: schema messages about it would only be noise.
  // A duplicate key leaves a well-formed tree, so validation still runs and reports everything.
  if (parsed.issues.some((i) => i.severity === 'error' && i.code !== 'yaml-duplicate-key')) {
    return { ...base, doc: parsed.doc, issues: parsed.issues, fileIndex: emptyIndex };
  }
  const aliasHint = 'write each value out, so that an edit of one entry cannot change another';
  const result = validateDocument(LEDGER_SCHEMA, { file, doc: parsed.doc, lineCounter: parsed.lineCounter, allowAliases: false, aliasHint });
  const issues: ConfigIssue[] = [...parsed.issues, ...result.issues];
  const top = result.value;
  const common = { ...base, doc: parsed.doc, sourceMap: result.sourceMap };
  if (!isRec(top) || !isRec(top['partner'])) return { ...common, issues: sortIssues(issues), fileIndex: emptyIndex };

  const partnerRec = top['partner'];
  const fileIndex: Record<LedgerSection, number[]> = { accessPoints: [], circuits: [], sharedPorts: [] };
  const entries = (section: LedgerSection): { rec: Rec; index: number }[] => {
    const list = top[section];
    if (!Array.isArray(list)) return [];
    const out: { rec: Rec; index: number }[] = [];
    list.forEach((rec: unknown, index) => {
      if (isRec(rec)) out.push({ rec, index });
    });
    return out;
  };

  const accessPoints: AccessPoint[] = [];
  for (const { rec, index } of entries('accessPoints')) {
    const name = str(rec, 'name');
    accessPoints.push({ id: str(rec, 'id') ?? '', ...(name ? { name } : {}) });
    fileIndex.accessPoints.push(index);
  }

  const circuits: Circuit[] = [];
  for (const { rec, index } of entries('circuits')) {
    const spec = str(rec, 'bandwidth') ?? '';
    const bandwidth = parseBandwidth(spec);
    if (!bandwidth) {
      const pos = result.sourceMap.find(['circuits', index, 'bandwidth']);
      issues.push({ file, line: pos?.line ?? 0, column: pos?.column ?? 0, path: `circuits[${index}].bandwidth`, code: 'bandwidth-syntax', severity: 'error', message: `circuits[${index}].bandwidth: ${spec} is too large to count in bit/s` });
      continue;
    }
    const description = str(rec, 'description');
    circuits.push({
      id: str(rec, 'id') ?? '',
      accessPointId: str(rec, 'accessPoint') ?? '',
      bandwidth,
      device: str(rec, 'device') ?? '',
      port: str(rec, 'port') ?? '',
      ...(description ? { description } : {}),
    });
    fileIndex.circuits.push(index);
  }

  const circuitById = new Map(circuits.map((c) => [c.id, c]));
  const sharedPorts: SharedPort[] = [];
  for (const { rec, index } of entries('sharedPorts')) {
    const spec = (str(rec, 'bandwidth') ?? '') as SharedPortSpec;
    const circuitId = str(rec, 'circuit') ?? '';
    const circuit = circuitById.get(circuitId);
    const explicit = isRec(rec['attachment']) ? rec['attachment'] : undefined;
    const attachment = explicit
      ? { device: str(explicit, 'device') ?? '', port: str(explicit, 'port') ?? '' }
      : { device: circuit?.device ?? '', port: circuit?.port ?? '' };
    const redundancyGroup = str(rec, 'redundancyGroup');
    const description = str(rec, 'description');
    sharedPorts.push({
      id: str(rec, 'id') ?? '',
      tenant: str(rec, 'tenant') ?? '',
      circuitId,
      vlan: typeof rec['vlan'] === 'number' ? rec['vlan'] : -1,
      bandwidth: { spec, bps: parseBandwidth(spec)?.bps ?? 0 },
      status: (str(rec, 'status') ?? 'pending-acceptance') as SharedPortStatus,
      attachment,
      attachmentExplicit: explicit !== undefined,
      ...(redundancyGroup ? { redundancyGroup } : {}),
      ...(description ? { description } : {}),
    });
    fileIndex.sharedPorts.push(index);
  }

  const ledger: Ledger = {
    partner: { name: str(partnerRec, 'name') ?? '', site: (str(partnerRec, 'site') ?? 'china') as Site },
    accessPoints,
    circuits,
    sharedPorts,
  };
  const locator: LedgerLocator = {
    locate(section, index, key) {
      const path: (string | number)[] = [section];
      if (index !== undefined) path.push(section === 'partner' ? index : (fileIndex[section][index] ?? index));
      if (key !== undefined) path.push(key);
      const pos = result.sourceMap.find(path);
      return { path, ...(pos ? { position: { file, ...pos } } : {}) };
    },
  };
  const violations = checkLedger(ledger, { locator, ...(options.knownDevices ? { knownDevices: options.knownDevices } : {}) });
  issues.push(...violations.map((v) => issueFromViolation(v, file)));
  return { ...common, ledger, issues: sortIssues(issues), locator, fileIndex };
}

/** Reads and validates a ledger file. Throws FileReadError when the file cannot be read. */
export async function loadLedgerFile(file: string, options: LedgerLoadOptions = {}): Promise<LoadedLedger> {
  let source: string;
  try {
    source = await readFile(options.path ?? file, 'utf8');
  } catch (cause: unknown) {
    throw new FileReadError(file, { cause });
  }
  return parseLedgerText(source, file, options);
}

/**
 * The model of a load without errors (warnings allowed), for code that must not go on with a bad
 * ledger (the daemon keeps its last good one). Throws LedgerError carrying every issue otherwise.
 */
export function requireValidLedger(loaded: LoadedLedger): Ledger {
  if (!loaded.ledger || hasErrors(loaded.issues)) throw new LedgerError(loaded.file, loaded.issues);
  return loaded.ledger;
}
