import { describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { analysesOf, closeCompanion, companionArticle, extensionProbe, openCompanion, recordAnalyses, untilCompanion, watchPage, type BrowserName, type CompanionShown, useBrowser } from './browsers';
import { NEWS_HOST } from './server';

/**
 * A news site that appends the next story below the one being read and moves the address along
 * with the reader (test/fixtures/scroll): the companion follows the story the reader is in and
 * back, the marks are in that story only (never in two at once), a story that is not AI news
 * clears them, nothing is read again while the reader stays in a story, and the content script
 * keeps as many listeners and observers as it had for the first story however often it switched.
 * Analyses are counted from the background's own record of them (storage.session, read by an
 * extension page); the companion is Chromium's side panel, and in Firefox the same page in a
 * background tab bound to the article's tab.
 */
const WAIT = 15_000;
const STORIES = [
  { path: '/scroll/mistral-paris-campus', headline: 'Mistral AI breaks ground on a compute campus south of Paris', has: 'Arthur Mensch', hasNot: 'SK Hynix' },
  { path: '/scroll/memory-rationing', headline: 'Memory makers ration high-bandwidth chips as AI servers soak up supply', has: 'SK Hynix', hasNot: 'Arthur Mensch' },
  { path: '/scroll/harbour-ferries', headline: 'Harbour ferries switch to the winter timetable a month early' },
] as const;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Longer than the gate's wait after a new address (400 ms) and stage two's end of scrolling (250 ms), with room. */
const QUIET_MS = 900;

/**
 * In the page from its first moment, as its own script could: every 50 ms, in how many stories
 * the entity marks are (priority 0 in the highlight registry; its names are random per page), and
 * the most seen at once.
 */
const RECORDER = () => {
  const w = window as unknown as { __marked: { most: number } };
  w.__marked = { most: 0 };
  setInterval(() => {
    const stories = Array.from(document.querySelectorAll('article.story'));
    const where = new Set<number>();
    (CSS as unknown as { highlights: Map<string, Set<Range> & { priority: number }> }).highlights.forEach((h) => {
      if (h.priority === 0) h.forEach((r) => where.add(stories.findIndex((s) => s.contains(r.startContainer))));
    });
    w.__marked.most = Math.max(w.__marked.most, where.size);
  }, 50);
};
const mostMarked = (page: Page) => page.evaluate(() => (window as unknown as { __marked: { most: number } }).__marked.most);

/** Which stories the page's entity marks are in, and how many marks there are. */
const marksIn = (page: Page) =>
  page.evaluate(() => {
    const registry = (CSS as unknown as { highlights: Map<string, Set<Range> & { priority: number }> }).highlights;
    const stories = Array.from(document.querySelectorAll('article.story'));
    const where = new Set<number>();
    let count = 0;
    // names are random per page; the entity marks paint at priority 0, the reader's highlights above
    registry.forEach((ranges) => {
      if (ranges.priority !== 0) return;
      ranges.forEach((r) => {
        count++;
        where.add(stories.findIndex((s) => s.contains(r.startContainer)));
      });
    });
    return { count, stories: [...where] };
  });

const scrollToStory = (page: Page, i: number) => page.evaluate((i) => document.querySelectorAll('article.story')[i]!.scrollIntoView(), i);
/** Scrolls so that the end of story i is at the bottom of the window: the site loads the next one. */
const scrollToEndOf = (page: Page, i: number) => page.evaluate((i) => scrollTo(0, document.querySelectorAll('article.story')[i]!.getBoundingClientRect().bottom + scrollY - innerHeight), i);
const pathIs = (page: Page, path: string) => page.waitForFunction((p) => location.pathname === p, { timeout: WAIT }, path);

describe.each(['chromium', 'firefox'] as BrowserName[])('%s', (name) => {
  const ctx = useBrowser(name);

  it('follows the story the reader scrolls into and back: the companion and the marks in that story, each read once, as many listeners as for the first', async () => {
    // the background's analyses are recorded from before the page loads
    const probe = await extensionProbe(ctx.b);
    await recordAnalyses(probe);
    const page = await ctx.b.browser.newPage();
    watchPage(page, ctx.b.errors);
    await page.evaluateOnNewDocument(RECORDER);
    await page.goto(`http://${NEWS_HOST}:${ctx.server.port}${STORIES[0].path}`);
    const companion = await openCompanion(ctx.b, page);
    let tab = '';

    /** Waits until the companion shows the story now in the address bar, its marks drawn; then for quiet: the k-th analysis, and what the companion shows. */
    async function shows(k: number): Promise<CompanionShown> {
      const shown = await companionArticle(companion, page, WAIT);
      tab = shown.tab!;
      await untilCompanion(companion, (s) => s.live !== null && s.url === shown.url, 'the listeners reported', WAIT);
      await sleep(QUIET_MS);
      expect(await analysesOf(probe, tab)).toBe(k);
      return companionArticle(companion, page, WAIT);
    }
    /** The companion and the marks are about story i. */
    async function showsStory(i: 0 | 1, shown: CompanionShown) {
      const story = STORIES[i];
      expect(await marksIn(page)).toEqual({ count: shown.marks, stories: [i] });
      expect(new URL(shown.url).pathname).toBe(story.path);
      expect(shown.headline).toBe(story.headline);
      const names = shown.entities.map((e) => e.name);
      expect(names).toContain(story.has);
      expect(names).not.toContain(story.hasNot);
    }

    const first = await shows(1);
    expect(await page.$$eval('article.story', (a) => a.length)).toBe(1); // the next story is not there before the reader nears the end
    expect(first.marks).toBeGreaterThan(0);
    expect(first.live).toBeGreaterThan(0);
    await showsStory(0, first);

    // reading on inside the first story reads nothing again
    for (const y of [300, 700, 1100]) {
      await page.evaluate((y) => scrollTo(0, y), y);
      await sleep(QUIET_MS);
    }
    // near its end the site appends the next story; the address, and the companion, stay until the reader is in it
    await scrollToEndOf(page, 0);
    await page.waitForFunction(() => document.querySelectorAll('article.story').length === 2, { timeout: WAIT });
    await sleep(QUIET_MS);
    expect(await page.evaluate(() => location.pathname)).toBe(STORIES[0].path);
    expect(await analysesOf(probe, tab)).toBe(1);
    await showsStory(0, await companionArticle(companion, page, WAIT));

    await scrollToStory(page, 1);
    await pathIs(page, STORIES[1].path);
    const second = await shows(2);
    expect(second.entityCount).not.toBe(first.entityCount);
    expect(second.live).toBe(first.live);
    await showsStory(1, second);
    await page.screenshot({ path: path.resolve('artifacts/e2e', `${name}-scroll-second-story.png`) });

    // a story that is not AI news: the companion says so and the marks go
    await scrollToEndOf(page, 1);
    await page.waitForFunction(() => document.querySelectorAll('article.story').length === 3, { timeout: WAIT });
    await scrollToStory(page, 2);
    await pathIs(page, STORIES[2].path);
    await untilCompanion(companion, (s) => s.state === 'none', 'the story that is not AI news', WAIT);
    await page.waitForFunction(() => [...(CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.values()].every((h) => h.size === 0), { timeout: WAIT });
    expect((await marksIn(page)).count).toBe(0);
    await sleep(QUIET_MS);
    const afterOther = await analysesOf(probe, tab);

    // back up: the second story, then the first, each as it was, each read once more
    await scrollToStory(page, 1);
    await pathIs(page, STORIES[1].path);
    const back = await shows(afterOther + 1);
    expect({ entities: back.entityCount, marks: back.marks, live: back.live }).toEqual({ entities: second.entityCount, marks: second.marks, live: second.live });
    await showsStory(1, back);
    await page.evaluate(() => scrollTo(0, 0));
    await pathIs(page, STORIES[0].path);
    const top = await shows(afterOther + 2);
    expect({ entities: top.entityCount, marks: top.marks, live: top.live }).toEqual({ entities: first.entityCount, marks: first.marks, live: first.live });
    await showsStory(0, top);
    // the non-AI story is read once at most (its headline and text decide), and the marks were never in two stories at once
    expect(afterOther).toBeGreaterThanOrEqual(2);
    expect(afterOther).toBeLessThanOrEqual(3);
    expect(await mostMarked(page)).toBe(1);
    await closeCompanion(ctx.b, companion);
    await probe.close();
    await page.close();
  });

  it('logged no extension errors', () => {
    expect(ctx.b.errors).toEqual([]);
  });
});
