import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { closeCompanion, companionArticle, companionInView, companionNotes, openCompanion, openExtensionPage, tabIdOf, untilCompanion, useBrowser, watchPage, type BrowserName, type CompanionShown, exportByButton } from './browsers';

/**
 * The correction loop of issue #12 in real browsers: the reader marks a linked name "Not this" in the
 * reading companion (an extension page beside the article: Chromium's side panel; Firefox: the same
 * page in a tab bound to the article's tab, brought to front while the reader works in it); after a
 * reload the name is no longer linked; the options page lists the correction, and it survives an
 * export → remove → import round trip.
 */
const WAIT = 15_000;
const SHOTS = path.resolve('artifacts/e2e');
const FILE = path.resolve('.tmp-e2e-corrections.json');
const CLAUDE = '“Claude” → Claude';

const nameOptions = (f: Page) => f.$$eval('select[name="correct-name"] option', (os) => os.map((o) => o.textContent ?? ''));

/** The file the options page's export button offers, read from the blob it made. */
const exportAdditions = (opts: Page): Promise<string> => exportByButton(opts, 'Export your additions');
const listed = (opts: Page) => opts.$$eval('li[data-correction]', (ls) => ls.map((l) => l.textContent ?? ''));

describe.each(['chromium', 'firefox'] as BrowserName[])('%s', (name) => {
  const ctx = useBrowser(name);
  let companion: Page | undefined;
  afterEach(async () => {
    await closeCompanion(ctx.b, companion);
    companion = undefined;
  });
  /** The companion once it shows `page`'s tab's article with `n` entities, marks drawn (the reader on that tab). */
  const readWith = async (page: Page, c: Page, n: number): Promise<CompanionShown> => {
    const tab = String(await tabIdOf(ctx.b, page));
    const url = await page.evaluate(() => location.href);
    return untilCompanion(c, (s) => s.state === 'article' && s.tab === tab && s.url === url && s.entityCount === n && s.marks !== null && s.highlights !== null, `the article with ${n} entities`, WAIT);
  };

  it('"Not this" from the companion: after reload the name is no longer linked; the correction is listed, exported and imported', async () => {
    const page = await ctx.b.browser.newPage();
    await page.bringToFront();
    watchPage(page, ctx.b.errors);
    await page.goto(ctx.server.url('demo'));
    const f = (companion = await openCompanion(ctx.b, page));
    const shown = await companionArticle(f, page, WAIT);
    const before = shown.entityCount!;
    expect(shown.entities.some((e) => e.kbId === 'claude')).toBe(true);

    // the reader corrects in the extension's own page (the page cannot see or click it)
    await companionInView(ctx.b, f);
    await companionNotes(f);
    await f.waitForSelector('select[name="correct-name"]', { timeout: WAIT });
    expect(await nameOptions(f)).toContain(CLAUDE);
    const value = await f.$$eval('select[name="correct-name"] option', (os, label) => (os.find((o) => o.textContent === label) as HTMLOptionElement).value, CLAUDE);
    await f.select('select[name="correct-name"]', value);
    await f.waitForSelector('button[name="not-this"]', { timeout: WAIT });
    // "on this site" is the default, and names the site of the tab's address
    expect(await f.$eval('input[name="scope"][value="site"]', (i) => (i as HTMLInputElement).checked)).toBe(true);
    await f.click('button[name="not-this"]');
    await f.waitForFunction(() => document.querySelector('[data-correction-status]')?.textContent?.includes('is not Claude on news.example'), { timeout: WAIT, polling: 200 });
    await f.screenshot({ path: path.join(SHOTS, `${name}-correct-link.png`) });

    // it applies from the next analysis: the companion's button reloads the article's tab
    const reloaded = page.waitForNavigation({ timeout: WAIT });
    await f.click('button[name="reload"]');
    await reloaded;
    const after = await readWith(page, f, before - 1);
    expect(after.entities.some((e) => e.kbId === 'claude')).toBe(false);
    await companionInView(ctx.b, f);
    await companionNotes(f);
    await f.waitForSelector('select[name="correct-name"]', { timeout: WAIT });
    // the names offered are the new reading's (drawn again after the article changed)
    await f.waitForFunction((c) => ![...document.querySelectorAll('select[name="correct-name"] option')].some((o) => o.textContent === c), { timeout: WAIT, polling: 200 }, CLAUDE);
    expect(await nameOptions(f)).not.toContain(CLAUDE);
    expect(await nameOptions(f)).toContain('“Anthropic” → Anthropic');

    // the options page lists it; export → remove → import brings it back
    const opts = await openExtensionPage(ctx.b, `${ctx.b.extensionUrl}options/options.html`);
    await opts.waitForFunction(() => document.querySelector('#kb-corrections')?.parentElement?.textContent?.includes('“Claude” is not Claude on news.example'), { timeout: WAIT });
    const exported = JSON.parse(await exportAdditions(opts)) as { version: number; corrections: unknown[] };
    expect(exported.version).toBe(2);
    expect(exported.corrections).toEqual([{ kind: 'notThis', name: 'Claude', entityId: 'claude', site: 'news.example' }]);
    await opts.click('button[name="remove-correction"]');
    await opts.waitForFunction(() => !document.querySelector('button[name="remove-correction"]'), { timeout: WAIT });
    fs.writeFileSync(FILE, JSON.stringify(exported));
    try {
      await (await opts.$('input[name="kb-import"]'))!.uploadFile(FILE);
      await opts.waitForFunction(() => document.querySelector('[role="status"]')?.textContent?.includes('Imported'), { timeout: WAIT });
    } finally {
      fs.rmSync(FILE, { force: true });
    }
    await opts.waitForFunction(() => document.querySelector('#kb-corrections')?.parentElement?.textContent?.includes('“Claude” is not Claude on news.example'), { timeout: WAIT });
    expect(await listed(opts)).toHaveLength(1);
    await opts.close();

    // and the imported correction applies at the next analysis: the story read again, in a new tab
    // (a tab of its own has no earlier reading the companion could still be showing)
    const again = await ctx.b.browser.newPage();
    watchPage(again, ctx.b.errors);
    await again.bringToFront();
    await again.goto(ctx.server.url('demo'));
    let c = f;
    if (name === 'firefox') {
      await closeCompanion(ctx.b, f);
      c = companion = await openCompanion(ctx.b, again);
    }
    const last = await readWith(again, c, before - 1);
    expect(last.entities.some((e) => e.kbId === 'claude')).toBe(false);
    expect(ctx.b.errors).toEqual([]);
    await again.close();
    await page.close();
  });
});
