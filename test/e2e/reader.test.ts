import { describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { altShift, panelFrame, clickInSidebar, focusInSidebar, settle, watchPage, type BrowserName, useBrowser, openCompanion, companionArticle, untilCompanion, closeCompanion } from './browsers';
import { NEWS_HOST } from './server';

/** The reader's view on awkward pages: a single-page site that navigates with pushState, and a hostile page. */
const SHOTS = path.resolve('artifacts/e2e');
const WAIT = 15_000;
const hosts = (page: Page) => page.$$eval('[data-ai-news-lens="sidebar"]', (els) => els.length);
describe.each(['chromium', 'firefox'] as BrowserName[])('%s', (name) => {
  const ctx = useBrowser(name);

  it('follows a single-page site: the companion shows each story, says when a page is not AI news, and the first again on history.back; nothing left listening from earlier stories', async () => {
    const page = await ctx.b.browser.newPage();
    watchPage(page, ctx.b.errors);
    await page.goto(`http://${NEWS_HOST}:${ctx.server.port}/spa/1`);
    const companion = await openCompanion(ctx.b, page);
    const first = await companionArticle(companion, page, WAIT);
    // the content script's listeners and observers, as the page reported them with its marks (page:shown)
    expect(first.live).toBeGreaterThan(0);
    expect(first.entityCount).toBeGreaterThan(0);
    await page.bringToFront();

    await page.click('a[data-page="2"]');
    await page.waitForFunction(() => location.pathname.endsWith('/2'), { timeout: WAIT });
    const second = await untilCompanion(companion, (s) => s.state === 'article' && s.url !== first.url && s.marks !== null && s.live !== null, 'the second story', WAIT);
    expect(second.url).toMatch(/\/spa\/2$/);
    expect(second.entityCount).not.toBe(first.entityCount);
    expect(second.live).toBe(first.live);
    expect(second.entities.map((e) => e.name)).toContain('Demis Hassabis');

    await page.click('a[data-page="3"]');
    await untilCompanion(companion, (s) => s.state === 'none', 'the page that is not AI news', WAIT);
    // nothing of the extension left in that page: marks and cards went with the story
    await page.waitForFunction(() => !document.querySelector('[data-ai-news-lens]') && [...(CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.values()].every((h) => h.size === 0), { timeout: WAIT });

    await page.goBack();
    const back = await untilCompanion(companion, (s) => s.state === 'article' && /\/spa\/2$/.test(s.url) && s.marks !== null && s.live !== null, 'the second story again', WAIT);
    expect(back.entityCount).toBe(second.entityCount);
    expect(back.live).toBe(first.live);
    await closeCompanion(ctx.b, companion);
    await page.close();
  });

  it('renders on a hostile page (resets, !important, z-index, strict CSP, broken built-ins) and gives page scripts nothing to read', async () => {
    const page = await ctx.b.browser.newPage();
    watchPage(page, ctx.b.errors);
    await page.goto(`http://${NEWS_HOST}:${ctx.server.port}/hostile/`);
    await settle(page, WAIT);
    expect(await hosts(page)).toBe(1);
    await new Promise((r) => setTimeout(r, 400));
    const box = await page.$eval('[data-ai-news-lens="sidebar"]', (el) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return { w: r.width, h: r.height, display: s.display, visibility: s.visibility, opacity: s.opacity, top: document.elementFromPoint(r.left + r.width / 2, r.top + 200) === el };
    });
    expect(box).toMatchObject({ w: 360, display: 'block', visibility: 'visible', opacity: '1', top: true });
    expect(box.h).toBeGreaterThan(500);
    await page.screenshot({ path: path.join(SHOTS, `${name}-hostile.png`) });
    const probe = await page.evaluate(() => (window as unknown as { __probe: () => Record<string, unknown> }).__probe());
    expect(probe).toMatchObject({ hostFound: true, shadowRoot: true, domText: '', innerText: '' });
    expect(String(probe.selected)).not.toContain('Not in knowledge base');
    // the reader's frame loads under the page's strict CSP too (default-src 'none')
    await altShift(page, 'KeyN');
    const f = await panelFrame(page);
    expect(await f.$eval('main', (m) => (m as HTMLElement).innerText)).toMatch(/Your highlights/i);
    await page.close();
  });

  it.runIf(name === 'chromium')('light and dark screenshots of the sidebar', async () => {
    const page = await ctx.b.browser.newPage();
    for (const scheme of ['light', 'dark']) {
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      await page.goto(ctx.server.url('demo'));
      await settle(page, WAIT);
      await new Promise((r) => setTimeout(r, 400));
      await page.screenshot({ path: path.join(SHOTS, `${name}-sidebar-${scheme}.png`) });
    }
    await page.close();
  });

  it.runIf(name === 'chromium')('moves to the left and resizes from the keyboard, remembered for the site; readable at 200% zoom', async () => {
    const page = await ctx.b.browser.newPage();
    await page.goto(`http://${NEWS_HOST}:${ctx.server.port}/spa/2`);
    await settle(page, WAIT);
    const geometry = () => page.$eval('[data-ai-news-lens="sidebar"]', (el) => ({ left: el.getBoundingClientRect().left, width: el.getBoundingClientRect().width, side: el.getAttribute('data-side') }));
    expect(await geometry()).toMatchObject({ side: 'right', width: 360 });
    await clickInSidebar(page, '⇆');
    await page.waitForSelector('[data-ai-news-lens="sidebar"][data-side="left"]', { timeout: 5000 });
    expect((await geometry()).left).toBe(0);
    await focusInSidebar(page, 'role', 'separator');
    await page.keyboard.press('ArrowRight'); // on the left edge of the window, right arrow widens
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.querySelector('[data-ai-news-lens="sidebar"]')!.getBoundingClientRect().width === 408, { timeout: 5000 });
    await new Promise((r) => setTimeout(r, 300)); // the write to storage
    await page.reload();
    await settle(page, WAIT);
    await page.waitForSelector('[data-ai-news-lens="sidebar"][data-side="left"]', { timeout: WAIT });
    expect(await geometry()).toMatchObject({ left: 0, width: 408, side: 'left' });
    await page.setViewport({ width: 640, height: 450, deviceScaleFactor: 2 });
    await new Promise((r) => setTimeout(r, 300));
    await page.screenshot({ path: path.join(SHOTS, `${name}-zoom-200.png`) });
    await page.close();
  });

  it('hovering a mark opens its card; a mark the sidebar covers opens none', async () => {
    const page = await ctx.b.browser.newPage();
    await page.bringToFront();
    watchPage(page, ctx.b.errors);
    // narrow enough that the article runs under the sidebar
    await page.setViewport({ width: 900, height: 800 });
    await page.goto(ctx.server.url('demo'));
    await settle(page, WAIT);
    await page.waitForSelector('[data-ai-news-lens="sidebar"][data-marks]', { timeout: WAIT });
    /** The centre of a marked word on screen (scrolled into view), covered by the sidebar or not. */
    const markAt = (covered: boolean) =>
      page.evaluate((want) => {
        const ranges = [...((CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.values() ?? [])].flatMap((h) => [...h]);
        for (const r of ranges) {
          r.startContainer.parentElement?.scrollIntoView({ block: 'center' });
          for (const b of r.getClientRects()) {
            const x = b.left + b.width / 2;
            const y = b.top + b.height / 2;
            if (b.width < 8) continue;
            const top = document.elementFromPoint(x, y);
            if ((top?.getAttribute('data-ai-news-lens') === 'sidebar') === want) return { x, y };
          }
        }
        return null;
      }, covered);
    const card = () => page.$('[data-ai-news-lens="card"]').then(async (h) => (h ? h.evaluate((el) => el.getBoundingClientRect().width > 0 && el.isConnected) : false));
    const open = await markAt(false);
    expect(open).not.toBeNull();
    await page.mouse.move(open!.x, open!.y);
    await page.waitForFunction(() => !!document.querySelector('[data-ai-news-lens="card"]'), { timeout: WAIT });
    expect(await card()).toBe(true);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('[data-ai-news-lens="card"]')?.isConnected, { timeout: WAIT });
    const covered = await markAt(true);
    expect(covered).not.toBeNull();
    await page.mouse.move(covered!.x, covered!.y);
    await new Promise((r) => setTimeout(r, 600));
    expect(await card()).toBe(false);
    await page.close();
  });

  it('logged no extension errors', () => {
    expect(ctx.b.errors).toEqual([]);
  });
});
