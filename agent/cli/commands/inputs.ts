/**
 * How commands find their inputs: `--ledger PATH` and/or `--config PATH` (the agent config names the
 * ledger and the devices). Precedence: the LEDGER argument or --ledger, else the ledger the agent config
 * names; the agent config is --config, else $ECPA_CONFIG, else ./config/examples/agent.yaml. When a
 * ledger is given without --config and without $ECPA_CONFIG, no agent config is read (so device
 * references are not checked).
 */
import { isAbsolute, resolve } from 'node:path';
import type { AgentConfigDraft } from '../../../config/agent/load.js';
import { loadConfigDraft } from '../../devices/load-config.js';
import { FileReadError, type ConfigIssue } from '../../../config/issues.js';
import { loadLedgerFile, type LoadedLedger } from '../../ledger/store.js';
import { CannotRunError, stringOption, type CommandContext, type OptionSpec } from '../command.js';

/** Default agent config, relative to the working directory. */
export const DEFAULT_CONFIG = 'config/examples/agent.yaml';

/** The --ledger and --config options every ledger command takes. */
export const INPUT_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  ledger: { type: 'string', valueName: 'PATH', description: 'ledger file (default: the ledger the agent config names)' },
  config: { type: 'string', valueName: 'PATH', description: `agent config naming the ledger and the devices (default: $ECPA_CONFIG, else ./${DEFAULT_CONFIG})` },
};

export interface Inputs {
  readonly loaded: LoadedLedger;
  readonly configFile?: string;
  readonly config?: AgentConfigDraft;
  readonly configIssues: readonly ConfigIssue[];
}

function abs(cwd: string, path: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}

/** Shows `path` relative to the working directory when it is below it (shorter messages). */
export function display(cwd: string, path: string): string {
  if (cwd === '/' || cwd === '') return path;
  const prefix = cwd.endsWith('/') ? cwd : `${cwd}/`;
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

/**
 * Loads the agent config (when one applies) and the ledger. Throws CannotRunError when a file cannot
 * be read or the agent config is invalid (the message lists every problem).
 */
export async function loadInputs(ctx: CommandContext, positionalLedger?: string): Promise<Inputs> {
  const { io } = ctx;
  const ledgerArg = positionalLedger ?? stringOption(ctx.options, 'ledger');
  const configArg = stringOption(ctx.options, 'config') ?? io.env['ECPA_CONFIG'];
  const configPath = configArg ?? (ledgerArg === undefined ? DEFAULT_CONFIG : undefined);
  let config: AgentConfigDraft | undefined;
  let configIssues: readonly ConfigIssue[] = [];
  let configFile: string | undefined;
  try {
    if (configPath !== undefined) {
      configFile = display(io.cwd, abs(io.cwd, configPath));
      const loadedConfig = await loadConfigDraft(abs(io.cwd, configPath), { shown: configFile, issueFile: (p) => display(io.cwd, p) });
      configIssues = loadedConfig.issues;
      config = loadedConfig.draft;
    }
    const ledgerPath = ledgerArg !== undefined ? abs(io.cwd, ledgerArg) : config?.ledger;
    if (ledgerPath === undefined) throw new CannotRunError('no ledger: give --ledger PATH or --config PATH');
    const knownDevices = config ? new Set(config.devices.map((d) => d.id)) : undefined;
    const loaded = await loadLedgerFile(display(io.cwd, ledgerPath), { path: ledgerPath, ...(knownDevices ? { knownDevices } : {}) });
    return { loaded, ...(configFile ? { configFile } : {}), ...(config ? { config } : {}), configIssues };
  } catch (error: unknown) {
    if (error instanceof FileReadError) throw new CannotRunError(error.message, { cause: error });
    throw error;
  }
}
