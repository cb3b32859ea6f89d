import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'puppeteer-core';
import { openExtensionPage, openNotesTab, panelFrame, readSidebar, settle, useBrowser, watchPage, type BrowserName, exportByButton } from './browsers';

/**
 * The correction loop of issue #12 in real browsers: the reader marks a linked name "Not this" in the
 * sidebar's extension frame; after a reload the name is no longer linked; the options page lists the
 * correction, and it survives an export → remove → import round trip.
 */
const WAIT = 15_000;
const SHOTS = path.resolve('artifacts/e2e');
const FILE = path.resolve('.tmp-e2e-corrections.json');
const CLAUDE = '“Claude” → Claude';

const entityCount = (page: Page) => page.$eval('[data-ai-news-lens="sidebar"]', (el) => Number(el.getAttribute('data-entity-count')));
const nameOptions = (f: Frame) => f.$$eval('select[name="correct-name"] option', (os) => os.map((o) => o.textContent ?? ''));

/** The file the options page's export button offers, read from the blob it made. */
const exportAdditions = (opts: Page): Promise<string> => exportByButton(opts, 'Export your additions');
const listed = (opts: Page) => opts.$$eval('li[data-correction]', (ls) => ls.map((l) => l.textContent ?? ''));

describe.each(['chromium', 'firefox'] as BrowserName[])('%s', (name) => {
  const ctx = useBrowser(name);

  it('"Not this" from the extension frame: after reload the name is no longer linked; the correction is listed, exported and imported', async () => {
    const page = await ctx.b.browser.newPage();
    await page.bringToFront();
    watchPage(page, ctx.b.errors);
    await page.goto(ctx.server.url('demo'));
    await settle(page, WAIT);
    await page.waitForSelector('[data-ai-news-lens="sidebar"][data-entity-count]', { timeout: WAIT });
    const before = await entityCount(page);
    if (name === 'chromium') expect((await readSidebar(page, name)).entities!.some((e) => e.kbId === 'claude')).toBe(true);

    // the reader corrects in the extension's own frame (the page cannot see or click it)
    await openNotesTab(page);
    const f = await panelFrame(page);
    await f.waitForSelector('select[name="correct-name"]', { timeout: WAIT });
    expect(await nameOptions(f)).toContain(CLAUDE);
    const value = await f.$$eval('select[name="correct-name"] option', (os, label) => (os.find((o) => o.textContent === label) as HTMLOptionElement).value, CLAUDE);
    await f.select('select[name="correct-name"]', value);
    await f.waitForSelector('button[name="not-this"]', { timeout: WAIT });
    // "on this site" is the default, and names the site of the tab's address
    expect(await f.$eval('input[name="scope"][value="site"]', (i) => (i as HTMLInputElement).checked)).toBe(true);
    await f.click('button[name="not-this"]');
    await f.waitForFunction(() => document.querySelector('[data-correction-status]')?.textContent?.includes('is not Claude on news.example'), { timeout: WAIT });
    await page.screenshot({ path: path.join(SHOTS, `${name}-correct-link.png`) });

    // it applies from the next analysis: the frame's button reloads the tab
    const reloaded = page.waitForNavigation({ timeout: WAIT });
    await f.click('button[name="reload"]');
    await reloaded;
    await settle(page, WAIT);
    await page.waitForFunction((n) => Number(document.querySelector('[data-ai-news-lens="sidebar"]')?.getAttribute('data-entity-count')) === n, { timeout: WAIT }, before - 1);
    if (name === 'chromium') expect((await readSidebar(page, name)).entities!.some((e) => e.kbId === 'claude')).toBe(false);
    await openNotesTab(page);
    const f2 = await panelFrame(page);
    await f2.waitForSelector('select[name="correct-name"]', { timeout: WAIT });
    expect(await nameOptions(f2)).not.toContain(CLAUDE);
    expect(await nameOptions(f2)).toContain('“Anthropic” → Anthropic');

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

    // and the imported correction applies at the next analysis
    await page.reload();
    await settle(page, WAIT);
    await page.waitForFunction((n) => Number(document.querySelector('[data-ai-news-lens="sidebar"]')?.getAttribute('data-entity-count')) === n, { timeout: WAIT }, before - 1);
    expect(ctx.b.errors).toEqual([]);
    await page.close();
  });
});
