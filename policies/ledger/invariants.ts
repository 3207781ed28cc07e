/**
 * The rules every ledger satisfies (docs/ledger.md "Rules"), as one pure function over the model.
 * All violations are returned at once, each with the ids involved and, through the injected
 * locator, the place in the file. Codes follow Alibaba Cloud's where it has one (alibaba.md §2).
 */
import { formatBps, isSharedPortSpec } from './bandwidth.js';
import { SHARED_PORT_STATUSES, type Ledger, type SharedPort } from './model.js';
import { formatPosition, noLocator, type LedgerLocator, type LedgerSection } from './position.js';
import type { LedgerViolation } from './violation.js';

/** Lowest and highest VLAN id a shared port may use (CreateVirtualPhysicalConnection `VlanId`). */
export const VLAN_MIN = 0;
export const VLAN_MAX = 2999;

/** Statuses whose shared ports no longer hold a VLAN or bandwidth on their circuit. */
export function holdsResources(port: SharedPort): boolean {
  return port.status !== 'deleted';
}

export interface InvariantOptions {
  readonly locator?: LedgerLocator;
  /** Device ids of the agent config; when given, every circuit and attachment device must be one. */
  readonly knownDevices?: ReadonlySet<string>;
}

type Emit = (
  v: Omit<LedgerViolation, 'path' | 'position' | 'severity'> & { severity?: LedgerViolation['severity'] },
  section: LedgerSection | 'partner',
  index?: number,
  key?: string,
) => void;

/** Checks every ledger rule; returns all violations (errors and warnings), in file order of discovery. */
export function checkLedger(ledger: Ledger, options: InvariantOptions = {}): LedgerViolation[] {
  const locator = options.locator ?? noLocator;
  const out: LedgerViolation[] = [];
  const emit: Emit = (v, section, index, key) => {
    const where = locator.locate(section, index, key);
    out.push({
      severity: 'error',
      ...v,
      path: where.path,
      ...(where.position ? { position: where.position } : {}),
    });
  };
  const at = (section: LedgerSection, index: number, key?: string): string =>
    formatPosition(locator.locate(section, index, key).position);

  checkIds(ledger, emit, at);
  checkReferences(ledger, emit, options.knownDevices);
  checkPortValues(ledger, emit);
  checkVlans(ledger, emit, at);
  checkBandwidth(ledger, emit);
  checkRedundancyGroups(ledger, emit);
  return out;
}

// A redundancy group is one tenant's set of ports; a group naming several tenants is most likely a
// copy-paste slip that would make the redundancy check pass for the wrong tenant.
function checkRedundancyGroups(ledger: Ledger, emit: Emit): void {
  const tenantOf = new Map<string, string>();
  const warned = new Set<string>();
  ledger.sharedPorts.forEach((p, i) => {
    if (p.redundancyGroup === undefined || warned.has(p.redundancyGroup)) return;
    const tenant = tenantOf.get(p.redundancyGroup);
    if (tenant === undefined) tenantOf.set(p.redundancyGroup, p.tenant);
    else if (tenant !== p.tenant) {
      warned.add(p.redundancyGroup);
      emit({ severity: 'warning', code: 'redundancy-group-tenants', message: `redundancy group ${p.redundancyGroup} has shared ports of tenants ${tenant} and ${p.tenant}; a group is normally one tenant's`, ids: [p.id, p.redundancyGroup] }, 'sharedPorts', i, 'redundancyGroup');
    }
  });
}

function checkIds(ledger: Ledger, emit: Emit, at: (s: LedgerSection, i: number, k?: string) => string): void {
  const seenAp = new Map<string, number>();
  ledger.accessPoints.forEach((ap, i) => {
    const first = seenAp.get(ap.id);
    if (first !== undefined) {
      emit({ code: 'duplicate-id', message: `access point ${ap.id} is listed twice (first at ${at('accessPoints', first, 'id') || `accessPoints[${first}]`})`, ids: [ap.id] }, 'accessPoints', i, 'id');
    } else seenAp.set(ap.id, i);
  });
  // Circuits and shared ports share Alibaba's `pc-` id space, so an id must be unique across both.
  const seen = new Map<string, { section: LedgerSection; index: number }>();
  const visit = (id: string, section: LedgerSection, index: number): void => {
    const first = seen.get(id);
    if (first) {
      const where = at(first.section, first.index, 'id') || `${first.section}[${first.index}]`;
      emit({ code: 'duplicate-id', message: `id ${id} is used twice (first at ${where}); circuit and shared port ids are unique`, ids: [id] }, section, index, 'id');
    } else seen.set(id, { section, index });
  };
  ledger.circuits.forEach((c, i) => visit(c.id, 'circuits', i));
  ledger.sharedPorts.forEach((p, i) => visit(p.id, 'sharedPorts', i));
}

function checkReferences(ledger: Ledger, emit: Emit, devices: ReadonlySet<string> | undefined): void {
  const aps = new Set(ledger.accessPoints.map((a) => a.id));
  const circuits = new Set(ledger.circuits.map((c) => c.id));
  const known = (list: Iterable<string>): string => [...list].join(', ') || '(none)';
  ledger.circuits.forEach((c, i) => {
    if (!aps.has(c.accessPointId)) {
      emit({ code: 'unknown-access-point', alibabaCode: 'AccessPoint.NotFound', message: `circuit ${c.id} names access point ${c.accessPointId}, which is not in accessPoints (known: ${known(aps)})`, ids: [c.id, c.accessPointId] }, 'circuits', i, 'accessPoint');
    }
    if (devices && !devices.has(c.device)) {
      emit({ code: 'unknown-device', message: `circuit ${c.id} lands on device ${c.device}, which is not in the agent config (known: ${known(devices)})`, ids: [c.id, c.device] }, 'circuits', i, 'device');
    }
  });
  ledger.sharedPorts.forEach((p, i) => {
    if (!circuits.has(p.circuitId)) {
      emit({ code: 'unknown-circuit', alibabaCode: 'ResourceNotFound.PhysicalConnectionId', message: `shared port ${p.id} is on circuit ${p.circuitId}, which is not in circuits (known: ${known(circuits)})`, ids: [p.id, p.circuitId] }, 'sharedPorts', i, 'circuit');
    }
    if (devices && p.attachmentExplicit && !devices.has(p.attachment.device)) {
      emit({ code: 'unknown-device', message: `shared port ${p.id} is attached on device ${p.attachment.device}, which is not in the agent config (known: ${known(devices)})`, ids: [p.id, p.attachment.device] }, 'sharedPorts', i, 'attachment');
    }
  });
  const used = new Set(ledger.circuits.map((c) => c.accessPointId));
  ledger.accessPoints.forEach((ap, i) => {
    if (!used.has(ap.id)) {
      emit({ severity: 'warning', code: 'unused-access-point', message: `access point ${ap.id} is reached by no circuit`, ids: [ap.id] }, 'accessPoints', i, 'id');
    }
  });
}

// The loader already refuses these; checked again because a model may come from elsewhere (API data).
function checkPortValues(ledger: Ledger, emit: Emit): void {
  ledger.sharedPorts.forEach((p, i) => {
    if (!Number.isInteger(p.vlan) || p.vlan < VLAN_MIN || p.vlan > VLAN_MAX) {
      emit({ code: 'vlan-out-of-range', alibabaCode: 'IllegalParam.VlanId', message: `shared port ${p.id}: VLAN ${p.vlan} is not an integer from ${VLAN_MIN} to ${VLAN_MAX}`, ids: [p.id] }, 'sharedPorts', i, 'vlan');
    }
    if (!isSharedPortSpec(p.bandwidth.spec)) {
      emit({ code: 'spec-invalid', message: `shared port ${p.id}: the specified bandwidth value is incorrect: ${p.bandwidth.spec}`, ids: [p.id] }, 'sharedPorts', i, 'bandwidth');
    }
    if (!SHARED_PORT_STATUSES.includes(p.status)) {
      emit({ code: 'status-invalid', message: `shared port ${p.id}: unknown status ${String(p.status)} (one of ${SHARED_PORT_STATUSES.join(', ')})`, ids: [p.id] }, 'sharedPorts', i, 'status');
    }
    if (!/^[0-9]+$/.test(p.tenant)) {
      emit({ code: 'tenant-invalid', message: `shared port ${p.id}: tenant account id must be digits, got ${p.tenant}`, ids: [p.id] }, 'sharedPorts', i, 'tenant');
    }
  });
}

function checkVlans(ledger: Ledger, emit: Emit, at: (s: LedgerSection, i: number, k?: string) => string): void {
  const byCircuit = new Map<string, { port: SharedPort; index: number }[]>();
  ledger.sharedPorts.forEach((port, index) => {
    if (!holdsResources(port)) return;
    const list = byCircuit.get(port.circuitId) ?? [];
    list.push({ port, index });
    byCircuit.set(port.circuitId, list);
  });
  for (const [circuitId, ports] of byCircuit) {
    const firstByVlan = new Map<number, { port: SharedPort; index: number }>();
    for (const entry of ports) {
      const first = firstByVlan.get(entry.port.vlan);
      if (first) {
        emit({
          code: 'vlan-in-use',
          alibabaCode: 'OperationFailed.VlanIdAlreadyInUse',
          message: `VLAN ${entry.port.vlan} on circuit ${circuitId} is already used by shared port ${first.port.id} (${at('sharedPorts', first.index, 'vlan') || `sharedPorts[${first.index}]`}); shared port ${entry.port.id} cannot use it`,
          ids: [first.port.id, entry.port.id],
        }, 'sharedPorts', entry.index, 'vlan');
      } else firstByVlan.set(entry.port.vlan, entry);
    }
    // VLAN 0 makes the circuit port a routed interface for a single VBR: nothing else may share it.
    const zero = firstByVlan.get(0);
    if (zero) {
      for (const entry of ports) {
        if (entry.port.vlan === 0) continue;
        emit({
          code: 'vlan-zero-exclusive',
          message: `circuit ${circuitId} is a Layer-3 routed port for shared port ${zero.port.id} (VLAN 0, ${at('sharedPorts', zero.index, 'vlan') || `sharedPorts[${zero.index}]`}); shared port ${entry.port.id} cannot share it`,
          ids: [zero.port.id, entry.port.id],
        }, 'sharedPorts', entry.index, 'vlan');
      }
    }
  }
}

function checkBandwidth(ledger: Ledger, emit: Emit): void {
  for (const circuit of ledger.circuits) {
    let allocated = 0;
    const ids: string[] = [];
    let tipping: number | undefined;
    ledger.sharedPorts.forEach((port, index) => {
      if (port.circuitId !== circuit.id || !holdsResources(port)) return;
      allocated += port.bandwidth.bps;
      ids.push(port.id);
      if (tipping === undefined && allocated > circuit.bandwidth.bps) tipping = index;
    });
    if (tipping !== undefined) {
      const port = ledger.sharedPorts[tipping];
      emit({
        code: 'bandwidth-exceeded',
        message: `Insufficient bandwidth resources: the shared ports of circuit ${circuit.id} allocate ${formatBps(allocated)}, more than its ${circuit.bandwidth.spec} (over from shared port ${port?.id ?? '?'}; ports: ${ids.join(', ')})`,
        ids: [circuit.id, ...ids],
      }, 'sharedPorts', tipping, 'bandwidth');
    }
  }
}
