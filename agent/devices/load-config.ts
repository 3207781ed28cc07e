/**
 * Loading the agent config for a command that talks to devices: the draft (every problem of an
 * invalid config reported at once) and the secrets of the devices the command uses — only those,
 * so probing or polling one switch never needs every secret. Failures are CannotRunError (exit 2).
 */
import { readFile } from 'node:fs/promises';
import { loadAgentConfigFile, resolveSecrets, type AgentConfigDraft } from '../../config/agent/load.js';
import type { AgentConfig } from '../../config/agent/model.js';
import { FileReadError, formatIssue, hasErrors, type ConfigIssue } from '../../config/issues.js';
import { CannotRunError } from '../cli/command.js';

/** How paths appear in messages: `shown` for the config file, `issueFile` maps each issue's file. */
export interface ShownPaths {
  readonly shown?: string;
  readonly issueFile?: (path: string) => string;
}

/**
 * The draft of the agent config `file` and its issues (warnings included). Throws CannotRunError
 * when the file cannot be read or has errors (the message lists every issue).
 */
export async function loadConfigDraft(file: string, paths: ShownPaths = {}): Promise<{ draft: AgentConfigDraft; issues: readonly ConfigIssue[] }> {
  let loaded;
  try {
    loaded = await loadAgentConfigFile(file);
  } catch (error: unknown) {
    if (error instanceof FileReadError) throw new CannotRunError(error.message, { cause: error });
    throw error;
  }
  const mapFile = paths.issueFile;
  const issues = mapFile ? loaded.issues.map((i) => ({ ...i, file: mapFile(i.file) })) : loaded.issues;
  if (!loaded.draft || hasErrors(issues)) {
    throw new CannotRunError(`the agent config ${paths.shown ?? file} is invalid:\n${issues.map(formatIssue).join('\n')}`);
  }
  return { draft: loaded.draft, issues };
}

/**
 * `draft` with `devices` in place of its devices and their secrets read (env or file). Throws
 * CannotRunError `cannot read <what>:` naming every secret that could not be read (never a value).
 */
export async function resolveSecretsOf(
  draft: AgentConfigDraft,
  devices: AgentConfigDraft['devices'],
  file: string,
  env: Readonly<Record<string, string | undefined>>,
  what: string,
): Promise<AgentConfig> {
  const resolved = await resolveSecrets({ ...draft, devices }, file, { env, readFile: (p) => readFile(p, 'utf8') });
  if (!resolved.config) throw new CannotRunError(`cannot read ${what}:\n${resolved.issues.map(formatIssue).join('\n')}`);
  return resolved.config;
}
