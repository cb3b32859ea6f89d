import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { watchPage, type BrowserName, useBrowser, altShift, selectText, openCompanion, companionArticle, closeCompanion, untilCompanion, tabToCardButton } from './browsers';
import { parseHTML } from 'linkedom';
import { analyzeDocument } from '../../src/pipeline';
import { compromiseOptions } from '../../src/entities/nlp';

/**
 * The built extension in real browsers against our fixture pages served as a news site on 127.0.0.1:
 * the reading companion beside an AI article lists the expected entities, nothing is injected
 * elsewhere, and the extension logs no errors. The companion is Chromium's real side panel, and in
 * Firefox the same page in a background tab bound to the article's tab (`openCompanion`).
 */
const FIXTURES = path.resolve('test/fixtures/pages');
const slugs = fs.readdirSync(FIXTURES).filter((s) => fs.existsSync(path.join(FIXTURES, s, 'expected.json')));
const expected = (slug: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, slug, 'expected.json'), 'utf8')) as { isAI: boolean; entities: { name: string; type: string }[] };
const aiSlugs = slugs.filter((s) => expected(s).isAI);
const otherSlugs = slugs.filter((s) => !expected(s).isAI);
const SHOTS = path.resolve('artifacts/e2e');
/** The same pipeline in Node: the browser must find exactly as many entities on the same page. */
const nodeEntityCount = (file: string) => analyzeDocument(parseHTML(fs.readFileSync(file, 'utf8')).document as unknown as Document, compromiseOptions).entities.length;
/** Long enough for stage two and the background's first (cold) analysis on a 2-core machine. */
const COMPANION_WAIT = 15_000;
/** How long a page that must stay untouched is watched. */
const QUIET_WAIT = 2_500;

describe.each(['chromium', 'firefox'] as BrowserName[])('%s', (name) => {
  const ctx = useBrowser(name);

  /** The article at `slug` with the companion open beside it, once the companion shows it (marks drawn). */
  async function withCompanion(slug: string): Promise<{ page: Page; companion: Page }> {
    const page = await ctx.b.browser.newPage();
    watchPage(page, ctx.b.errors);
    await page.goto(ctx.server.url(slug));
    const companion = await openCompanion(ctx.b, page);
    await companionArticle(companion, page, COMPANION_WAIT);
    return { page, companion };
  }
  async function done(page: Page, companion: Page): Promise<void> {
    await closeCompanion(ctx.b, companion);
    await page.close();
  }

  it('the companion shows the demo article, with entities grouped by type and knowledge-base background', async () => {
    const { page, companion } = await withCompanion('demo');
    const view = await companionArticle(companion, page, COMPANION_WAIT);
    await companion.screenshot({ path: path.join(SHOTS, `${name}-demo-companion.png`) });
    expect(view.entityCount).toBeGreaterThanOrEqual(12);
    expect(view.entityCount).toBe(nodeEntityCount(path.resolve('assets/demo/article.html')));
    // the list under "Context" holds every entity, grouped by type (each type's entries together)
    expect(view.entities).toHaveLength(view.entityCount!);
    const order = view.entities.map((e) => e.type).filter((t, i, a) => t !== a[i - 1]);
    expect(new Set(order).size).toBe(order.length);
    {
      const byKey = new Map(view.entities.flatMap((e) => [[e.kbId, e], [e.name, e]]));
      // knowledge-base id, or the name for a model found by its shape alone
      for (const [key, type] of [
        ['anthropic', 'company'],
        ['alibaba', 'company'],
        ['claude', 'model'],
        ['claude-code', 'model'],
        ['Qwen3.7-Max', 'model'],
        ['reuters', 'outlet'],
        ['bloomberg', 'outlet'],
        ['financial-times', 'outlet'],
      ]) {
        expect(byKey.get(key!)?.type, key).toBe(type);
      }
      expect(view.entities.some((e) => e.name === 'Claude' && e.type === 'person')).toBe(false);
      expect(byKey.get('anthropic')!.summary.length).toBeGreaterThan(20);
      // Qwen3.7-Max, once found by its shape alone, is in the knowledge base since December 2026
      expect(byKey.get('Qwen3.7-Max')!.kbId).toBeTruthy();
      expect(byKey.get('Qwen3.7-Max')!.summary.length).toBeGreaterThan(20);
      // a name the knowledge base does not hold says so, never a made-up line
      for (const e of view.entities.filter((x) => !x.kbId)) expect(e.summary, e.name).toBe('Not in knowledge base');
    }
    await done(page, companion);
  });

  it.each(aiSlugs)('the companion shows the AI article %s', async (slug) => {
    const { page, companion } = await withCompanion(slug);
    const view = await companionArticle(companion, page, COMPANION_WAIT);
    // the count ties what the browser found to the pipeline's result in Node on the same page
    expect(view.entityCount).toBe(nodeEntityCount(path.join(FIXTURES, slug, 'page.html')));
    expect(view.entities).toHaveLength(view.entityCount!);
    const shown = new Set(view.entities.map((e) => e.name.toLowerCase()));
    const want = expected(slug).entities.map((e) => e.name.toLowerCase());
    const found = want.filter((w) => shown.has(w));
    // The companion shows the knowledge base's canonical names; most expected names are those.
    expect(found.length / want.length).toBeGreaterThanOrEqual(0.6);
    await done(page, companion);
  });

  it.each(otherSlugs)('changes nothing on %s', async (slug) => {
    const page = await ctx.b.browser.newPage();
    watchPage(page, ctx.b.errors);
    await page.goto(ctx.server.url(slug));
    const before = await page.evaluate(() => new XMLSerializer().serializeToString(document).length);
    await new Promise((r) => setTimeout(r, QUIET_WAIT));
    expect(await page.$$('[data-ai-news-lens]')).toHaveLength(0);
    expect(await page.evaluate(() => new XMLSerializer().serializeToString(document).length)).toBe(before);
    await page.close();
  });

  it('marks mentions in the article without changing its DOM; Alt+Shift+J opens a card, Escape closes it', async () => {
    const page = await ctx.b.browser.newPage();
    watchPage(page, ctx.b.errors);
    await page.goto(ctx.server.url('demo'));
    const companion = await openCompanion(ctx.b, page);
    // the marks the page drew, as the page reported them to the companion
    expect((await companionArticle(companion, page, COMPANION_WAIT)).marks).toBeGreaterThanOrEqual(10);
    await page.bringToFront();
    const same = await page.evaluate(async () => {
      const fresh = new DOMParser().parseFromString(await (await fetch(location.href)).text(), 'text/html');
      const xml = (el: Element) => new XMLSerializer().serializeToString(el);
      return xml(fresh.querySelector('article')!) === xml(document.querySelector('article')!);
    });
    expect(same).toBe(true);
    await altShift(page, 'KeyJ');
    await page.waitForSelector('[data-ai-news-lens="card"]', { timeout: 5000 });
    await page.screenshot({ path: path.join(SHOTS, `${name}-mark-card.png`) });
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('[data-ai-news-lens="card"]'), { timeout: 5000 });
    await done(page, companion);
  });

  it('keyboard only: shortcut to a mark, its card, the companion entry, and back to the text', async () => {
    const { page, companion } = await withCompanion('demo');
    await page.bringToFront();
    await altShift(page, 'KeyJ');
    await page.waitForSelector('[data-ai-news-lens="card"]', { timeout: 5000 });
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-ai-news-lens') === 'card', { timeout: 5000 });
    await tabToCardButton(page, 'Open in side panel');
    await page.keyboard.press('Enter');
    expect(await page.$$('[data-ai-news-lens="card"]')).toHaveLength(0);
    // the companion's entry for that entity, expanded and focused
    await companion.waitForFunction(() => document.activeElement?.classList.contains('name-row') && document.activeElement.getAttribute('aria-expanded') === 'true', { timeout: COMPANION_WAIT, polling: 200 });
    const entry = await companion.evaluate(() => document.activeElement?.closest('li.entity')?.querySelector('.name')?.textContent ?? '');
    expect(entry).not.toBe('');
    // the registry's names are random per page: the flash is the name that appears now (the one the
    // shortcut made is gone after its 1.2 s)
    await new Promise((r) => setTimeout(r, 1300));
    const names = await page.evaluate(() => [...(CSS as unknown as { highlights: Map<string, unknown> }).highlights.keys()]);
    // Tab through the entry (as the reader does) to its "Show in text", and press it
    for (let i = 0; i < 12; i++) {
      await companion.keyboard.press('Tab');
      if ((await companion.evaluate(() => document.activeElement?.textContent?.trim())) === 'Show in text') break;
    }
    expect(await companion.evaluate(() => document.activeElement?.closest('li.entity')?.querySelector('.name')?.textContent ?? '')).toBe(entry);
    expect(await companion.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Show in text');
    await companion.keyboard.press('Enter');
    await page.waitForFunction((before) => [...(CSS as unknown as { highlights: Map<string, unknown> }).highlights.keys()].some((k) => !before.includes(k)), { timeout: 5000 }, names);
    await done(page, companion);
  });

  it('highlights a selection with Alt+Shift+H, saved only once durable, and finds it again after reload', async () => {
    const page = await ctx.b.browser.newPage();
    watchPage(page, ctx.b.errors);
    await page.goto(ctx.server.url('demo'));
    const companion = await openCompanion(ctx.b, page);
    const before = (await companionArticle(companion, page, COMPANION_WAIT)).highlights!;
    await page.bringToFront();
    const quote = 'industrial scale to train competing systems';
    await selectText(page, quote);
    await altShift(page, 'KeyH');
    // the companion counts the highlights the page placed (and lists them under "Notes & related")
    const shown = async (n: number) => {
      await companionArticle(companion, page, COMPANION_WAIT);
      return untilCompanion(companion, (s) => s.highlights === n, `${n} highlights`, COMPANION_WAIT);
    };
    // drawn again in the page (a reload keeps the address: the companion's count is the old page's until the new one reports)
    const drawn = (q: string) =>
      page.waitForFunction((t) => [...(CSS as unknown as { highlights: Map<string, Set<Range> & { priority: number }> }).highlights.values()].some((h) => h.priority === 1 && [...h].some((r) => r.toString() === t)), { timeout: COMPANION_WAIT }, q);
    await drawn(quote);
    await shown(before + 1);
    await page.reload();
    await drawn(quote);
    await shown(before + 1);
    // the publisher edited the story: a word inside the quote changed; the highlight follows
    await page.goto(ctx.server.url('demo-edited'));
    await drawn('industrial scale to train rival systems');
    await shown(before + 1);
    await done(page, companion);
  });

  it('logged no extension errors', () => {
    expect(ctx.b.errors).toEqual([]);
  });
});
