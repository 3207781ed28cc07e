/**
 * Which platform a device looks like from its NETCONF capabilities. Pure; used by
 * `ecpa device probe` to show the configured platform beside what the device suggests.
 */
import type { Capabilities } from './capabilities.js';

/** A guess and the capability that made it. */
export interface PlatformGuess {
  readonly platform: 'huawei-vrp' | 'cisco-iosxe' | 'junos' | 'openconfig';
  /** The capability URI that matched. */
  readonly evidence: string;
}

/** Vendor-specific signs first (a vendor box may also carry OpenConfig models). */
const RULES: readonly { readonly platform: PlatformGuess['platform']; readonly test: RegExp }[] = [
  { platform: 'huawei-vrp', test: /^urn:huawei:yang|^urn:huawei:params|^http:\/\/www\.huawei\.com\/netconf/i },
  { platform: 'cisco-iosxe', test: /Cisco-IOS-XE-native|^http:\/\/cisco\.com\/ns\/yang\/Cisco-IOS-XE/i },
  { platform: 'junos', test: /^http:\/\/xml\.juniper\.net\/|junos/i },
  { platform: 'openconfig', test: /openconfig-interfaces/i },
];

/** The first matching rule over the announced URIs, or undefined when nothing matches. */
export function guessPlatform(capabilities: Capabilities | readonly string[]): PlatformGuess | undefined {
  const uris = Array.isArray(capabilities) ? (capabilities as readonly string[]) : (capabilities as Capabilities).uris;
  for (const rule of RULES) {
    const hit = uris.find((u) => rule.test.test(u));
    if (hit !== undefined) return { platform: rule.platform, evidence: hit };
  }
  return undefined;
}
