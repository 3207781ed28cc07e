/**
 * The agent config: where the ledger is, the devices (how to reach them over NETCONF/SSH, CLI/SSH
 * and SNMP), and the settings of polling, push, reconcile and the exporter. This is the validated
 * form produced by config/agent's loader; secrets are already resolved into `Secret`s.
 */
import type { Secret } from '../secrets/secret.js';

/** Driver registry keys (drivers/registry.ts). */
export type Platform = 'openconfig' | 'huawei-vrp' | 'cisco-iosxe' | 'junos';
export const PLATFORMS: readonly Platform[] = ['openconfig', 'huawei-vrp', 'cisco-iosxe', 'junos'];

/**
 * Who owns a device's control-plane (CPU-bound traffic) policy. `operator` (the default): the box's
 * own CoPP, which the agent never touches. `agent`: the operator lets the agent install its own
 * ARP/ICMP policy on the control-plane path, on platforms that can limit ARP/ICMP only there
 * (OpenConfig); it replaces the box's whole control-plane classification, so only for a box
 * without a CoPP of its own.
 */
export type ControlPlaneOwner = 'operator' | 'agent';
export const CONTROL_PLANE_OWNERS: readonly ControlPlaneOwner[] = ['operator', 'agent'];

/** How the SSH host key of a device is verified. Exactly one of fingerprint / knownHosts is set, unless TOFU. */
export interface HostKeyPolicy {
  /** Pinned `SHA256:<base64>` fingerprint (as `ssh-keygen -lf` prints it). */
  readonly fingerprint?: string;
  /** OpenSSH known_hosts file to check against. */
  readonly knownHosts?: string;
  /** Accept and record an unknown key on first use (into `knownHosts`); never accepts a changed key. */
  readonly trustOnFirstUse: boolean;
}

export interface SshSettings {
  readonly port: number;
  readonly username: string;
  readonly password?: Secret;
  /** Path of a private key file (OpenSSH or PEM). */
  readonly privateKeyFile?: string;
  readonly passphrase?: Secret;
  readonly hostKey: HostKeyPolicy;
  readonly connectTimeoutMs: number;
  readonly keepaliveIntervalMs: number;
  /** Per-RPC (or per-command) timeout. */
  readonly rpcTimeoutMs: number;
}

export type SnmpAuthProtocol = 'md5' | 'sha' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
/** AES-192 is absent on purpose: net-snmp (the transport) has no AES-192, so a config asking for it is refused at load. */
export type SnmpPrivProtocol = 'des' | 'aes' | 'aes256' | 'aes256c';

export type SnmpSettings =
  | {
      readonly version: '2c';
      readonly port: number;
      readonly community: Secret;
      readonly timeoutMs: number;
      readonly retries: number;
      readonly maxRepetitions: number;
    }
  | {
      readonly version: '3';
      readonly port: number;
      readonly user: string;
      readonly level: 'noAuthNoPriv' | 'authNoPriv' | 'authPriv';
      readonly authProtocol?: SnmpAuthProtocol;
      readonly authKey?: Secret;
      readonly privProtocol?: SnmpPrivProtocol;
      readonly privKey?: Secret;
      readonly context?: string;
      readonly timeoutMs: number;
      readonly retries: number;
      readonly maxRepetitions: number;
    };

export interface DeviceConfig {
  readonly id: string;
  /** IP address or host name of the management interface. */
  readonly address: string;
  readonly platform: Platform;
  /** NETCONF over SSH (port 830 by default). Absent: the device is configured over `cli`. */
  readonly netconf?: SshSettings;
  /** CLI over SSH, for switches without NETCONF. */
  readonly cli?: SshSettings;
  readonly snmp?: SnmpSettings;
  /** Apply changes automatically when the reconciler finds drift (default false: report only). */
  readonly autoApply: boolean;
  /**
   * Who owns the device's control-plane policy (the loader fills the default `operator`; absent
   * in a config built in code means `operator` too).
   */
  readonly controlPlane?: ControlPlaneOwner;
}

export interface PollingSettings {
  readonly intervalMs: number;
  /** Deadline of one device's poll. */
  readonly timeoutMs: number;
  /** Devices polled at once. */
  readonly concurrency: number;
  /** How often static columns (names, aliases, speeds) are re-read. */
  readonly staticRefreshMs: number;
}

export interface PushSettings {
  readonly confirmTimeoutS: number;
  readonly concurrency: number;
  /** A plan that removes more tenant objects than this stops unless forced. */
  readonly maxDeletes: number;
  /** ARP rate limit per user (source), packets per second. */
  readonly arpPpsPerUser: number;
  /** ICMP limit set where the platform limits ICMP; never below 501. */
  readonly icmpLimitPps: number;
  /** Prefix of every object the agent creates (policies, descriptions) so it can tell what it owns. */
  readonly ownershipPrefix: string;
}

export interface ExporterSettings {
  /** `host:port`, loopback by default. */
  readonly listen: string;
  /** Prometheus exporter-toolkit web config file (TLS, basic auth). */
  readonly webConfigFile?: string;
}

/** The daemon's live compliance check (`compliance` in the agent config). */
export interface ComplianceSettings {
  /** Time between two live runs, ms; 0 = off (only the ledger rules are exported). */
  readonly intervalMs: number;
  /** Devices read at once by a live run. */
  readonly concurrency: number;
}

export interface AgentConfig {
  /** Path of the ledger, resolved relative to the agent config file. */
  readonly ledger: string;
  readonly devices: readonly DeviceConfig[];
  readonly polling: PollingSettings;
  readonly push: PushSettings;
  readonly reconcile: { readonly intervalMs: number };
  readonly compliance: ComplianceSettings;
  readonly exporter: ExporterSettings;
}
