/** agent/push helpers: bounded concurrency, pretty XML, argument parsing of apply. */
import { describe, expect, it } from 'vitest';
import { parseConfirmTimeout, parsePlanHash } from '../../../../agent/cli/commands/apply.js';
import { UsageError } from '../../../../agent/cli/command.js';
import { mapBounded } from '../../../../agent/push/pool.js';
import { prettyXml } from '../../../../agent/push/pretty-xml.js';
import { driverFor } from '../../../../drivers/registry.js';
import { canonicalize } from '../../../../drivers/netconf/xml-compare.js';
import { parseXml } from '../../../../drivers/netconf/xml-parse.js';
import { buildIntents } from '../../../../policies/intent/build.js';
import { richDevice, richLedger, RICH_PUSH } from '../../../fixtures/vendors/rich.js';

describe('mapBounded', () => {
  it('never runs more than the limit at once and keeps input order', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapBounded([5, 1, 4, 2, 3, 0], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n));
      running--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0]);
    expect(peak).toBe(2);
  });

  it('rejects a limit below 1', async () => {
    await expect(mapBounded([1], 0, async (n) => n)).rejects.toThrow(RangeError);
  });
});

describe('prettyXml', () => {
  it.each(['openconfig', 'huawei-vrp', 'cisco-iosxe'] as const)('is valid XML with the same content as the %s payload', (platform) => {
    const ports = { circuitA: 'GigabitEthernet0/0/1', circuitB: 'GigabitEthernet0/0/2', circuitC: 'GigabitEthernet0/0/4', access: 'GigabitEthernet0/0/3' };
    const [intent] = buildIntents(richLedger('sw1', ports), [richDevice('sw1', platform)], RICH_PUSH);
    const payload = driverFor(platform).render(intent!);
    const text = prettyXml(payload);
    expect(text.split('\n').length).toBeGreaterThan(20);
    expect(canonicalize(parseXml(text), { ignoreAttributes: false })).toBe(canonicalize(payload));
  });
});

describe('apply arguments', () => {
  it.each([['1', 1], ['600', 600], [undefined, 120]] as const)('--confirm-timeout %s → %s', (raw, want) => {
    expect(parseConfirmTimeout(raw, 120)).toBe(want);
  });
  it.each(['0', '-5', '1.5', 'ten', '86401'])('--confirm-timeout %s is a usage error', (raw) => {
    expect(() => parseConfirmTimeout(raw, 120)).toThrow(UsageError);
  });
  it('--plan-hash takes exactly what plan prints', () => {
    expect(parsePlanHash('SHA256:0123456789ABCDEF')).toBe('sha256:0123456789abcdef');
    expect(parsePlanHash(undefined)).toBeUndefined();
    expect(() => parsePlanHash('0123456789abcdef')).toThrow(UsageError);
  });
});
