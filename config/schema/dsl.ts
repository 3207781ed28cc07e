/**
 * A tiny schema language for the files the operator writes. It is the single source of truth: the
 * loader validates YAML against it (config/schema/validate.ts) and the published JSON Schemas
 * (config/schema/*.schema.json) are generated from it (config/schema/json-schema.ts), so editor
 * completion and the loader can never disagree on which keys exist.
 */

interface Common {
  readonly description: string;
  /** ecpa code for a value that fails this node's constraints (default `invalid-value`). */
  readonly code?: string;
  /** Alibaba Cloud's code for the same problem, when it has one. */
  readonly alibabaCode?: string;
  /** The console's message for the same problem, put before the details. */
  readonly consoleMessage?: string;
}

export interface StringNode extends Common {
  readonly kind: 'string';
  readonly enum?: readonly string[];
  readonly pattern?: string;
  /** What the pattern means, for messages: "an id like pc-bp1c0001". */
  readonly patternHint?: string;
  /** Digits-only id: an unquoted YAML number is refused with an explicit "quote it" message. */
  readonly digits?: boolean;
  /** Message for a number written where this text is expected (e.g. a bandwidth without unit). */
  readonly numberHint?: string;
  readonly minLength?: number;
  readonly default?: string;
}

export interface IntegerNode extends Common {
  readonly kind: 'integer';
  readonly minimum?: number;
  readonly maximum?: number;
  readonly default?: number;
}

export interface BooleanNode extends Common {
  readonly kind: 'boolean';
  readonly default?: boolean;
}

export interface ObjectNode extends Common {
  readonly kind: 'object';
  readonly properties: Readonly<Record<string, SchemaNode>>;
  readonly required?: readonly string[];
  /** Keys starting with `x-` are ignored (a place for YAML anchors, as in Docker Compose). */
  readonly extensions?: boolean;
}

export interface ArrayNode extends Common {
  readonly kind: 'array';
  readonly items: SchemaNode;
}

/** A secret: `{ env: NAME }`, `{ file: PATH }`, or an inline string (accepted with a warning). */
export interface SecretNode extends Common {
  readonly kind: 'secret';
}

export type SchemaNode = StringNode | IntegerNode | BooleanNode | ObjectNode | ArrayNode | SecretNode;

/**
 * A secret as written in the file, before it is read: the name of an environment variable, a file
 * path, or (discouraged) the inline value. Tagged so it can never be mistaken for other data.
 */
export interface SecretRef {
  readonly $secret: 'env' | 'file' | 'inline';
  readonly value: string;
}
