/**
 * Generates a JSON Schema (draft-07, which every editor's YAML language server reads) from a
 * config/schema/dsl.ts schema, for editors (yaml-language-server) and other tools. The committed
 * files config/schema/*.schema.json are the output of `npx tsx config/schema/write.ts`; a unit test
 * fails when they drift from the loader's schema.
 */
import type { SchemaNode } from './dsl.js';

export type JsonSchema = { readonly [key: string]: JsonValue };
type JsonValue = string | number | boolean | null | readonly JsonValue[] | JsonSchema;

function secretSchema(description: string): JsonSchema {
  return {
    description,
    oneOf: [
      { type: 'object', properties: { env: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$', description: 'environment variable holding the secret' } }, required: ['env'], additionalProperties: false },
      { type: 'object', properties: { file: { type: 'string', minLength: 1, description: 'file holding the secret (relative to this file); a trailing newline is ignored' } }, required: ['file'], additionalProperties: false },
      { type: 'string', description: 'inline secret: accepted with a warning; prefer env or file' },
    ],
  };
}

/** The JSON Schema of one node. */
export function toJsonSchema(node: SchemaNode): JsonSchema {
  switch (node.kind) {
    case 'string':
      return {
        type: 'string',
        description: node.description,
        ...(node.enum ? { enum: [...node.enum] } : {}),
        ...(node.pattern ? { pattern: node.pattern } : {}),
        ...(node.minLength !== undefined ? { minLength: node.minLength } : {}),
        ...(node.default !== undefined ? { default: node.default } : {}),
      };
    case 'integer':
      return {
        type: 'integer',
        description: node.description,
        ...(node.minimum !== undefined ? { minimum: node.minimum } : {}),
        ...(node.maximum !== undefined ? { maximum: node.maximum } : {}),
        ...(node.default !== undefined ? { default: node.default } : {}),
      };
    case 'boolean':
      return { type: 'boolean', description: node.description, ...(node.default !== undefined ? { default: node.default } : {}) };
    case 'secret':
      return secretSchema(node.description);
    case 'array':
      return { type: 'array', description: node.description, items: toJsonSchema(node.items) };
    case 'object': {
      const properties: Record<string, JsonSchema> = {};
      for (const [name, child] of Object.entries(node.properties)) properties[name] = toJsonSchema(child);
      return {
        type: 'object',
        description: node.description,
        properties,
        ...(node.required && node.required.length > 0 ? { required: [...node.required] } : {}),
        ...(node.extensions ? { patternProperties: { '^x-': { description: 'ignored: a place for YAML anchors' } } } : {}),
        additionalProperties: false,
      };
    }
  }
}

/** A whole schema document with `$schema`, `$id` and title. */
export function schemaDocument(node: SchemaNode, id: string, title: string): JsonSchema {
  return { $schema: 'http://json-schema.org/draft-07/schema#', $id: id, title, ...toJsonSchema(node) };
}
