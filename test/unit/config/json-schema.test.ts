import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generatedSchemas } from '../../../config/schema/generate.js';
import { repoRoot } from '../../support/peer.js';
import { EXAMPLE_AGENT, EXAMPLE_LEDGER } from './helpers.js';
import { validateJson } from './mini-json-schema.js';

const committed = (name: string) => readFileSync(join(repoRoot, 'config/schema', name), 'utf8');
const schema = (name: string) => JSON.parse(committed(name)) as Record<string, unknown>;
const yaml = (file: string) => parse(readFileSync(file, 'utf8'), { intAsBigInt: false }) as Parameters<typeof validateJson>[1];

describe('published JSON Schemas', () => {
  it.each(Object.keys(generatedSchemas()))('%s is generated from the loader schema (run `npx tsx config/schema/write.ts` after a schema change)', (name) => {
    expect(committed(name)).toBe(generatedSchemas()[name]);
  });

  it('the example ledger is valid under ledger.schema.json', () => {
    expect(validateJson(schema('ledger.schema.json'), yaml(EXAMPLE_LEDGER))).toEqual([]);
  });

  it('the example agent config is valid under agent.schema.json', () => {
    expect(validateJson(schema('agent.schema.json'), yaml(EXAMPLE_AGENT))).toEqual([]);
  });

  it('the JSON Schema rejects what the loader rejects: unknown key, unquoted tenant, VLAN range, spec', () => {
    const ledger = yaml(EXAMPLE_LEDGER) as { sharedPorts: Record<string, unknown>[] };
    const port = ledger.sharedPorts[0];
    if (!port) throw new Error('example has no port');
    const bad = { ...ledger, sharedPorts: [{ ...port, vlna: 5, tenant: 1234567890123456, vlan: 3000, bandwidth: '3G' }] };
    expect(validateJson(schema('ledger.schema.json'), bad as never)).toEqual([
      '$.sharedPorts[0].tenant: expected string, got integer',
      '$.sharedPorts[0].vlan: above maximum',
      '$.sharedPorts[0].bandwidth: "3G" not in enum',
      '$.sharedPorts[0]: unknown property vlna',
    ]);
  });

  it('both examples carry the yaml-language-server $schema line', () => {
    expect(readFileSync(EXAMPLE_LEDGER, 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/ledger.schema.json');
    expect(readFileSync(EXAMPLE_AGENT, 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/agent.schema.json');
  });
});
