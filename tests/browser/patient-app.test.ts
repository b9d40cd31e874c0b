/**
 * The browser patient app (examples/browser-patient-app), built with Vite and served by a bare static
 * server, books an appointment in real Chromium. The platform is the mock running in the page behind
 * MSW's service worker: the static server must see asset requests only, and every API response must
 * come from the service worker.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, launchChromium, NO_CHROMIUM_MESSAGE, requireChromiumInCi, screenshotPath } from './chromium.js';

requireChromiumInCi();
const chromiumPath = findChromium();
if (chromiumPath === undefined) console.warn(NO_CHROMIUM_MESSAGE);

const APP_ROOT = fileURLToPath(new URL('../../examples/browser-patient-app/', import.meta.url));
const OUT_DIR = fileURLToPath(new URL('../../.tmp/browser-patient-app/', import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** Serves `root` on an ephemeral port and records every path it is asked for. */
async function serveStatic(root: string): Promise<{ server: Server; origin: string; paths: string[] }> {
  const paths: string[] = [];
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://static').pathname;
    paths.push(path);
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, paths };
}

describe.skipIf(chromiumPath === undefined)('examples/browser-patient-app in Chromium', () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof serveStatic>>;

  beforeAll(async () => {
    await build({ root: APP_ROOT, mode: 'production', logLevel: 'warn', build: { outDir: OUT_DIR, emptyOutDir: true } });
    site = await serveStatic(OUT_DIR);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.server.close(resolve));
  });

  it('logs in, finds, holds and books through the MSW worker; shows DUPLICATE_BOOKING and an expired hold', async () => {
    const page: Page = await browser.newPage({ viewport: { width: 1000, height: 1100 } });
    const apiResponses: { path: string; fromServiceWorker: boolean }[] = [];
    page.on('response', (response) => {
      const path = new URL(response.url()).pathname;
      if (path.startsWith('/api/')) apiResponses.push({ path, fromServiceWorker: response.fromServiceWorker() });
    });
    const pageErrors: string[] = [];
    const consoleErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });

    const status = page.getByRole('status');
    const alert = page.getByRole('alert');
    const appointment = page.getByRole('region', { name: '3. Your appointment' });

    await page.goto(site.origin);
    await expectText(status, 'Mock platform ready');
    const sandbox = page.getByRole('region', { name: 'Sandbox' });
    expect(await sandbox.innerText()).toContain('Mock clock: 2026-06-01 08:00');
    await page.screenshot({ fullPage: true, path: screenshotPath('patient-app-1-login') });

    await page.getByRole('button', { name: 'Log in' }).click();
    await expectText(status, 'Logged in as pat_wangfang');
    await page.getByLabel('Hospital').selectOption({ label: "Qiantang Provincial People's Hospital" });
    await page.getByLabel('Department').selectOption({ label: 'Endocrinology' });
    expect(await page.getByLabel('Date').inputValue()).toBe('2026-06-01');
    await page.getByRole('button', { name: 'Find slots' }).click();
    await expectText(status, 'slots with numbers left');
    const firstRow = page.getByRole('row').nth(1);
    expect(await firstRow.innerText()).toMatch(/2026-06-01\s+08:00–09:00\s+Zhang Wei, chief physician\s+¥50\.00\s+4/);
    await page.screenshot({ fullPage: true, path: screenshotPath('patient-app-2-slots') });

    await page.getByRole('button', { name: 'Hold 2026-06-01 08:00–09:00 with Zhang Wei, chief physician' }).click();
    await expectText(status, 'Held a number');
    expect(await appointment.innerText()).toMatch(/Status\s+pending\s+Hold expires\s+2026-06-01 08:10/);
    // The list was searched again before the status said so: one number fewer in that slot.
    expect(await firstRow.innerText()).toMatch(/08:00–09:00\s+Zhang Wei, chief physician\s+¥50\.00\s+3\s/);
    await page.screenshot({ fullPage: true, path: screenshotPath('patient-app-3-held') });

    // BR-SCH-4: a second number in the same session is refused; the SDK's error code is shown.
    await page.getByRole('button', { name: 'Hold 2026-06-01 09:00–10:00 with Zhang Wei, chief physician' }).click();
    await expectText(alert, 'DUPLICATE_BOOKING: ');
    expect(await alert.textContent()).toContain('BR-SCH-4');
    await page.screenshot({ fullPage: true, path: screenshotPath('patient-app-4-duplicate-booking') });

    await page.getByRole('button', { name: 'Book this number' }).click();
    await expectText(status, 'Booked apt_');
    expect(await alert.isHidden()).toBe(true);
    const booked = await appointment.innerText();
    expect(booked).toMatch(/Status\s+booked/);
    const queueNumber = Number(/Queue number\s+(\d+)/.exec(booked)?.[1]);
    expect(queueNumber).toBeGreaterThanOrEqual(1);
    expect(await status.textContent()).toContain(`queue number ${queueNumber}`);
    await page.screenshot({ fullPage: true, path: screenshotPath('patient-app-5-booked') });

    // A hold in another session, left to lapse on the mock clock, can no longer be booked.
    await page.getByRole('button', { name: /^Hold 2026-06-01 .* with (?!Zhang Wei)/ }).first().click();
    await expectText(status, 'Held a number');
    await page.getByRole('button', { name: 'Advance the mock clock 15 minutes' }).click();
    expect(await sandbox.innerText()).toContain('Mock clock: 2026-06-01 08:15');
    await page.getByRole('button', { name: 'Book this number' }).click();
    await expectText(alert, 'INVALID_STATE_TRANSITION: ');
    expect(await appointment.innerText()).toMatch(/Status\s+cancelled \(hold-expired\)/);
    expect(await page.getByRole('button', { name: 'Book this number' }).isHidden()).toBe(true);
    await page.screenshot({ fullPage: true, path: screenshotPath('patient-app-6-hold-expired') });

    // Every API call was answered by the worker; the static server only ever served assets.
    expect(apiResponses.length).toBeGreaterThanOrEqual(8);
    expect(apiResponses.filter((r) => !r.fromServiceWorker)).toEqual([]);
    expect(site.paths.filter((path) => !/^\/(index\.html|mockServiceWorker\.js|assets\/[\w.-]+)?$/.test(path))).toEqual([]);
    expect(site.paths).toContain('/mockServiceWorker.js');
    expect(pageErrors).toEqual([]);
    // Chromium logs each error answer; the only ones are the two 409s above.
    expect(consoleErrors).toHaveLength(2);
    for (const message of consoleErrors) expect(message).toMatch(/^Failed to load resource: .*status of 409\b/);
  }, 60_000);

  it('ships the service worker script of the msw that @careloop/mocks runs in the page', () => {
    const fromMocks = createRequire(createRequire(import.meta.url).resolve('@careloop/mocks/package.json'));
    const installed = readFileSync(fromMocks.resolve('msw/mockServiceWorker.js'), 'utf8');
    expect(readFileSync(join(OUT_DIR, 'mockServiceWorker.js'), 'utf8')).toBe(installed);
    expect(installed).toContain(`PACKAGE_VERSION = '${(fromMocks('msw/package.json') as { version: string }).version}'`);
  });
});

/** Waits until the element's text contains `text` (the page updates it after each SDK call). */
async function expectText(locator: ReturnType<Page['getByRole']>, text: string): Promise<void> {
  await locator.filter({ hasText: text }).waitFor({ timeout: 15_000 });
}
