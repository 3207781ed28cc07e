/**
 * How the agent marks what it owns on a device: descriptions and policy names start with the
 * ownership prefix (default `ecpa:`). Pure string functions shared by intent and drivers.
 */

/** Default ownership prefix (PushSettings.ownershipPrefix). */
export const DEFAULT_OWNERSHIP_PREFIX = 'ecpa:';

/** Allowed prefix: starts with a letter, then letters, digits, `_ . : -`, 1..16 characters. */
export const OWNERSHIP_PREFIX_PATTERN = /^[A-Za-z][A-Za-z0-9_.:-]{0,15}$/;

/** Longest description the intent produces (Cisco takes 240, Huawei 242 characters). */
export const MAX_DESCRIPTION_CHARS = 200;

/**
 * Description of a tenant interface, e.g. `ecpa:pc-bp1v0001 tenant=1234567890123456`, followed by
 * the ledger's free-text description when there is one (control characters become spaces; cut
 * to MAX_DESCRIPTION_CHARS code points, never inside a surrogate pair).
 */
export function tenantDescription(prefix: string, sharedPortId: string, tenant: string, note?: string): string {
  const base = `${prefix}${sharedPortId} tenant=${tenant}`;
  const extra = note === undefined ? '' : note.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  const full = extra === '' ? base : `${base} ${extra}`;
  return [...full].slice(0, MAX_DESCRIPTION_CHARS).join('').trimEnd();
}

/**
 * The shared-port id an ownership-prefixed description names, or null when the description is
 * not one the agent wrote (no prefix, or no id after it).
 */
export function ownerOfDescription(prefix: string, description: string | undefined): string | null {
  if (description === undefined || !description.startsWith(prefix)) return null;
  const rest = description.slice(prefix.length);
  const id = rest.split(' ', 1)[0] ?? '';
  return id === '' ? null : id;
}
