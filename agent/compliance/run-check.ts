/**
 * `ecpa check` without `--offline`: reads every device (running config, SNMP counters twice),
 * evaluates every rule against the ledger and that evidence, optionally runs the active ICMP
 * probe, and prints the report (text, json, markdown, html, junit) to stdout or `--output FILE`.
 *
 * Exit: 0 only when every rule passes; 1 when a rule fails, or when some subject could not be
 * evaluated (the report is incomplete) unless `--allow-incomplete`; 2 when it could not run (bad
 * config, unreadable ledger, missing secret, bad option).
 */
import { writeFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { loadConfigDraft, resolveSecretsOf } from '../devices/load-config.js';
import type { AgentConfig } from '../../config/agent/model.js';
import { FileReadError, formatIssue, hasErrors, type ConfigIssue } from '../../config/issues.js';
import { loadLedgerFile } from '../../config/ledger/load.js';
import type { Ledger } from '../../policies/ledger/model.js';
import { evaluateLive, withRuleResult, type LiveReport } from '../../policies/compliance/live/evaluate.js';
import { RULES } from '../../policies/compliance/registry.js';
import type { RuleDefinition } from '../../policies/compliance/types.js';
import { booleanOption, CannotRunError, EXIT_OK, EXIT_PROBLEMS, stringListOption, stringOption, UsageError, type CommandContext, type ExitCode, type OptionSpec } from '../cli/command.js';
import { DEFAULT_CONFIG, display } from '../cli/commands/inputs.js';
import { issuesJson, issuesText } from '../cli/commands/output.js';
import { gatherLiveEvidence, type GatherOptions } from './gather.js';
import { checkProbeOptions, ProbeError, runIcmpProbe, type ProbeOptions } from './icmp-probe.js';
import { probeRuleResult } from './probe-rule.js';
import { liveDoc } from './report/doc.js';
import { complianceHtml } from './report/html.js';
import { complianceJunit } from './report/junit.js';
import { complianceMarkdownReport, complianceTextReport } from './report/text.js';

/** Formats of the live report; the first is the default. */
export const LIVE_FORMATS = ['text', 'json', 'markdown', 'html', 'junit'] as const;

/** Options the live check adds to `ecpa check`. */
export const LIVE_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  'allow-incomplete': { type: 'boolean', description: 'exit 0 when nothing fails even if some subjects could not be evaluated' },
  'sample-seconds': { type: 'string', valueName: 'S', default: '5', description: 'seconds between the two SNMP samples (counters must be seen to move), 1..300' },
  output: { type: 'string', valueName: 'FILE', description: 'write the report to FILE instead of stdout (e.g. --format html --output report.html)' },
  'probe-icmp': { type: 'string', valueName: 'ADDRESS', description: 'also send ICMP echo requests above 500/s to ADDRESS (behind the access device) and check the replies; needs CAP_NET_RAW' },
  'probe-rate': { type: 'string', valueName: 'PPS', default: '600', description: 'echo requests per second of the probe, 501..5000' },
  'probe-seconds': { type: 'string', valueName: 'S', default: '3', description: 'duration of the probe, 1..10 s' },
};

function intOption(ctx: CommandContext, name: string, fallback: number): number {
  const raw = stringOption(ctx.options, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new UsageError(`--${name}: expected a whole number, got '${raw}'`);
  return Number(raw);
}

/** The probe options from the command line, checked; undefined when --probe-icmp is absent. */
function probeOptions(ctx: CommandContext): ProbeOptions | undefined {
  const target = stringOption(ctx.options, 'probe-icmp');
  if (target === undefined) {
    if (ctx.options['probe-rate'] !== undefined && ctx.options['probe-rate'] !== LIVE_OPTIONS['probe-rate']?.default) throw new UsageError('--probe-rate needs --probe-icmp ADDRESS');
    return undefined;
  }
  const o = { target, ratePps: intOption(ctx, 'probe-rate', 600), seconds: intOption(ctx, 'probe-seconds', 3) };
  try {
    checkProbeOptions(o);
  } catch (e: unknown) {
    if (e instanceof ProbeError) throw new UsageError(e.message);
    throw e;
  }
  return o;
}

interface LiveInputs {
  readonly config: AgentConfig;
  readonly ledger: Ledger;
  readonly ledgerFile: string;
  readonly ledgerIssues: readonly ConfigIssue[];
}

/**
 * The agent config with its secrets, and the ledger it names. An invalid agent config or a missing
 * secret stops the check (CannotRunError); a ledger with errors is still judged (its problems are
 * what the ledger rules report) but the check cannot pass.
 */
async function loadLiveInputs(configFile: string, env: Readonly<Record<string, string | undefined>>, cwd: string): Promise<LiveInputs> {
  try {
    const { draft } = await loadConfigDraft(configFile, { shown: display(cwd, configFile) });
    const config = await resolveSecretsOf(draft, draft.devices, configFile, env, `the secrets of ${display(cwd, configFile)}`);
    const ledgerLoaded = await loadLedgerFile(display(cwd, config.ledger), { path: config.ledger, knownDevices: new Set(config.devices.map((d) => d.id)) });
    if (!ledgerLoaded.ledger) throw new CannotRunError(`cannot check live: the ledger ${display(cwd, config.ledger)} could not be read:\n${ledgerLoaded.issues.map(formatIssue).join('\n')}`);
    return { config, ledger: ledgerLoaded.ledger, ledgerFile: config.ledger, ledgerIssues: ledgerLoaded.issues };
  } catch (error: unknown) {
    if (error instanceof FileReadError) throw new CannotRunError(error.message, { cause: error });
    throw error;
  }
}

/** The report in `format`. */
export function renderLive(report: LiveReport, format: string, ledgerFile: string, extra: Readonly<Record<string, unknown>> = {}): string {
  const doc = liveDoc(report, ledgerFile);
  switch (format) {
    case 'json': return `${JSON.stringify({ ledger: ledgerFile, ...extra, ...report }, null, 2)}\n`;
    case 'markdown': return complianceMarkdownReport(doc);
    case 'html': return complianceHtml(doc);
    case 'junit': return complianceJunit(doc);
    default: return complianceTextReport(doc);
  }
}

/** The exit code of a report: fail → 1; incomplete → 1 unless allowed; else 0. */
export function liveExitCode(report: LiveReport, allowIncomplete: boolean): ExitCode {
  if (report.verdict === 'fail') return EXIT_PROBLEMS;
  if (!report.complete && !allowIncomplete) return EXIT_PROBLEMS;
  return report.summary.pass > 0 ? EXIT_OK : EXIT_PROBLEMS;
}

/** Test seams: how devices are read (the lab passes fast sleeps or its own reader). */
export type LiveSeams = Partial<Pick<GatherOptions, 'readConfig' | 'poll' | 'sleep' | 'now'>>;

/** Runs the live check. Throws UsageError / CannotRunError (exit 2). */
export async function runLiveCheck(ctx: CommandContext, seams: LiveSeams = {}): Promise<ExitCode> {
  const { io } = ctx;
  if (stringOption(ctx.options, 'ledger') !== undefined) throw new UsageError('a live check reads the ledger the agent config names; drop --ledger (or use --offline)');
  const sampleSeconds = intOption(ctx, 'sample-seconds', 5);
  if (sampleSeconds < 1 || sampleSeconds > 300) throw new UsageError(`--sample-seconds: must be 1..300, got ${sampleSeconds}`);
  const probe = probeOptions(ctx);
  const configArg = stringOption(ctx.options, 'config') ?? io.env['ECPA_CONFIG'] ?? DEFAULT_CONFIG;
  const configFile = isAbsolute(configArg) ? configArg : resolve(io.cwd, configArg);
  const { config, ledger, ledgerFile, ledgerIssues } = await loadLiveInputs(configFile, io.env, io.cwd);
  if (ledgerIssues.length > 0) io.stderr(issuesText(ledgerIssues));
  const ledgerValid = !hasErrors(ledgerIssues);
  if (!ledgerValid) io.stderr(`${display(io.cwd, ledgerFile)} has errors (see above); the rules judge what could be read, and the check fails\n`);
  const ruleIds = stringListOption(ctx.options, 'rule');
  const rules: readonly RuleDefinition[] = ruleIds.length > 0 ? RULES.filter((r) => ruleIds.includes(r.id)) : RULES;
  io.stderr(`reading ${config.devices.length} device(s): running config and two SNMP samples ${sampleSeconds} s apart\n`);
  const live = await gatherLiveEvidence({ ledger, config, sampleMs: sampleSeconds * 1000, signal: ctx.signal, ...seams });
  let report = evaluateLive({ ledger, live }, rules);
  if (probe) {
    io.stderr(`probing ${probe.target} with ${probe.ratePps} ICMP echo requests/s for ${probe.seconds} s\n`);
    try {
      report = withRuleResult(report, probeRuleResult(probe.target, await runIcmpProbe(probe, ctx.signal)));
    } catch (e: unknown) {
      if (!(e instanceof ProbeError)) throw e;
      io.stderr(`icmp probe: ${e.code}: ${e.message}\n`);
      report = withRuleResult(report, probeRuleResult(probe.target, { error: `${e.code}: ${e.message}` }));
    }
  }
  const format = stringOption(ctx.options, 'format') ?? 'text';
  const shownLedger = display(io.cwd, ledgerFile);
  const text = renderLive(report, format, shownLedger, { config: display(io.cwd, configFile), ledgerValid, ledgerIssues: issuesJson(ledgerIssues) });
  const output = stringOption(ctx.options, 'output');
  if (output !== undefined) {
    const path = isAbsolute(output) ? output : resolve(io.cwd, output);
    try {
      await writeFile(path, text);
    } catch (e: unknown) {
      throw new CannotRunError(`cannot write the report to ${output}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    io.stderr(`report written to ${output}\n`);
  } else {
    io.stdout(text);
  }
  const code = ledgerValid ? liveExitCode(report, booleanOption(ctx.options, 'allow-incomplete')) : EXIT_PROBLEMS;
  if (format !== 'text' || output !== undefined) {
    io.stderr(`${report.verdict === 'fail' ? 'FAIL' : report.complete ? 'PASS' : 'INCOMPLETE'}: ${report.summary.pass} rules pass, ${report.summary.fail} fail, ${report.summary['not-evaluated']} not evaluated\n`);
  }
  return code;
}
