/**
 * `ecpa apply [--device D…] [--yes] [--confirm-timeout S] [--force] [--plan-hash H]`: plans every
 * selected device, shows the plan, asks (unless --yes), then per device — at most
 * push.concurrency at once, one session and one transaction each — locks the candidate, re-plans
 * inside the lock (refusing if the plan moved), edits, validates, commits confirmed, reads back
 * and verifies the re-plan is empty, confirms. A failure rolls that device back and is reported
 * with its phase; the other devices go on.
 */
import { checkOwnership } from '../../../policies/plan/guard.js';
import { applyTargets, type DeviceApplyResult } from '../../push/apply-run.js';
import { applyResultJson, applyResultText, outcomeJson, outcomeText } from '../../push/format.js';
import { outcomesHash, planTargets } from '../../push/plan-run.js';
import { preflight } from '../../push/preflight.js';
import {
  EXIT_CANNOT_RUN,
  EXIT_OK,
  EXIT_PROBLEMS,
  UsageError,
  booleanOption,
  stringOption,
  type Command,
} from '../command.js';
import { writeJson } from './output.js';
import { beyondLedgerOf, diffOf, loadPushInputs, PUSH_OPTIONS } from './plan.js';

/** Parses --confirm-timeout: whole seconds, 1..86400. Throws UsageError. */
export function parseConfirmTimeout(raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1 || Number(raw) > 86_400) {
    throw new UsageError(`--confirm-timeout must be whole seconds from 1 to 86400; got '${raw}'`);
  }
  return Number(raw);
}

/** Parses --plan-hash: `sha256:` and 16 hex digits, as plan prints it. Throws UsageError. */
export function parsePlanHash(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const h = raw.trim().toLowerCase();
  if (!/^sha256:[0-9a-f]{16}$/.test(h)) throw new UsageError(`--plan-hash must be the hash plan prints (sha256: and 16 hex digits); got '${raw}'`);
  return h;
}

export const applyCommand: Command = {
  path: ['apply'],
  summary: 'Apply the plan: one confirmed-commit transaction per device, verified, rolled back on failure',
  details: [
    'Plans like `ecpa plan`, shows the plan and asks for confirmation (--yes skips the question; without',
    'a terminal and without --yes apply refuses, exit 2). Refuses before writing anything when --plan-hash',
    'is given and the plan is not that one, or when the plan removes more than push.maxDeletes tenant',
    'objects (--force overrides). Then, per device (push.concurrency at once): lock the candidate, re-read',
    'and re-plan inside the lock (refused if the device changed since the plan was shown), edit-config,',
    'validate, commit confirmed (--confirm-timeout S, default push.confirmTimeoutS), read back and verify',
    'the device holds the intent, confirm. On any failure the pending commit is cancelled (or the device\'s',
    'timer rolls it back), the candidate discarded and the lock released; the summary names the phase.',
    'Objects without the ownership prefix are never changed. Exit 0 when every device holds the intent,',
    '1 when a device failed or was refused, 2 when apply could not run.',
    '',
    'Examples:',
    '  ecpa plan --config /etc/ecpa/agent.yaml           # review; note the plan hash',
    '  ecpa apply --config /etc/ecpa/agent.yaml --yes --plan-hash sha256:0123456789abcdef',
    '  ecpa apply --device hz-acc-01 --confirm-timeout 300',
  ].join('\n'),
  formats: ['text', 'json'],
  options: {
    ...PUSH_OPTIONS,
    yes: { type: 'boolean', short: 'y', description: 'do not ask for confirmation (needed without a terminal)' },
    'confirm-timeout': { type: 'string', valueName: 'S', description: 'seconds before an unconfirmed commit rolls back (default push.confirmTimeoutS)' },
    force: { type: 'boolean', description: 'allow a plan that removes more than push.maxDeletes tenant objects' },
    'plan-hash': { type: 'string', valueName: 'H', description: 'refuse unless the plan is the one `ecpa plan` printed with this hash' },
  },
  async run(ctx) {
    const json = ctx.options['format'] === 'json';
    const yes = booleanOption(ctx.options, 'yes');
    const expectedHash = parsePlanHash(stringOption(ctx.options, 'plan-hash'));
    const { config, targets } = await loadPushInputs(ctx);
    const confirmTimeoutS = parseConfirmTimeout(stringOption(ctx.options, 'confirm-timeout'), config.push.confirmTimeoutS);
    if (!yes && !ctx.io.confirm) {
      ctx.io.stderr('ecpa apply: no terminal to confirm on; review with `ecpa plan`, then pass --yes (and --plan-hash)\n');
      return EXIT_CANNOT_RUN;
    }
    const outcomes = await planTargets(targets, { concurrency: config.push.concurrency, signal: ctx.signal });
    const hash = outcomesHash(outcomes);
    // In JSON mode stdout carries one document at the end; the plan shown for confirmation goes to stderr.
    const show = json ? ctx.io.stderr : ctx.io.stdout;
    for (const o of outcomes) show(outcomeText(o, { beyondLedger: beyondLedgerOf(targets, o), diff: diffOf(targets, o) }));
    show(`Plan hash: ${hash}\n`);
    const refusal = preflight(outcomes, { maxDeletes: config.push.maxDeletes, force: booleanOption(ctx.options, 'force'), ...(expectedHash ? { expectedHash } : {}) });
    const report = (results: readonly DeviceApplyResult[], stopped?: { code: string; message: string }): void => {
      if (json) {
        writeJson(ctx.io, {
          planHash: hash,
          ...(stopped ? { refusal: stopped } : {}),
          plan: outcomes.map((o) => outcomeJson(o)),
          results: results.map(applyResultJson),
        });
      }
    };
    if (refusal) {
      ctx.io.stderr(`ecpa apply: refused, nothing written: ${refusal.message}\n`);
      report([], { code: refusal.code, message: refusal.message });
      return EXIT_PROBLEMS;
    }
    const planned = targets.flatMap((target, i) => {
      const o = outcomes[i];
      return o?.ok ? [{ target, plan: o.plan }] : [];
    });
    const toWrite = planned.filter((p) => p.plan.changes.length > 0 && !checkOwnership(p.plan));
    if (toWrite.length > 0 && !yes) {
      const ok = await ctx.io.confirm?.(`Apply these changes to ${toWrite.length} device${toWrite.length === 1 ? '' : 's'} (confirmed commit, ${confirmTimeoutS}s rollback timer)?`);
      if (!ok) {
        ctx.io.stderr('ecpa apply: not confirmed; nothing written\n');
        report([], { code: 'NOT_CONFIRMED', message: 'the operator did not confirm' });
        return EXIT_PROBLEMS;
      }
    }
    const results = await applyTargets(planned, {
      concurrency: config.push.concurrency,
      confirmTimeoutS,
      signal: ctx.signal,
      onPhase: (device, phase) => ctx.io.stderr(`${device}: ${phase}\n`),
    });
    const failedToPlan = outcomes.flatMap((o) => (o.ok ? [] : [o]));
    if (!json) {
      ctx.io.stdout('\nApply summary:\n');
      for (const r of results) ctx.io.stdout(applyResultText(r));
      for (const o of failedToPlan) ctx.io.stdout(`  ${o.device}: FAILED at ${o.phase} (${o.code}): ${o.message}; device unchanged\n`);
    }
    report([
      ...results,
      ...failedToPlan.map((o): DeviceApplyResult => ({ device: o.device, status: 'failed', plan: undefined, phases: [o.phase], phase: o.phase, state: 'unchanged', code: o.code, message: o.message, durationMs: 0 })),
    ]);
    const bad = results.filter((r) => r.status === 'failed' || r.status === 'refused').length + failedToPlan.length;
    if (!json) ctx.io.stdout(bad === 0 ? `All ${results.length} devices hold the intent.\n` : `${bad} device${bad === 1 ? '' : 's'} failed or refused.\n`);
    return bad === 0 ? EXIT_OK : EXIT_PROBLEMS;
  },
};
