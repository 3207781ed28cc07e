/** Renders `ecpa --help` and `ecpa <command> --help` from the command declarations. */
import type { Command, OptionSpec } from './command.js';

const EXIT_CODES_HELP = [
  'Exit codes: 0 success / everything passes; 1 ran and found problems; 2 could not run.',
];

function optionLine(name: string, spec: OptionSpec): string {
  const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ` ${spec.valueName ?? 'VALUE'}` : ''}`;
  const extras: string[] = [];
  if (spec.choices) extras.push(`one of: ${spec.choices.join(', ')}`);
  if (spec.default !== undefined && spec.default !== false) extras.push(`default: ${String(spec.default)}`);
  if (spec.multiple) extras.push('repeatable');
  const tail = extras.length > 0 ? ` (${extras.join('; ')})` : '';
  return `  ${flag.padEnd(34)} ${spec.description}${tail}`;
}

/** All options of a command, with the common ones (`--format`, `--help`) included. */
export function effectiveOptions(command: Command): Record<string, OptionSpec> {
  const format: OptionSpec = {
    type: 'string',
    description: 'output format',
    choices: command.formats,
    default: command.formats[0] ?? 'text',
    valueName: 'FORMAT',
  };
  const help: OptionSpec = { type: 'boolean', short: 'h', description: 'show this help' };
  return { ...command.options, format, help };
}

export function commandHelp(command: Command): string {
  const lines = [
    `Usage: ecpa ${command.path.join(' ')} [options]${command.usage ? ` ${command.usage}` : ''}`,
    '',
    command.summary,
  ];
  if (command.details) lines.push('', command.details.trimEnd());
  lines.push('', 'Options:');
  for (const [name, spec] of Object.entries(effectiveOptions(command))) lines.push(optionLine(name, spec));
  lines.push('', ...EXIT_CODES_HELP);
  return `${lines.join('\n')}\n`;
}

export function globalHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.path.join(' ').length)) + 2;
  const lines = [
    'ecpa — Express Connect partner agent: keeps access switches in line with the shared-port ledger.',
    '',
    'Usage: ecpa <command> [options]     ecpa <command> --help',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.path.join(' ').padEnd(width)}${c.summary}`),
    '',
    'Every command takes --format (text or json; some also markdown and others) and --help.',
    ...EXIT_CODES_HELP,
  ];
  return `${lines.join('\n')}\n`;
}
