/**
 * The ICMP probe's result as a rule result (`icmp-probe`, listed only when `--probe-icmp` was
 * given): pass, fail, or not-evaluated when the run was inconclusive or the probe could not run.
 */
import type { LiveRuleResult } from '../../policies/compliance/live/evaluate.js';
import type { Finding } from '../../policies/compliance/types.js';
import type { ProbeResult } from './icmp-probe.js';

export const ICMP_PROBE_RULE = {
  id: 'icmp-probe',
  title: 'Active probe: more than 500 ICMP echo requests per second are answered through the path',
  guide: 'If the partner network rate-limits the internet control message protocol (ICMP), ensure that the rate limit is greater than 500 ICMP ECHO REQUEST packets per second.',
  needs: 'devices',
} as const;

/** The rule result of a probe run, or of a probe that could not run (`error`). */
export function probeRuleResult(target: string, outcome: ProbeResult | { readonly error: string }): LiveRuleResult {
  const subject = { kind: 'address', id: target } as const;
  let finding: Finding;
  if ('error' in outcome) {
    finding = { ruleId: ICMP_PROBE_RULE.id, subject, verdict: 'not-evaluated', message: `the probe could not run: ${outcome.error}`, reason: outcome.error, evidence: {} };
  } else {
    const evidence = {
      requestedPps: outcome.requestedPps,
      seconds: outcome.seconds,
      sentRequests: outcome.transmitted,
      receivedReplies: outcome.received,
      lossPercent: outcome.lossPercent,
      sendPps: outcome.sendPps,
      replyPps: outcome.replyPps,
      commands: outcome.commands,
    };
    finding = outcome.verdict === 'inconclusive'
      ? { ruleId: ICMP_PROBE_RULE.id, subject, verdict: 'not-evaluated', message: outcome.message, reason: outcome.message, evidence }
      : { ruleId: ICMP_PROBE_RULE.id, subject, verdict: outcome.verdict, message: outcome.message, evidence };
  }
  return { ...ICMP_PROBE_RULE, verdict: finding.verdict, findings: [finding] };
}
