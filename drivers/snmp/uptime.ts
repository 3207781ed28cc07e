/** sysUpTime arithmetic shared by the poller (static-column refresh) and the rate maths (baselines). */

const TWO_32_TICKS = 2 ** 32;
/** 2 s of tolerance: skew between our clock and the agent's, and agents that cache sysUpTime. */
const SLACK_TICKS = 200;

/**
 * True when the agent restarted between two readings of sysUpTime (TimeTicks, 1/100 s) taken
 * `elapsedMs` apart: it went back (and that is not its 2^32-tick wrap after ~497 days), or it is
 * shorter than the elapsed time (the agent booted after the previous reading, so the value may
 * even be larger than before).
 */
export function isReboot(prevTicks: number, curTicks: number, elapsedMs: number): boolean {
  const elapsedTicks = Math.max(0, elapsedMs / 10);
  if (curTicks < prevTicks) {
    const wrapped = curTicks + TWO_32_TICKS - prevTicks;
    const isWrap = prevTicks > TWO_32_TICKS - elapsedTicks - SLACK_TICKS && wrapped <= elapsedTicks + SLACK_TICKS;
    return !isWrap;
  }
  return curTicks + SLACK_TICKS < elapsedTicks;
}
