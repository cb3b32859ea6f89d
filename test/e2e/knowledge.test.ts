import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { clickInCompanion, closeCompanion, companionArticle, companionBeside, companionCards, gotoExtensionPage, pageCardText, pointAt, type BrowserName, useBrowser } from './browsers';

/**
 * Entity cards in the reading companion, and a reader's addition on the options page: the
 * companion (an extension page) is where the reader meets the knowledge base; the page's marks come
 * from the shipped knowledge only, so a reader's addition or summary never reaches the page.
 */
const SHOTS = path.resolve('artifacts/e2e');

/** The texts the page has marked as entities (the marks' highlight ranges, which a page script can read too). */
const markedTexts = (page: Page) =>
  page.evaluate(() => {
    const out: string[] = [];
    for (const [, h] of (CSS as unknown as { highlights: Map<string, Set<Range> & { priority: number }> }).highlights) if (h.priority === 0) for (const r of h) out.push(r.toString());
    return out;
  });

async function addAlias(page: Page, base: string, alias: string, entity: string): Promise<string> {
  await gotoExtensionPage(page, `${base}options/options.html`);
  await page.waitForSelector('input[name="name"]');
  await page.type('input[name="name"]', alias);
  await page.type('input[name="target"]', entity);
  // the entity list fills from the knowledge base as the reader types
  await page.waitForFunction((n) => Array.from(document.querySelectorAll('#kb-target-hits option')).some((o) => (o as HTMLOptionElement).value === n), { timeout: 5000 }, entity);
  await page.click('form button[type="submit"]');
  await page.waitForSelector('[role="status"], [role="alert"]');
  return page.$eval('[role="status"], [role="alert"]', (el) => el.textContent ?? '');
}

async function addEntity(page: Page, base: string, name: string, type: string): Promise<string> {
  await gotoExtensionPage(page, `${base}options/options.html`);
  await page.waitForSelector('input[name="name"]');
  await page.type('input[name="name"]', name);
  await page.click('input[type="radio"][name="mode"]:not(:checked)');
  await page.waitForSelector('select[name="type"]');
  await page.select('select[name="type"]', type);
  await page.click('form button[type="submit"]');
  await page.waitForSelector('[role="status"], [role="alert"]');
  return page.$eval('[role="status"], [role="alert"]', (el) => el.textContent ?? '');
}

describe.each(['chromium', 'firefox'] as BrowserName[])('%s', (name) => {
  const ctx = useBrowser(name);
  let companion: Page | undefined;
  afterEach(async () => {
    await closeCompanion(ctx.b, companion);
    companion = undefined;
  });
  /** The demo article in a new tab, its companion open beside it and showing it. */
  const demo = async () => {
    const page = await ctx.b.browser.newPage();
    await page.bringToFront();
    await page.goto(ctx.server.url('demo'));
    const opened = await companionBeside(ctx.b, page);
    companion = opened.companion;
    return { page, c: opened.companion, shown: opened.shown };
  };

  it('opening the Qwen3.7-Max card shows Alibaba as maker and its family; the maker opens its own card', async () => {
    const { page, c } = await demo();
    await clickInCompanion(c, 'Qwen3.7-Max');
    let cards: string[] = [];
    for (let i = 0; i < 40 && !/Maker/.test(cards.join(' ')); i++) {
      await new Promise((r) => setTimeout(r, 150));
      cards = await companionCards(c);
    }
    expect(cards.join(' ')).toMatch(/Maker\s*Alibaba/);
    expect(cards.join(' ')).toMatch(/Family\s*Qwen/);
    await c.screenshot({ path: path.join(SHOTS, `${name}-qwen-card.png`) });
    await clickInCompanion(c, 'Alibaba');
    await new Promise((r) => setTimeout(r, 500));
    const after = (await companionCards(c)).join(' ');
    expect(after).toMatch(/Qwen/); // Alibaba's card lists the models it makes
    await page.close();
  });

  it('a name added on the options page is the extension’s, not the page’s: the page does not mark it, nor does the companion list it as found there (issue #11)', async () => {
    const { page, c, shown: before } = await demo();
    expect(before.entityCount).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.body.innerText.includes('The Wire Ledger'))).toBe(true);

    const opts = await ctx.b.browser.newPage();
    const said = await addEntity(opts, ctx.b.extensionUrl, 'The Wire Ledger', 'outlet');
    expect(said).toContain('The Wire Ledger added');
    await opts.screenshot({ path: path.join(SHOTS, `${name}-options.png`), fullPage: true });
    await opts.close();
    await page.bringToFront();
    await page.reload();
    const after = await companionArticle(c, page);
    expect(after.entityCount).toBe(before.entityCount);
    expect(after.entities.find((e) => e.name === 'The Wire Ledger')).toBeUndefined();
    expect((await markedTexts(page)).some((t) => /Wire Ledger/.test(t))).toBe(false);
    await page.close();
  });

  it('an alias added on the options page stays the reader’s: the page does not mark that name (issue #11)', async () => {
    const { page, c, shown } = await demo();
    const qwen = (s: typeof shown) => s.entities.find((e) => e.kbId === 'qwen')!.mentions;
    const before = qwen(shown);
    const marksBefore = shown.marks;
    const opts = await ctx.b.browser.newPage();
    expect(await addAlias(opts, ctx.b.extensionUrl, 'Tongyi', 'Qwen')).toContain('“Tongyi” now also means Qwen');
    await opts.close();
    await page.bringToFront();
    await page.reload();
    const after = await companionArticle(c, page);
    expect(qwen(after)).toBe(before);
    expect(after.marks).toBe(marksBefore);
    expect((await markedTexts(page)).some((t) => /Tongyi/.test(t))).toBe(false);
    await page.close();
  });

  it("the reader's own summary stays in the extension's pages (library, companion): the page never gets it", async () => {
    const note = 'My private note on this lab, 7 Nov';
    const opts = await ctx.b.browser.newPage();
    await gotoExtensionPage(opts, `${ctx.b.extensionUrl}options/options.html`);
    await opts.waitForSelector('input[name="kb-search"]');
    await opts.type('input[name="kb-search"]', 'Anthropic');
    await opts.waitForFunction(() => Array.from(document.querySelectorAll('.hits button.hit')).some((b) => b.textContent?.startsWith('Anthropic')), { timeout: 5000 });
    await opts.$$eval('.hits button.hit', (bs) => (bs.find((b) => b.textContent?.startsWith('Anthropiccompany')) ?? bs[0])!.click());
    await opts.waitForSelector('textarea[name="summary-edit"]');
    await opts.type('textarea[name="summary-edit"]', note);
    await opts.click('textarea[name="summary-edit"] ~ button, form:has(textarea[name="summary-edit"]) button[type="submit"]');
    await opts.waitForFunction(() => document.querySelector('[role="status"]')?.textContent?.includes('summary'), { timeout: 5000 });
    // the library (an extension page) shows the reader's text on the card
    await opts.waitForFunction((n) => document.querySelector('.detail .card-summary')?.textContent === n, { timeout: 5000 }, note);
    await opts.close();

    const { page, shown } = await demo();
    // the companion is an extension page: it shows the reader their own summary
    expect(shown.entities.find((e) => e.kbId === 'anthropic')!.summary).toContain(note);
    // the page's own card on the name (shipped knowledge only) does not
    const at = await pointAt(page, 'Anthropic');
    await page.mouse.move(at.x, at.y);
    await page.waitForFunction(() => !!document.querySelector('ai-news-lens-card')?.isConnected, { timeout: 15_000 });
    if (name === 'chromium') {
      const card = await pageCardText(page);
      expect(card).toMatch(/Anthropic/);
      expect(card).not.toContain(note);
    }
    expect(await page.evaluate((n) => document.documentElement.textContent?.includes(n), note)).toBe(false);
    expect(await page.evaluate((n) => (window as unknown as { find: (s: string) => boolean }).find(n), note)).toBe(false);
    await page.close();
  });

  it('a bad import is refused with its first problem named, and nothing changes', async () => {
    const page = await ctx.b.browser.newPage();
    await gotoExtensionPage(page, `${ctx.b.extensionUrl}options/options.html`);
    await page.waitForSelector('input[name="kb-import"]');
    const file = path.resolve('.tmp-e2e-bad-import.json');
    fs.writeFileSync(file, JSON.stringify({ version: 1, entities: [{ id: 'user-x', type: 'model', name: 'X', aliases: [{ text: 'X' }], summary: 'short', links: {}, asOf: '2026-11-25' }] }));
    try {
      const input = await page.$('input[name="kb-import"]');
      await input!.uploadFile(file);
      await page.waitForSelector('[role="alert"]');
      expect(await page.$eval('[role="alert"]', (el) => el.textContent)).toContain('entities[0].summary');
    } finally {
      fs.rmSync(file, { force: true });
    }
    await page.close();
  });
});
