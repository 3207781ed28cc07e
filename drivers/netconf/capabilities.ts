/**
 * NETCONF capabilities (RFC 6241 §8): parsing the URIs of a hello, short forms (`:candidate`),
 * and the YANG modules a server announces in them (`?module=…&revision=…&features=…`).
 */

/** The base capability URNs. */
export const BASE_1_0 = 'urn:ietf:params:netconf:base:1.0';
export const BASE_1_1 = 'urn:ietf:params:netconf:base:1.1';
const CAP_PREFIX = 'urn:ietf:params:netconf:capability:';

/** A YANG module announced in a capability URI. */
export interface AnnouncedModule {
  readonly namespace: string;
  readonly module: string;
  readonly revision?: string;
  readonly features: readonly string[];
  readonly deviations: readonly string[];
}

/** One parsed capability. */
export interface Capability {
  /** The URI exactly as announced. */
  readonly uri: string;
  /** The URI without its query string. */
  readonly base: string;
  /** Query parameters (`module`, `revision`, …). */
  readonly params: Readonly<Record<string, string>>;
}

/** Parses one capability URI. Never throws: an odd URI is kept as-is with no params. */
export function parseCapability(uri: string): Capability {
  const trimmed = uri.trim();
  const q = trimmed.indexOf('?');
  if (q < 0) return { uri: trimmed, base: trimmed, params: {} };
  const params: Record<string, string> = {};
  for (const pair of trimmed.slice(q + 1).split(/&(?:amp;)?/)) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    try {
      params[decodeURIComponent(key)] = decodeURIComponent(value);
    } catch {
      params[key] = value;
    }
  }
  return { uri: trimmed, base: trimmed.slice(0, q), params };
}

/** The capabilities a peer announced in its hello. */
export class Capabilities {
  readonly all: readonly Capability[];
  readonly #bases: ReadonlySet<string>;

  constructor(uris: readonly string[]) {
    this.all = uris.map(parseCapability);
    this.#bases = new Set(this.all.map((c) => c.base));
  }

  /** The URIs as announced. */
  get uris(): string[] {
    return this.all.map((c) => c.uri);
  }

  /**
   * Whether a capability is announced. Accepts a full URI (query ignored), or a short form:
   * `:candidate` (any version), `:confirmed-commit:1.1` (that version), `:base:1.1`.
   */
  has(capability: string): boolean {
    if (!capability.startsWith(':')) return this.#bases.has(capability.split('?')[0] as string);
    const short = capability.slice(1);
    if (short.startsWith('base:')) return this.#bases.has(`urn:ietf:params:netconf:${short}`);
    const versioned = /:\d+\.\d+$/.test(short);
    for (const base of this.#bases) {
      if (!base.startsWith(CAP_PREFIX)) continue;
      const rest = base.slice(CAP_PREFIX.length);
      if (versioned ? rest === short : rest === short || rest.startsWith(`${short}:`)) return true;
    }
    return false;
  }

  /** YANG modules announced with `?module=` (RFC 6020 §5.6.4 style). */
  modules(): AnnouncedModule[] {
    return this.all
      .filter((c) => c.params['module'] !== undefined)
      .map((c) => ({
        namespace: c.base,
        module: c.params['module'] as string,
        ...(c.params['revision'] ? { revision: c.params['revision'] } : {}),
        features: c.params['features'] ? c.params['features'].split(',').filter(Boolean) : [],
        deviations: c.params['deviations'] ? c.params['deviations'].split(',').filter(Boolean) : [],
      }));
  }
}
