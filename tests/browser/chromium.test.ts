import { existsSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findChromium, launchChromium, NO_CHROMIUM_MESSAGE, requireChromiumInCi, screenshotPath } from './chromium.js';

requireChromiumInCi();
const chromiumPath = findChromium();
if (chromiumPath === undefined) console.warn(NO_CHROMIUM_MESSAGE);

describe.skipIf(chromiumPath === undefined)('Chromium under playwright-core', () => {
  it('runs a page script, answers a click and saves a screenshot', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.setContent('<button onclick="this.textContent = String(6 * 7)">click</button>');
      await page.click('button');
      expect(await page.textContent('button')).toBe('42');
      const file = screenshotPath('chromium-smoke');
      await page.screenshot({ path: file });
      expect(existsSync(file) && statSync(file).size > 0).toBe(true);
    } finally {
      await browser.close();
    }
  });
});
