import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import fs from 'node:fs';
import path from 'node:path';
import { closeCompanion, companionArticle, companionContext, companionInView, companionNotes, openCompanion, useBrowser, watchPage, type BrowserName } from './browsers';
import { THREAD } from './server';

/**
 * Related reading and following, in real browsers: three articles of one story and one unrelated
 * one are read; the fourth article of the story lists the first three, most related first, with the
 * entities they share; following the story and opening a fifth article lights the toolbar badge.
 * All of it is read in the reading companion: Chromium's side panel, following the article's tab;
 * Firefox: the companion page in a tab bound to the article's tab, brought to front when the reader
 * clicks in it (the sidebar would be in view), the article brought back to read the next one.
 */
const WAIT = 15_000;

describe.each(['chromium', 'firefox'] as BrowserName[])('%s', (name) => {
  const ctx = useBrowser(name);
  let companion: Page | undefined;
  afterEach(async () => {
    await closeCompanion(ctx.b, companion);
    companion = undefined;
  });
  /** Reads an article of the thread: the companion shows it once the page has read it. */
  const read = async (page: Page, article: string) => {
    await page.bringToFront();
    await page.goto(ctx.server.url(`thread/${article}`));
    companion ??= await openCompanion(ctx.b, page);
    await companionArticle(companion, page);
  };

  it('the fourth article of a story lists the first three, most related first, with shared entities; following it lights the badge on the fifth', async () => {
    const page = await ctx.b.browser.newPage();
    watchPage(page, ctx.b.errors);
    for (const a of ['thread-1', 'thread-2', 'thread-3', 'unrelated']) await read(page, a);
    await read(page, 'thread-4');
    const f = companion!;
    await companionInView(ctx.b, f);
    await companionNotes(f);
    await f.waitForSelector('ol.history li', { timeout: WAIT });
    const related = await f.$$eval('ol.history li', (lis) => lis.map((li) => ({ title: li.querySelector('a')?.textContent ?? '', why: li.querySelector('.why')?.textContent ?? '' })));
    const titles = ['thread-3', 'thread-2', 'thread-1'].map((a) => fs.readFileSync(path.join(THREAD, `${a}.html`), 'utf8').match(/<h1[^>]*>([^<]+)<\/h1>/)![1]!.trim());
    expect(related.slice(0, 3).map((r) => r.title)).toEqual(titles);
    for (const r of related.slice(0, 3)) expect(r.why).toMatch(/Shares: .*Anthropic.*/);
    expect(related.slice(0, 3).every((r) => /Alibaba/.test(r.why))).toBe(true);
    // the thread: a timeline of the four, and a Follow switch
    expect(await f.$$eval('.timeline li', (l) => l.length)).toBe(4);
    // back to the Context view and again to this one: the view is drawn again and still usable
    await companionContext(f);
    await companionNotes(f);
    expect(await f.$$eval('.timeline li', (l) => l.length)).toBe(4);
    await f.click('.thread button');
    await f.waitForSelector('.thread button[aria-pressed="true"]', { timeout: WAIT });

    await read(page, 'thread-5');
    const g = companion!;
    await companionInView(ctx.b, g);
    await companionNotes(g);
    // the companion shows the badge the browser holds for the article's tab, and the browser holds it
    await g.waitForSelector('.signal[data-badge="★"]', { timeout: WAIT });
    const badge = await g.evaluate(async () => {
      const tabId = Number(document.querySelector('.companion')?.getAttribute('data-tab'));
      type Api = { action: { getBadgeText(d: { tabId: number }): Promise<string> } };
      const g = globalThis as unknown as { browser?: Api; chrome: Api };
      return (g.browser ?? g.chrome).action.getBadgeText({ tabId });
    });
    expect(badge).toBe('★');
    expect(await g.$eval('.thread-name', (e) => e.textContent)).toMatch(/Anthropic/);
    await page.close();
  });

  it('logged no extension errors', () => {
    expect(ctx.b.errors).toEqual([]);
  });
});
