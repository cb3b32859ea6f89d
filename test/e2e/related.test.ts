import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import fs from 'node:fs';
import path from 'node:path';
import { clickInSidebar, openNotesTab, panelFrame, settle, useBrowser, watchPage, type BrowserName } from './browsers';
import { THREAD } from './server';

/**
 * Related reading and following, in real browsers: three articles of one story and one unrelated
 * one are read; the fourth article of the story lists the first three, most related first, with the
 * entities they share; following the story and opening a fifth article lights the toolbar badge.
 */
const WAIT = 15_000;


describe.each(['chromium', 'firefox'] as BrowserName[])('%s', (name) => {
  const ctx = useBrowser(name);
  const read = async (page: Page, article: string) => {
    await page.goto(ctx.server.url(`thread/${article}`));
    await settle(page, WAIT);
    await page.waitForSelector('[data-ai-news-lens="sidebar"]', { timeout: WAIT });
  };

  it('the fourth article of a story lists the first three, most related first, with shared entities; following it lights the badge on the fifth', async () => {
    const page = await ctx.b.browser.newPage();
    await page.bringToFront();
    watchPage(page, ctx.b.errors);
    for (const a of ['thread-1', 'thread-2', 'thread-3', 'unrelated']) await read(page, a);
    await read(page, 'thread-4');
    await openNotesTab(page);
    const f = await panelFrame(page);
    await f.waitForSelector('ol.history li', { timeout: WAIT });
    const related = await f.$$eval('ol.history li', (lis) => lis.map((li) => ({ title: li.querySelector('a')?.textContent ?? '', why: li.querySelector('.why')?.textContent ?? '' })));
    const titles = ['thread-3', 'thread-2', 'thread-1'].map((a) => fs.readFileSync(path.join(THREAD, `${a}.html`), 'utf8').match(/<h1[^>]*>([^<]+)<\/h1>/)![1]!.trim());
    expect(related.slice(0, 3).map((r) => r.title)).toEqual(titles);
    for (const r of related.slice(0, 3)) expect(r.why).toMatch(/Shares: .*Anthropic.*/);
    expect(related.slice(0, 3).every((r) => /Alibaba/.test(r.why))).toBe(true);
    // the thread: a timeline of the four, and a Follow switch
    expect(await f.$$eval('.timeline li', (l) => l.length)).toBe(4);
    if (name === 'chromium') {
      // back to the Context tab and again to this one: the frame is still usable (it is covered,
      // never display:none, which Chromium can fail to undo for an out-of-process frame)
      await clickInSidebar(page, 'Context');
      await openNotesTab(page);
      await panelFrame(page);
    }
    await f.click('.thread button');
    await f.waitForSelector('.thread button[aria-pressed="true"]', { timeout: WAIT });

    await read(page, 'thread-5');
    await openNotesTab(page);
    const g = await panelFrame(page);
    // the frame shows the badge the browser holds for this tab (Firefox gives framed extension pages no tabs API to ask)
    await g.waitForSelector('.signal[data-badge="★"]', { timeout: WAIT });
    if (name === 'chromium') {
      const badge = await g.evaluate(async () => {
        const c = (globalThis as unknown as { chrome: { tabs: { getCurrent(): Promise<{ id: number }> }; action: { getBadgeText(d: { tabId: number }): Promise<string> } } }).chrome;
        return c.action.getBadgeText({ tabId: (await c.tabs.getCurrent()).id });
      });
      expect(badge).toBe('★');
    }
    expect(await g.$eval('.thread-name', (e) => e.textContent)).toMatch(/Anthropic/);
    await page.close();
  });

  it('logged no extension errors', () => {
    expect(ctx.b.errors).toEqual([]);
  });
});
