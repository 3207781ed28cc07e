/**
 * The ledger edits that mirror the partner console: `ecpa ledger create-port | modify-vlan |
 * change-bandwidth | terminate | recover | remove`. Each plans the edit (agent/ledger/edits.ts), which
 * validates the resulting ledger and refuses with the console's message and code; then writes the file
 * atomically, keeping its comments and layout. `--dry-run` prints the unified diff and writes nothing.
 */
import { planEdit, type LedgerEdit } from '../../ledger/edits.js';
import { unifiedDiff } from '../../ledger/diff.js';
import { commitEdit, LedgerChangedError, LedgerLockedError } from '../../ledger/store.js';
import { CREATE_STATUSES, ALLOWED_FROM } from '../../../policies/ledger/lifecycle.js';
import { SHARED_PORT_SPECS } from '../../../policies/ledger/model.js';
import {
  booleanOption,
  CannotRunError,
  EXIT_OK,
  EXIT_PROBLEMS,
  stringOption,
  UsageError,
  type Command,
  type CommandContext,
  type ExitCode,
  type OptionSpec,
} from '../command.js';
import { INPUT_OPTIONS, loadInputs } from './inputs.js';
import { issuesJson, issuesText, writeJson } from './output.js';

const DRY_RUN: OptionSpec = { type: 'boolean', description: 'print the change as a unified diff; write nothing' };

function required(ctx: CommandContext, name: string): string {
  const value = stringOption(ctx.options, name);
  if (value === undefined || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

function vlanOption(ctx: CommandContext): number {
  const text = required(ctx, 'vlan');
  if (!/^-?[0-9]+$/.test(text)) throw new UsageError(`--vlan must be an integer; got '${text}'`);
  return Number(text);
}

function portId(ctx: CommandContext): string {
  if (ctx.positionals.length !== 1) throw new UsageError(`give exactly one SHARED_PORT_ID; got ${ctx.positionals.length}`);
  return ctx.positionals[0] ?? '';
}

async function runEdit(ctx: CommandContext, makeEdit: (ctx: CommandContext) => LedgerEdit): Promise<ExitCode> {
  const edit = makeEdit(ctx);
  const inputs = await loadInputs(ctx);
  const { loaded } = inputs;
  const knownDevices = inputs.config ? new Set(inputs.config.devices.map((d) => d.id)) : undefined;
  const plan = planEdit(loaded, edit, { path: loaded.path, ...(knownDevices ? { knownDevices } : {}) });
  const json = ctx.options['format'] === 'json';
  const dryRun = booleanOption(ctx.options, 'dry-run');
  if (!plan.ok) {
    const head = plan.reason === 'invalid-ledger'
      ? `${loaded.file} is invalid; fix it before editing (ecpa ledger check)`
      : `refused: the edit would make ${loaded.file} invalid or is not allowed`;
    if (json) writeJson(ctx.io, { file: loaded.file, action: edit.action, ok: false, reason: plan.reason, written: false, issues: issuesJson(plan.issues) });
    else ctx.io.stderr(`${head}\n${issuesText(plan.issues)}`);
    return EXIT_PROBLEMS;
  }
  const diff = unifiedDiff(plan.before.replace(/^\uFEFF/, ''), plan.after.replace(/^\uFEFF/, ''), loaded.file);
  let written = false;
  if (!dryRun && plan.after !== plan.before) {
    try {
      await commitEdit(loaded, plan.after);
      written = true;
    } catch (error: unknown) {
      if (error instanceof LedgerChangedError || error instanceof LedgerLockedError) throw new CannotRunError(error.message, { cause: error });
      const reason = error instanceof Error ? error.message : String(error);
      throw new CannotRunError(`could not write ${loaded.file} (unchanged): ${reason}`, { cause: error });
    }
  }
  if (json) {
    writeJson(ctx.io, { file: loaded.file, action: edit.action, ok: true, dryRun, written, summary: plan.summary, diff, warnings: issuesJson(plan.warnings) });
  } else {
    if (dryRun) ctx.io.stdout(diff);
    ctx.io.stdout(`${plan.summary}${dryRun ? ' (dry run: nothing written)' : plan.after === plan.before ? ' (no change)' : ''}\n`);
    if (plan.warnings.length > 0) ctx.io.stderr(issuesText(plan.warnings));
  }
  return EXIT_OK;
}

const STATES = (action: keyof typeof ALLOWED_FROM): string => `Allowed when the shared port is ${ALLOWED_FROM[action].join(', ')}.`;

export const createPortCommand: Command = {
  path: ['ledger', 'create-port'],
  summary: 'Record a new shared port (hosted connection) for a tenant, like the console\'s Create Shared Port',
  details: [
    'Refused like the console: VLAN outside 0..2999 (IllegalParam.VlanId), VLAN in use on the circuit',
    '(OperationFailed.VlanIdAlreadyInUse), bandwidth not a shared-port spec, bandwidth sum over the circuit',
    '("Insufficient bandwidth resources"), unknown circuit (ResourceNotFound.PhysicalConnectionId).',
    'The port is inserted after the last port of its circuit, in the style of its neighbours.',
    '',
    'Example:',
    '  ecpa ledger create-port --id pc-bp1v0100 --circuit pc-bp1c0001 --tenant 1234567890123456 \\',
    '       --vlan 120 --bandwidth 200M --redundancy-group acme-ha --dry-run',
  ].join('\n'),
  formats: ['text', 'json'],
  options: {
    ...INPUT_OPTIONS,
    id: { type: 'string', valueName: 'ID', description: 'shared port (vpconn) id, e.g. pc-bp1v0100 (required)' },
    circuit: { type: 'string', valueName: 'ID', description: 'circuit id (required)' },
    tenant: { type: 'string', valueName: 'ACCOUNT', description: 'tenant Alibaba Cloud main-account id, digits (required)' },
    vlan: { type: 'string', valueName: 'N', description: 'VLAN id 0..2999 (required)' },
    bandwidth: { type: 'string', valueName: 'SPEC', description: `bandwidth spec: ${SHARED_PORT_SPECS.join(', ')} (required)` },
    status: { type: 'string', valueName: 'STATUS', description: 'status to record (an existing port can be recorded as accepted or enabled)', choices: CREATE_STATUSES, default: 'pending-acceptance' },
    'redundancy-group': { type: 'string', valueName: 'NAME', description: 'redundancy group of the tenant' },
    'attachment-device': { type: 'string', valueName: 'DEVICE', description: 'tenant-facing access device (default: the circuit\'s)' },
    'attachment-port': { type: 'string', valueName: 'PORT', description: 'tenant-facing port on that device' },
    description: { type: 'string', valueName: 'TEXT', description: 'free text' },
    'dry-run': DRY_RUN,
  },
  run: (ctx) =>
    runEdit(ctx, () => {
      if (ctx.positionals.length > 0) throw new UsageError(`takes no arguments; got '${ctx.positionals.join(' ')}'`);
      const device = stringOption(ctx.options, 'attachment-device');
      const port = stringOption(ctx.options, 'attachment-port');
      if ((device === undefined) !== (port === undefined)) throw new UsageError('give both --attachment-device and --attachment-port, or neither');
      const group = stringOption(ctx.options, 'redundancy-group');
      const description = stringOption(ctx.options, 'description');
      return {
        action: 'create',
        port: {
          id: required(ctx, 'id'),
          tenant: required(ctx, 'tenant'),
          circuit: required(ctx, 'circuit'),
          vlan: vlanOption(ctx),
          bandwidth: required(ctx, 'bandwidth'),
          status: stringOption(ctx.options, 'status') ?? 'pending-acceptance',
          ...(group !== undefined ? { redundancyGroup: group } : {}),
          ...(device !== undefined && port !== undefined ? { attachment: { device, port } } : {}),
          ...(description !== undefined ? { description } : {}),
        },
      };
    }),
};

export const modifyVlanCommand: Command = {
  path: ['ledger', 'modify-vlan'],
  summary: 'Change the VLAN id of a shared port, like the console\'s Modify Shared Port',
  usage: 'SHARED_PORT_ID',
  details: `${STATES('modify-vlan')} The new VLAN must be free on the circuit.\n\nExample:\n  ecpa ledger modify-vlan pc-bp1v0003 --vlan 110`,
  formats: ['text', 'json'],
  options: { ...INPUT_OPTIONS, vlan: { type: 'string', valueName: 'N', description: 'new VLAN id 0..2999 (required)' }, 'dry-run': DRY_RUN },
  run: (ctx) => runEdit(ctx, () => ({ action: 'modify-vlan', id: portId(ctx), vlan: vlanOption(ctx) })),
};

export const changeBandwidthCommand: Command = {
  path: ['ledger', 'change-bandwidth'],
  summary: 'Change the bandwidth spec of a shared port (upgrade or downgrade)',
  usage: 'SHARED_PORT_ID',
  details: `${STATES('change-bandwidth')} The sum on the circuit must stay within the circuit bandwidth.\n\nExample:\n  ecpa ledger change-bandwidth pc-bp1v0003 --bandwidth 500M`,
  formats: ['text', 'json'],
  options: { ...INPUT_OPTIONS, bandwidth: { type: 'string', valueName: 'SPEC', description: `new spec: ${SHARED_PORT_SPECS.join(', ')} (required)` }, 'dry-run': DRY_RUN },
  run: (ctx) => runEdit(ctx, () => ({ action: 'change-bandwidth', id: portId(ctx), bandwidth: required(ctx, 'bandwidth') })),
};

export const terminateCommand: Command = {
  path: ['ledger', 'terminate'],
  summary: 'Terminate a shared port (status → terminated); it keeps its VLAN and bandwidth until removed',
  usage: 'SHARED_PORT_ID',
  details: `${STATES('terminate')}\n\nExample:\n  ecpa ledger terminate pc-bp1v0003`,
  formats: ['text', 'json'],
  options: { ...INPUT_OPTIONS, 'dry-run': DRY_RUN },
  run: (ctx) => runEdit(ctx, () => ({ action: 'terminate', id: portId(ctx) })),
};

export const recoverCommand: Command = {
  path: ['ledger', 'recover'],
  summary: 'Recover a terminated shared port (status → enabled)',
  usage: 'SHARED_PORT_ID',
  details: `${STATES('recover')}\n\nExample:\n  ecpa ledger recover pc-bp1v0010`,
  formats: ['text', 'json'],
  options: { ...INPUT_OPTIONS, 'dry-run': DRY_RUN },
  run: (ctx) => runEdit(ctx, () => ({ action: 'recover', id: portId(ctx) })),
};

export const removeCommand: Command = {
  path: ['ledger', 'remove'],
  summary: 'Remove a shared port from the ledger (it must be terminated first, or not yet enabled)',
  usage: 'SHARED_PORT_ID',
  details: `${STATES('remove')} With --mark-deleted the entry stays, with status deleted (${ALLOWED_FROM['mark-deleted'].join(', ')}), and frees its VLAN and bandwidth.\n\nExample:\n  ecpa ledger remove pc-bp1v0010 --dry-run`,
  formats: ['text', 'json'],
  options: { ...INPUT_OPTIONS, 'mark-deleted': { type: 'boolean', description: 'keep the entry with status deleted instead of removing its lines' }, 'dry-run': DRY_RUN },
  run: (ctx) => runEdit(ctx, () => ({ action: booleanOption(ctx.options, 'mark-deleted') ? 'mark-deleted' : 'remove', id: portId(ctx) })),
};

export const ledgerEditCommands: readonly Command[] = [
  createPortCommand,
  modifyVlanCommand,
  changeBandwidthCommand,
  terminateCommand,
  recoverCommand,
  removeCommand,
];
