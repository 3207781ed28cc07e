/** An in-memory SnmpTransport over a sorted OID → value table, recording every request. */
import type { BulkResponse, SnmpTransport } from '../../../../drivers/snmp/transport.js';
import type { SnmpValue, SnmpVarbind } from '../../../../drivers/snmp/varbind.js';
import { compareOidStrings } from '../../../../drivers/snmp/walk.js';

export interface FakeCall {
  readonly op: 'getBulk' | 'get';
  readonly oids: readonly string[];
}

export class FakeTransport implements SnmpTransport {
  readonly calls: FakeCall[] = [];
  closed = false;
  #entries: [string, SnmpValue][] = [];
  /** Optional override of getnext (to simulate broken agents). */
  nextOverride: ((oid: string) => SnmpVarbind | undefined) | undefined;
  /** When set, every request waits for the signal to abort (a device that never answers). */
  hang = false;

  constructor(table: Iterable<[string, SnmpValue]>) {
    this.set(table);
  }

  set(table: Iterable<[string, SnmpValue]>): void {
    this.#entries = [...table].sort((a, b) => compareOidStrings(a[0], b[0]));
  }

  next(oid: string): SnmpVarbind {
    const o = this.nextOverride?.(oid);
    if (o) return o;
    const e = this.#entries.find(([k]) => compareOidStrings(k, oid) > 0);
    return e ? { oid: e[0], value: e[1] } : { oid, value: { kind: 'endOfMibView' } };
  }

  async getBulk(oids: readonly string[], nonRepeaters: number, maxRepetitions: number, signal: AbortSignal): Promise<BulkResponse> {
    this.calls.push({ op: 'getBulk', oids });
    await this.#wait(signal);
    const non = oids.slice(0, nonRepeaters).map((o) => this.next(o));
    const columns = oids.slice(nonRepeaters).map((start) => {
      const out: SnmpVarbind[] = [];
      let cur = start;
      for (let i = 0; i < maxRepetitions; i++) {
        const vb = this.next(cur);
        out.push(vb);
        if (vb.value.kind === 'endOfMibView') break;
        cur = vb.oid;
      }
      return out;
    });
    return { nonRepeaters: non, columns };
  }

  async get(oids: readonly string[], signal: AbortSignal): Promise<readonly SnmpVarbind[]> {
    this.calls.push({ op: 'get', oids });
    await this.#wait(signal);
    return oids.map((oid) => {
      const e = this.#entries.find(([k]) => k === oid);
      return { oid, value: e ? e[1] : { kind: 'noSuchInstance' } };
    });
  }

  close(): void {
    this.closed = true;
  }

  #wait(signal: AbortSignal): Promise<void> {
    if (!this.hang) return Promise.resolve();
    return new Promise((_, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  }
}

export const c64 = (v: bigint): SnmpValue => ({ kind: 'counter64', value: v });
export const c32 = (v: number): SnmpValue => ({ kind: 'counter32', value: v });
export const int = (v: number): SnmpValue => ({ kind: 'integer', value: v });
export const gauge = (v: number): SnmpValue => ({ kind: 'gauge32', value: v });
export const ticks = (v: number): SnmpValue => ({ kind: 'timeticks', value: v });
export const str = (v: string): SnmpValue => ({ kind: 'octets', value: Buffer.from(v, 'utf8') });

export interface FakeIf {
  ifIndex: number;
  name: string;
  alias?: string;
  highSpeed?: number;
  hc?: boolean;
  inOctets: bigint;
  outOctets: bigint;
  inDiscards?: number;
  discontinuity?: number;
}

/** Builds an IF-MIB table for the fake agent. */
export function ifMib(upTime: number, ifs: readonly FakeIf[]): [string, SnmpValue][] {
  const t: [string, SnmpValue][] = [['1.3.6.1.2.1.1.3.0', ticks(upTime)], ['1.3.6.1.2.1.1.5.0', str('fake')]];
  const T = '1.3.6.1.2.1.2.2.1';
  const X = '1.3.6.1.2.1.31.1.1.1';
  for (const i of ifs) {
    const n = i.ifIndex;
    t.push([`${T}.2.${n}`, str(i.name)], [`${T}.5.${n}`, gauge(4294967295)], [`${T}.8.${n}`, int(1)]);
    t.push([`${T}.10.${n}`, c32(Number(i.inOctets % (1n << 32n)))], [`${T}.16.${n}`, c32(Number(i.outOctets % (1n << 32n)))]);
    t.push([`${T}.11.${n}`, c32(10)], [`${T}.17.${n}`, c32(20)]);
    t.push([`${T}.13.${n}`, c32(i.inDiscards ?? 0)], [`${T}.14.${n}`, c32(0)], [`${T}.19.${n}`, c32(0)], [`${T}.20.${n}`, c32(0)]);
    t.push([`${X}.1.${n}`, str(i.name)], [`${X}.18.${n}`, str(i.alias ?? '')], [`${X}.15.${n}`, gauge(i.highSpeed ?? 1000)]);
    t.push([`${X}.19.${n}`, ticks(i.discontinuity ?? 0)]);
    if (i.hc !== false) {
      t.push([`${X}.6.${n}`, c64(i.inOctets)], [`${X}.10.${n}`, c64(i.outOctets)]);
      t.push([`${X}.7.${n}`, c64(100n)], [`${X}.11.${n}`, c64(200n)]);
    }
  }
  return t;
}
