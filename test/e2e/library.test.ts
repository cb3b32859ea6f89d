import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { altShift, settle, useBrowser } from './browsers';
import { toCollection } from '../../src/annotate/export';
import { describe as describeSel } from '../../src/annotate/anchor';

/**
 * The library on the options page (an extension page, so it may show the reader's notes): a
 * highlight made in the article is there, searchable, takes a note, deletes with undo; JSON-LD
 * imports are checked whole. Chromium only: Firefox's BiDi will not open moz-extension:// pages.
 */
const WAIT = 15_000;
const QUOTE = 'harvesting answers from its Claude models';

async function highlight(page: Page, quote: string) {
  await page.evaluate((q) => {
    const walker = document.createTreeWalker(document.querySelector('article')!, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = n.nodeValue!.indexOf(q);
      if (at < 0) continue;
      const r = document.createRange();
      r.setStart(n, at);
      r.setEnd(n, at + q.length);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(r);
      return;
    }
  }, quote);
  await altShift(page, 'KeyH');
  await page.waitForFunction(() => Number(document.querySelector('[data-ai-news-lens="sidebar"]')?.getAttribute('data-highlights')) > 0, { timeout: WAIT });
}

describe('chromium library', () => {
  const ctx = useBrowser('chromium');

  it('lists, finds, annotates, deletes with undo, and imports all or nothing', async () => {
    const page = await ctx.b.browser.newPage();
    await page.goto(ctx.server.url('demo'));
    await settle(page, WAIT);
    await page.waitForSelector('[data-ai-news-lens="sidebar"][data-highlights]', { timeout: WAIT });
    await highlight(page, QUOTE);

    const lib = await ctx.b.browser.newPage();
    await lib.goto(`${ctx.b.extensionUrl}options/options.html`);
    await lib.waitForSelector('.annotation blockquote');
    expect(await lib.$$eval('.annotation blockquote', (els) => els.map((e) => e.textContent))).toContain(QUOTE);
    await lib.type('input[name="ann-search"]', 'harvestin');
    await lib.waitForFunction(() => document.querySelectorAll('.annotation').length === 1);

    await lib.click('.annotation button.small');
    await lib.type('textarea[name="ann-note"]', 'Compare with the **OpenAI** claim <script>x</script>');
    await lib.type('input[name="ann-tags"]', 'dispute');
    await lib.click('.annotation form button[type="submit"]');
    await lib.waitForSelector('.annotation .note-body strong');
    expect(await lib.$eval('.annotation .note-body', (el) => el.textContent)).toContain('<script>x</script>');
    expect(await lib.$$('.annotation .note-body script')).toHaveLength(0);

    await lib.$$eval('.annotation button.small', (bs) => bs.find((b) => b.textContent === 'Delete')!.click());
    await lib.waitForFunction(() => document.querySelectorAll('.annotation').length === 0);
    await lib.$$eval('button', (bs) => bs.find((b) => b.textContent === 'Undo')!.click());
    await lib.waitForSelector('.annotation .note-body strong');

    const file = path.resolve('.tmp-e2e-import.jsonld');
    const text = 'Alibaba rejected the allegation in a statement.';
    const rec = { id: '11111111-2222-4333-8444-555555555555', url: 'https://www.news.example/other', urls: [], title: 'Imported story', fingerprint: '', selectors: describeSel(text, 0, 7), note: 'imported note', tags: ['import'], created: '2026-11-20T10:00:00.000Z', updated: '2026-11-20T10:00:00.000Z' };
    try {
      fs.writeFileSync(file, JSON.stringify({ ...toCollection([rec]), items: [...toCollection([rec]).items, { type: 'Annotation' }] }));
      await (await lib.$('input[name="ann-import"]'))!.uploadFile(file);
      await lib.waitForSelector('[role="alert"]');
      expect(await lib.$eval('[role="alert"]', (el) => el.textContent)).toContain('items[1]');
      await lib.evaluate(() => ((document.querySelector('input[name="ann-search"]') as HTMLInputElement).value = ''));
      fs.writeFileSync(file, JSON.stringify(toCollection([rec])));
      await (await lib.$('input[name="ann-import"]'))!.uploadFile(file);
      await lib.waitForFunction(() => document.querySelector('[role="status"]')?.textContent?.includes('Imported 1'), { timeout: 5000 });
    } finally {
      fs.rmSync(file, { force: true });
    }
    await lib.close();
    await page.close();
  });
});
