/** `ecpa ledger check [LEDGER]`: validates the ledger and reports every problem with file:line:col. */
import { hasErrors } from '../../../config/issues.js';
import { EXIT_OK, EXIT_PROBLEMS, UsageError, type Command } from '../command.js';
import { INPUT_OPTIONS, loadInputs } from './inputs.js';
import { countText, issuesJson, issuesText, writeJson } from './output.js';

export const ledgerCheckCommand: Command = {
  path: ['ledger', 'check'],
  summary: 'Validate the shared-port ledger: schema, VLANs, bandwidth, statuses, references',
  usage: '[LEDGER]',
  details: [
    'Reports every problem at once, each with file:line:col, the ids involved and the Alibaba Cloud',
    'error code where there is one. With an agent config (--config or $ECPA_CONFIG), circuit and',
    'attachment devices must be devices of that config.',
    '',
    'Examples:',
    '  ecpa ledger check config/examples/ledger.yaml',
    '  ecpa ledger check --config /etc/ecpa/agent.yaml --format json',
  ].join('\n'),
  formats: ['text', 'json'],
  options: INPUT_OPTIONS,
  async run(ctx) {
    if (ctx.positionals.length > 1) throw new UsageError(`takes at most one LEDGER argument; got ${ctx.positionals.length}`);
    if (ctx.positionals.length === 1 && ctx.options['ledger'] !== undefined) throw new UsageError('give the ledger either as LEDGER or as --ledger, not both');
    const inputs = await loadInputs(ctx, ctx.positionals[0]);
    const { loaded } = inputs;
    const issues = [...inputs.configIssues, ...loaded.issues];
    const valid = !hasErrors(issues);
    const ledger = loaded.ledger;
    const summary = {
      accessPoints: ledger?.accessPoints.length ?? 0,
      circuits: ledger?.circuits.length ?? 0,
      sharedPorts: ledger?.sharedPorts.length ?? 0,
      tenants: new Set(ledger?.sharedPorts.map((p) => p.tenant) ?? []).size,
    };
    if (ctx.options['format'] === 'json') {
      writeJson(ctx.io, {
        file: loaded.file,
        ...(inputs.configFile ? { config: inputs.configFile } : {}),
        valid,
        errors: issues.filter((i) => i.severity === 'error').length,
        warnings: issues.filter((i) => i.severity === 'warning').length,
        summary,
        issues: issuesJson(issues),
      });
    } else {
      const counts = `${summary.accessPoints} access points, ${summary.circuits} circuits, ${summary.sharedPorts} shared ports, ${summary.tenants} tenants`;
      ctx.io.stdout(issuesText(issues));
      ctx.io.stdout(`${loaded.file}: ${valid ? 'valid' : 'INVALID'} (${counts}; ${countText(issues)})\n`);
    }
    return valid ? EXIT_OK : EXIT_PROBLEMS;
  },
};
