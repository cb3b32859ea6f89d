import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { settle, useBrowser } from './browsers';

/**
 * The toolbar popup, opened for real (chrome.action.openPopup from the service worker, Chromium):
 * counts for the page, and the per-site switch that takes the sidebar down and keeps it away.
 */
const WAIT = 15_000;

describe('chromium popup', () => {
  const ctx = useBrowser('chromium');

  async function openPopup(): Promise<Page> {
    const sw = await ctx.b.browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'));
    const worker = await sw.worker();
    await worker!.evaluate(() => (globalThis as unknown as { chrome: { action: { openPopup: () => Promise<void> } } }).chrome.action.openPopup());
    const target = await ctx.b.browser.waitForTarget((t) => t.url().endsWith('popup/popup.html'), { timeout: 5000 });
    const popup = (await target.asPage())!;
    await popup.waitForSelector('input[type="checkbox"]');
    return popup;
  }

  it('shows the page counts, and switching the site off removes the sidebar and keeps it off', async () => {
    const page = await ctx.b.browser.newPage();
    await page.goto(ctx.server.url('demo'));
    await settle(page, WAIT);
    await page.bringToFront();
    const count = await page.$eval('[data-ai-news-lens="sidebar"]', (el) => el.getAttribute('data-entity-count'));

    let popup = await openPopup();
    expect(await popup.evaluate(() => document.body.innerText)).toContain(`${count} entities on this page`);
    const siteBox = await popup.waitForSelector('input[name="site-enabled"]');
    expect(await siteBox!.evaluate((el) => (el as HTMLInputElement).checked)).toBe(true);
    await siteBox!.click();
    await page.waitForFunction(() => !document.querySelector('[data-ai-news-lens]'), { timeout: 5000 });
    await popup.close().catch(() => undefined);
    // the site moves to another address in the page itself (a single-page site, or the next story of an endless page): still off
    await page.evaluate(() => {
      history.pushState({}, '', `${location.pathname}?next=1`);
      document.title = `${document.title} (next)`;
    });
    await new Promise((r) => setTimeout(r, 2500));
    expect(await page.$$('[data-ai-news-lens]')).toHaveLength(0);

    await page.reload();
    await new Promise((r) => setTimeout(r, 2500));
    expect(await page.$$('[data-ai-news-lens]')).toHaveLength(0);

    await page.bringToFront();
    popup = await openPopup();
    await (await popup.waitForSelector('input[name="site-enabled"]'))!.click();
    await popup.close().catch(() => undefined);
    await page.reload();
    await settle(page, WAIT);
    expect(await page.$$('[data-ai-news-lens="sidebar"]')).toHaveLength(1);
    await page.close();
  });
});
