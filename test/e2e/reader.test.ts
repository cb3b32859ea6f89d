import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { altShift, companionBeside, companionNotes, marksIn, pageCardText, settle, watchPage, type BrowserName, useBrowser, openCompanion, companionArticle, untilCompanion, closeCompanion } from './browsers';
import { NEWS_HOST } from './server';

/** The reader's view on awkward pages: a single-page site that navigates with pushState, a hostile page, and the marks' hover cards. */
const SHOTS = path.resolve('artifacts/e2e');
const WAIT = 15_000;
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

  it('on a hostile page (resets, !important, z-index, strict CSP, broken built-ins) marks and cards still show, page scripts read nothing of the card, and the companion shows the article', async () => {
    const page = await ctx.b.browser.newPage();
    await page.bringToFront();
    watchPage(page, ctx.b.errors);
    await page.goto(`http://${NEWS_HOST}:${ctx.server.port}/hostile/`);
    await settle(page, WAIT);
    // the page broke Array.prototype.map, JSON, fetch and attachShadow, and hides [data-ai-news-lens]: stage two ran anyway
    expect(await marksIn(page)).toBeGreaterThan(3);
    await altShift(page, 'KeyJ');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-ai-news-lens') === 'card', { timeout: WAIT });
    await new Promise((r) => setTimeout(r, 400));
    // the card is drawn and on top, whatever the page's rules aimed at our elements say
    const box = await page.$eval('[data-ai-news-lens="card"]', (el) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return { w: r.width, h: r.height, display: s.display, visibility: s.visibility, opacity: s.opacity, transform: s.transform, top: document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === el };
    });
    expect(box).toMatchObject({ w: 300, display: 'block', visibility: 'visible', opacity: '1', transform: 'none', top: true });
    expect(box.h).toBeGreaterThan(60);
    await page.screenshot({ path: path.join(SHOTS, `${name}-hostile-card.png`) });
    // what the page's own script can learn from the card: that it is there, nothing of what it says
    // (loops only: the page broke Array.prototype.map and forEach)
    const probe = await page.evaluate(() => {
      const host = document.querySelector('[data-ai-news-lens="card"]') as HTMLElement | null;
      let text = '';
      const walk = (n: Node) => {
        for (let c = n.firstChild; c; c = c.nextSibling) {
          if (c.nodeType === 3) text += (c as Text).data;
          walk(c);
        }
      };
      if (host) walk(host);
      getSelection()!.selectAllChildren(document.documentElement);
      const selected = String(getSelection());
      getSelection()!.removeAllRanges();
      return { hostFound: !!host, shadowRoot: host ? host.shadowRoot === null : null, domText: text, innerText: host ? host.innerText : '', selected };
    });
    expect(probe).toMatchObject({ hostFound: true, shadowRoot: true, domText: '', innerText: '' });
    expect(probe.selected).not.toContain('Open in side panel');
    if (name === 'chromium') {
      // what the card says (read over the DevTools protocol, which a page cannot use) is not in the page's selection
      const card = await pageCardText(page);
      expect(card).toContain('Open in side panel');
      const summary = card.split('Open in')[0]!.slice(-40);
      expect(probe.selected).not.toContain(summary);
    }
    await page.keyboard.press('Escape');
    // the companion, an extension page, is out of the page's CSP and styles: the article with its entities, and the reader's notes view
    const { companion, shown } = await companionBeside(ctx.b, page, WAIT);
    expect(shown.entities.map((e) => e.name)).toEqual(expect.arrayContaining(['Nvidia', 'AMD']));
    expect(shown.marks).toBe(await marksIn(page));
    await companionNotes(companion);
    expect(await companion.$eval('#anl-view-yours', (m) => (m as HTMLElement).innerText)).toMatch(/Your highlights/i);
    await closeCompanion(ctx.b, companion);
    await page.close();
  });

  it('hovering a mark opens its card, showing that entity; Escape closes it', async () => {
    const page = await ctx.b.browser.newPage();
    await page.bringToFront();
    watchPage(page, ctx.b.errors);
    await page.goto(ctx.server.url('demo'));
    await settle(page, WAIT);
    expect(await marksIn(page)).toBeGreaterThan(0);
    /** The centre of a marked word on screen (scrolled into view, not under an element of ours), and its text. */
    const mark = await page.evaluate(() => {
      for (const [, h] of (CSS as unknown as { highlights: Map<string, Set<Range> & { priority: number }> }).highlights) {
        if (h.priority !== 0) continue;
        for (const r of h) {
          r.startContainer.parentElement?.scrollIntoView({ block: 'center' });
          for (const b of r.getClientRects()) {
            const x = b.left + b.width / 2;
            const y = b.top + b.height / 2;
            if (b.width < 8) continue;
            if (!document.elementFromPoint(x, y)?.closest('[data-ai-news-lens]')) return { x, y, text: r.toString() };
          }
        }
      }
      return null;
    });
    expect(mark).not.toBeNull();
    const card = () => page.$('[data-ai-news-lens="card"]').then(async (h) => (h ? h.evaluate((el) => el.getBoundingClientRect().width > 0 && el.isConnected) : false));
    expect(await card()).toBe(false);
    await page.mouse.move(mark!.x, mark!.y);
    await page.waitForFunction(() => !!document.querySelector('[data-ai-news-lens="card"]'), { timeout: WAIT });
    expect(await card()).toBe(true);
    // Chromium: the card is about the word under the pointer (its closed root read over the DevTools protocol)
    if (name === 'chromium') expect((await pageCardText(page)).toLowerCase()).toContain(mark!.text.toLowerCase().replace(/['’]s$/, ''));
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('[data-ai-news-lens="card"]')?.isConnected, { timeout: WAIT });
    await page.close();
  });

  it('logged no extension errors', () => {
    expect(ctx.b.errors).toEqual([]);
  });
});
