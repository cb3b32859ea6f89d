import { describe, expect, it } from 'vitest';
import type { Frame, Page } from 'puppeteer-core';
import { altShift, clickInSidebar, selectText, settle, useBrowser, watchPage, type BrowserName } from './browsers';

/**
 * The reader's own data in the sidebar's extension-origin frame: highlight with a note by keyboard
 * and by mouse, tags, the list in reading order with "Show in text", notes on entities shown on
 * another article that mentions the entity, orphans re-attached by selecting new text, and none of
 * it readable by the page.
 */
const WAIT = 15_000;

/** The sidebar's frame (an extension page inside the page's tab). */
async function panelFrame(page: Page): Promise<Frame> {
  const deadline = Date.now() + WAIT;
  for (;;) {
    for (const f of page.frames()) {
      // Firefox may report an extension frame's first address as about:blank: ask the frame itself
      const href = await f.evaluate(() => location.href).catch(() => '');
      if (/^(chrome|moz)-extension:\/\/[^/]+\/panel\/panel\.html/.test(href) && (await f.$('main section').catch(() => null))) return f;
    }
    if (Date.now() > deadline) throw new Error(`no panel frame; frames: ${page.frames().map((x) => x.url()).join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const frameText = (f: Frame) => f.$eval('main', (m) => (m as HTMLElement).innerText);
const waitInFrame = (f: Frame, fn: string, arg?: unknown) => f.waitForFunction(fn, { timeout: WAIT }, arg);

describe.each(['chromium', 'firefox'] as BrowserName[])('%s', (name) => {
  const ctx = useBrowser(name);

  it('highlight with a note by keyboard: the frame opens its editor focused; the note and tags are kept across reload', async () => {
    const page = await ctx.b.browser.newPage();
    watchPage(page, ctx.b.errors);
    await page.goto(ctx.server.url('demo'));
    await settle(page, WAIT);
    await page.waitForSelector('[data-ai-news-lens="sidebar"][data-highlights]', { timeout: WAIT });
    await selectText(page, 'industrial scale to train competing systems');
    await altShift(page, 'KeyN');
    const f = await panelFrame(page);
    await waitInFrame(f, `document.activeElement?.name === 'note'`);
    await page.keyboard.type('Check the **licence** [terms](https://example.com/terms)');
    await page.keyboard.press('Tab');
    await page.keyboard.type('licensing, follow-up');
    await page.keyboard.down('Control');
    await page.keyboard.press('Enter');
    await page.keyboard.up('Control');
    await waitInFrame(f, `document.querySelector('[role=status]')?.textContent.includes('Note saved')`);
    expect(await frameText(f)).toContain('Check the licence terms');
    await page.reload();
    await settle(page, WAIT);
    if (name === 'chromium') await clickInSidebar(page, 'Notes & related');
    const f2 = await panelFrame(page);
    await waitInFrame(f2, `document.querySelector('[data-annotation-id]')`);
    const text = await frameText(f2);
    expect(text).toContain('industrial scale to train competing systems');
    expect(text).toContain('Check the licence terms');
    expect(text).toMatch(/licensing[\s\S]*follow-up/);
    // the Markdown became a safe link, and the bold stayed text in an element
    expect(await f2.$eval('.note-body a', (a) => (a as HTMLAnchorElement).href)).toBe('https://example.com/terms');
    await page.close();
  });
});
