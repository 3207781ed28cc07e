/**
 * Junos configuration XML conventions: names, value units and the Junos load attributes.
 * Junos' configuration XML is the CLI hierarchy 1:1; load-configuration takes `replace="replace"`
 * and `delete="delete"` attributes (no namespace) instead of NETCONF's nc:operation.
 */
import { DriverError } from '../driver.js';
import type { NameRules } from './names.js';

/** Junos object names: letters, digits, `-` and `_`; at most 64 characters. */
export const JUNOS_NAMES: NameRules = { invalid: /[^A-Za-z0-9_-]/g, replacement: '-', maxLength: 64 };

/** Junos physical port names managed here (`ge-0/0/1`, `xe-…`, `et-…`, `ae0`). */
export const JUNOS_PORT = /^(?:(?:ge|xe|et|mge|fe)-\d+\/\d+\/\d+(?::\d+)?|ae\d+)$/;

/** Throws NAME_INVALID when `port` is not a Junos port name. */
export function checkPort(port: string): string {
  if (!JUNOS_PORT.test(port)) throw new DriverError('NAME_INVALID', `'${port}' is not a Junos port name (ge-/xe-/et-/mge-/fe-fpc/pic/port or aeN)`);
  return port;
}

/** A bit rate as Junos writes it: `100m`, `1g`, `2500k`, or plain bits per second. */
export function junosRate(bps: number): string {
  for (const [suffix, unit] of [['g', 1e9], ['m', 1e6], ['k', 1e3]] as const) {
    if (bps % unit === 0) return `${bps / unit}${suffix}`;
  }
  return String(bps);
}

/**
 * A Junos number with an optional k/m/g suffix (decimal multiples, as Junos reads
 * bandwidth-limit and burst-size-limit), e.g. `100m` → 100000000. Throws PARSE_FAILED.
 */
export function parseJunosNumber(raw: string, where: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)([kmg]?)\s*$/i.exec(raw);
  const scale = { '': 1, k: 1e3, m: 1e6, g: 1e9 }[(m?.[2] ?? '').toLowerCase()];
  const value = m?.[1] === undefined || scale === undefined ? Number.NaN : Math.round(Number(m[1]) * scale);
  if (!Number.isSafeInteger(value)) throw new DriverError('PARSE_FAILED', `${where}: '${raw}' is not a Junos number`);
  return value;
}
