/**
 * What a live compliance run of the daemon costs in CPU, device I/O aside, for the daemon
 * benchmark's partner of N shared ports (test/bench/daemon/partner.ts): the evaluation of every
 * rule against the evidence of a compliant fleet (as the daemon does it, one rule at a time — the
 * slowest rule is the longest the event loop waits), the exported verdicts built from it, and a
 * scrape of /metrics without and with those verdicts (size, render time). The evidence is built
 * from the ledger (the live rules' test fixture), so the NETCONF and SNMP reads are not in it.
 * Figures: docs/benchmarks/daemon.md.
 *
 *   node --import tsx test/bench/daemon/live-compliance.ts --sizes 10000,50000 --reps 3
 */
import { parseArgs } from 'node:util';
import { daemonVerdicts } from '../../../agent/compliance/metrics.js';
import { evaluateStepwise } from '../../../agent/daemon/live-compliance.js';
import { renderSnapshot } from '../../../agent/metrics/render.js';
import { evaluateOffline } from '../../../policies/compliance/evaluate.js';
import { evaluateLive } from '../../../policies/compliance/live/evaluate.js';
import { RULES } from '../../../policies/compliance/registry.js';
import { compliantEvidence } from '../../unit/policies/compliance/live/fixture.js';
import { fleetSnapshot } from '../metrics/fleet.js';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10000,50000' }, reps: { type: 'string', default: '3' } } });
const sizes = (values.sizes ?? '').split(',').map(Number);
const reps = Number(values.reps);
if (sizes.some((n) => !Number.isSafeInteger(n) || n < 100) || !Number.isSafeInteger(reps) || reps < 1) throw new Error('--sizes takes shared-port counts (at least 100 each), --reps a whole number');

const ms = (from: number): number => performance.now() - from;
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const build = { version: 'bench', nodeVersion: process.version };

console.log(`Node.js ${process.version}, median of ${reps} repetitions`);
console.log('| shared ports | verdicts exported | evaluation, all rules (ms) | slowest rule (ms) | verdicts built (ms) | scrape without / with live verdicts (MB) | render without / with (ms) |');
console.log('|---|---|---|---|---|---|---|');
for (const ports of sizes) {
  const snapshot = fleetSnapshot(ports);
  const ledger = snapshot.ledger;
  if (ledger === undefined) throw new Error('no ledger');
  const live = compliantEvidence(ledger);
  const offline = evaluateOffline({ ledger }).rules;
  const evaluation: number[] = [];
  const slowest: number[] = [];
  const verdictMs: number[] = [];
  const renderWithout: number[] = [];
  const renderWith: number[] = [];
  let verdicts = 0;
  let sizeWithout = 0;
  let sizeWith = 0;
  for (let r = 0; r < reps; r++) {
    let t = performance.now();
    const report = await evaluateStepwise(ledger, live, RULES, new AbortController().signal);
    evaluation.push(ms(t));
    if (report === undefined) throw new Error('evaluation cancelled');
    let worst = { id: '', ms: 0 };
    for (const rule of RULES) {
      t = performance.now();
      evaluateLive({ ledger, live }, [rule]);
      const took = ms(t);
      if (took > worst.ms) worst = { id: rule.id, ms: took };
    }
    slowest.push(worst.ms);
    t = performance.now();
    const exported = daemonVerdicts(offline, report.rules);
    verdictMs.push(ms(t));
    verdicts = exported.length;
    t = performance.now();
    sizeWithout = renderSnapshot({ ...snapshot, compliance: daemonVerdicts(offline, undefined) }, build).length;
    renderWithout.push(ms(t));
    t = performance.now();
    sizeWith = renderSnapshot({ ...snapshot, compliance: exported }, build).length;
    renderWith.push(ms(t));
  }
  const f = (x: number): string => x.toFixed(0);
  console.log(`| ${ports} | ${verdicts} | ${f(median(evaluation))} | ${f(median(slowest))} | ${f(median(verdictMs))} | ${(sizeWithout / 1e6).toFixed(0)} / ${(sizeWith / 1e6).toFixed(0)} | ${f(median(renderWithout))} / ${f(median(renderWith))} |`);
}
