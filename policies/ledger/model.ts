/**
 * The shared-port ledger: the partner's record of what it has sold. This is the validated,
 * in-memory form produced by config/ledger (which keeps source locations beside it) and consumed
 * by every policy. Plain data, no behaviour.
 *
 * Units: bandwidths are carried as bits per second (`bps`, a safe integer: 10G = 1e10 < 2^53)
 * next to the spec string the operator wrote (`spec`), because Alibaba's own conversion of
 * "G" specs is ambiguous (1000 vs 1024). The ledger uses SI: M = 10^6 bit/s, G = 10^9 bit/s.
 */

/** Where the partner's account lives; a shared port may only be pushed to a tenant on the same site. */
export type Site = 'china' | 'international';
export const SITES: readonly Site[] = ['china', 'international'];

/**
 * Lifecycle of a shared port (vpconn) as the partner sees it (../shared/reference/alibaba.md §3.2):
 * pending-acceptance → accepted → enabled → terminating → terminated → (recover → enabled) → deleted.
 */
export type SharedPortStatus =
  | 'pending-acceptance'
  | 'accepted'
  | 'enabled'
  | 'terminating'
  | 'terminated'
  | 'deleted';
export const SHARED_PORT_STATUSES: readonly SharedPortStatus[] = [
  'pending-acceptance',
  'accepted',
  'enabled',
  'terminating',
  'terminated',
  'deleted',
];

/** Bandwidth specs Alibaba Cloud sells for shared ports (CreateVirtualPhysicalConnection `Spec`). */
export type SharedPortSpec = '50M' | '100M' | '200M' | '300M' | '400M' | '500M' | '1G' | '2G' | '5G' | '8G' | '10G';
export const SHARED_PORT_SPECS: readonly SharedPortSpec[] = [
  '50M', '100M', '200M', '300M', '400M', '500M', '1G', '2G', '5G', '8G', '10G',
];

/** A bandwidth as written (`spec`) and in bit/s (`bps`). */
export interface Bandwidth {
  readonly spec: string;
  readonly bps: number;
}

export interface Partner {
  readonly name: string;
  readonly site: Site;
}

export interface AccessPoint {
  /** Alibaba Cloud access point id, e.g. `ap-cn-hangzhou-yh-A`. */
  readonly id: string;
  readonly name?: string;
}

/** A partner Express Connect circuit (physical connection, `pc-…`) and where it lands. */
export interface Circuit {
  readonly id: string;
  readonly accessPointId: string;
  readonly bandwidth: Bandwidth;
  /** Device id from the agent config where the circuit lands. */
  readonly device: string;
  /** Interface name on that device, e.g. `GigabitEthernet0/0/1`. */
  readonly port: string;
  readonly description?: string;
}

/** Where the tenant is attached: the access device closest to the tenant (QoS and ARP limits go here). */
export interface Attachment {
  readonly device: string;
  readonly port: string;
}

/** A hosted connection sold to one tenant: one VLAN on one circuit with one bandwidth spec. */
export interface SharedPort {
  /** vpconn id (`pc-…`). */
  readonly id: string;
  /** Tenant's Alibaba Cloud main-account UID, digits only, kept as a string (never a JS number). */
  readonly tenant: string;
  readonly circuitId: string;
  /** 0 = the circuit port is a routed interface for one VBR; 1..2999 = dot1q subinterface. */
  readonly vlan: number;
  readonly bandwidth: Bandwidth & { readonly spec: SharedPortSpec };
  readonly status: SharedPortStatus;
  /** Access device and port closest to the tenant; defaults to the circuit's device and port. */
  readonly attachment: Attachment;
  /** True when `attachment` was written in the ledger rather than defaulted from the circuit. */
  readonly attachmentExplicit: boolean;
  readonly redundancyGroup?: string;
  readonly description?: string;
}

export interface Ledger {
  readonly partner: Partner;
  readonly accessPoints: readonly AccessPoint[];
  readonly circuits: readonly Circuit[];
  readonly sharedPorts: readonly SharedPort[];
}
