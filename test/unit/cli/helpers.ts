/** Runs `ecpa` commands in-process with captured output, in a scratch copy of the example files. */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../agent/cli/dispatch.js';
import { checkCommand } from '../../../agent/cli/commands/check.js';
import { ledgerCheckCommand } from '../../../agent/cli/commands/ledger-check.js';
import { ledgerEditCommands } from '../../../agent/cli/commands/ledger-edit.js';
import { repoRoot } from '../../support/peer.js';

// `ecpa start` belongs to the daemon now (agent/cli/commands/start.ts) and is tested with it.
export const COMMANDS = [checkCommand, ledgerCheckCommand, ...ledgerEditCommands];

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function ecpa(argv: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(COMMANDS, argv, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env: options.env ?? {},
    cwd: options.cwd ?? repoRoot,
  });
  return { code, stdout, stderr };
}

/** A scratch folder holding config/examples/{agent,ledger}.yaml; returns its path. */
export function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ecpa-cli-'));
  cpSync(join(repoRoot, 'config/examples'), join(dir, 'config/examples'), { recursive: true });
  return dir;
}
