/**
 * Runs `ecpa check` (live) in-process against a started lab: the command's context with the lab's
 * config file and secrets, JSON output parsed back.
 */
import { runLiveCheck } from '../../../agent/compliance/run-check.js';
import type { CommandContext, OptionValues } from '../../../agent/cli/command.js';
import type { LiveReport } from '../../../policies/compliance/live/evaluate.js';
import type { Lab } from '../lab-setup.js';

export interface LiveRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly report: LiveReport | undefined;
}

/** Runs the live check against `lab` with `options` (format json unless given). */
export async function runAgainstLab(lab: Lab, options: OptionValues = {}): Promise<LiveRun> {
  let stdout = '';
  let stderr = '';
  const ctx: CommandContext = {
    options: { format: 'json', config: lab.configFile, 'sample-seconds': '2', ...options },
    positionals: [],
    io: { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, env: lab.env, cwd: lab.dir },
    signal: AbortSignal.timeout(60_000),
  };
  const code = await runLiveCheck(ctx);
  const format = ctx.options['format'];
  const report = format === 'json' && stdout !== '' ? (JSON.parse(stdout) as LiveReport) : undefined;
  return { code, stdout, stderr, report };
}

/** Verdict per rule id. */
export function verdicts(report: LiveReport | undefined): Record<string, string> {
  return Object.fromEntries((report?.rules ?? []).map((r) => [r.id, r.verdict]));
}
