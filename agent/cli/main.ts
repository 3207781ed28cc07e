#!/usr/bin/env node
/** The `ecpa` executable: wires the dispatcher to the process (argv, streams, signals, exit code). */
import { createInterface } from 'node:readline/promises';
import { runCli } from './dispatch.js';
import { commands } from './registry.js';
import type { Io } from './command.js';

async function confirmOnTerminal(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

const io: Io = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  ...(process.stdin.isTTY ? { confirm: confirmOnTerminal } : {}),
};

const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => controller.abort(new Error(`received ${signal}`)));
}

const code = await runCli(commands, process.argv.slice(2), io, controller.signal);
process.exitCode = code;
