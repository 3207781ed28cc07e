/**
 * The published JSON Schemas, generated from the loaders' schemas. `npx tsx config/schema/write.ts`
 * writes them to config/schema/*.schema.json; test/unit/config/json-schema.test.ts fails when the
 * committed files differ from what this returns.
 */
import { AGENT_SCHEMA } from '../agent/schema.js';
import { LEDGER_SCHEMA } from '../ledger/schema.js';
import { schemaDocument } from './json-schema.js';

const BASE = 'urn:ec-partner-agent:schema:';

/** File name (in config/schema/) → file content, with a trailing newline. */
export function generatedSchemas(): Record<string, string> {
  const render = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
  return {
    'ledger.schema.json': render(schemaDocument(LEDGER_SCHEMA, `${BASE}ledger.schema.json`, 'ec-partner-agent shared-port ledger')),
    'agent.schema.json': render(schemaDocument(AGENT_SCHEMA, `${BASE}agent.schema.json`, 'ec-partner-agent agent config')),
  };
}
