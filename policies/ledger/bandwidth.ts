/**
 * Bandwidth strings of the ledger (`50M`, `1G`, `100G`) in bit/s. SI units as the ledger documents
 * them: M = 10^6 bit/s, G = 10^9 bit/s, T = 10^12 bit/s. A bare number is refused: a unit must be
 * explicit so nobody has to guess whether `100` meant Mbit/s or bit/s.
 */
import { SHARED_PORT_SPECS, type Bandwidth, type SharedPortSpec } from './model.js';

const UNIT_BPS = { M: 1e6, G: 1e9, T: 1e12 } as const;

/** The syntax a circuit bandwidth must match (also used by the JSON Schema). */
export const BANDWIDTH_PATTERN = '^[1-9][0-9]{0,5}[MGT]$';
const BANDWIDTH_RE = new RegExp(BANDWIDTH_PATTERN);

/** Parses `10G` into `{ spec: '10G', bps: 1e10 }`; undefined when the syntax is wrong. */
export function parseBandwidth(spec: string): Bandwidth | undefined {
  if (!BANDWIDTH_RE.test(spec)) return undefined;
  const unit = spec.slice(-1) as keyof typeof UNIT_BPS;
  const bps = Number(spec.slice(0, -1)) * UNIT_BPS[unit];
  return Number.isSafeInteger(bps) ? { spec, bps } : undefined;
}

/** True when `spec` is one Alibaba Cloud sells for shared ports. */
export function isSharedPortSpec(spec: string): spec is SharedPortSpec {
  return (SHARED_PORT_SPECS as readonly string[]).includes(spec);
}

/** Renders bit/s for people, using the largest unit that keeps an integer or one decimal: `1.5G`. */
export function formatBps(bps: number): string {
  for (const [unit, size] of [['T', 1e12], ['G', 1e9], ['M', 1e6]] as const) {
    if (bps >= size) {
      const value = bps / size;
      return `${Number.isInteger(value) ? value : Number(value.toFixed(2))}${unit}`;
    }
  }
  return `${bps}bps`;
}
