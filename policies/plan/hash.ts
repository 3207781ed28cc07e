/**
 * Plan hashes: a stable digest of the normalised change set, so `apply` can refuse a plan that
 * changed since the operator saw it (NSO's dry-run drift check, Terraform's saved plan). The hash
 * covers what would be written and what blocks a write (changes and ownership conflicts), not
 * what is only informative (foreign objects left alone, platform gaps). Deterministic: canonical
 * JSON with sorted keys, SHA-256 (a pure function; no I/O), shown as `sha256:` + 16 hex digits.
 */
import { createHash } from 'node:crypto';
import type { DevicePlan, ObjectChange, OwnershipConflict } from './model.js';

/** Length of the hex digest shown to operators (64 bits: ample to notice a moved plan). */
export const HASH_HEX_DIGITS = 16;

/** JSON with object keys sorted at every level (arrays keep their order). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

function digest(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex').slice(0, HASH_HEX_DIGITS)}`;
}

/** Hash of one device's change set. Equal inputs (in any object key order) give equal hashes. */
export function deviceHash(device: string, platform: string, changes: readonly ObjectChange[], conflicts: readonly OwnershipConflict[]): string {
  const normalised = {
    device,
    platform,
    changes: changes.map((c) => ({ action: c.action, kind: c.kind, key: c.key, sharedPortId: c.sharedPortId, before: c.before, after: c.after })),
    conflicts,
  };
  return digest(canonicalJson(normalised));
}

/**
 * Hash of a set of device plans (what `plan` prints and `apply --plan-hash` takes): over the
 * device ids and their hashes, sorted by device, so it does not depend on the order devices were read.
 */
export function planHash(plans: readonly Pick<DevicePlan, 'device' | 'hash'>[]): string {
  const lines = plans.map((p) => `${p.device} ${p.hash}`).sort();
  return digest(lines.join('\n'));
}
