/**
 * Per-platform object names derived from the ownership prefix and the shared-port id. Each
 * platform has its own name rules; the sanitised prefix stays a fixed string, so a parser can
 * tell an owned object by its sanitised prefix and read the shared-port id back after it.
 */
import { DriverError } from '../driver.js';

/** A platform's rules for names of policies/policers. */
export interface NameRules {
  /** Characters the platform does not accept in a name (global regex). */
  readonly invalid: RegExp;
  /** What an invalid character becomes. */
  readonly replacement: string;
  readonly maxLength: number;
}

/** The ownership prefix as it appears in names on the platform. */
export function sanitizedPrefix(prefix: string, rules: NameRules): string {
  return prefix.replace(rules.invalid, rules.replacement);
}

/**
 * Name of the policy owned by `owner` (a shared-port id). Throws NAME_INVALID when the id holds
 * characters the platform cannot take (it would not read back) or the name would be too long.
 */
export function policyName(prefix: string, owner: string, rules: NameRules): string {
  if (owner.replace(rules.invalid, '') !== owner) {
    throw new DriverError('NAME_INVALID', `shared port id '${owner}' holds characters a policy name cannot take here`);
  }
  const name = sanitizedPrefix(prefix, rules) + owner;
  if (name.length > rules.maxLength) {
    throw new DriverError('NAME_INVALID', `policy name '${name}' is longer than ${rules.maxLength} characters`);
  }
  return name;
}

/** The owner (shared-port id) a policy name carries, or null when it is not an owned name. */
export function ownerOfPolicy(prefix: string, name: string, rules: NameRules): string | null {
  const p = sanitizedPrefix(prefix, rules);
  return name.startsWith(p) && name.length > p.length ? name.slice(p.length) : null;
}
