import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { badgeOf, closeCompanion, companionBeside, extensionProbe, marksIn, settle, untilCompanion, useBrowser, watchPage, type BrowserName } from './browsers';
import { NEWS_HOST } from './server';

/**
 * The companion's header holds what the toolbar popup held: the page's counts (the entities listed,
 * as many as the toolbar badge says), and in its Settings menu the per-site switch, which takes the
 * marks down and keeps them away, and "Run on this page". The companion is Chromium's real side
 * panel, and in Firefox the same page in a background tab bound to the article's tab.
 */
const WAIT = 15_000;
/** How long a page that must stay untouched is watched: longer than the gate's wait after an address change (400 ms) and a cold stage two. */
const QUIET_MS = 2500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(['chromium', 'firefox'] as BrowserName[])('%s companion header', (name) => {
  const ctx = useBrowser(name);

  /** Opens the header's Settings menu (a real click on its summary) and returns the site switch. */
  async function settings(companion: Page) {
    if (!(await companion.$eval('details.menu', (d) => (d as HTMLDetailsElement).open))) await companion.click('details.menu > summary');
    return (await companion.waitForSelector('details.menu[open] input[name="site-enabled"]', { timeout: WAIT }))!;
  }
  /** Nothing of the extension in the page: no marks a page script can see, no element of ours. */
  const untouched = async (page: Page) => {
    expect(await marksIn(page)).toBe(0);
    expect(await page.$$('[data-ai-news-lens]')).toHaveLength(0);
  };

  it('counts the entities; this site off removes the marks and keeps them off across address changes and reloads; Run on this page reads it once; on again', async () => {
    const page = await ctx.b.browser.newPage();
    watchPage(page, ctx.b.errors);
    await page.goto(ctx.server.url('demo'));
    const { companion, shown } = await companionBeside(ctx.b, page, WAIT);
    const probe = await extensionProbe(ctx.b);
    const tab = shown.tab!;
    // the counts: every entity listed, as many as the toolbar badge shows; the marks the page drew
    expect(shown.entityCount).toBeGreaterThan(3);
    expect(shown.entities).toHaveLength(shown.entityCount!);
    expect(await badgeOf(probe, tab)).toBe(String(shown.entityCount));
    expect(shown.marks).toBeGreaterThan(0);
    expect(await marksIn(page)).toBe(shown.marks);

    let site = await settings(companion);
    expect(await site.evaluate((el) => (el as HTMLInputElement).checked)).toBe(true);
    expect(await site.evaluate((el) => el.closest('label')?.textContent)).toContain(`On for ${NEWS_HOST}`);
    await site.click();
    // the marks go at once, the badge empties, and the companion says why
    await page.waitForFunction(() => !document.querySelector('[data-ai-news-lens]') && [...(CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.values()].every((h) => h.size === 0), { timeout: WAIT });
    await untilCompanion(companion, (s) => s.state === 'off', 'the site switched off', WAIT);
    expect(await companion.evaluate(() => document.body.innerText)).toContain(`It is switched off for ${NEWS_HOST}`);
    expect(await badgeOf(probe, tab)).toBe('');

    // the site moves to another address in the page itself (a single-page site, or the next story of an endless page): still off
    await page.evaluate(() => {
      history.pushState({}, '', `${location.pathname}?next=1`);
      document.title = `${document.title} (next)`;
    });
    await sleep(QUIET_MS);
    await untouched(page);
    await page.reload();
    await sleep(QUIET_MS);
    await untouched(page);
    await untilCompanion(companion, (s) => s.state === 'off', 'the site still off after a reload', WAIT);

    // "Run on this page": this page is read once, the site stays off
    await settings(companion);
    await companion.click('details.menu[open] button[name="run-here"]');
    await settle(page, WAIT);
    expect(await marksIn(page)).toBeGreaterThan(0);
    await untilCompanion(companion, (s) => s.state === 'article' && s.entityCount === shown.entityCount && s.marks !== null, 'the article read on request', WAIT);
    expect(await (await settings(companion)).evaluate((el) => (el as HTMLInputElement).checked)).toBe(false);
    await page.reload();
    await sleep(QUIET_MS);
    await untouched(page);

    // on again: the next load is read by itself
    site = await settings(companion);
    await site.click();
    await companion.waitForFunction(() => (document.querySelector('input[name="site-enabled"]') as HTMLInputElement | null)?.checked === true, { timeout: WAIT, polling: 200 });
    await page.reload();
    await settle(page, WAIT);
    expect(await marksIn(page)).toBe(shown.marks);
    const again = await untilCompanion(companion, (s) => s.state === 'article' && s.marks !== null, 'the article again', WAIT);
    expect(again.entityCount).toBe(shown.entityCount);
    expect(await badgeOf(probe, tab)).toBe(String(shown.entityCount));
    await closeCompanion(ctx.b, companion);
    await probe.close();
    await page.close();
  });

  it('logged no extension errors', () => {
    expect(ctx.b.errors).toEqual([]);
  });
});
