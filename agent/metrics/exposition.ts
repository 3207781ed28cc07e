/**
 * Prometheus text exposition format 0.0.4, the few primitives the renderer needs: escaping of
 * label values and help text, sample values (bigint printed exactly), and a line buffer that
 * writes one family at a time (the format requires a family's samples to be contiguous).
 */
import type { MetricFamily } from './families.js';

/** Content type of the text exposition format. */
export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const LABEL_SPECIALS = /[\\"\n]/;
const HELP_SPECIALS = /[\\\n]/;

/** Escapes a label value: backslash, double quote and line feed (the three the format defines). */
export function escapeLabelValue(value: string): string {
  if (!LABEL_SPECIALS.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Escapes a HELP text: backslash and line feed. */
export function escapeHelp(text: string): string {
  if (!HELP_SPECIALS.test(text)) return text;
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** Formats a sample value: bigint exactly, NaN and infinities as the format spells them. */
export function formatValue(value: number | bigint): string {
  if (typeof value === 'bigint') return value.toString();
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/**
 * Builds the `{a="x",b="y"}` part from label names and raw values (escaped here). The values must
 * be as many as the names; an empty list gives the empty string.
 */
export function labelSet(names: readonly string[], values: readonly string[]): string {
  if (names.length === 0) return '';
  let out = '{';
  for (let i = 0; i < names.length; i++) {
    if (i > 0) out += ',';
    out += `${names[i] ?? ''}="${escapeLabelValue(values[i] ?? '')}"`;
  }
  return `${out}}`;
}

/** Size at which the writer hands a chunk out (64 KiB of text). */
export const CHUNK_CHARS = 64 * 1024;

/**
 * Accumulates exposition lines into chunks of about {@link CHUNK_CHARS}, so a 300 MB scrape is
 * streamed to the socket a chunk at a time instead of being built as one string.
 */
export class ExpositionWriter {
  #chunk = '';
  #familyHeader = '';
  #familyHasSamples = false;

  /**
   * Starts a family. Its `# HELP`/`# TYPE` header is written with the first sample, so empty
   * families do not appear (as in the Go client).
   */
  begin(family: MetricFamily): void {
    this.#familyHeader = `# HELP ${family.name} ${escapeHelp(family.help)}\n# TYPE ${family.name} ${family.type}\n`;
    this.#familyHasSamples = false;
  }

  /** Ends the family started by {@link begin}. */
  end(): void {
    this.#familyHeader = '';
    this.#familyHasSamples = false;
  }

  /** Writes one sample; `labels` is a ready `{…}` string from {@link labelSet} (or empty). */
  sample(name: string, labels: string, value: number | bigint): void {
    if (!this.#familyHasSamples) {
      this.#chunk += this.#familyHeader;
      this.#familyHasSamples = true;
    }
    this.#chunk += `${name}${labels} ${formatValue(value)}\n`;
  }

  /** True when a chunk is ready to be taken. */
  get full(): boolean {
    return this.#chunk.length >= CHUNK_CHARS;
  }

  /** Hands out the text written since the last take (possibly empty). */
  take(): string {
    const out = this.#chunk;
    this.#chunk = '';
    return out;
  }
}
