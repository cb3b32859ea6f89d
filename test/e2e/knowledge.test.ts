import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { clickInSidebar, readSidebar, settle, sidebarCards, type BrowserName, useBrowser } from './browsers';

/** Entity cards in the sidebar, and a reader's addition on the options page reaching the next article. */
const SHOTS = path.resolve('artifacts/e2e');
const SIDEBAR_WAIT = 15_000;

async function addAlias(page: Page, base: string, alias: string, entity: string): Promise<string> {
  await page.goto(`${base}options/options.html`);
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
  await page.goto(`${base}options/options.html`);
  await page.waitForSelector('input[name="name"]');
  await page.type('input[name="name"]', name);
  await page.click('input[type="radio"][name="mode"]:not(:checked)');
  await page.waitForSelector('select[name="type"]');
  await page.select('select[name="type"]', type);
  await page.click('form button[type="submit"]');
  await page.waitForSelector('[role="status"], [role="alert"]');
  return page.$eval('[role="status"], [role="alert"]', (el) => el.textContent ?? '');
}

// Chromium only: the card check reads inside the closed shadow root over the DevTools protocol, and
// Firefox's WebDriver BiDi refuses to navigate to moz-extension:// pages, so neither part can be driven there.
describe.each(['chromium'] as BrowserName[])('%s', (name) => {
  const ctx = useBrowser(name);

  it('opening the Qwen3.7-Max card shows Alibaba as maker and its family; the maker opens its own card', async () => {
    const page = await ctx.b.browser.newPage();
    await page.goto(ctx.server.url('demo'));
    await settle(page, SIDEBAR_WAIT);
    await clickInSidebar(page, 'Qwen3.7-Max');
    await page.waitForFunction(() => true, { timeout: 500 }).catch(() => undefined);
    let cards: string[] = [];
    for (let i = 0; i < 20 && !cards.length; i++) {
      await new Promise((r) => setTimeout(r, 150));
      cards = await sidebarCards(page);
    }
    expect(cards.join(' ')).toMatch(/Maker\s*Alibaba/);
    expect(cards.join(' ')).toMatch(/Family\s*Qwen/);
    await page.screenshot({ path: path.join(SHOTS, `${name}-qwen-card.png`) });
    await clickInSidebar(page, 'Alibaba');
    await new Promise((r) => setTimeout(r, 500));
    const after = (await sidebarCards(page)).join(' ');
    expect(after).toMatch(/Qwen/); // Alibaba's card lists the models it makes
    await page.close();
  });

  it('a name added on the options page is the extension’s, not the page’s: the sidebar in the page neither marks nor lists it (issue #11)', async () => {
    const page = await ctx.b.browser.newPage();
    await page.goto(ctx.server.url('demo'));
    await settle(page, SIDEBAR_WAIT);
    const before = await readSidebar(page, name);
    expect(before.present).toBe(1);

    const opts = await ctx.b.browser.newPage();
    const said = await addEntity(opts, ctx.b.extensionUrl, 'The Wire Ledger', 'outlet');
    expect(said).toContain('The Wire Ledger added');
    await opts.screenshot({ path: path.join(SHOTS, `${name}-options.png`), fullPage: true });
    await opts.close();

    await page.reload();
    await settle(page, SIDEBAR_WAIT);
    await page.waitForSelector('[data-ai-news-lens="sidebar"][data-entity-count]', { timeout: SIDEBAR_WAIT });
    const after = await readSidebar(page, name);
    expect(after.entityCount).toBe(before.entityCount);
    if (after.entities) expect(after.entities.find((e) => e.name === 'The Wire Ledger')).toBeUndefined();
    await page.close();
  });

  it('an alias added on the options page stays the reader’s: the page does not mark that name (issue #11)', async () => {
    const page = await ctx.b.browser.newPage();
    await page.goto(ctx.server.url('demo'));
    await settle(page, SIDEBAR_WAIT);
    const qwen = async () => (await readSidebar(page, name)).entities!.find((e) => e.kbId === 'qwen')!.mentions;
    const before = await qwen();
    const opts = await ctx.b.browser.newPage();
    expect(await addAlias(opts, ctx.b.extensionUrl, 'Tongyi', 'Qwen')).toContain('“Tongyi” now also means Qwen');
    await opts.close();
    await page.reload();
    await settle(page, SIDEBAR_WAIT);
    await new Promise((r) => setTimeout(r, 300));
    expect(await qwen()).toBe(before);
    await page.close();
  });

  it("the reader's own summary stays in the library: the page never gets it", async () => {
    const note = 'My private note on this lab, 7 Nov';
    const opts = await ctx.b.browser.newPage();
    await opts.goto(`${ctx.b.extensionUrl}options/options.html`);
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

    const page = await ctx.b.browser.newPage();
    await page.goto(ctx.server.url('demo'));
    await settle(page, SIDEBAR_WAIT);
    const anthropic = (await readSidebar(page, name)).entities!.find((e) => e.kbId === 'anthropic')!;
    expect(anthropic.summary).not.toContain(note);
    await clickInSidebar(page, 'Anthropic');
    await new Promise((r) => setTimeout(r, 500));
    expect((await sidebarCards(page)).join(' ')).not.toContain(note);
    expect(await page.evaluate((n) => (window as unknown as { find: (s: string) => boolean }).find(n), note)).toBe(false);
    await page.close();
  });

  it('a bad import is refused with its first problem named, and nothing changes', async () => {
    const page = await ctx.b.browser.newPage();
    await page.goto(`${ctx.b.extensionUrl}options/options.html`);
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
