/**
 * The lab SNMP agent: a simulated switch answering SNMP v2c and v3 (USM authNoPriv/authPriv with
 * MD5/SHA/SHA-2 and AES-128/256) over a UDP socket on loopback, serving IF-MIB rows whose counters
 * follow the traffic model. A purpose-built responder (Get, GetNext, GetBulk; Set is refused),
 * linear in table size.
 *
 *   const sw = await startLabSnmpAgent({ model, community: 'public', users: [...] });
 *   sw.setOffered('Gi0/0/1.101', { inBps: 150e6, outBps: 10e6 });
 *   sw.setPolicer('Gi0/0/1.101', { inBps: 100e6 });   // discards rise: the tenant exceeds 100M
 *   sw.reboot(); await sw.stop();
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { BerError, decodeTlv, encInt, encNull, encOctets, encOid, encSeq, kids, readInt, readOctets, readOid, TAG, tlv, type Tlv } from './ber.js';
import { ifMibRegions } from './if-mib.js';
import { huaweiQosRegions } from './huawei-qos.js';
import { MibView, type LabValue, type Region } from './mib.js';
import { TrafficModel, type LabDeviceModel, type LabCounters, type OfferedLoad, type PolicerSpec } from './traffic.js';
import { decrypt, digest, encrypt, localizeKey, macLength, privKey, sameDigest, type LabAuthProtocol, type LabPrivProtocol } from './usm.js';

/** An SNMPv3 user of the lab agent. */
export interface LabV3User {
  readonly name: string;
  readonly level: 'authNoPriv' | 'authPriv';
  readonly authProtocol: LabAuthProtocol;
  readonly authKey: string;
  readonly privProtocol?: LabPrivProtocol;
  readonly privKey?: string;
}

export interface LabSnmpAgentOptions {
  readonly model: LabDeviceModel;
  /** UDP port; 0 (default) picks a free one. */
  readonly port?: number;
  /** Loopback address to bind (default 127.0.0.1). */
  readonly address?: string;
  /** v2c community; undefined disables v2c. */
  readonly community?: string;
  readonly users?: readonly LabV3User[];
  /** Milliseconds clock for counters and uptime (default Date.now). */
  readonly clock?: () => number;
  /** Extra MIB regions (vendor QoS tables). */
  readonly extraRegions?: (model: TrafficModel) => readonly Region[];
}

export interface LabSnmpAgent {
  readonly port: number;
  readonly address: string;
  readonly engineId: Buffer;
  readonly model: TrafficModel;
  /** Requests answered so far. */
  readonly stats: { requests: number; dropped: number; lastError?: string };
  setOffered(name: string, offered: OfferedLoad): void;
  setPolicer(name: string, policer: PolicerSpec | undefined): void;
  reboot(options?: { readonly renumber?: boolean }): void;
  clearCounters(name: string): void;
  counters(name: string): LabCounters;
  /** While true, requests are dropped unanswered (a device that stopped responding). */
  mute(on: boolean): void;
  stop(): Promise<void>;
}

const USM_STATS = [1, 3, 6, 1, 6, 3, 15, 1, 1];
const STAT = { unsupportedSecLevels: 1, notInTimeWindows: 2, unknownUserNames: 3, unknownEngineIds: 4, wrongDigests: 5, decryptionErrors: 6 } as const;
/** Largest response we build (UDP over loopback; real agents are often limited to ~1,472 or 8 KiB). */
const MAX_RESPONSE = 65_000;

function encValue(v: LabValue | undefined, missing: number): Buffer {
  if (v === undefined) return encNull(missing);
  switch (v.type) {
    case 'integer':
      return encInt(v.value);
    case 'counter32':
      return encInt(v.value, TAG.COUNTER32);
    case 'gauge32':
      return encInt(v.value, TAG.GAUGE32);
    case 'timeticks':
      return encInt(v.value, TAG.TIMETICKS);
    case 'counter64':
      return encInt(v.value, TAG.COUNTER64);
    case 'octets':
      return encOctets(v.value);
    case 'oid':
      return encOid(v.value);
  }
}

const vb = (oid: readonly number[], value: Buffer): Buffer => encSeq([encOid(oid), value]);

/** Starts a lab SNMP agent. Resolves once the socket is bound. */
export async function startLabSnmpAgent(options: LabSnmpAgentOptions): Promise<LabSnmpAgent> {
  const clock = options.clock ?? Date.now;
  const address = options.address ?? '127.0.0.1';
  if (!(address.startsWith('127.') || address === '::1')) throw new Error('lab SNMP agent binds loopback only');
  const model = new TrafficModel(options.model, clock);
  const view = new MibView([
    ...ifMibRegions(model, options.model.sysName, options.model.sysDescr ?? `ecpa lab switch ${options.model.sysName}`),
    ...(options.model.qos === 'huawei-vrp' ? huaweiQosRegions(model, options.model.qosClassifier) : []),
    ...(options.extraRegions?.(model) ?? []),
  ]);
  const engineId = Buffer.concat([Buffer.from('80001f8804', 'hex'), Buffer.from(`ecpa-${randomBytes(4).toString('hex')}`)]);
  const users = new Map((options.users ?? []).map((u) => [u.name, u]));
  const stats: { requests: number; dropped: number; lastError?: string } = { requests: 0, dropped: 0 };
  const usmCounters = new Map<number, number>();
  let muted = false;
  let saltCounter = BigInt(`0x${randomBytes(8).toString('hex')}`);

  const socket: Socket = createSocket(address.includes(':') ? 'udp6' : 'udp4');

  /** Runs one PDU against the view; returns the response varbind list (encoded) and error status/index. */
  function execute(pduTag: number, reqId: number, a: number, b: number, oids: number[][], budget: number): Buffer {
    const now = clock();
    const out: Buffer[] = [];
    let size = 0;
    let errStatus = 0;
    let errIndex = 0;
    const push = (x: Buffer): boolean => {
      if (size + x.length > budget) return false;
      out.push(x);
      size += x.length;
      return true;
    };
    if (pduTag === TAG.GET) {
      for (const oid of oids) push(vb(oid, encValue(view.get(oid, now), TAG.NO_SUCH_INSTANCE)));
    } else if (pduTag === TAG.GET_NEXT) {
      for (const oid of oids) {
        const f = view.next(oid, now);
        push(f ? vb(f.oid, encValue(f.value, 0)) : vb(oid, encNull(TAG.END_OF_MIB_VIEW)));
      }
    } else if (pduTag === TAG.GET_BULK) {
      const nonRep = Math.max(0, Math.min(a, oids.length));
      const maxRep = Math.max(0, b);
      for (let i = 0; i < nonRep; i++) {
        const oid = oids[i] as number[];
        const f = view.next(oid, now);
        push(f ? vb(f.oid, encValue(f.value, 0)) : vb(oid, encNull(TAG.END_OF_MIB_VIEW)));
      }
      const cursors = oids.slice(nonRep);
      const ended = cursors.map(() => false);
      outer: for (let r = 0; r < maxRep && cursors.length > 0; r++) {
        if (ended.every(Boolean)) break;
        for (let c = 0; c < cursors.length; c++) {
          const cur = cursors[c] as number[];
          if (ended[c]) {
            if (!push(vb(cur, encNull(TAG.END_OF_MIB_VIEW)))) break outer;
            continue;
          }
          const f = view.next(cur, now);
          if (!f) {
            ended[c] = true;
            if (!push(vb(cur, encNull(TAG.END_OF_MIB_VIEW)))) break outer;
            continue;
          }
          if (!push(vb(f.oid, encValue(f.value, 0)))) break outer;
          cursors[c] = f.oid as number[];
        }
      }
    } else if (pduTag === TAG.SET) {
      // Read-only device: notWritable (17) on the first varbind.
      errStatus = 17;
      errIndex = 1;
      for (const oid of oids) push(vb(oid, encNull()));
    }
    return tlv(TAG.RESPONSE, [encInt(reqId), encInt(errStatus), encInt(errIndex), encSeq(out)]);
  }

  function parsePdu(buf: Buffer, pdu: Tlv): { tag: number; reqId: number; a: number; b: number; oids: number[][] } {
    const [rid, a, b, list] = kids(pdu, 4);
    const oids = (list?.children ?? []).map((v) => readOid(buf, kids(v, 1)[0]));
    return { tag: pdu.tag, reqId: readInt(buf, rid), a: readInt(buf, a), b: readInt(buf, b), oids };
  }

  function handleV2c(buf: Buffer, top: readonly Tlv[], rinfo: RemoteInfo): void {
    if (options.community === undefined) return void stats.dropped++;
    const community = readOctets(buf, top[1]).toString('utf8');
    if (community !== options.community) return void stats.dropped++; // as real agents: silence
    const p = parsePdu(buf, top[2] as Tlv);
    const pdu = execute(p.tag, p.reqId, p.a, p.b, p.oids, MAX_RESPONSE - 100);
    send(encSeq([encInt(1), encOctets(community), pdu]), rinfo);
  }

  function engineTime(): number {
    return Math.floor(model.uptimeMs() / 1000);
  }

  /** Builds and sends a v3 message; authenticates and encrypts when a user is given. */
  function sendV3(
    msgId: number,
    maxSize: number,
    user: LabV3User | undefined,
    priv: boolean,
    contextName: Buffer,
    pdu: Buffer,
    rinfo: RemoteInfo,
  ): void {
    const boots = model.boots;
    const time = engineTime();
    let scoped = encSeq([encOctets(engineId), encOctets(contextName), pdu]);
    let privParams = Buffer.alloc(0);
    if (user && priv && user.privProtocol && user.privKey) {
      privParams = Buffer.alloc(8);
      privParams.writeBigUInt64BE(saltCounter);
      saltCounter = (saltCounter + 1n) & 0xffffffffffffffffn;
      const key = privKey(user.authProtocol, user.privProtocol, user.privKey, engineId);
      scoped = encOctets(encrypt(user.privProtocol, key, boots, time, privParams, scoped));
    }
    const macLen = user ? macLength(user.authProtocol) : 0;
    const authPlaceholder = encOctets(Buffer.alloc(macLen));
    const secSeq = encSeq([
      encOctets(engineId),
      encInt(boots),
      encInt(time),
      encOctets(user?.name ?? ''),
      authPlaceholder,
      encOctets(privParams),
    ]);
    const flags = (user ? 1 : 0) | (user && priv ? 2 : 0);
    const head = [encInt(3), encSeq([encInt(msgId), encInt(maxSize), encOctets(Buffer.from([flags])), encInt(3)])];
    const secOctets = encOctets(secSeq);
    const msg = encSeq([...head, secOctets, scoped]);
    if (user) {
      // Where the auth parameters' content sits: the sum of the encoded pieces before it.
      const offset =
        headerLen(msg) +
        (head[0] as Buffer).length +
        (head[1] as Buffer).length +
        headerLen(secOctets) +
        headerLen(secSeq) +
        encOctets(engineId).length +
        encInt(boots).length +
        encInt(time).length +
        encOctets(user.name).length +
        headerLen(authPlaceholder);
      const key = localizeKey(user.authProtocol, user.authKey, engineId);
      digest(user.authProtocol, key, msg).copy(msg, offset);
    }
    send(msg, rinfo);
  }

  function report(msgId: number, maxSize: number, reqId: number, stat: number, rinfo: RemoteInfo, user?: LabV3User, contextName = Buffer.alloc(0)): void {
    const count = (usmCounters.get(stat) ?? 0) + 1;
    usmCounters.set(stat, count);
    const pdu = tlv(TAG.REPORT, [encInt(reqId), encInt(0), encInt(0), encSeq([vb([...USM_STATS, stat, 0], encInt(count, TAG.COUNTER32))])]);
    sendV3(msgId, maxSize, user, false, contextName, pdu, rinfo);
  }

  function handleV3(buf: Buffer, top: readonly Tlv[], rinfo: RemoteInfo): void {
    const [gMsgId, gMax, gFlags, gModel] = kids(top[1], 4);
    const msgId = readInt(buf, gMsgId);
    const maxSize = readInt(buf, gMax);
    const flags = readOctets(buf, gFlags)[0] ?? 0;
    if (readInt(buf, gModel) !== 3) return void stats.dropped++;
    const secRaw = top[2] as Tlv;
    const sec = decodeTlv(buf, secRaw.start);
    const [sEngine, sBoots, sTime, sUser, sAuth, sPriv] = kids(sec, 6);
    const reqEngine = readOctets(buf, sEngine);
    const userName = readOctets(buf, sUser).toString('utf8');
    const auth = (flags & 1) !== 0;
    const priv = (flags & 2) !== 0;
    const scopedTlv = top[3] as Tlv;
    // The request id is readable only in plaintext scoped PDUs; reports to encrypted ones use 0.
    const plainReqId = (): number => {
      if (scopedTlv.tag !== TAG.SEQUENCE) return 0;
      const pdu = kids(scopedTlv, 3)[2];
      return pdu?.children?.[0] ? readInt(buf, pdu.children[0]) : 0;
    };
    if (reqEngine.length === 0 || !reqEngine.equals(engineId)) {
      return report(msgId, maxSize, plainReqId(), STAT.unknownEngineIds, rinfo);
    }
    const user = users.get(userName);
    if (!user) return report(msgId, maxSize, plainReqId(), STAT.unknownUserNames, rinfo);
    if (!auth || (user.level === 'authPriv' && !priv)) {
      return report(msgId, maxSize, plainReqId(), STAT.unsupportedSecLevels, rinfo);
    }
    const authParams = readOctets(buf, sAuth);
    const copy = Buffer.from(buf);
    copy.fill(0, (sAuth as Tlv).start, (sAuth as Tlv).end);
    const key = localizeKey(user.authProtocol, user.authKey, engineId);
    if (!sameDigest(digest(user.authProtocol, key, copy), authParams)) {
      return report(msgId, maxSize, 0, STAT.wrongDigests, rinfo);
    }
    const boots = readInt(buf, sBoots);
    const time = readInt(buf, sTime);
    if (boots !== model.boots || Math.abs(time - engineTime()) > 150) {
      return report(msgId, maxSize, 0, STAT.notInTimeWindows, rinfo, user);
    }
    let scopedBuf = buf;
    let scoped: Tlv = scopedTlv;
    if (priv) {
      if (!user.privProtocol || !user.privKey || scopedTlv.tag !== TAG.OCTET_STRING) {
        return report(msgId, maxSize, 0, STAT.decryptionErrors, rinfo, user);
      }
      try {
        const k = privKey(user.authProtocol, user.privProtocol, user.privKey, engineId);
        scopedBuf = decrypt(user.privProtocol, k, boots, time, readOctets(buf, sPriv), readOctets(buf, scopedTlv));
        scoped = decodeTlv(scopedBuf, 0);
      } catch {
        return report(msgId, maxSize, 0, STAT.decryptionErrors, rinfo, user);
      }
    }
    const [, ctxName, pduTlv] = kids(scoped, 3);
    const contextName = readOctets(scopedBuf, ctxName);
    const p = parsePdu(scopedBuf, pduTlv as Tlv);
    const budget = Math.min(MAX_RESPONSE, Math.max(484, maxSize)) - 200;
    const pdu = execute(p.tag, p.reqId, p.a, p.b, p.oids, budget);
    sendV3(msgId, maxSize, user, priv, Buffer.from(contextName), pdu, rinfo);
  }

  function send(msg: Buffer, rinfo: RemoteInfo): void {
    stats.requests++;
    socket.send(msg, rinfo.port, rinfo.address);
  }

  socket.on('message', (buf, rinfo) => {
    if (muted) return void stats.dropped++;
    try {
      const msg = decodeTlv(buf, 0);
      const top = kids(msg, 3);
      const version = readInt(buf, top[0]);
      if (version === 1) handleV2c(buf, top, rinfo);
      else if (version === 3) handleV3(buf, kids(msg, 4), rinfo);
      else stats.dropped++; // SNMPv1 is not served: the poller must speak v2c or v3
    } catch (error: unknown) {
      // Malformed input is dropped, as an agent does (snmpInASNParseErrs); anything else is a lab bug, kept for tests to see.
      stats.dropped++;
      if (!(error instanceof BerError)) stats.lastError = error instanceof Error ? error.message : String(error);
    }
  });

  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(options.port ?? 0, address, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  const port = socket.address().port;

  return {
    port,
    address,
    engineId,
    model,
    stats,
    setOffered: (name, offered) => model.setOffered(name, offered),
    setPolicer: (name, policer) => model.setPolicer(name, policer),
    reboot: (o) => model.reboot(o),
    clearCounters: (name) => model.clearCounters(name),
    counters: (name) => model.counters(name),
    mute: (on) => {
      muted = on;
    },
    stop: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

/** Length of a TLV's header (tag + length bytes). */
function headerLen(encoded: Buffer): number {
  const l = encoded[1] as number;
  return 2 + (l & 0x80 ? l & 0x7f : 0);
}
