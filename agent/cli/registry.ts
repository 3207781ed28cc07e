/**
 * Every `ecpa` command, imported by name. Adding a command: write it in commands/, add it here.
 * Duplicate command paths throw at load, so two files can never silently claim one command.
 */
import type { Command } from './command.js';

const COMMANDS: readonly Command[] = [];

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
