/**
 * Real-browser tests drive Debian's Chromium (`apt-get install -y chromium`, done by `.ci/run`)
 * with playwright-core, which never downloads a browser of its own. Where no Chromium exists
 * the browser suites skip with `NO_CHROMIUM_MESSAGE`; under CI a missing Chromium is a failure,
 * not a skip (`requireChromiumInCi`).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The Chromium executable: `CHROMIUM_PATH` if set, else the first Debian/Ubuntu location that exists. */
export function findChromium(): string | undefined {
  const fromEnv = process.env['CHROMIUM_PATH'];
  if (fromEnv !== undefined && fromEnv !== '') return existsSync(fromEnv) ? fromEnv : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

export const NO_CHROMIUM_MESSAGE = `Skipped: no Chromium found (looked at $CHROMIUM_PATH and ${CANDIDATES.join(', ')}). Install Debian's chromium (apt-get install -y chromium) to run the browser tests.`;

/** Under CI the browser tests must run: a missing Chromium throws instead of skipping. */
export function requireChromiumInCi(): void {
  if (process.env['CI'] === 'true' && findChromium() === undefined) {
    throw new Error(`CI=true but ${NO_CHROMIUM_MESSAGE} .ci/run installs it.`);
  }
}

/**
 * Headless Chromium with the flags this machine needs: no sandbox (CI runs as root), no GPU,
 * and no background networking (the closed network refuses Google's hosts at every start).
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (executablePath === undefined) throw new Error(NO_CHROMIUM_MESSAGE);
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

const ARTIFACTS = fileURLToPath(new URL('../../.tmp/artifacts/screenshots/', import.meta.url));

/** Where a screenshot named `name` is saved (`.tmp/artifacts/screenshots/<name>.png`, kept after the run). */
export function screenshotPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, `${name}.png`);
}
