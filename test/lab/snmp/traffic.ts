/**
 * The lab switch's traffic model. Each interface has an offered load per direction and an
 * optional policer (the sold bandwidth); what exceeds the policer is dropped and counted as
 * discards. Counters are the integral of the rates over time from an injectable clock — no
 * timers: reading a counter at time t computes it. A parent port counts its own traffic plus
 * that of its subinterfaces.
 */

/** One interface of the simulated switch. */
export interface LabInterfaceSpec {
  /** ifName (and ifDescr), e.g. `GigabitEthernet0/0/1.101`. */
  readonly name: string;
  readonly alias?: string;
  /** ifHighSpeed, Mb/s. */
  readonly speedMbps: number;
  /** False: the interface has only 32-bit counters (no ifHC* columns). Default true. */
  readonly hc?: boolean;
  /** Name of the parent port for a subinterface. */
  readonly parent?: string;
  /** ifOperStatus, default 1 (up). */
  readonly operStatus?: number;
  /**
   * ifMtu (IF-MIB ifEntry column 4), bytes: the largest datagram the interface sends and receives,
   * as the platform reports it. Absent: the row serves no ifMtu (as some agents do).
   */
  readonly mtu?: number;
}

/** A simulated switch. */
export interface LabDeviceModel {
  readonly sysName: string;
  readonly sysDescr?: string;
  readonly interfaces: readonly LabInterfaceSpec[];
  /** Counters start at this value (e.g. 2^62 to prove Counter64 exactness, or near 2^32 to force a wrap). */
  readonly initialCounter?: bigint;
  /** Serve this vendor's QoS policer statistics table for every policed interface. */
  readonly qos?: 'huawei-vrp';
  /**
   * The classifier name every policed row carries (the Huawei driver's shared `<prefix>any`
   * classifier, as a pushed device has it); default `ecpa-tenant-<vlan>`.
   */
  readonly qosClassifier?: string;
}

/** Traffic offered to an interface, bit/s per direction. */
export interface OfferedLoad {
  readonly inBps: number;
  readonly outBps: number;
  /** Average packet size in bytes (default 500). */
  readonly packetBytes?: number;
}

/** A policer (the tenant's sold bandwidth), bit/s per direction; absent direction = not policed. */
export interface PolicerSpec {
  readonly inBps?: number;
  readonly outBps?: number;
}

/** The counters of one interface, exact. */
export interface LabCounters {
  inOctets: bigint;
  inUcastPkts: bigint;
  inDiscards: bigint;
  outOctets: bigint;
  outUcastPkts: bigint;
  outDiscards: bigint;
  /** Octets the policer dropped (for the vendor QoS tables). */
  inDroppedOctets: bigint;
  outDroppedOctets: bigint;
}

const ZERO = (): LabCounters => ({
  inOctets: 0n,
  inUcastPkts: 0n,
  inDiscards: 0n,
  outOctets: 0n,
  outUcastPkts: 0n,
  outDiscards: 0n,
  inDroppedOctets: 0n,
  outDroppedOctets: 0n,
});
type Key = keyof LabCounters;
const KEYS: readonly Key[] = ['inOctets', 'inUcastPkts', 'inDiscards', 'outOctets', 'outUcastPkts', 'outDiscards', 'inDroppedOctets', 'outDroppedOctets'];

interface IfState {
  readonly spec: LabInterfaceSpec;
  ifIndex: number;
  offered: OfferedLoad;
  policer: PolicerSpec | undefined;
  /** Counters at `since`; the current value adds rate × (now − since). */
  base: LabCounters;
  since: number;
  /** Per-second rates derived from offered load and policer. */
  rates: Record<Key, number>;
  /** sysUpTime (ticks) when the counters were last cleared; 0 = never since boot. */
  discontinuity: number;
}

/** Rates (per second) of one direction: offered bit/s through a policer. */
function directionRates(offeredBps: number, limitBps: number | undefined, packetBytes: number): { octets: number; passedPkts: number; droppedPkts: number; passedOctets: number } {
  const passedBps = limitBps === undefined ? offeredBps : Math.min(offeredBps, limitBps);
  const droppedBps = offeredBps - passedBps;
  return {
    octets: offeredBps / 8,
    passedOctets: passedBps / 8,
    passedPkts: passedBps / 8 / packetBytes,
    droppedPkts: droppedBps / 8 / packetBytes,
  };
}

/** The state of a simulated switch's counters over time. */
export class TrafficModel {
  readonly #clock: () => number;
  readonly #ifs: IfState[];
  readonly #byName = new Map<string, IfState>();
  readonly #children = new Map<string, IfState[]>();
  /** Counters computed for one `now` (a bulk walk reads each row once per column). */
  readonly #memo = new Map<IfState, { now: number; counters: LabCounters }>();
  #bootAt: number;
  #boots = 1;
  #layout = 0;

  constructor(model: LabDeviceModel, clock: () => number) {
    this.#clock = clock;
    this.#bootAt = clock();
    const initial = model.initialCounter ?? 0n;
    this.#ifs = model.interfaces.map((spec, i) => {
      const base = ZERO();
      for (const k of KEYS) base[k] = k.endsWith('DroppedOctets') ? 0n : initial;
      const st: IfState = {
        spec,
        ifIndex: i + 1,
        offered: { inBps: 0, outBps: 0 },
        policer: undefined,
        base,
        since: this.#bootAt,
        rates: { inOctets: 0, inUcastPkts: 0, inDiscards: 0, outOctets: 0, outUcastPkts: 0, outDiscards: 0, inDroppedOctets: 0, outDroppedOctets: 0 },
        discontinuity: 0,
      };
      if (this.#byName.has(spec.name)) throw new Error(`lab model: duplicate interface name ${spec.name}`);
      this.#byName.set(spec.name, st);
      return st;
    });
    for (const st of this.#ifs) {
      const parent = st.spec.parent;
      if (parent === undefined) continue;
      if (!this.#byName.has(parent)) throw new Error(`lab model: ${st.spec.name} has unknown parent ${parent}`);
      const list = this.#children.get(parent) ?? [];
      list.push(st);
      this.#children.set(parent, list);
    }
  }

  /** Milliseconds since the last (re)boot. */
  uptimeMs(now = this.#clock()): number {
    return now - this.#bootAt;
  }

  /** sysUpTime in TimeTicks. */
  sysUpTime(now = this.#clock()): number {
    return Math.floor(this.uptimeMs(now) / 10) % 2 ** 32;
  }

  /** Changes whenever ifIndexes are reassigned or policers change, so views can cache their sorted rows. */
  get layoutVersion(): number {
    return this.#layout;
  }

  /** SNMPv3 snmpEngineBoots: 1 at start, +1 per reboot. */
  get boots(): number {
    return this.#boots;
  }

  interfaces(): readonly { readonly ifIndex: number; readonly spec: LabInterfaceSpec; readonly discontinuity: number; readonly policer: PolicerSpec | undefined }[] {
    return this.#ifs;
  }

  #state(name: string): IfState {
    const st = this.#byName.get(name);
    if (!st) throw new Error(`lab model: no interface named ${name}; known: ${[...this.#byName.keys()].join(', ')}`);
    return st;
  }

  /** Moves an interface's counters to `now` and recomputes its rates. */
  #checkpoint(st: IfState, now: number): void {
    this.#memo.clear();
    st.base = this.#own(st, now);
    st.since = now;
  }

  #recompute(st: IfState): void {
    const pb = st.offered.packetBytes ?? 500;
    const i = directionRates(st.offered.inBps, st.policer?.inBps, pb);
    const o = directionRates(st.offered.outBps, st.policer?.outBps, pb);
    // ifInOctets counts everything received (discarded packets too); ifOutOctets only what was sent.
    st.rates = {
      inOctets: i.octets,
      inUcastPkts: i.passedPkts,
      inDiscards: i.droppedPkts,
      outOctets: o.passedOctets,
      outUcastPkts: o.passedPkts,
      outDiscards: o.droppedPkts,
      inDroppedOctets: i.octets - i.passedOctets,
      outDroppedOctets: o.octets - o.passedOctets,
    };
  }

  /** Sets the traffic offered to an interface from now on. */
  setOffered(name: string, offered: OfferedLoad): void {
    const st = this.#state(name);
    this.#checkpoint(st, this.#clock());
    st.offered = offered;
    this.#recompute(st);
  }

  /** Sets (or with undefined removes) an interface's policer from now on. */
  setPolicer(name: string, policer: PolicerSpec | undefined): void {
    const st = this.#state(name);
    this.#checkpoint(st, this.#clock());
    st.policer = policer;
    this.#recompute(st);
    this.#layout++; // the QoS tables' rows follow the policers
  }

  /** The current policer of an interface. */
  policer(name: string): PolicerSpec | undefined {
    return this.#state(name).policer;
  }

  /**
   * Reboots the switch: counters restart from 0, sysUpTime from 0, engineBoots + 1. With
   * `renumber`, ifIndexes are reassigned (reverse order), as some platforms do after a reboot.
   */
  reboot(options: { readonly renumber?: boolean } = {}): void {
    const now = this.#clock();
    this.#memo.clear();
    this.#bootAt = now;
    this.#boots++;
    for (const st of this.#ifs) {
      st.base = ZERO();
      st.since = now;
      st.discontinuity = 0;
    }
    if (options.renumber) {
      const n = this.#ifs.length;
      this.#ifs.forEach((st, i) => (st.ifIndex = n - i + 1000));
      this.#layout++;
    }
  }

  /** Clears one interface's counters (`reset counters`): ifCounterDiscontinuityTime becomes now. */
  clearCounters(name: string): void {
    const st = this.#state(name);
    const now = this.#clock();
    this.#memo.clear();
    st.base = ZERO();
    st.since = now;
    st.discontinuity = Math.max(1, this.sysUpTime(now));
  }

  #own(st: IfState, now: number): LabCounters {
    const dt = Math.max(0, now - st.since) / 1000;
    const out = ZERO();
    for (const k of KEYS) out[k] = st.base[k] + BigInt(Math.floor(st.rates[k] * dt));
    return out;
  }

  /** The counters of an interface at `now`: its own traffic plus that of its subinterfaces. */
  counters(name: string, now = this.#clock()): LabCounters {
    const st = this.#state(name);
    const memo = this.#memo.get(st);
    if (memo && memo.now === now) return { ...memo.counters };
    const total = this.#own(st, now);
    for (const child of this.#children.get(name) ?? []) {
      const c = this.counters(child.spec.name, now);
      for (const k of KEYS) total[k] += c[k];
    }
    if (this.#memo.size > 10_000) this.#memo.clear();
    this.#memo.set(st, { now, counters: total });
    return { ...total };
  }
}
