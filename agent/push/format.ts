/**
 * How plans and apply results read: text for a terminal (one block per device, Terraform-style
 * `+ ~ -` markers with each changed field before → after, then the unified diff of the owned
 * configuration when the caller gives it) and JSON (stable keys) for machines.
 * "No changes" is printed as exactly that; nothing is shown that the plan does not hold.
 */
import { countChanges } from '../../policies/plan/build.js';
import type { DevicePlan, ObjectChange, PlanValue } from '../../policies/plan/model.js';
import type { DeviceApplyResult } from './apply-run.js';
import type { PlanOutcome } from './plan-run.js';

const MARK = { create: '+', modify: '~', remove: '-' } as const;

function value(v: PlanValue): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function changeLines(c: ObjectChange): string[] {
  const owner = c.sharedPortId !== null && c.sharedPortId !== c.key ? `  [${c.sharedPortId}]` : '';
  const head = `  ${MARK[c.action]} ${c.kind} ${c.key}${owner}`;
  const fields = c.fields.map((f) => {
    if (c.action === 'create') return `        ${f.field}: ${value(f.after)}`;
    if (c.action === 'remove') return `        ${f.field}: ${value(f.before)}`;
    return `        ${f.field}: ${value(f.before)} → ${value(f.after)}`;
  });
  return [head, ...fields];
}

/** Summary line of a device plan: `3 to create, 1 to modify, 0 to remove` or `no changes`. */
export function planSummary(plan: DevicePlan): string {
  if (plan.changes.length === 0) return 'no changes';
  const n = countChanges(plan);
  return `${n.create} to create, ${n.modify} to modify, ${n.remove} to remove`;
}

/** What the text and JSON of a plan may show besides the plan itself. */
export interface PlanExtras {
  /** The edit-config content apply would send (pretty XML), for --payload. */
  readonly payload?: string | undefined;
  /** The unified diff of the owned configuration, before → after apply (agent/push/owned-view.ts). */
  readonly diff?: string | undefined;
  /** Ports the ledger does not name that were read because they hold objects the agent owns. */
  readonly beyondLedger?: readonly string[] | undefined;
}

const indented = (text: string): string[] => text.replace(/\n$/, '').split('\n').map((l) => `    ${l}`);

/** Text block of one device's plan (trailing newline), with the `extras` given. */
export function planText(plan: DevicePlan, extras: PlanExtras = {}): string {
  const lines = [`device ${plan.device} (${plan.platform}): ${planSummary(plan)}  ${plan.hash}`];
  const beyond = extras.beyondLedger ?? [];
  if (beyond.length > 0) lines.push(`  = read beyond the ledger (they hold the agent's objects): ${beyond.join(', ')}`);
  for (const c of plan.changes) lines.push(...changeLines(c));
  for (const c of plan.conflicts) lines.push(`  ! ${c.kind} ${c.key}: wanted by ${c.sharedPortId} but held by an object the agent does not own ('${c.foreignDescription}'); device refused`);
  for (const o of plan.notOwned) lines.push(`  = not owned, left alone: ${o.kind} ${o.key} ('${o.description}')`);
  for (const u of plan.unexpressible) lines.push(`  = not expressible on this platform: ${u.feature}: ${u.reason}`);
  if (extras.diff !== undefined) {
    lines.push('  diff of the owned configuration (running → after apply):');
    lines.push(...(extras.diff === '' ? ['    (the owned configuration renders the same)'] : indented(extras.diff)));
  }
  if (extras.payload !== undefined) lines.push('  payload (edit-config of the candidate):', ...indented(extras.payload));
  return `${lines.join('\n')}\n`;
}

/** Text of a plan outcome (a device that could not be planned says where and why). */
export function outcomeText(o: PlanOutcome, extras: PlanExtras = {}): string {
  return o.ok ? planText(o.plan, extras) : `device ${o.device}: could not plan (${o.phase}): ${o.message}\n`;
}

/** JSON form of a device plan (removals are implied by the changes and left out). */
export function planJson(plan: DevicePlan): object {
  return {
    device: plan.device,
    platform: plan.platform,
    hash: plan.hash,
    changed: plan.changes.length > 0,
    counts: countChanges(plan),
    tenantDeletes: plan.tenantDeletes,
    changes: plan.changes,
    conflicts: plan.conflicts,
    notOwned: plan.notOwned,
    unexpressible: plan.unexpressible,
  };
}

/** JSON form of a plan outcome, with the `extras` given (`diff` and `payload` as text, `portsBeyondLedger`). */
export function outcomeJson(o: PlanOutcome, extras: PlanExtras = {}): object {
  if (!o.ok) return { device: o.device, ok: false, phase: o.phase, code: o.code, message: o.message };
  return {
    ok: true,
    ...planJson(o.plan),
    ...(extras.beyondLedger !== undefined ? { portsBeyondLedger: extras.beyondLedger } : {}),
    ...(extras.diff !== undefined ? { diff: extras.diff } : {}),
    ...(extras.payload !== undefined ? { payload: extras.payload } : {}),
  };
}

/** One summary line per apply result. */
export function applyResultText(r: DeviceApplyResult): string {
  const secs = (r.durationMs / 1000).toFixed(1);
  switch (r.status) {
    case 'applied':
      return `  ${r.device}: applied (${r.plan ? planSummary(r.plan) : ''}) in ${secs}s\n`;
    case 'no-changes':
      return `  ${r.device}: no changes\n`;
    case 'refused':
      return `  ${r.device}: REFUSED at ${r.phase}: ${r.message}; device unchanged\n`;
    case 'failed':
      return `  ${r.device}: FAILED at ${r.phase} (${r.code}): ${r.message}; device ${r.state}\n`;
  }
}

/** JSON form of an apply result. */
export function applyResultJson(r: DeviceApplyResult): object {
  return {
    device: r.device,
    status: r.status,
    ...(r.phase !== undefined ? { phase: r.phase } : {}),
    ...(r.state !== undefined ? { state: r.state } : {}),
    ...(r.code !== undefined ? { code: r.code } : {}),
    ...(r.message !== undefined ? { message: r.message } : {}),
    phases: r.phases,
    durationMs: r.durationMs,
    ...(r.plan ? { hash: r.plan.hash, counts: countChanges(r.plan) } : {}),
  };
}
