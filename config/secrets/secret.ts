/**
 * A secret value (SSH password or key passphrase, SNMP community, SNMPv3 keys, web password).
 * It never prints itself: `String(secret)`, `JSON.stringify`, `util.inspect` and template
 * literals all show `[redacted]`. Only `reveal()` gives the value, at the point of use in a transport.
 */
import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/** Where a secret came from, for messages that must say which secret failed without showing it. */
export type SecretSource =
  | { readonly kind: 'env'; readonly name: string }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'inline' };

export class Secret {
  readonly #value: string;
  readonly source: SecretSource;

  constructor(value: string, source: SecretSource) {
    this.#value = value;
    this.source = source;
  }

  /** The cleartext value. Call only where it is handed to a transport. */
  reveal(): string {
    return this.#value;
  }

  /** A description safe for logs: `env:NAME`, `file:PATH` or `inline`. */
  describe(): string {
    switch (this.source.kind) {
      case 'env':
        return `env:${this.source.name}`;
      case 'file':
        return `file:${this.source.path}`;
      case 'inline':
        return 'inline';
    }
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return `Secret(${this.describe()})`;
  }
}
