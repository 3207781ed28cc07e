/**
 * A tiny JSON Schema (draft-07 subset) validator, written for the test that the examples are valid
 * under the published schemas independently of the loader: type, properties, required,
 * additionalProperties false, patternProperties, enum, pattern, minLength, minimum, maximum, items, oneOf.
 * Unknown keywords throw, so the schemas can never use something this check silently ignores.
 */
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = { readonly [k: string]: unknown };

const KNOWN = new Set(['$schema', '$id', 'title', 'description', 'default', 'type', 'properties', 'required', 'additionalProperties', 'patternProperties', 'enum', 'pattern', 'minLength', 'minimum', 'maximum', 'items', 'oneOf']);

function typeOf(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Errors as `path: message`; empty when valid. */
export function validateJson(schema: Schema, value: Json, path = '$'): string[] {
  for (const key of Object.keys(schema)) if (!KNOWN.has(key)) throw new Error(`unsupported keyword ${key} at ${path}`);
  const errors: string[] = [];
  if (Array.isArray(schema['oneOf'])) {
    const matches = (schema['oneOf'] as Schema[]).filter((s) => validateJson(s, value, path).length === 0).length;
    if (matches !== 1) errors.push(`${path}: matches ${matches} of oneOf, expected exactly 1`);
    return errors;
  }
  const type = schema['type'];
  if (typeof type === 'string') {
    const actual = typeOf(value);
    if (actual !== type && !(type === 'number' && actual === 'integer')) return [`${path}: expected ${type}, got ${actual}`];
  }
  if (Array.isArray(schema['enum']) && !(schema['enum'] as Json[]).includes(value)) errors.push(`${path}: ${JSON.stringify(value)} not in enum`);
  if (typeof value === 'string') {
    if (typeof schema['pattern'] === 'string' && !new RegExp(schema['pattern'] as string, 'u').test(value)) errors.push(`${path}: ${value} does not match ${String(schema['pattern'])}`);
    if (typeof schema['minLength'] === 'number' && value.length < (schema['minLength'] as number)) errors.push(`${path}: too short`);
  }
  if (typeof value === 'number') {
    if (typeof schema['minimum'] === 'number' && value < (schema['minimum'] as number)) errors.push(`${path}: below minimum`);
    if (typeof schema['maximum'] === 'number' && value > (schema['maximum'] as number)) errors.push(`${path}: above maximum`);
  }
  if (Array.isArray(value) && schema['items']) value.forEach((item, i) => errors.push(...validateJson(schema['items'] as Schema, item, `${path}[${i}]`)));
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const props = (schema['properties'] ?? {}) as Record<string, Schema>;
    const patterns = Object.entries((schema['patternProperties'] ?? {}) as Record<string, Schema>);
    for (const name of (schema['required'] ?? []) as string[]) if (!(name in value)) errors.push(`${path}: missing ${name}`);
    for (const [name, v] of Object.entries(value)) {
      const sub = props[name];
      if (sub) errors.push(...validateJson(sub, v, `${path}.${name}`));
      else if (patterns.some(([re]) => new RegExp(re, 'u').test(name))) continue;
      else if (schema['additionalProperties'] === false) errors.push(`${path}: unknown property ${name}`);
    }
  }
  return errors;
}
