/**
 * Selects a command from argv, parses and checks its options, runs it, and maps errors to exit
 * codes. Pure of process globals: `main.ts` wires it to the real process, tests call it directly.
 */
import { parseArgs } from 'node:util';
import {
  CannotRunError,
  EXIT_CANNOT_RUN,
  EXIT_OK,
  UsageError,
  type Command,
  type ExitCode,
  type Io,
  type OptionValues,
} from './command.js';
import { commandHelp, effectiveOptions, globalHelp } from './help.js';

/** Finds the command whose path is the longest prefix of argv. */
function selectCommand(commands: readonly Command[], argv: readonly string[]): Command | undefined {
  let best: Command | undefined;
  for (const command of commands) {
    const matches = command.path.every((word, i) => argv[i] === word);
    if (matches && (!best || command.path.length > best.path.length)) best = command;
  }
  return best;
}

function parseOptions(command: Command, args: readonly string[]): { options: OptionValues; positionals: string[] } {
  const specs = effectiveOptions(command);
  const parseSpec: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(specs)) {
    parseSpec[name] = {
      type: spec.type,
      ...(spec.short ? { short: spec.short } : {}),
      ...(spec.multiple ? { multiple: true } : {}),
    };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...args], options: parseSpec, allowPositionals: true, strict: true });
  } catch (error: unknown) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const options: Record<string, string | boolean | string[] | undefined> = {};
  for (const [name, value] of Object.entries(parsed.values)) {
    options[name] = Array.isArray(value) ? value.map(String) : value;
  }
  for (const [name, spec] of Object.entries(specs)) {
    if (options[name] === undefined && spec.default !== undefined) options[name] = spec.default;
    const value = options[name];
    if (spec.choices && value !== undefined) {
      for (const v of Array.isArray(value) ? value : [value]) {
        if (typeof v === 'string' && !spec.choices.includes(v)) {
          throw new UsageError(`--${name} must be one of ${spec.choices.join(', ')}; got '${v}'`);
        }
      }
    }
  }
  return { options, positionals: parsed.positionals };
}

/** Runs `ecpa` with the given arguments (without `node` and the script). Never throws. */
export async function runCli(
  commands: readonly Command[],
  argv: readonly string[],
  io: Io,
  signal: AbortSignal = new AbortController().signal,
): Promise<ExitCode> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout(globalHelp(commands));
    return argv.length === 0 ? EXIT_CANNOT_RUN : EXIT_OK;
  }
  const command = selectCommand(commands, argv);
  if (!command) {
    io.stderr(`ecpa: unknown command '${argv.filter((a) => !a.startsWith('-')).join(' ')}'\n\n${globalHelp(commands)}`);
    return EXIT_CANNOT_RUN;
  }
  const rest = argv.slice(command.path.length);
  try {
    const { options, positionals } = parseOptions(command, rest);
    if (options['help'] === true) {
      io.stdout(commandHelp(command));
      return EXIT_OK;
    }
    return await command.run({ options, positionals, io, signal });
  } catch (error: unknown) {
    const name = command.path.join(' ');
    if (error instanceof UsageError) {
      io.stderr(`ecpa ${name}: ${error.message}\nSee 'ecpa ${name} --help'.\n`);
      return EXIT_CANNOT_RUN;
    }
    if (error instanceof CannotRunError) {
      io.stderr(`ecpa ${name}: ${error.message}\n`);
      return EXIT_CANNOT_RUN;
    }
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr(`ecpa ${name}: internal error: ${message}\n`);
    return EXIT_CANNOT_RUN;
  }
}
