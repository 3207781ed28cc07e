/**
 * What the daemon runs on: the agent config (secrets read), the ledger, and the per-device intent
 * built from both. Loaded and validated as a whole — agent config, secrets, ledger (with the
 * config's device ids), intent — so a reload is accepted or refused as one unit, with every
 * problem listed, and never half-applied.
 */
import { readFile } from 'node:fs/promises';
import { loadAgentConfigFile, resolveSecrets, type SecretSources } from '../../config/agent/load.js';
import type { AgentConfig } from '../../config/agent/model.js';
import { FileReadError, hasErrors, type ConfigIssue } from '../../config/issues.js';
import { loadLedgerFile } from '../../config/ledger/load.js';
import { buildIntents } from '../../policies/intent/build.js';
import { IntentError } from '../../policies/intent/errors.js';
import type { DeviceIntent } from '../../policies/intent/model.js';
import type { Ledger } from '../../policies/ledger/model.js';

/** A validated, consistent set of inputs. Immutable: a reload builds a new one and swaps it in. */
export interface DaemonInputs {
  readonly configFile: string;
  readonly config: AgentConfig;
  readonly ledgerFile: string;
  readonly ledger: Ledger;
  /** Intent per device id. */
  readonly intents: ReadonlyMap<string, DeviceIntent>;
  /** Warnings of the config and the ledger (the load succeeded). */
  readonly warnings: readonly ConfigIssue[];
}

/** Which file a refused load failed on. */
export type InputStage = 'config' | 'ledger';

/** Result of a load: the inputs, or every error of the first stage that failed. */
export type InputsOutcome =
  | { readonly ok: true; readonly inputs: DaemonInputs }
  | { readonly ok: false; readonly stage: InputStage; readonly file: string; readonly errors: readonly ConfigIssue[] };

function unreadable(error: FileReadError): ConfigIssue {
  return { file: error.file, line: 0, column: 0, path: '(file)', code: error.code, severity: 'error', message: error.message };
}

/**
 * Loads and validates everything from the agent config file. Never throws for bad content or an
 * unreadable file: those come back as `{ ok: false }` with every error.
 */
export async function loadDaemonInputs(configFile: string, secrets: SecretSources): Promise<InputsOutcome> {
  const refuse = (stage: InputStage, file: string, issues: readonly ConfigIssue[]): InputsOutcome => ({
    ok: false,
    stage,
    file,
    errors: issues.filter((i) => i.severity === 'error'),
  });
  let loadedConfig;
  try {
    loadedConfig = await loadAgentConfigFile(configFile);
  } catch (error: unknown) {
    if (error instanceof FileReadError) return refuse('config', configFile, [unreadable(error)]);
    throw error;
  }
  if (loadedConfig.draft === undefined || hasErrors(loadedConfig.issues)) return refuse('config', configFile, loadedConfig.issues);
  const resolved = await resolveSecrets(loadedConfig.draft, configFile, secrets);
  if (resolved.config === undefined) return refuse('config', configFile, resolved.issues);
  const config = resolved.config;

  const ledgerFile = config.ledger;
  let loadedLedger;
  try {
    loadedLedger = await loadLedgerFile(ledgerFile, { knownDevices: new Set(config.devices.map((d) => d.id)) });
  } catch (error: unknown) {
    if (error instanceof FileReadError) return refuse('ledger', ledgerFile, [unreadable(error)]);
    throw error;
  }
  if (loadedLedger.ledger === undefined || hasErrors(loadedLedger.issues)) {
    const issues = loadedLedger.issues.length > 0 ? loadedLedger.issues : [{ file: ledgerFile, line: 0, column: 0, path: '(top level)', code: 'ledger-unreadable', severity: 'error' as const, message: 'the ledger could not be read as a ledger' }];
    return refuse('ledger', ledgerFile, issues);
  }
  const ledger = loadedLedger.ledger;
  let intents: DeviceIntent[];
  try {
    intents = buildIntents(ledger, config.devices, config.push);
  } catch (error: unknown) {
    if (!(error instanceof IntentError)) throw error;
    // Settings problems belong to the agent config; the rest to the ledger.
    const stage: InputStage = error.problems.every((p) => !p.where.startsWith('sharedPorts')) ? 'config' : 'ledger';
    const file = stage === 'config' ? configFile : ledgerFile;
    return refuse(stage, file, error.problems.map((p) => ({ file, line: 0, column: 0, path: p.where, code: p.code, severity: 'error' as const, message: p.message })));
  }
  return {
    ok: true,
    inputs: {
      configFile,
      config,
      ledgerFile,
      ledger,
      intents: new Map(intents.map((i) => [i.device, i])),
      warnings: [...loadedConfig.issues, ...loadedLedger.issues].filter((i) => i.severity !== 'error'),
    },
  };
}

/** Secrets from the process environment and files. */
export function processSecrets(env: Readonly<Record<string, string | undefined>>): SecretSources {
  return { env, readFile: (path) => readFile(path, 'utf8') };
}
