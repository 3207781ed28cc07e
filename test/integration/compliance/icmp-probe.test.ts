/**
 * The ICMP probe against a target in a network namespace this test creates: without a limiter it
 * passes (replies above 500/s), with nftables `limit rate 300/second` on echo requests in the
 * target namespace it fails and reports about 300 replies/s. Needs root, iproute2, iputils-ping and
 * nftables (test/peers/apt-packages.txt); skipped elsewhere, except in CI where it must run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProbeError, runIcmpProbe } from '../../../agent/compliance/icmp-probe.js';
import { inCi } from '../../support/peer.js';
import { createNetnsPair, netnsUsable, type NetnsPair } from './netns.js';

const usable = netnsUsable();
if (!usable && inCi) throw new Error('the ICMP probe suite needs root, ip, ping and nft in CI');
if (!usable) process.stderr.write('icmp-probe suite skipped: needs root, iproute2, iputils-ping and nftables\n');

const LIMIT_300 = `table inet ecpa_probe_limit {
  chain input {
    type filter hook input priority 0; policy accept;
    icmp type echo-request limit rate 300/second burst 30 packets accept
    icmp type echo-request drop
  }
}
`;

describe.skipIf(!usable)('ICMP probe in network namespaces', () => {
  let pair: NetnsPair;
  beforeAll(() => { pair = createNetnsPair(); });
  afterAll(() => pair?.remove());

  it('passes when nothing limits ICMP', async () => {
    const r = await runIcmpProbe({ target: pair.targetAddress, ratePps: 600, seconds: 3 }, AbortSignal.timeout(20_000), ['ip', 'netns', 'exec', pair.a]);
    expect(r.verdict, r.message).toBe('pass');
    expect(r.sendPps).toBeGreaterThan(500);
    expect(r.replyPps).toBeGreaterThan(500);
    expect(r.lossPercent).toBeLessThanOrEqual(2);
  }, 30_000);

  it('detects a 300 pps limit on echo requests', async () => {
    pair.exec(pair.b, ['nft', '-f', '-'], LIMIT_300);
    try {
      const r = await runIcmpProbe({ target: pair.targetAddress, ratePps: 600, seconds: 3 }, AbortSignal.timeout(20_000), ['ip', 'netns', 'exec', pair.a]);
      expect(r.verdict, r.message).toBe('fail');
      expect(r.sendPps).toBeGreaterThan(500);
      expect(r.replyPps).toBeGreaterThan(250);
      expect(r.replyPps).toBeLessThan(400);
      expect(r.message).toMatch(/something limits ICMP at or below 500 pps/);
    } finally {
      pair.exec(pair.b, ['nft', 'delete', 'table', 'inet', 'ecpa_probe_limit']);
    }
  }, 30_000);

  it('fails clearly without the capability to send ICMP', async () => {
    // setpriv drops CAP_NET_RAW (and root) for ping; ICMP datagram sockets are off by default in a new namespace.
    pair.exec(pair.a, ['sysctl', '-q', '-w', 'net.ipv4.ping_group_range=1 0']);
    const wrap = ['ip', 'netns', 'exec', pair.a, 'setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all', '--bounding-set=-all'];
    await expect(runIcmpProbe({ target: pair.targetAddress, ratePps: 600, seconds: 1 }, AbortSignal.timeout(10_000), wrap)).rejects.toSatisfy(
      (e: unknown) => e instanceof ProbeError && e.code === 'NO_CAPABILITY' && /CAP_NET_RAW/.test(e.message),
    );
  }, 20_000);
});
