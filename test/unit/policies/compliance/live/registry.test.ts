/** The registry lists exactly the live check's rules, in the same order, each with an implementation. */
import { describe, expect, it } from 'vitest';
import { LIVE_RULE_SET } from '../../../../../policies/compliance/live/rules.js';
import { RULES } from '../../../../../policies/compliance/registry.js';

describe('registry and live rule set', () => {
  it('agree on ids and order; every rule evaluates', () => {
    expect(RULES.map((r) => r.id)).toEqual(LIVE_RULE_SET.map((r) => r.id));
    for (const r of RULES) expect(r.evaluate, r.id).toBeDefined();
  });
});
