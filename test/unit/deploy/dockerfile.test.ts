/**
 * Dockerfile dry run (no Docker engine here): stages are consistent, every build-context COPY
 * source exists and is not excluded by .dockerignore, every `COPY --from` takes a path the source
 * stage really produced (a COPY into it, `npm ci` → node_modules, `tsc` → the outDir), and the
 * runtime stage is non-root with a health check and an entrypoint that the build produces.
 * Not tested here: that the image builds and runs (needs a Docker engine).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/peer.js';
import { copyParts, parseDockerfile, resolveIn, type Stage } from './dockerfile.js';

const stages = parseDockerfile(readFileSync(join(repoRoot, 'Dockerfile'), 'utf8'));
const ignored = readFileSync(join(repoRoot, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'));
const buildConfig = JSON.parse(readFileSync(join(repoRoot, 'tsconfig.json'), 'utf8')) as { compilerOptions: { outDir: string } };

/** Absolute paths a stage holds after its instructions (COPY destinations and known RUN outputs). */
function produced(stage: Stage): string[] {
  let cwd = '/';
  const paths: string[] = [];
  for (const i of stage.instructions) {
    if (i.op === 'WORKDIR') cwd = resolveIn(cwd, i.args[0] ?? '/');
    if (i.op === 'COPY') {
      const { sources, dest } = copyParts(i);
      const target = resolveIn(cwd, dest);
      // `COPY a b ./` puts a and b inside the folder; `COPY dir ./dir` puts dir's content at dir.
      if (dest.endsWith('/')) paths.push(...sources.map((s) => resolveIn(target, s.split('/').pop() ?? s)));
      else paths.push(target);
    }
    if (i.op === 'RUN' && /\bnpm ci\b/.test(i.raw)) paths.push(resolveIn(cwd, 'node_modules'));
    if (i.op === 'RUN' && /\btsc\b/.test(i.raw)) paths.push(resolveIn(cwd, buildConfig.compilerOptions.outDir));
  }
  return paths;
}

describe('Dockerfile (dry run)', () => {
  it('has deps, build and runtime stages with unique names', () => {
    expect(stages.map((s) => s.name)).toEqual(['deps', 'build', 'runtime']);
    for (const s of stages) expect(s.base).toMatch(/^node:20-/);
  });

  it('copies only existing, not ignored, build-context paths', () => {
    for (const s of stages) {
      for (const i of s.instructions.filter((x) => x.op === 'COPY' && copyParts(x).from === undefined)) {
        for (const source of copyParts(i).sources) {
          expect(existsSync(join(repoRoot, source)), `line ${i.line}: ${source}`).toBe(true);
          expect(ignored.some((g) => source === g || source.startsWith(`${g}/`)), `line ${i.line}: ${source} is in .dockerignore`).toBe(false);
        }
      }
    }
  });

  it('copies from earlier stages only what they produced', () => {
    stages.forEach((s, index) => {
      for (const i of s.instructions.filter((x) => x.op === 'COPY' && copyParts(x).from !== undefined)) {
        const { from, sources } = copyParts(i);
        const origin = stages.findIndex((o) => o.name === from);
        expect(origin, `line ${i.line}: stage ${from}`).toBeGreaterThanOrEqual(0);
        expect(origin, `line ${i.line}: ${from} comes later`).toBeLessThan(index);
        const holds = produced(stages[origin] as Stage);
        for (const source of sources) {
          expect(holds.some((p) => source === p || source.startsWith(`${p}/`)), `line ${i.line}: ${source} not produced by ${from} (has ${holds.join(', ')})`).toBe(true);
        }
      }
    });
  });

  it('runs as non-root with a health check on /healthz and an entrypoint the build produces', () => {
    const runtime = stages[stages.length - 1] as Stage;
    const op = (name: string) => runtime.instructions.filter((i) => i.op === name);
    expect(op('USER').map((u) => u.args[0])).toEqual(['node']);
    const health = op('HEALTHCHECK')[0]?.raw ?? '';
    expect(health).toContain('/opt/ecpa/healthcheck.mjs');
    expect(produced(runtime)).toContain('/opt/ecpa/healthcheck.mjs');
    expect(readFileSync(join(repoRoot, 'deploy', 'docker', 'healthcheck.mjs'), 'utf8')).toContain('/healthz');
    const entry = op('ENTRYPOINT')[0]?.raw ?? '';
    const main = /"(\/opt\/ecpa\/dist\/[^"]+\.js)"/.exec(entry)?.[1] ?? '';
    expect(main).toBe('/opt/ecpa/dist/agent/cli/main.js');
    expect(existsSync(join(repoRoot, main.replace('/opt/ecpa/dist/', '').replace(/\.js$/, '.ts')))).toBe(true);
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(`/opt/ecpa/${pkg.bin['ecpa'] ?? ''}`).toBe(main);
  });

  it('parses continuations and stages (the reader itself)', () => {
    const s = parseDockerfile('# c\nFROM a AS one\nRUN x \\\n  y\nFROM b\nCOPY --from=one /w/o ./p\n');
    expect(s.map((x) => [x.name, x.base])).toEqual([
      ['one', 'a'],
      ['1', 'b'],
    ]);
    expect(s[0]?.instructions[0]?.raw).toBe('RUN x y');
    expect(copyParts(s[1]?.instructions[0] ?? { op: '', args: [], raw: '', line: 0 })).toEqual({ from: 'one', sources: ['/w/o'], dest: './p' });
    expect(resolveIn('/src', '../x/./y')).toBe('/x/y');
  });
});
