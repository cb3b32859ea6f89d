import { describe, expect, it } from 'vitest';
import type { Frame, Page } from 'puppeteer-core';
import { altShift, dragSelect, openNotesTab, panelFrame, selectText, settle, useBrowser, watchPage, type BrowserName } from './browsers';

/**
 * The reader's own data in the sidebar's extension-origin frame: highlight with a note by keyboard
 * and by mouse, tags, the list in reading order with "Show in text", notes on entities shown on
 * another article that mentions the entity, orphans re-attached by selecting new text, and none of
 * it readable by the page.
 */
const WAIT = 15_000;

const frameText = (f: Frame) => f.$eval('main', (m) => (m as HTMLElement).innerText);
/** Waits until the page shows this many of the reader's highlights. */
const highlightsShown = (page: Page, n: number) =>
  page.waitForFunction((k) => Number(document.querySelector('[data-ai-news-lens="sidebar"]')?.getAttribute('data-highlights')) === k, { timeout: WAIT }, n);
const waitInFrame = (f: Frame, fn: string, arg?: unknown) => f.waitForFunction(fn, { timeout: WAIT }, arg);

describe.each(['chromium', 'firefox'] as BrowserName[])('%s', (name) => {
  const ctx = useBrowser(name);
  /** A new tab on the demo article, with the sidebar and the saved highlights in place. */
  const openDemo = async (): Promise<Page> => {
    const page = await ctx.b.browser.newPage();
    // keys go to the focused tab; the previous test's tab had focus inside its frame
    await page.bringToFront();
    watchPage(page, ctx.b.errors);
    await page.goto(ctx.server.url('demo'));
    await settle(page, WAIT);
    await page.waitForSelector('[data-ai-news-lens="sidebar"][data-highlights]', { timeout: WAIT });
    return page;
  };

  it('highlight with a note by keyboard: the frame opens its editor focused; the note and tags are kept across reload', async () => {
    const page = await openDemo();
    await selectText(page, 'industrial scale to train competing systems');
    await altShift(page, 'KeyN');
    const f = await panelFrame(page);
    // focused inside the frame, and the frame holds the browser's focus (keys typed now reach it)
    await waitInFrame(f, `document.activeElement?.name === 'note' && document.hasFocus()`);
    await page.keyboard.type('Check the **licence** [terms](https://example.com/terms)');
    await page.keyboard.press('Tab');
    await page.keyboard.type('licensing, follow-up');
    expect(await f.$eval('textarea[name=note]', (t) => (t as HTMLTextAreaElement).value)).toBe('Check the **licence** [terms](https://example.com/terms)');
    await page.keyboard.down('Control');
    await page.keyboard.press('Enter');
    await page.keyboard.up('Control');
    await waitInFrame(f, `document.querySelector('[role=status]')?.textContent.includes('Note saved')`);
    expect(await frameText(f)).toContain('Check the licence terms');
    await page.reload();
    await settle(page, WAIT);
    await openNotesTab(page);
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

  it('by mouse: toolbar highlight; the list runs in reading order and jumps to the text; a cut quote is an orphan, re-attached to new text', async () => {
    const page = await openDemo();
    const count = () => page.$eval('[data-ai-news-lens="sidebar"]', (el) => Number(el.getAttribute('data-highlights')));
    const start = await count();
    // Alt+Shift+N with nothing selected shows the frame; it then follows saves made in the page
    await altShift(page, 'KeyN');
    const f = await panelFrame(page);
    // later in the text first, by the toolbar that appears beside a selection
    const later = 'cut the computing cost of reaching similar performance';
    // by dragging over it: the toolbar answers the reader's own mouse only
    await dragSelect(page, later);
    const bar = await page.waitForSelector('[data-ai-news-lens="toolbar"]', { timeout: WAIT });
    const box = (await bar!.boundingBox())!;
    await page.mouse.click(box.x + 12, box.y + box.height / 2);
    await highlightsShown(page, start + 1);
    const earlier = 'harvesting answers from its Claude models';
    // the frame took focus when it opened: the reader clicks back into the article
    await page.mouse.click(8, 300);
    // and the frame has let go of the browser's focus, so the shortcut below reaches the page
    await waitInFrame(f, `!document.hasFocus()`);
    await selectText(page, earlier);
    await altShift(page, 'KeyH');
    await highlightsShown(page, start + 2);
    const quotes = () => f.$$eval('[data-annotation-id] blockquote', (q) => q.map((x) => x.textContent));
    await waitInFrame(f, `document.querySelectorAll('[data-annotation-id]').length >= ${start + 2}`);
    const list = await quotes();
    expect(list.indexOf(earlier)).toBeGreaterThanOrEqual(0);
    expect(list.indexOf(earlier)).toBeLessThan(list.indexOf(later));
    // "Show in text" scrolls the page to it and flashes it
    const laterId = await f.$$eval('[data-annotation-id]', (items, q) => items.find((i) => i.querySelector('blockquote')?.textContent === q)!.getAttribute('data-annotation-id'), later);
    await f.$eval(`[data-annotation-id="${laterId}"] .actions button`, (b) => b.scrollIntoView({ block: 'center' }));
    await f.click(`[data-annotation-id="${laterId}"] .actions button`);
    await page.waitForFunction(
      (q) => [...(CSS as unknown as { highlights: Map<string, Set<Range> & { priority: number }> }).highlights.values()].some((h) => h.priority === 2 && [...h].some((r) => r.toString() === q)),
      { timeout: WAIT },
      later,
    );

    // the publisher cut that sentence: the highlight is kept as an orphan, with its quote
    await page.goto(ctx.server.url('demo-cut'));
    await settle(page, WAIT);
    await highlightsShown(page, start + 1);
    await altShift(page, 'KeyN');
    const g = await panelFrame(page);
    await waitInFrame(g, `document.querySelector('.orphan blockquote')?.textContent === ${JSON.stringify(later)}`);
    // select the new text in the page, then re-attach from the frame
    const replacement = 'narrow the gap with U.S. rivals';
    await selectText(page, replacement);
    await g.$eval('.orphan .actions button', (b) => b.scrollIntoView({ block: 'center' }));
    await g.click('.orphan .actions button');
    await waitInFrame(g, `!document.querySelector('.orphan') && [...document.querySelectorAll('[data-annotation-id] blockquote')].some((q) => q.textContent === ${JSON.stringify(replacement)})`);
    await highlightsShown(page, start + 2);
    await page.close();
  });

  it('a note on an entity shows on another article that mentions it; the page can read none of the reader\'s notes', async () => {
    const page = await openDemo();
    await altShift(page, 'KeyN');
    const f = await panelFrame(page);
    const key = await f.$$eval('select[name=entity] option', (os) => os.find((o) => o.textContent === 'Alibaba Group')?.getAttribute('value'));
    expect(key).toBeTruthy();
    await f.select('select[name=entity]', key!);
    await f.type('textarea[name=entity-note]', 'watch Qwen licensing zebra-7781');
    const save = (await f.waitForSelector('button[name=save-entity-note]:not([disabled])', { timeout: WAIT }))!;
    await save.evaluate((b) => b.scrollIntoView({ block: 'center' }));
    await save.click();
    await waitInFrame(f, `document.querySelector('[data-entity-key]')?.textContent.includes('zebra-7781')`);

    await page.goto(ctx.server.url('ai-china-models'));
    await settle(page, WAIT);
    await page.waitForSelector('[data-ai-news-lens="sidebar"][data-highlights]', { timeout: WAIT });
    await altShift(page, 'KeyN');
    const g = await panelFrame(page);
    await waitInFrame(g, `document.querySelector('[data-entity-key]')?.textContent.includes('zebra-7781')`);
    expect(await frameText(g)).toContain('Alibaba Group');

    // a page script looks everywhere it can for the note
    const probe = await page.evaluate((secret) => {
      const texts: string[] = [];
      const walk = (n: Node) => {
        if (n.nodeType === 3) texts.push(n.nodeValue ?? '');
        const sr = (n as Element).shadowRoot;
        if (sr) walk(sr);
        n.childNodes.forEach(walk);
      };
      walk(document.documentElement);
      const frames: string[] = [];
      for (let i = 0; i < window.length; i++) {
        try {
          frames.push(window[i]!.document.documentElement.textContent ?? '');
        } catch {
          frames.push('blocked');
        }
      }
      getSelection()!.selectAllChildren(document.documentElement);
      const selected = getSelection()!.toString();
      getSelection()!.removeAllRanges();
      const find = (window as unknown as { find?: (s: string) => boolean }).find;
      return { dom: texts.join(' ').includes(secret), inner: document.documentElement.innerText.includes(secret), selected: selected.includes(secret), found: find ? find.call(window, secret) : false, frames };
    }, 'zebra-7781');
    expect(probe).toMatchObject({ dom: false, inner: false, selected: false, found: false });
    expect(probe.frames.every((t) => t === 'blocked' || !t.includes('zebra-7781'))).toBe(true);
    await page.close();
  });

  it('logged no extension errors', () => {
    expect(ctx.b.errors).toEqual([]);
  });
});
