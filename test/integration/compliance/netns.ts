/**
 * Two network namespaces joined by a veth pair, made and removed by the test itself (root only):
 * the prober in `a` (198.18.0.1/30), the target in `b` (198.18.0.2/30). Names carry the pid so two
 * runs never collide; `remove()` deletes only the namespaces this instance created.
 */
import { execFileSync } from 'node:child_process';

export interface NetnsPair {
  readonly a: string;
  readonly b: string;
  readonly targetAddress: string;
  /** Runs `argv` inside namespace `ns`. */
  exec(ns: string, argv: readonly string[], input?: string): string;
  remove(): void;
}

let serial = 0;

/** Creates the pair. Throws (with the command's stderr) when the host refuses. */
export function createNetnsPair(): NetnsPair {
  const id = `${process.pid}-${++serial}`;
  const a = `ecpa-probe-${id}-a`;
  const b = `ecpa-probe-${id}-b`;
  const sh = (argv: readonly string[], input?: string): string =>
    execFileSync(argv[0] ?? 'false', argv.slice(1), { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], ...(input !== undefined ? { input } : {}) });
  const made: string[] = [];
  const remove = (): void => {
    for (const ns of made.splice(0)) {
      try { sh(['ip', 'netns', 'del', ns]); } catch { /* already gone */ }
    }
  };
  try {
    sh(['ip', 'netns', 'add', a]); made.push(a);
    sh(['ip', 'netns', 'add', b]); made.push(b);
    const va = `ev${serial}a${process.pid % 100000}`;
    const vb = `ev${serial}b${process.pid % 100000}`;
    sh(['ip', 'link', 'add', va, 'netns', a, 'type', 'veth', 'peer', 'name', vb, 'netns', b]);
    sh(['ip', '-n', a, 'addr', 'add', '198.18.0.1/30', 'dev', va]);
    sh(['ip', '-n', b, 'addr', 'add', '198.18.0.2/30', 'dev', vb]);
    for (const [ns, dev] of [[a, va], [b, vb], [a, 'lo'], [b, 'lo']] as const) sh(['ip', '-n', ns, 'link', 'set', dev, 'up']);
  } catch (error: unknown) {
    remove();
    throw error;
  }
  return { a, b, targetAddress: '198.18.0.2', exec: (ns, argv, input) => sh(['ip', 'netns', 'exec', ns, ...argv], input), remove };
}

/** True when this process may create namespaces and the tools exist. */
export function netnsUsable(): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('ip', ['-V'], { stdio: 'ignore' });
    execFileSync('ping', ['-V'], { stdio: 'ignore' });
    execFileSync('nft', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
