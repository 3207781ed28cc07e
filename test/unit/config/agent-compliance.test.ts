/** The `compliance` section of the agent config: defaults, off, and the interval floor with its position. */
import { describe, expect, it } from 'vitest';
import { parseAgentConfigText } from '../../../config/agent/load.js';
import { minimalDevice, where } from './helpers.js';

const DEVICE = minimalDevice();
const parse = (extra = '') => parseAgentConfigText(`ledger: ./ledger.yaml\ndevices:${DEVICE}${extra}`, '/etc/ecpa/agent.yaml');
const errors = (extra: string) => parse(extra).issues.filter((i) => i.severity === 'error');

describe('agent config: compliance', () => {
  it('defaults to a live run every 15 minutes, 4 devices at a time', () => {
    const loaded = parse();
    expect(loaded.issues).toEqual([]);
    expect(loaded.draft?.compliance).toEqual({ intervalMs: 900_000, concurrency: 4 });
  });

  it('accepts 0 (off) and its own values', () => {
    expect(parse('compliance: { intervalMs: 0 }\n').draft?.compliance).toEqual({ intervalMs: 0, concurrency: 4 });
    expect(parse('compliance:\n  intervalMs: 60000\n  concurrency: 1\n').draft?.compliance).toEqual({ intervalMs: 60_000, concurrency: 1 });
  });

  it('refuses an interval between 0 and 1000 ms, a negative one, a concurrency of 0 and unknown keys, each with its position', () => {
    const text = `ledger: ./ledger.yaml\ndevices:${DEVICE}compliance:\n  intervalMs: 500\n`;
    expect(errors('compliance:\n  intervalMs: 500\n')).toEqual([
      expect.objectContaining({ code: 'compliance-interval', line: where(text, '500').line, message: 'compliance.intervalMs: 500 ms is neither 0 (off) nor at least 1000' }),
    ]);
    expect(errors('compliance: { intervalMs: -1 }\n').map((i) => i.code)).toEqual(['out-of-range']);
    expect(errors('compliance: { concurrency: 0 }\n').map((i) => i.code)).toEqual(['out-of-range']);
    expect(errors('compliance: { intervalMS: 60000 }\n')).toEqual([expect.objectContaining({ code: 'unknown-key', message: expect.stringContaining("did you mean 'intervalMs'?") })]);
  });
});
