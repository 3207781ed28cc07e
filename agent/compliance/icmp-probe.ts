/**
 * The active ICMP probe of `ecpa check --probe-icmp TARGET`: sends ICMP echo requests at a set rate
 * above 500/s for a few seconds towards an address behind the partner's access device and measures
 * the reply rate. Replies at more than 500/s with no loss prove no limiter at or below 500 pps sits
 * in the path (the partner guide: "ensure that the rate limit is greater than 500 ICMP ECHO
 * REQUEST packets per second").
 *
 * Node has no raw sockets, so the probe drives iputils `ping` (Debian `iputils-ping`): a few ping
 * processes at once, each at an interval of at least 2 ms (the least iputils allows a non-root
 * user), together aiming 25 % above the requested rate (ping's pacing only ever falls short). ping needs CAP_NET_RAW (root, or the file capability
 * Debian gives /usr/bin/ping) or ICMP datagram sockets allowed by net.ipv4.ping_group_range;
 * without them it fails and the probe says so (ProbeError NO_CAPABILITY). Rates are what ping
 * really achieved (its `time` summary), never the nominal ones; a run that could not send more
 * than 500/s proves nothing and is reported inconclusive.
 */
import { spawn } from 'node:child_process';

/** Bounds of the probe: above the floor, and short (a probe must never become a flood). */
export const PROBE_FLOOR_PPS = 500;
export const PROBE_MAX_PPS = 5000;
export const PROBE_MAX_SECONDS = 10;
/** Requests per second one ping process is asked for (its interval stays well above 2 ms). */
const PER_WORKER_PPS = 150;
/** ping's pacing only ever falls short (it oversleeps, more on a loaded host): plan this much above the rate asked. */
const HEADROOM = 1.25;
/** ping oversleeps each interval by about this much on Linux (measured: 2 ms → 3.5 ms); subtracted so the sum reaches the rate. */
const PING_OVERSLEEP_S = 0.0015;
/** ping -W: how long ping waits for a late reply (seconds). */
const REPLY_WAIT_S = 1;
/** Loss tolerated before a run fails (a lost reply on a loaded host is not a limiter). */
const MAX_LOSS_PERCENT = 2;

export type ProbeErrorCode = 'BAD_OPTION' | 'NO_PING' | 'NO_CAPABILITY' | 'PING_FAILED';

/** The probe could not run (bad option, no ping, no permission). */
export class ProbeError extends Error {
  override readonly name = 'ProbeError';
  readonly code: ProbeErrorCode;
  constructor(code: ProbeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export interface ProbeOptions {
  /** IPv4 or IPv6 address (a literal: the probe never resolves names, so it hits exactly what was named). */
  readonly target: string;
  /** Echo requests per second, 501..5000 (default 600). */
  readonly ratePps: number;
  /** Duration, 1..10 s (default 3). */
  readonly seconds: number;
}

/** How the requests are spread over ping processes. */
export interface ProbePlan {
  readonly workers: number;
  /** Per worker. */
  readonly count: number;
  /** Seconds between requests of one worker, as passed to ping -i. */
  readonly interval: number;
}

/** One ping's summary line. */
export interface PingSummary {
  readonly transmitted: number;
  readonly received: number;
  readonly timeMs: number;
}

export interface ProbeResult {
  readonly target: string;
  readonly requestedPps: number;
  readonly seconds: number;
  readonly plan: ProbePlan;
  readonly transmitted: number;
  readonly received: number;
  readonly lossPercent: number;
  /** What was really sent and answered per second over the run. */
  readonly sendPps: number;
  readonly replyPps: number;
  /** pass: replies above 500/s without loss; fail: a limit (or loss) shows; inconclusive: could not send above 500/s. */
  readonly verdict: 'pass' | 'fail' | 'inconclusive';
  readonly message: string;
  /** The commands run, for the evidence. */
  readonly commands: readonly string[];
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6 = /^[0-9A-Fa-f:.]+$/;

/** Checks the options; throws ProbeError BAD_OPTION naming the allowed values. */
export function checkProbeOptions(o: ProbeOptions): void {
  if (!IPV4.test(o.target) && !(o.target.includes(':') && IPV6.test(o.target))) {
    throw new ProbeError('BAD_OPTION', `--probe-icmp: '${o.target}' is not an IPv4 or IPv6 address (names are not resolved)`);
  }
  if (!Number.isInteger(o.ratePps) || o.ratePps <= PROBE_FLOOR_PPS || o.ratePps > PROBE_MAX_PPS) {
    throw new ProbeError('BAD_OPTION', `--probe-rate: must be an integer above ${PROBE_FLOOR_PPS} and at most ${PROBE_MAX_PPS} pps, got ${o.ratePps}`);
  }
  if (!Number.isInteger(o.seconds) || o.seconds < 1 || o.seconds > PROBE_MAX_SECONDS) {
    throw new ProbeError('BAD_OPTION', `--probe-seconds: must be an integer 1..${PROBE_MAX_SECONDS}, got ${o.seconds}`);
  }
}

/** The spread of `ratePps` × `seconds` requests over ping processes. Pure. */
export function probePlan(o: Pick<ProbeOptions, 'ratePps' | 'seconds'>, headroom = HEADROOM): ProbePlan {
  const aim = Math.min(o.ratePps * headroom, PROBE_MAX_PPS);
  const workers = Math.ceil(aim / PER_WORKER_PPS);
  const count = Math.ceil((aim * o.seconds) / workers);
  const interval = Math.max(0.002, workers / aim - PING_OVERSLEEP_S);
  return { workers, count, interval: Math.round(interval * 10000) / 10000 };
}

/** The argv of one ping worker. */
export function pingArgs(target: string, plan: ProbePlan): string[] {
  return ['-n', '-q', ...(target.includes(':') ? ['-6'] : ['-4']), '-c', String(plan.count), '-i', String(plan.interval), '-W', String(REPLY_WAIT_S), target];
}

/** Parses iputils' summary ("N packets transmitted, M received, …, time Tms"); undefined when absent. */
export function parsePingSummary(output: string): PingSummary | undefined {
  const m = /(\d+) packets transmitted, (\d+) (?:packets )?received(?:, \+\d+ errors)?(?:, \+\d+ duplicates)?, [\d.]+% packet loss(?:, time (\d+)ms)?/.exec(output);
  if (!m) return undefined;
  return { transmitted: Number(m[1]), received: Number(m[2]), timeMs: Number(m[3] ?? 0) };
}

/** Judges the workers' summaries. Pure. */
export function judgeProbe(o: ProbeOptions, plan: ProbePlan, summaries: readonly PingSummary[], commands: readonly string[]): ProbeResult {
  const transmitted = summaries.reduce((s, x) => s + x.transmitted, 0);
  const received = summaries.reduce((s, x) => s + x.received, 0);
  // The sending window: ping's `time` runs from the first request to the last one sent (the final wait for late replies is not in it).
  const windowS = Math.max(...summaries.map((x) => x.timeMs), 1) / 1000;
  const sendPps = Math.round(transmitted / windowS);
  const replyPps = Math.round(received / windowS);
  const lossPercent = transmitted === 0 ? 100 : Math.round(((transmitted - received) / transmitted) * 1000) / 10;
  const base = { target: o.target, requestedPps: o.ratePps, seconds: o.seconds, plan, transmitted, received, lossPercent, sendPps, replyPps, commands };
  if (sendPps <= PROBE_FLOOR_PPS) {
    return { ...base, verdict: 'inconclusive', message: `could send only ${sendPps} echo requests/s (asked ${o.ratePps}): no more than ${PROBE_FLOOR_PPS}/s, so the path's limit was not tested` };
  }
  if (replyPps > PROBE_FLOOR_PPS && lossPercent <= MAX_LOSS_PERCENT) {
    return { ...base, verdict: 'pass', message: `${replyPps} replies/s to ${sendPps} echo requests/s for ${o.seconds} s (${lossPercent}% loss): no limit at or below ${PROBE_FLOOR_PPS} pps in the path` };
  }
  return {
    ...base,
    verdict: 'fail',
    message: replyPps <= PROBE_FLOOR_PPS
      ? `only ${replyPps} replies/s to ${sendPps} echo requests/s (${lossPercent}% loss): something limits ICMP at or below ${PROBE_FLOOR_PPS} pps`
      : `${lossPercent}% of ${sendPps} echo requests/s lost (${replyPps} replies/s): more than ${MAX_LOSS_PERCENT}% loss, a limiter or drops in the path`,
  };
}

/** Runs `argv` and returns its stdout+stderr and exit code. */
function run(argv: readonly string[], signal: AbortSignal): Promise<{ output: string; code: number | null; spawnError?: NodeJS.ErrnoException }> {
  return new Promise((resolve) => {
    const [cmd, ...args] = argv;
    const child = spawn(cmd ?? 'ping', args, { stdio: ['ignore', 'pipe', 'pipe'], signal, env: { ...process.env, LC_ALL: 'C' } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
    child.on('error', (e: NodeJS.ErrnoException) => resolve({ output, code: null, spawnError: e }));
    child.on('close', (code) => resolve({ output, code }));
  });
}

const PERMISSION = /Operation not permitted|permission denied|cannot flood|socket: /i;

/**
 * Runs the probe. `wrap` prefixes every ping command (tests run it inside a network namespace:
 * `['ip', 'netns', 'exec', NS]`). Throws ProbeError NO_PING, NO_CAPABILITY or PING_FAILED.
 */
export async function runIcmpProbe(o: ProbeOptions, signal: AbortSignal, wrap: readonly string[] = [], ping = 'ping'): Promise<ProbeResult> {
  checkProbeOptions(o);
  const first = await attempt(o, probePlan(o), signal, wrap, ping);
  if (first.sendPps >= o.ratePps * 0.9 || first.sendPps === 0) return first;
  // ping fell short of the rate (a loaded host oversleeps more): one more run, scaled by the shortfall.
  const headroom = Math.min((HEADROOM * o.ratePps * 1.1) / first.sendPps, PROBE_MAX_PPS / o.ratePps);
  const second = await attempt(o, probePlan(o, headroom), signal, wrap, ping);
  return { ...second, commands: [...first.commands.map((c) => `${c} (sent ${first.sendPps}/s: below the rate, repeated)`), ...second.commands] };
}

async function attempt(o: ProbeOptions, plan: ProbePlan, signal: AbortSignal, wrap: readonly string[], ping: string): Promise<ProbeResult> {
  const argv = [...wrap, ping, ...pingArgs(o.target, plan)];
  const runs = await Promise.all(Array.from({ length: plan.workers }, () => run(argv, signal)));
  const summaries: PingSummary[] = [];
  for (const r of runs) {
    if (r.spawnError) {
      throw r.spawnError.code === 'ENOENT'
        ? new ProbeError('NO_PING', `cannot run '${argv[0] ?? ping}': not installed (Debian: apt-get install iputils-ping)`, { cause: r.spawnError })
        : new ProbeError('PING_FAILED', `cannot run ping: ${r.spawnError.message}`, { cause: r.spawnError });
    }
    const summary = parsePingSummary(r.output);
    if (summary === undefined) {
      const detail = r.output.trim().split('\n').slice(0, 3).join(' / ');
      if (PERMISSION.test(r.output)) {
        throw new ProbeError('NO_CAPABILITY', `ping may not send ICMP here (${detail}): the probe needs CAP_NET_RAW — run as root, or give ping the capability (setcap cap_net_raw+ep /usr/bin/ping), or allow ICMP sockets (sysctl net.ipv4.ping_group_range)`);
      }
      throw new ProbeError('PING_FAILED', `ping exited ${String(r.code)} without a summary: ${detail}`);
    }
    summaries.push(summary);
  }
  return judgeProbe(o, plan, summaries, [`${plan.workers} × ${argv.join(' ')}`]);
}
