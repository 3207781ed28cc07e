/**
 * `ecpa check`: the partner-guide requirements as a report (text, json, markdown, html, junit).
 * Without --offline every rule is evaluated live against the devices, their SNMP counters and the
 * ledger (agent/compliance/run-check.ts); with --offline only what the ledger decides, the rest
 * listed as not evaluated. Exit 1 when a rule fails, the ledger is invalid, or (live) the report is
 * incomplete without --allow-incomplete.
 */
import { hasErrors } from '../../../config/issues.js';
import { evaluateOffline, type ComplianceReport } from '../../../policies/compliance/evaluate.js';
import { RULES } from '../../../policies/compliance/registry.js';
import {
  booleanOption,
  EXIT_OK,
  EXIT_PROBLEMS,
  stringListOption,
  UsageError,
  type Command,
  type CommandContext,
  type ExitCode,
} from '../command.js';
import { offlineDoc } from '../../compliance/report/doc.js';
import { complianceHtml } from '../../compliance/report/html.js';
import { complianceJunit } from '../../compliance/report/junit.js';
import { LIVE_FORMATS, LIVE_OPTIONS, runLiveCheck } from '../../compliance/run-check.js';
import { complianceMarkdown, complianceText } from './compliance-render.js';
import { INPUT_OPTIONS, loadInputs } from './inputs.js';
import { issuesJson, issuesText, writeJson } from './output.js';

/** Loads the inputs, evaluates the offline rules and prints the report; returns the exit code. */
export async function runOfflineCheck(ctx: CommandContext, ruleIds: readonly string[] = []): Promise<ExitCode> {
  const inputs = await loadInputs(ctx);
  const { loaded } = inputs;
  const ledgerIssues = [...inputs.configIssues, ...loaded.issues];
  const format = ctx.options['format'];
  if (!loaded.ledger) {
    if (format === 'json') writeJson(ctx.io, { ledger: loaded.file, ledgerValid: false, ledgerIssues: issuesJson(ledgerIssues) });
    else ctx.io.stderr(`${issuesText(ledgerIssues)}${loaded.file}: cannot evaluate the partner requirements: the ledger could not be read\n`);
    return EXIT_PROBLEMS;
  }
  const rules = ruleIds.length > 0 ? RULES.filter((r) => ruleIds.includes(r.id)) : RULES;
  const report: ComplianceReport = evaluateOffline({ ledger: loaded.ledger }, rules);
  const ledgerValid = !hasErrors(ledgerIssues);
  if (format === 'json') {
    writeJson(ctx.io, { ledger: loaded.file, ledgerValid, ledgerIssues: issuesJson(ledgerIssues), ...report });
  } else {
    if (ledgerIssues.length > 0) ctx.io.stderr(issuesText(ledgerIssues));
    if (!ledgerValid) ctx.io.stderr(`${loaded.file} has errors (see above); the report below is about what could be read\n`);
    ctx.io.stdout(
      format === 'markdown' ? complianceMarkdown(report, loaded.file)
        : format === 'html' ? complianceHtml(offlineDoc(report, loaded.file))
          : format === 'junit' ? complianceJunit(offlineDoc(report, loaded.file))
            : complianceText(report, loaded.file),
    );
  }
  return report.summary.fail === 0 && ledgerValid ? EXIT_OK : EXIT_PROBLEMS;
}

export const checkCommand: Command = {
  path: ['check'],
  summary: 'Check the Express Connect partner requirements against the devices (--offline: the ledger only)',
  details: [
    'Each requirement of the partner guide is a rule with a stable id, a verdict per subject',
    '(pass / fail / not-evaluated with the reason) and evidence:',
    ...RULES.map((r) => `  ${r.id.padEnd(22)} ${r.needs === 'ledger' ? '' : `(needs ${r.needs}: not evaluated offline) `}${r.title}`),
    '  icmp-probe             (with --probe-icmp) ICMP echo above 500/s answered through the path',
    '',
    'A live check reads every device of the agent config: the running config over NETCONF and two',
    'SNMP samples --sample-seconds apart. Exit 0 only when every rule passes; 1 when a rule fails,',
    'the ledger is invalid, or some subject could not be evaluated (unless --allow-incomplete);',
    '2 when it could not run. See docs/compliance.md.',
    '',
    'Examples:',
    '  ecpa check',
    '  ecpa check --format html --output partner-report.html',
    '  ecpa check --format junit --output compliance.xml --allow-incomplete',
    '  ecpa check --probe-icmp 203.0.113.10 --probe-rate 600 --probe-seconds 3   # needs CAP_NET_RAW',
    '  ecpa check --offline',
    '  ecpa check --offline --format markdown > partner-report.md',
    '  ecpa check --offline --format json --rule vlan-unique',
  ].join('\n'),
  formats: [...LIVE_FORMATS],
  options: {
    ...INPUT_OPTIONS,
    offline: { type: 'boolean', description: 'evaluate only what the ledger decides; read no device' },
    ...LIVE_OPTIONS,
    rule: { type: 'string', valueName: 'ID', description: 'evaluate only this rule', multiple: true, choices: RULES.map((r) => r.id) },
  },
  async run(ctx) {
    if (ctx.positionals.length > 0) throw new UsageError(`takes no arguments; got '${ctx.positionals.join(' ')}'`);
    if (!booleanOption(ctx.options, 'offline')) return runLiveCheck(ctx);
    for (const live of ['probe-icmp', 'output', 'allow-incomplete']) {
      if (ctx.options[live] !== undefined && ctx.options[live] !== false) throw new UsageError(`--${live} is for a live check; drop --offline`);
    }
    return runOfflineCheck(ctx, stringListOption(ctx.options, 'rule'));
  },
};
