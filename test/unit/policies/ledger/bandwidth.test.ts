import { describe, expect, it } from 'vitest';
import { formatBps, isSharedPortSpec, parseBandwidth } from '../../../../policies/ledger/bandwidth.js';

describe('parseBandwidth', () => {
  it.each([
    ['50M', 50e6],
    ['1G', 1e9],
    ['10G', 1e10],
    ['100G', 1e11],
    ['400G', 4e11],
    ['1T', 1e12],
  ])('%s is %d bit/s', (spec, bps) => {
    expect(parseBandwidth(spec)).toEqual({ spec, bps });
  });

  it.each([['100'], ['10g'], ['1.5G'], ['0G'], ['10 G'], ['G'], ['-1G'], ['']])('refuses %j', (spec) => {
    expect(parseBandwidth(spec)).toBeUndefined();
  });

  it('knows the shared-port specs', () => {
    expect(isSharedPortSpec('2G')).toBe(true);
    expect(isSharedPortSpec('3G')).toBe(false);
    expect(isSharedPortSpec('100G')).toBe(false);
  });

  it.each([[3.85e9, '3.85G'], [7e9, '7G'], [50e6, '50M'], [1e12, '1T'], [999, '999bps']])('formats %d as %s', (bps, text) => {
    expect(formatBps(bps)).toBe(text);
  });
});
