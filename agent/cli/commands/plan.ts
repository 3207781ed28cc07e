/**
 * `ecpa plan [--device D…] [--config PATH] [--ledger PATH] [--payload]`: per device, what
 * `apply` would change — objects created, modified, removed with each field before → after,
 * foreign objects left alone, requirements the platform cannot express — and the plan hash that
 * `apply --plan-hash` checks. Read-only (one get-config per device, no lock).
 */
import type { AgentConfig } from '../../../config/agent/model.js';
import { resolveSecretsOf } from '../../devices/load-config.js';
import { formatIssue, hasErrors } from '../../../config/issues.js';
import { prettyXml } from '../../push/pretty-xml.js';
import { outcomeJson, outcomeText, type PlanExtras } from '../../push/format.js';
import { planDiff } from '../../push/owned-view.js';
import { outcomesHash, planTargets, plansOf, type PlanOutcome } from '../../push/plan-run.js';
import { preflight } from '../../push/preflight.js';
import { buildTargets, type PushTarget } from '../../push/target.js';
import { IntentError } from '../../../policies/intent/errors.js';
import { checkOwnership } from '../../../policies/plan/guard.js';
import type { Ledger } from '../../../policies/ledger/model.js';
import { CannotRunError, EXIT_OK, EXIT_PROBLEMS, UsageError, booleanOption, stringListOption, type Command, type CommandContext, type OptionSpec } from '../command.js';
import { INPUT_OPTIONS, loadInputs } from './inputs.js';
import { writeJson } from './output.js';

/** Options plan and apply share. */
export const PUSH_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  ...INPUT_OPTIONS,
  device: { type: 'string', multiple: true, valueName: 'D', description: 'only this device (default: every device of the agent config)' },
};

/** What plan and apply work from: the config with the selected devices' secrets read, the ledger, the targets. */
export interface PushInputs {
  readonly config: AgentConfig;
  readonly ledger: Ledger;
  readonly targets: readonly PushTarget[];
}

/**
 * Loads the agent config and ledger, reads the secrets of the selected devices only, builds the
 * intents. Throws UsageError (unknown device) or CannotRunError (unreadable or invalid inputs:
 * nothing reaches a device).
 */
export async function loadPushInputs(ctx: CommandContext): Promise<PushInputs> {
  if (ctx.positionals.length > 0) throw new UsageError(`takes no arguments; got '${ctx.positionals.join(' ')}' (select devices with --device)`);
  const inputs = await loadInputs(ctx);
  if (!inputs.config || !inputs.configFile) throw new CannotRunError('plan and apply need the agent config (--config PATH or $ECPA_CONFIG): it names the devices');
  const { loaded } = inputs;
  if (!loaded.ledger || hasErrors(loaded.issues)) {
    throw new CannotRunError(`the ledger ${loaded.file} is invalid; nothing is planned:\n${loaded.issues.filter((i) => i.severity === 'error').map(formatIssue).join('\n')}`);
  }
  const ids = stringListOption(ctx.options, 'device');
  const known = inputs.config.devices.map((d) => d.id);
  const unknown = ids.filter((id) => !known.includes(id));
  if (unknown.length > 0) throw new UsageError(`unknown device ${unknown.map((u) => `'${u}'`).join(', ')}; devices of ${inputs.configFile}: ${known.join(', ')}`);
  const draft = inputs.config;
  const selected = ids.length === 0 ? draft.devices : draft.devices.filter((d) => ids.includes(d.id));
  // Only the selected devices' NETCONF secrets are read: planning one switch must not need every secret.
  // Push talks NETCONF only: SNMP and CLI secrets are not read (nor needed) here.
  const netconfOnly = selected.map(({ snmp: _snmp, cli: _cli, ...rest }) => rest);
  const resolved = await resolveSecretsOf(draft, netconfOnly, inputs.configFile, ctx.io.env, 'device secrets');
  // Intents are built over every device of the config (a shared port's circuit and attachment
  // may be on different devices), by identity only; secrets and sessions only for the selected ones.
  try {
    const targets = buildTargets({ devices: resolved.devices, fleet: draft.devices, push: resolved.push }, loaded.ledger);
    return { config: resolved, ledger: loaded.ledger, targets };
  } catch (error: unknown) {
    if (error instanceof IntentError) throw new CannotRunError(`the ledger and push settings cannot produce a safe intent; nothing is planned:\n${error.problems.map((p) => `  ${p.where}: ${p.message} [${p.code}]`).join('\n')}`, { cause: error });
    throw error;
  }
}

/**
 * The payload apply would send to a planned device (pretty XML), for --payload: rendered from the
 * plan's removals and, as apply does, with what was read as `existing`.
 */
export function payloadOf(targets: readonly PushTarget[], o: PlanOutcome): string | undefined {
  if (!o.ok || o.plan.changes.length === 0) return undefined;
  const t = targets.find((x) => x.device.id === o.device);
  if (!t?.driver) return undefined;
  try {
    return prettyXml(t.driver.render(t.intent, o.plan.removals, o.observed));
  } catch (error: unknown) {
    // Shown, not thrown: the plan stays readable and apply would fail the same way at its edit.
    return `(the payload cannot be rendered: ${error instanceof Error ? error.message : String(error)})`;
  }
}

/** The unified diff of a planned device's owned configuration, before → after apply (agent/push/owned-view.ts); undefined without changes. */
export function diffOf(targets: readonly PushTarget[], o: PlanOutcome): string | undefined {
  if (!o.ok || o.plan.changes.length === 0) return undefined;
  const t = targets.find((x) => x.device.id === o.device);
  if (!t?.driver) return undefined;
  try {
    return planDiff(t.driver, t.intent, o.observed, o.plan);
  } catch (error: unknown) {
    return `(the diff cannot be rendered: ${error instanceof Error ? error.message : String(error)})`;
  }
}

/** Ports a planned device was read on because they hold the agent's objects, though the ledger names none of them. */
export function beyondLedgerOf(targets: readonly PushTarget[], o: PlanOutcome): string[] | undefined {
  if (!o.ok) return undefined;
  const t = targets.find((x) => x.device.id === o.device);
  return t === undefined ? undefined : o.scope.ports.filter((p) => !t.scope.ports.includes(p));
}

export const planCommand: Command = {
  path: ['plan'],
  summary: 'Show what apply would change on each device (read-only)',
  details: [
    'Reads each device\'s owned configuration (get-config, no lock), compares it with the intent',
    'built from the ledger and prints, per device, the objects to create (+), modify (~) and remove (-)',
    'with every changed field before → after; objects without the ownership prefix (left alone);',
    'requirements the platform cannot express; and the unified diff of the configuration the agent owns,',
    'before → after apply, as the platform\'s XML. "no changes" means the device already holds the intent.',
    'Besides the ports the ledger names, every port holding an object the agent owns is read (one extra',
    'get-config per device), so objects left on a port that left the ledger are planned away too.',
    'The plan hash printed last is what `ecpa apply --plan-hash` checks. --payload adds the exact',
    'edit-config content apply would send. Exit 0 when every device was planned, 1 when a device could',
    'not be read, is refused (an object it needs is not owned) or the plan removes more than',
    'push.maxDeletes tenant objects, 2 when the inputs are unusable.',
    '',
    'Examples:',
    '  ecpa plan --config /etc/ecpa/agent.yaml',
    '  ecpa plan --device hz-acc-01 --payload',
    '  ecpa plan --format json | jq .planHash',
  ].join('\n'),
  formats: ['text', 'json'],
  options: {
    ...PUSH_OPTIONS,
    payload: { type: 'boolean', description: 'also show the edit-config payload apply would send (pretty XML)' },
  },
  async run(ctx) {
    const { config, targets } = await loadPushInputs(ctx);
    const outcomes = await planTargets(targets, { concurrency: config.push.concurrency, signal: ctx.signal });
    const withPayload = booleanOption(ctx.options, 'payload');
    const extrasOf = (o: PlanOutcome): PlanExtras => ({
      diff: diffOf(targets, o),
      beyondLedger: beyondLedgerOf(targets, o),
      ...(withPayload ? { payload: payloadOf(targets, o) } : {}),
    });
    const hash = outcomesHash(outcomes);
    const refusal = preflight(outcomes, { maxDeletes: config.push.maxDeletes, force: false });
    const refused = plansOf(outcomes).map(checkOwnership).filter((r) => r !== undefined);
    const failed = outcomes.filter((o) => !o.ok).length;
    const changed = plansOf(outcomes).filter((p) => p.changes.length > 0).length;
    if (ctx.options['format'] === 'json') {
      writeJson(ctx.io, {
        planHash: hash,
        summary: { devices: outcomes.length, changed, unchanged: outcomes.length - changed - failed, failed, refused: refused.length },
        ...(refusal ? { refusal: { code: refusal.code, message: refusal.message } } : {}),
        devices: outcomes.map((o) => outcomeJson(o, extrasOf(o))),
      });
    } else {
      for (const o of outcomes) ctx.io.stdout(outcomeText(o, extrasOf(o)));
      if (refusal) ctx.io.stdout(`\napply would stop: ${refusal.message}\n`);
      const summary = changed === 0 && failed === 0 ? 'No changes. The devices hold the intent.' : `${changed} of ${outcomes.length} devices to change${failed ? `, ${failed} could not be planned` : ''}.`;
      ctx.io.stdout(`\n${summary}\nPlan hash: ${hash}\n`);
    }
    return failed > 0 || refused.length > 0 || refusal ? EXIT_PROBLEMS : EXIT_OK;
  },
};
