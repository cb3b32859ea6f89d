import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import {
  COMPANION,
  altShift,
  badgeOf,
  closeCompanion,
  drawnHighlights,
  extensionProbe,
  marksIn,
  openCompanion as openBound,
  openExtensionPage,
  openedCompanionTab,
  pointAt,
  readCompanion,
  selectText,
  settle,
  sidePanelPage,
  tabToCardButton,
  untilCompanion,
  useBrowser,
  watchPage,
  type BrowserName,
  type CompanionShown,
} from './browsers';
import { NEWS_HOST } from './server';

/**
 * The reading companion (the extension page `COMPANION`) beside the article.
 *
 * Chromium: the real side panel, opened by the toolbar button (CDP Extensions.triggerAction, with
 * `openPanelOnActionClick`) and by a card's "Open in side panel" (the page's key press travels with
 * the content script's message to `sidePanel.open`); read as its own page target.
 * Firefox: WebDriver gives tests no handle on the sidebar's document, so the same page is loaded in
 * a background tab, where it follows the active tab of its window as the sidebar does, or bound
 * to an article's tab by `?tab=ID`; a card's "Open in side panel" opens it in a tab of its own
 * (Firefox lets no page click open the sidebar).
 */
const WAIT = 15_000;
const SHOTS = path.resolve('artifacts/e2e');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = (p: Page, ok: (s: CompanionShown) => boolean, what: string) => untilCompanion(p, ok, what, WAIT);

describe.each(['chromium', 'firefox'] as BrowserName[])('%s reading companion', (name) => {
  const ctx = useBrowser(name);
  const url = (slug: string) => `http://${NEWS_HOST}:${ctx.server.port}/${slug}/`;

  async function article(slug: string): Promise<Page> {
    const page = await ctx.b.browser.newPage();
    watchPage(page, ctx.b.errors);
    await page.goto(slug.startsWith('http') ? slug : url(slug));
    return page;
  }
  /** Stage two finished in the page: its marks are drawn. */
  async function marked(page: Page): Promise<void> {
    await settle(page, WAIT);
    expect(await marksIn(page)).toBeGreaterThan(0);
  }
  /** The companion as the reader opens it: the toolbar button (Chromium), or the page in a background tab following the active tab (Firefox). */
  async function openCompanion(page: Page): Promise<Page> {
    if (name === 'chromium') return openBound(ctx.b, page);
    await page.bringToFront();
    return openExtensionPage(ctx.b, `${ctx.b.extensionUrl}${COMPANION}`, { background: true });
  }
  /** Chromium: closes the side panel; Firefox: closes the companion's tab. */
  const closePanel = (companion?: Page) => closeCompanion(ctx.b, companion);

  it("shows the active tab's article and entities, follows a tab switch, and says plainly when a tab is not an AI article", async () => {
    const demo = await article('demo');
    await marked(demo);
    const companion = await openCompanion(demo);
    const shown = await until(companion, (s) => s.state === 'article' && s.marks !== null, 'the article');
    // every entity listed, as many as the toolbar badge counts for that tab; the marks the page reported are the ones it drew
    const probe = await extensionProbe(ctx.b);
    const count = Number(await badgeOf(probe, shown.tab!));
    expect(shown.entityCount).toBe(count);
    expect(shown.entities.length).toBe(count);
    expect(shown.marks).toBe(await marksIn(demo));
    expect(shown.entities.map((e) => e.name)).toContain('OpenAI');
    await companion.screenshot({ path: path.join(SHOTS, `${name}-companion.png`) });

    const neg = await article('neg-weather');
    await neg.bringToFront();
    const none = await until(companion, (s) => s.state === 'none', 'the not-an-article state');
    expect(none.tab).not.toBe(shown.tab);
    expect(none.entities).toHaveLength(0);
    expect(await companion.evaluate(() => document.body.innerText)).toContain('Not an AI article');

    await demo.bringToFront();
    const back = await until(companion, (s) => s.state === 'article' && s.tab === shown.tab, 'the article again');
    expect(back.entityCount).toBe(count);
    await closePanel(companion);
    await probe.close();
    await neg.close();
    await demo.close();
  });

  it('follows a single-page site from story to story, and to a page that is not an AI article', async () => {
    const page = await article(`http://${NEWS_HOST}:${ctx.server.port}/spa/1`);
    await marked(page);
    const companion = await openCompanion(page);
    const first = await until(companion, (s) => s.state === 'article' && /Nvidia/.test(s.headline), 'the first story');
    expect(first.entities.map((e) => e.name)).toContain('Nvidia');
    await page.click('a[data-page="2"]');
    const second = await until(companion, (s) => s.state === 'article' && /Gemini/.test(s.headline), 'the second story');
    expect(second.entities.map((e) => e.name).join(' ')).toMatch(/Gemini/);
    expect(second.tab).toBe(first.tab);
    await page.click('a[data-page="3"]');
    await until(companion, (s) => s.state === 'none', 'the weather page as not an AI article');
    await closePanel(companion);
    await page.close();
  });

  it("a card's Open in side panel opens the companion on that entity", async () => {
    await closePanel();
    const page = await article('demo');
    await marked(page);
    await page.bringToFront();
    await altShift(page, 'KeyJ');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-ai-news-lens') === 'card', { timeout: 5000 });
    await tabToCardButton(page, 'Open in side panel');
    await page.keyboard.press('Enter');
    // Chromium: the side panel; Firefox: a tab of its own beside the article, bound to it
    const companion = name === 'chromium' ? await sidePanelPage(ctx.b) : await openedCompanionTab(ctx.b);
    await until(companion, (s) => s.state === 'article', 'the article');
    await companion.waitForFunction(() => document.activeElement?.classList.contains('name-row') && document.activeElement.getAttribute('aria-expanded') === 'true', { timeout: WAIT, polling: 200 });
    const focused = await companion.evaluate(() => document.activeElement?.closest('li.entity')?.querySelector('.name')?.textContent ?? '');
    // the entity whose card was open in the page: the first mark in reading order
    expect(focused).not.toBe('');
    expect(await companion.$eval('li.entity .card', (el) => el.textContent?.length ?? 0)).toBeGreaterThan(0);
    if (name === 'firefox') expect(await companion.evaluate(() => location.search)).toMatch(/^\?tab=\d+$/);
    await companion.screenshot({ path: path.join(SHOTS, `${name}-companion-card.png`) });
    // from the card, the correction form (issue #12), on that entity's name, focused
    await companion.click('li.entity button[name="correct-link"]');
    await companion.waitForFunction(() => (document.activeElement as HTMLSelectElement | null)?.name === 'correct-name', { timeout: WAIT, polling: 200 });
    const chosen = await companion.$eval('select[name="correct-name"]', (s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent ?? '');
    expect(chosen).toContain(`→ ${focused}`);
    expect(await companion.$eval('#anl-view-yours', (el) => (el as HTMLElement).hidden)).toBe(false);
    await closePanel(companion);
    await page.close();
  });

  it("a click on one of the reader's highlights opens the companion at it; 'Show in text' on an entity flashes it in the page", async () => {
    await closePanel();
    const page = await article('demo');
    await marked(page);
    const first = 'industrial scale to train competing systems';
    const second = 'harvesting answers from its Claude models';
    for (const q of [first, second]) {
      await selectText(page, q);
      await altShift(page, 'KeyH');
      await page.waitForFunction((t) => [...(CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.values()].some((h) => [...h].some((r) => r.toString() === t)), { timeout: WAIT }, q);
    }
    await page.evaluate(() => getSelection()?.removeAllRanges());
    expect((await drawnHighlights(page)).sort()).toEqual([first, second].sort());
    const idOf = async (c: Page, q: string) => c.$$eval('li[data-annotation-id]', (ls, t) => ls.find((l) => l.querySelector('blockquote')?.textContent === t)?.getAttribute('data-annotation-id') ?? '', q);
    const asked = (c: Page) => c.evaluate(() => document.querySelector('li.item.asked')?.getAttribute('data-annotation-id') ?? '');

    const at = await pointAt(page, first);
    let companion: Page;
    if (name === 'chromium') {
      // the page click's gesture travels with the content script's message to sidePanel.open
      await page.mouse.click(at.x, at.y);
      companion = await sidePanelPage(ctx.b);
    } else {
      // Firefox lets no page click open the sidebar: a hint in the page names the ways to open it
      await page.mouse.click(at.x, at.y);
      await page.waitForSelector('[data-ai-news-lens="toolbar"]', { timeout: WAIT });
      expect(await page.evaluate(() => document.body.innerText)).not.toMatch(/Your note/);
      // ... and the companion, opened next, opens at that highlight
      companion = await openBound(ctx.b, page);
    }
    // the highlight is drawn as asked, then the view switches to it (an effect after the next frame)
    await companion.waitForFunction(() => !!document.querySelector('li.item.asked') && !(document.querySelector('#anl-view-yours') as HTMLElement | null)?.hidden, { timeout: WAIT, polling: 200 });
    expect(await asked(companion)).toBe(await idOf(companion, first));
    expect(await companion.$eval('#anl-view-yours', (el) => (el as HTMLElement).hidden)).toBe(false);
    if (name === 'chromium') expect(await companion.evaluate(() => document.activeElement?.getAttribute('data-annotation-id') ?? '')).toBe(await idOf(companion, first));

    // with the companion open, a click on the other highlight moves it there
    await page.bringToFront();
    const at2 = await pointAt(page, second);
    await page.mouse.click(at2.x, at2.y);
    await companion.waitForFunction((id) => document.querySelector('li.item.asked')?.getAttribute('data-annotation-id') === id, { timeout: WAIT, polling: 200 }, await idOf(companion, second));
    // a click the page makes up itself (untrusted) opens nothing
    const before = await asked(companion);
    await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: x, clientY: y })), at);
    await sleep(1000);
    expect(await asked(companion)).toBe(before);

    // "Show in text" on an entity: the page scrolls to its first mention and flashes it
    const names = () => page.evaluate(() => [...(CSS as unknown as { highlights: Map<string, unknown> }).highlights.keys()]);
    const had = await names();
    await companion.click('.companion [role="tab"][data-view="context"]');
    await companion.click('.context li.entity button.jump');
    await page.waitForFunction((n) => [...(CSS as unknown as { highlights: Map<string, unknown> }).highlights.keys()].some((k) => !n.includes(k)), { timeout: 5000 }, had);
    await closePanel(companion);
    await page.close();
  });

  it.runIf(name === 'firefox')("the toolbar button opens Firefox's real sidebar, which follows the active tab", async () => {
    const demo = await article('demo');
    await marked(demo);
    await demo.bringToFront();
    // privileged code in the browser window (BiDi, with --remote-allow-system-access): the toolbar button's click
    const send = (m: string, p: object) => (ctx.b.browser as unknown as { connection: { send(m: string, p: object): Promise<{ result: unknown }> } }).connection.send(m, p).then((r) => r.result);
    const { contexts } = (await send('browsingContext.getTree', { 'moz:scope': 'chrome' })) as { contexts: { url: string; context: string }[] };
    const win = contexts.find((c) => c.url === 'chrome://browser/content/browser.xhtml')!.context;
    const inChrome = (fn: string) => send('script.callFunction', { functionDeclaration: fn, target: { context: win }, awaitPromise: true });
    await inChrome(`async () => {
      const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
      const ext = ExtensionParent.GlobalManager.getExtension('ai-news-lens@ai-news-lens.dev');
      ExtensionParent.apiManager.global.browserActionFor(ext).triggerAction(window);
    }`);
    // the sidebar's document, read from another extension page of ours (WebDriver has no handle on it)
    const probe = await extensionProbe(ctx.b);
    const sidebar = () =>
      probe.evaluate(() => {
        const views = (globalThis as unknown as { browser: { extension: { getViews(o: { type: string }): Window[] } } }).browser.extension.getViews({ type: 'sidebar' });
        const c = views[0]?.document.querySelector('.companion');
        return c ? { state: c.getAttribute('data-state'), count: c.getAttribute('data-entity-count'), tab: c.getAttribute('data-tab') } : null;
      });
    const poll = async (ok: (s: Awaited<ReturnType<typeof sidebar>>) => boolean, what: string) => {
      const deadline = Date.now() + WAIT;
      for (;;) {
        const s = await sidebar().catch(() => null);
        if (ok(s)) return s!;
        if (Date.now() > deadline) throw new Error(`the sidebar never showed ${what}: ${JSON.stringify(s)}`);
        await sleep(150);
      }
    };
    const shown = await poll((s) => s?.state === 'article', 'the article');
    // as many entities as the toolbar badge counts for the article's tab
    expect(shown.count).toBe(await badgeOf(probe, shown.tab!));
    expect(Number(shown.count)).toBeGreaterThan(0);
    const neg = await article('neg-weather');
    await neg.bringToFront();
    await poll((s) => s?.state === 'none' && s.tab !== shown.tab, 'the other tab as not an AI article');
    await inChrome(`async () => { SidebarController.hide(); }`);
    for (const p of [probe, neg, demo]) await p.close();
  });

  it('bound to a tab by ?tab=ID, it stays on that tab when another is active', async () => {
    const demo = await article('demo');
    await marked(demo);
    const follower = await openExtensionPage(ctx.b, `${ctx.b.extensionUrl}${COMPANION}`, { background: true });
    const { tab } = await until(follower, (s) => s.state === 'article', 'the article');
    const bound = await openExtensionPage(ctx.b, `${ctx.b.extensionUrl}${COMPANION}?tab=${tab}`, { background: true });
    await until(bound, (s) => s.state === 'article' && s.tab === tab, 'the bound article');
    const neg = await article('neg-football-match');
    await neg.bringToFront();
    await until(follower, (s) => s.tab !== tab, 'the active tab');
    const still = await readCompanion(bound);
    expect(still.tab).toBe(tab);
    expect(still.state).toBe('article');
    expect(ctx.b.errors).toEqual([]);
    for (const p of [bound, follower, neg, demo]) await p.close();
  });
});
