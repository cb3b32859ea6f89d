import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { openExtensionPage, settle, useBrowser, type BrowserName } from './browsers';

/**
 * The toolbar popup: counts for the page, and the per-site switch that takes the sidebar down and
 * keeps it away. Chromium opens it for real (chrome.action.openPopup from the service worker, the
 * popup set for that one opening: the toolbar button opens the reading companion, whose header has
 * the same controls; the popup stays until the in-page sidebar goes, #13 phase 2).
 * Firefox's WebDriver cannot open the toolbar popup; there the same page is loaded in a background
 * tab, so the tab it asks about (the active one) is still the article, as for the real popup.
 */
const WAIT = 15_000;

describe.each(['chromium', 'firefox'] as BrowserName[])('%s popup', (name) => {
  const ctx = useBrowser(name);

  async function openPopup(): Promise<Page> {
    if (name === 'firefox') {
      const popup = await openExtensionPage(ctx.b, `${ctx.b.extensionUrl}popup/popup.html`, { background: true });
      await popup.waitForSelector('input[type="checkbox"]', { timeout: WAIT });
      return popup;
    }
    const sw = await ctx.b.browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'));
    const worker = await sw.worker();
    // the toolbar button opens the reading companion now: the popup is set for this one opening
    await worker!.evaluate(async () => {
      const { action } = (globalThis as unknown as { chrome: { action: { openPopup: () => Promise<void>; setPopup: (o: { popup: string }) => Promise<void> } } }).chrome;
      await action.setPopup({ popup: 'popup/popup.html' });
      await action.openPopup();
      await action.setPopup({ popup: '' });
    });
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
    const siteBox = await popup.waitForSelector('input[name="site-enabled"]', { timeout: WAIT });
    expect(await popup.evaluate(() => document.body.innerText)).toContain(`${count} entities on this page`);
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
