/**
 * A small Dockerfile reader for the build dry-run test: instructions (continuations joined,
 * comments dropped) grouped by stage, with the paths each stage is known to hold.
 */

/** One instruction, e.g. `{ op: 'COPY', args: ['--from=build', '/src/dist', './dist'] }`. */
export interface Instruction {
  readonly op: string;
  readonly args: readonly string[];
  readonly raw: string;
  readonly line: number;
}

/** One build stage. */
export interface Stage {
  readonly name: string;
  readonly base: string;
  readonly instructions: Instruction[];
}

/** Splits a Dockerfile into stages of instructions. */
export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let raw = lines[i] ?? '';
    if (/^\s*(#|$)/.test(raw)) continue;
    while (raw.trimEnd().endsWith('\\') && i + 1 < lines.length) {
      raw = `${raw.trimEnd().slice(0, -1).trimEnd()} ${(lines[++i] ?? '').trim()}`;
    }
    const [op = '', ...args] = raw.trim().split(/\s+/);
    const instruction = { op: op.toUpperCase(), args, raw: raw.trim(), line: start + 1 };
    if (instruction.op === 'FROM') {
      const as = args.findIndex((a) => a.toUpperCase() === 'AS');
      stages.push({ name: as >= 0 ? (args[as + 1] ?? '') : String(stages.length), base: args[0] ?? '', instructions: [] });
    } else {
      const stage = stages[stages.length - 1];
      if (stage === undefined) throw new Error(`line ${start + 1}: ${op} before FROM`);
      stage.instructions.push(instruction);
    }
  }
  return stages;
}

/** Resolves `path` against the working directory `cwd` (both POSIX). */
export function resolveIn(cwd: string, path: string): string {
  const parts = (path.startsWith('/') ? path : `${cwd}/${path}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return `/${out.join('/')}`;
}

/** The COPY sources and destination of an instruction, and its `--from` stage if any. */
export function copyParts(i: Instruction): { from?: string; sources: string[]; dest: string } {
  const plain = i.args.filter((a) => !a.startsWith('--'));
  const from = i.args.find((a) => a.startsWith('--from='))?.slice('--from='.length);
  return { ...(from === undefined ? {} : { from }), sources: plain.slice(0, -1), dest: plain[plain.length - 1] ?? '' };
}
