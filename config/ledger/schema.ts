/**
 * The ledger file's schema: every key, its type and constraints, and the description editors show.
 * Single source of truth for the loader and for config/schema/ledger.schema.json.
 */
import { BANDWIDTH_PATTERN } from '../../policies/ledger/bandwidth.js';
import { VLAN_MAX, VLAN_MIN } from '../../policies/ledger/invariants.js';
import { SHARED_PORT_SPECS, SHARED_PORT_STATUSES, SITES } from '../../policies/ledger/model.js';
import type { ObjectNode, StringNode } from '../schema/dsl.js';

const PC_ID = '^pc-[a-z0-9]+$';
const UNIT_HINT = 'a bandwidth needs an explicit unit (M = 10^6 bit/s, G = 10^9 bit/s), e.g. 500M or 10G';
const text = (description: string): StringNode => ({ kind: 'string', description, minLength: 1 });

const attachment: ObjectNode = {
  kind: 'object',
  description: 'The access device and port closest to the tenant, where QoS and ARP limits go. Default: the circuit\'s device and port.',
  properties: {
    device: text('Device id from the agent config.'),
    port: text('Interface name on that device, e.g. GigabitEthernet0/0/2.'),
  },
  required: ['device', 'port'],
};

/** Schema of one shared port (hosted connection) entry. */
export const SHARED_PORT_SCHEMA: ObjectNode = {
  kind: 'object',
  description: 'A hosted connection sold to one tenant: one VLAN on one circuit with one bandwidth spec.',
  properties: {
    id: { kind: 'string', description: 'Shared port (vpconn) id, as Alibaba Cloud returned it.', pattern: PC_ID, patternHint: 'an id like pc-bp1v0001 (pc- then lower-case letters and digits)' },
    tenant: { kind: 'string', description: 'Tenant Alibaba Cloud main-account id: digits, QUOTED (an unquoted 16-digit number loses precision).', pattern: '^[0-9]{1,20}$', patternHint: 'an account id of digits only', digits: true },
    circuit: { kind: 'string', description: 'Id of the partner circuit (circuits[].id) this shared port is on.', pattern: PC_ID, patternHint: 'a circuit id like pc-bp1c0001' },
    vlan: { kind: 'integer', description: 'VLAN id 0..2999, unique on the circuit. 0 = the circuit port is a Layer-3 routed interface for this one shared port.', minimum: VLAN_MIN, maximum: VLAN_MAX, code: 'vlan-out-of-range', alibabaCode: 'IllegalParam.VlanId', consoleMessage: 'the VLAN ID can be an integer from 0 to 2999' },
    bandwidth: { kind: 'string', description: 'Bandwidth spec Alibaba Cloud sells for shared ports (M = 10^6 bit/s, G = 10^9 bit/s).', enum: SHARED_PORT_SPECS, code: 'spec-invalid', numberHint: UNIT_HINT, consoleMessage: 'the specified bandwidth value is incorrect' },
    status: { kind: 'string', description: 'Lifecycle status (docs/ledger.md "State table").', enum: SHARED_PORT_STATUSES },
    attachment,
    redundancyGroup: { kind: 'string', description: 'Name shared by the shared ports of one tenant that back each other up; they must be on different circuits.', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', patternHint: 'a name of letters, digits, dot, dash, underscore' },
    description: text('Free text for people.'),
  },
  required: ['id', 'tenant', 'circuit', 'vlan', 'bandwidth', 'status'],
};

/** Schema of one partner circuit entry. */
export const CIRCUIT_SCHEMA: ObjectNode = {
  kind: 'object',
  description: 'A partner Express Connect circuit (physical connection) and where it lands.',
  properties: {
    id: { kind: 'string', description: 'Circuit (physical connection) id.', pattern: PC_ID, patternHint: 'an id like pc-bp1c0001 (pc- then lower-case letters and digits)' },
    accessPoint: { kind: 'string', description: 'Access point id (accessPoints[].id).', pattern: '^ap-[A-Za-z0-9-]+$', patternHint: 'an access point id like ap-cn-hangzhou-yh-A' },
    bandwidth: { kind: 'string', description: 'Circuit bandwidth with an explicit unit: 1G, 10G, 100G (M = 10^6, G = 10^9, T = 10^12 bit/s).', pattern: BANDWIDTH_PATTERN, patternHint: 'a bandwidth with a unit, like 10G or 500M', code: 'bandwidth-syntax', numberHint: UNIT_HINT },
    device: text('Device id from the agent config where the circuit lands.'),
    port: text('Interface name on that device, e.g. GigabitEthernet0/0/1.'),
    description: text('Free text for people.'),
  },
  required: ['id', 'accessPoint', 'bandwidth', 'device', 'port'],
};

/** Schema of the whole ledger file. */
export const LEDGER_SCHEMA: ObjectNode = {
  kind: 'object',
  description: 'The Express Connect partner\'s shared-port ledger: what it has sold (docs/ledger.md).',
  properties: {
    partner: {
      kind: 'object',
      description: 'The partner (the carrier that owns the circuits).',
      properties: {
        name: text('Partner name.'),
        site: { kind: 'string', description: 'Alibaba Cloud site of the partner account; shared ports may only be pushed to tenants on the same site.', enum: SITES },
      },
      required: ['name', 'site'],
    },
    accessPoints: {
      kind: 'array',
      description: 'Alibaba Cloud access points the partner\'s circuits reach.',
      items: {
        kind: 'object',
        description: 'An Alibaba Cloud access point.',
        properties: {
          id: { kind: 'string', description: 'Access point id.', pattern: '^ap-[A-Za-z0-9-]+$', patternHint: 'an access point id like ap-cn-hangzhou-yh-A' },
          name: text('Human name of the access point.'),
        },
        required: ['id'],
      },
    },
    circuits: { kind: 'array', description: 'The partner\'s circuits.', items: CIRCUIT_SCHEMA },
    sharedPorts: { kind: 'array', description: 'Shared ports (hosted connections) sold to tenants.', items: SHARED_PORT_SCHEMA },
  },
  required: ['partner', 'accessPoints', 'circuits', 'sharedPorts'],
};
