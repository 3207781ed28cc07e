/**
 * Renders an HTML file in headless Chromium (Debian package `chromium`): a PNG screenshot and the
 * DOM after parsing. Each run gets a new, empty profile folder and runs with every background
 * service off, so it talks to no network.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The Chromium binary (Debian: /usr/bin/chromium). */
export const CHROMIUM = process.env['ECPA_CHROMIUM'] ?? 'chromium';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--hide-scrollbars'];

async function chromium(args: readonly string[]): Promise<string> {
  const profile = mkdtempSync(join(tmpdir(), 'ecpa-chromium-'));
  try {
    const { stdout } = await run(CHROMIUM, [...FLAGS, `--user-data-dir=${profile}`, ...args], { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Chromium's version line, or undefined when it cannot run. */
export async function chromiumVersion(): Promise<string | undefined> {
  try {
    return (await run(CHROMIUM, ['--version'], { timeout: 20_000 })).stdout.trim();
  } catch {
    return undefined;
  }
}

/** Screenshot of `htmlFile` at `width`×`height` into `pngFile`. */
export async function screenshot(htmlFile: string, pngFile: string, width = 1280, height = 1600): Promise<void> {
  await chromium([`--screenshot=${pngFile}`, `--window-size=${width},${height}`, `file://${htmlFile}`]);
}

/** The DOM of `htmlFile` after Chromium parsed it, serialised. */
export async function dumpDom(htmlFile: string): Promise<string> {
  return chromium(['--dump-dom', `file://${htmlFile}`]);
}
