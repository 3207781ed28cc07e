/**
 * The agent config file's schema (see config/agent/model.ts for the validated form). Single source
 * of truth for the loader, its defaults, and config/schema/agent.schema.json.
 */
import type { IntegerNode, ObjectNode, StringNode } from '../schema/dsl.js';
import { CONTROL_PLANE_OWNERS, PLATFORMS } from './model.js';

const text = (description: string): StringNode => ({ kind: 'string', description, minLength: 1 });
const int = (description: string, minimum: number, maximum: number, def?: number): IntegerNode => ({
  kind: 'integer', description, minimum, maximum, ...(def !== undefined ? { default: def } : {}),
});

/** SSH settings shared by NETCONF (default port 830) and CLI (default port 22). */
function sshSchema(description: string, defaultPort: number): ObjectNode {
  return {
    kind: 'object',
    description,
    properties: {
      port: int('TCP port.', 1, 65535, defaultPort),
      username: text('Login user.'),
      password: { kind: 'secret', description: 'Password: { env: NAME } or { file: PATH }.' },
      privateKeyFile: text('Private key file (OpenSSH or PEM), relative to this file.'),
      passphrase: { kind: 'secret', description: 'Passphrase of the private key: { env: NAME } or { file: PATH }.' },
      hostKey: {
        kind: 'object',
        description: 'How the device\'s SSH host key is verified: a pinned fingerprint, a known_hosts file, or trust on first use (recorded into knownHosts).',
        properties: {
          fingerprint: { kind: 'string', description: 'Pinned SHA256:<base64> fingerprint, as ssh-keygen -lf prints it.', pattern: '^SHA256:[A-Za-z0-9+/]{43}=?$', patternHint: 'a fingerprint like SHA256:<43 base64 characters>' },
          knownHosts: text('OpenSSH known_hosts file, relative to this file.'),
          trustOnFirstUse: { kind: 'boolean', description: 'Accept and record an unknown key on first use; a changed key is always refused.', default: false },
        },
      },
      connectTimeoutMs: int('Connect and handshake timeout, milliseconds.', 100, 600_000, 10_000),
      keepaliveIntervalMs: int('SSH keepalive interval, milliseconds (0 = off).', 0, 600_000, 15_000),
      rpcTimeoutMs: int('Timeout of one RPC or CLI command, milliseconds.', 100, 3_600_000, 60_000),
    },
    required: ['username', 'hostKey'],
  };
}

const SNMP_SCHEMA: ObjectNode = {
  kind: 'object',
  description: 'SNMP polling settings. version "2c" takes community; version "3" takes user, level and the keys the level needs.',
  properties: {
    version: { kind: 'string', description: 'SNMP version, quoted: "2c" or "3".', enum: ['2c', '3'] },
    port: int('UDP port.', 1, 65535, 161),
    community: { kind: 'secret', description: 'v2c community: { env: NAME } or { file: PATH }.' },
    user: text('v3 user name.'),
    level: { kind: 'string', description: 'v3 security level.', enum: ['noAuthNoPriv', 'authNoPriv', 'authPriv'] },
    authProtocol: { kind: 'string', description: 'v3 authentication protocol.', enum: ['md5', 'sha', 'sha224', 'sha256', 'sha384', 'sha512'] },
    authKey: { kind: 'secret', description: 'v3 authentication key: { env: NAME } or { file: PATH }.' },
    privProtocol: { kind: 'string', description: 'v3 privacy protocol.', enum: ['des', 'aes', 'aes256', 'aes256c'] },
    privKey: { kind: 'secret', description: 'v3 privacy key: { env: NAME } or { file: PATH }.' },
    context: text('v3 context name.'),
    timeoutMs: int('Timeout of one request, milliseconds.', 100, 60_000, 5_000),
    retries: int('Retries of a request that timed out.', 0, 10, 1),
    maxRepetitions: int('GetBulk max-repetitions.', 1, 200, 25),
  },
  required: ['version'],
};

const DEVICE_SCHEMA: ObjectNode = {
  kind: 'object',
  description: 'An access switch the agent manages. It needs netconf or cli (or both).',
  properties: {
    id: { kind: 'string', description: 'Device id, as the ledger\'s circuits and attachments name it.', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', patternHint: 'an id of letters, digits, dot, dash, underscore' },
    address: text('IP address or host name of the management interface.'),
    platform: { kind: 'string', description: 'Driver that renders and parses the device configuration.', enum: PLATFORMS },
    netconf: sshSchema('NETCONF over SSH (RFC 6242).', 830),
    cli: sshSchema('CLI over SSH, for switches without NETCONF.', 22),
    snmp: SNMP_SCHEMA,
    autoApply: { kind: 'boolean', description: 'Apply changes automatically when drift is found (default: report only).', default: false },
    controlPlane: {
      kind: 'string',
      description: 'Who owns the device\'s control-plane (CPU-bound traffic) policy: operator (default: the agent never touches it) or agent (the agent installs its own ARP/ICMP limits there, on platforms that can limit them only there: openconfig). agent replaces the box\'s whole control-plane classification: set it only for a box without a CoPP of its own (docs/platforms.md).',
      enum: CONTROL_PLANE_OWNERS,
      default: 'operator',
    },
  },
  required: ['id', 'address', 'platform'],
};

/** Schema of the whole agent config file. */
export const AGENT_SCHEMA: ObjectNode = {
  kind: 'object',
  description: 'ec-partner-agent configuration: where the ledger is, the devices, and the settings of polling, push, reconcile and the exporter (docs/config.md).',
  properties: {
    ledger: text('Path of the shared-port ledger, relative to this file.'),
    devices: { kind: 'array', description: 'The partner\'s access switches.', items: DEVICE_SCHEMA },
    polling: {
      kind: 'object',
      description: 'SNMP polling.',
      properties: {
        intervalMs: int('Time between two polls of a device, milliseconds.', 1_000, 3_600_000, 30_000),
        timeoutMs: int('Deadline of one device\'s poll, milliseconds (at most intervalMs).', 100, 3_600_000, 20_000),
        concurrency: int('Devices polled at once.', 1, 1_000, 8),
        staticRefreshMs: int('How often names, aliases and speeds are re-read, milliseconds.', 1_000, 86_400_000, 600_000),
      },
    },
    push: {
      kind: 'object',
      description: 'Configuration push.',
      properties: {
        confirmTimeoutS: int('Confirmed-commit rollback timer, seconds.', 10, 3_600, 120),
        concurrency: int('Devices changed at once.', 1, 100, 4),
        maxDeletes: int('A plan that removes more tenant objects than this stops unless forced.', 0, 100_000, 5),
        arpPpsPerUser: int('ARP rate limit per user, packets per second (the partner guide: typically 1).', 1, 1_000, 1),
        icmpLimitPps: int('ICMP limit where the platform limits ICMP, packets per second (the guide: more than 500).', 501, 1_000_000, 1_000),
        ownershipPrefix: { kind: 'string', description: 'Prefix of every object the agent creates, so it can tell what it owns.', pattern: '^[A-Za-z][A-Za-z0-9_:-]{0,15}$', patternHint: 'a short name prefix of letters, digits, colon, dash, underscore (drivers sanitise it per platform for object names)', default: 'ecpa:' },
      },
    },
    reconcile: {
      kind: 'object',
      description: 'Reconcile loop.',
      properties: { intervalMs: int('Time between two reconciles of a device, milliseconds.', 1_000, 86_400_000, 300_000) },
    },
    compliance: {
      kind: 'object',
      description: 'Live compliance check run by the daemon (`ecpa run`), exported as metrics (docs/daemon.md).',
      properties: {
        intervalMs: int('Time between two live compliance runs of the daemon, milliseconds; 0 turns the live check off (the ledger rules are still exported). At least 1000 when on.', 0, 86_400_000, 900_000),
        concurrency: int('Devices the live check reads at once.', 1, 100, 4),
      },
    },
    exporter: {
      kind: 'object',
      description: 'Prometheus exporter.',
      properties: {
        listen: { kind: 'string', description: 'host:port to listen on (loopback by default).', pattern: '^(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+):[0-9]{1,5}$', patternHint: 'host:port, like 127.0.0.1:9469', default: '127.0.0.1:9469' },
        webConfigFile: text('Prometheus exporter-toolkit web config file (TLS, basic auth), relative to this file.'),
      },
    },
  },
  required: ['ledger', 'devices'],
  extensions: true,
};
