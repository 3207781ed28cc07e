/**
 * Every `ecpa` command, imported by name. Adding a command: write it in commands/, add it here.
 * Duplicate command paths throw at load, so two files can never silently claim one command.
 */
import type { Command } from './command.js';
import { deviceProbeCommand } from './commands/device-probe.js';
import { checkCommand } from './commands/check.js';
import { ledgerCheckCommand } from './commands/ledger-check.js';
import { ledgerEditCommands } from './commands/ledger-edit.js';
import { startCommand } from './commands/start.js';
import { runCommand } from './commands/run.js';
import { pollCommand } from './commands/poll.js';
import { planCommand } from './commands/plan.js';
import { applyCommand } from './commands/apply.js';

// In the order `ecpa --help` lists them: the ledger, the checks, the push, telemetry, the daemon.
const COMMANDS: readonly Command[] = [
  ledgerCheckCommand,
  ...ledgerEditCommands,
  checkCommand,
  planCommand,
  applyCommand,
  pollCommand,
  deviceProbeCommand,
  runCommand,
  startCommand,
];

function checked(commands: readonly Command[]): readonly Command[] {
  const seen = new Set<string>();
  for (const command of commands) {
    const key = command.path.join(' ');
    if (seen.has(key)) throw new Error(`two commands claim 'ecpa ${key}'`);
    seen.add(key);
  }
  return commands;
}

export const commands: readonly Command[] = checked(COMMANDS);
