import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { altShift, closeCompanion, companionInView, companionNotes, companionOn, gotoExtensionPage, openCompanion, openExtensionPage, reloadExtensionPage, selectText, untilRead, useBrowser, type BrowserName, type Launched, drawnHighlights, exportByButton } from './browsers';
import { THREAD } from './server';
import { toCollection } from '../../src/annotate/export';
import { describe as describeSel } from '../../src/annotate/anchor';
import { canonicalUrl } from '../../src/annotate/identity';

/**
 * The library on the options page (an extension page, so it may show the reader's notes): a
 * highlight made in the article is there, searchable, takes a note, deletes with undo; JSON-LD
 * exports import back identical; imports and backups are checked whole. The options page is a tab
 * of its own in both browsers (see `openExtensionPage` for Firefox). An article counts as read, and
 * a highlight as placed, when the background holds what the page reported (what the companion
 * shows); the story is followed from the companion's Notes & related.
 */
const WAIT = 15_000;
const QUOTE = 'harvesting answers from its Claude models';

async function highlight(b: Launched, page: Page, quote: string) {
  await selectText(page, quote);
  await altShift(page, 'KeyH');
  await untilRead(b, page, (s) => (s.highlights ?? 0) > 0, 'a highlight placed', WAIT);
}

/** Highlights QUOTE on the demo article, then opens the library (options page) with it listed. */
async function highlightThenOpenLibrary(ctx: ReturnType<typeof useBrowser>): Promise<{ page: Page; lib: Page }> {
  const page = await ctx.b.browser.newPage();
  await page.bringToFront();
  await page.goto(ctx.server.url('demo'));
  await untilRead(ctx.b, page, undefined, 'the article read, its highlights placed', WAIT);
  await highlight(ctx.b, page, QUOTE);
  const lib = await openExtensionPage(ctx.b, `${ctx.b.extensionUrl}options/options.html`);
  await lib.waitForSelector('.annotation blockquote', { timeout: WAIT });
  return { page, lib };
}

/** The same data the library's download button saves, fetched the same way. */
const backupNow = (lib: Page): Promise<Record<string, unknown>> =>
  lib.evaluate(() =>
    (globalThis as unknown as { chrome: { runtime: { sendMessage: (m: unknown) => Promise<{ value: Record<string, unknown> }> } } }).chrome.runtime
      .sendMessage({ kind: 'backup:get', payload: {} })
      .then((r) => r.value),
  );
const BACKUP_FILE = path.resolve('.tmp-e2e-backup.json');
/** Restores `data` through the library's file input; resolves with the message the page then shows. */
async function restoreBackup(lib: Page, data: unknown): Promise<string> {
  fs.writeFileSync(BACKUP_FILE, JSON.stringify(data));
  const before = await lib.$eval('[data-backup-status]', (el) => el.getAttribute('data-backup-status')).catch(() => '0');
  await (await lib.$('input[name="backup-restore"]'))!.uploadFile(BACKUP_FILE);
  await lib.waitForFunction((n) => (document.querySelector('[data-backup-status]')?.getAttribute('data-backup-status') ?? '0') !== n, { timeout: 10_000 }, before);
  return lib.$eval('[data-backup-status]', (el) => el.textContent ?? '');
}

/** Clicks the library's JSON-LD export and returns the file it offered (read from the blob it made). */
const exportJsonLd = (lib: Page): Promise<string> => exportByButton(lib, 'Export (Web Annotation JSON-LD)');

describe.each(['chromium', 'firefox'] as BrowserName[])('%s library', (name) => {
  const ctx = useBrowser(name);

  it('lists, finds, annotates, deletes with undo, and imports all or nothing', async () => {
    const { page, lib } = await highlightThenOpenLibrary(ctx);
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

    const file = path.resolve(`.tmp-e2e-import-${name}.jsonld`);
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

  it('export JSON-LD, wipe, import that file → the same highlights, notes and tags, and the same export', async () => {
    const { page, lib } = await highlightThenOpenLibrary(ctx);
    const listed = () => lib.$$eval('.annotation', (els) => els.map((e) => e.textContent ?? '').sort());
    const before = await listed();
    expect(before.length).toBeGreaterThan(0);
    const exported = await exportJsonLd(lib);
    expect(JSON.parse(exported)).toMatchObject({ type: 'AnnotationCollection' });
    const backup = await backupNow(lib);
    const file = path.resolve(`.tmp-e2e-export-${name}.jsonld`);
    try {
      expect(await restoreBackup(lib, { ...backup, annotations: { type: 'AnnotationCollection', items: [] }, entityNotes: [] })).toContain('Restored');
      await reloadExtensionPage(lib);
      await lib.waitForSelector('.article-groups', { timeout: WAIT });
      expect(await lib.$$('.annotation')).toHaveLength(0);
      fs.writeFileSync(file, exported);
      await (await lib.$('input[name="ann-import"]'))!.uploadFile(file);
      await lib.waitForFunction(() => document.querySelector('[role="status"]')?.textContent?.includes('Imported'), { timeout: WAIT });
      await reloadExtensionPage(lib);
      await lib.waitForSelector('.annotation blockquote', { timeout: WAIT });
      expect(await listed()).toEqual(before);
      expect(await exportJsonLd(lib)).toBe(exported);
    } finally {
      fs.rmSync(file, { force: true });
      fs.rmSync(BACKUP_FILE, { force: true });
    }
    await lib.close();
    await page.close();
  });

  it('backup, wipe by restoring an empty backup, restore → everything back; a broken backup changes nothing', async () => {
    const { page, lib } = await highlightThenOpenLibrary(ctx);
    const backup = await backupNow(lib);
    try {
      const empty = { ...backup, annotations: { type: 'AnnotationCollection', items: [] }, entityNotes: [] };
      expect(await restoreBackup(lib, empty)).toContain('Restored');
      await reloadExtensionPage(lib);
      await lib.waitForSelector('.article-groups', { timeout: WAIT });
      expect(await lib.$$('.annotation')).toHaveLength(0);
      expect(await restoreBackup(lib, { ...backup, annotations: { items: [{ type: 'Annotation' }] } })).toContain('Not restored: annotations: items[0]');
      expect(await restoreBackup(lib, backup)).toContain('Restored');
      await reloadExtensionPage(lib);
      await lib.waitForSelector('.annotation blockquote', { timeout: WAIT });
      expect(await lib.$$eval('.annotation blockquote', (els) => els.map((e) => e.textContent))).toContain(QUOTE);
    } finally {
      fs.rmSync(BACKUP_FILE, { force: true });
    }
    await lib.close();
    await page.close();
  });

  it('logged no extension errors', () => {
    expect(ctx.b.errors).toEqual([]);
  });
});

/** The thread fixtures' headlines and canonical addresses, as the history stores them. */
const threadArticle = (name: string) => {
  const html = fs.readFileSync(path.join(THREAD, `${name}.html`), 'utf8');
  return { title: html.match(/<h1[^>]*>([^<]+)<\/h1>/)![1]!.trim(), url: canonicalUrl('https://x.invalid/', html.match(/<link rel="canonical" href="([^"]+)"/)![1]!) };
};
const Q_THREAD = 'Anthropic on Monday accused Alibaba of using its Claude models';
const Q_CHIPS = 'approved $4.1 billion in new grants for TSMC';

describe.each(['chromium', 'firefox'] as BrowserName[])('%s: followed threads, and the entity and date filters', (name) => {
  const ctx = useBrowser(name);
  let companion: Page | undefined;
  afterEach(async () => {
    await closeCompanion(ctx.b, companion);
    companion = undefined;
  });
  const read = async (page: Page, article: string) => {
    await page.bringToFront();
    await page.goto(ctx.server.url(`thread/${article}`));
    await untilRead(ctx.b, page, undefined, 'the article read, its highlights placed', WAIT);
  };
  const quotes = (lib: Page) => lib.$$eval('.annotation blockquote', (els) => els.map((e) => e.textContent));
  /**
   * The companion's Notes & related beside `page`'s article (Chromium: the side panel; Firefox: the
   * companion tab bound to `page`'s tab, opened once per test and brought to front, as the reader looks at it).
   */
  const openFrame = async (page: Page) => {
    companion ??= await openCompanion(ctx.b, page);
    await companionOn(ctx.b, companion, page);
    await companionInView(ctx.b, companion);
    await companionNotes(companion);
    return companion;
  };
  /** Follows the story of the article open in `page` from its frame, as a reader does (if not followed yet). */
  const followStory = async (page: Page) => {
    const f = await openFrame(page);
    await f.waitForSelector('.thread button', { timeout: WAIT });
    if ((await f.$eval('.thread button', (b) => b.getAttribute('aria-pressed'))) !== 'true') await f.click('.thread button');
    await f.waitForSelector('.thread button[aria-pressed="true"]', { timeout: WAIT });
  };
  const THREAD_FOLLOW = '.follow[data-key^="thread:"]';

  it('a followed thread shows its timeline, its highlights and an unread count that clears once opened; entity and date filters narrow the list', async () => {
    const page = await ctx.b.browser.newPage();
    await page.bringToFront();
    await read(page, 'thread-1');
    await highlight(ctx.b, page, Q_THREAD);
    await read(page, 'thread-2');
    await read(page, 'unrelated');
    await highlight(ctx.b, page, Q_CHIPS);
    await read(page, 'thread-3');
    await followStory(page);
    // a new article of the story, read after following it
    await read(page, 'thread-4');

    const lib = await openExtensionPage(ctx.b, `${ctx.b.extensionUrl}options/options.html`);
    await lib.waitForSelector('.follow[data-key^="thread:"]');
    const thread = THREAD_FOLLOW;
    expect(await lib.$eval(thread, (el) => el.getAttribute('data-unread'))).toBe('1');
    expect(await lib.$eval(`${thread} .follow-toggle`, (el) => [el.getAttribute('aria-expanded'), el.textContent])).toEqual(['false', expect.stringMatching(/Anthropic.*4 articles.*1 new/)]);
    await lib.click(`${thread} .follow-toggle`);
    await lib.waitForSelector(`${thread} .timeline li`);
    // opening it was looking at it: the count clears (and stays cleared, below), the new article stays marked for now
    await lib.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-unread') === '0', { timeout: 5000 }, thread);
    expect(await lib.$(`${thread} .unread`)).toBeNull();
    const timeline = await lib.$$eval(`${thread} .timeline li`, (lis) => lis.map((li) => ({ title: li.querySelector('a')?.textContent, href: li.querySelector('a')?.getAttribute('href'), isNew: li.classList.contains('new') })));
    expect(timeline).toEqual(['thread-1', 'thread-2', 'thread-3', 'thread-4'].map((a) => ({ title: threadArticle(a).title, href: threadArticle(a).url, isNew: a === 'thread-4' })));
    expect(await lib.$$eval(`${thread} .follow-annotation blockquote`, (els) => els.map((e) => e.textContent))).toEqual([Q_THREAD]);
    await reloadExtensionPage(lib);
    await lib.waitForSelector(thread);
    expect(await lib.$eval(thread, (el) => el.getAttribute('data-unread'))).toBe('0');

    // an old highlight on the story, imported: the date filter tells it apart
    const old = new Date(Date.now() - 400 * 86_400_000).toISOString();
    const oldText = 'Alibaba did not respond to a request for comment on Monday.';
    const file = path.resolve('.tmp-e2e-old.jsonld');
    try {
      fs.writeFileSync(file, JSON.stringify(toCollection([{ id: '21111111-2222-4333-8444-555555555555', url: threadArticle('thread-1').url, urls: [], title: threadArticle('thread-1').title, fingerprint: '', selectors: describeSel(oldText, 0, oldText.length), note: '', tags: [], created: old, updated: old }])));
      await (await lib.$('input[name="ann-import"]'))!.uploadFile(file);
      await lib.waitForFunction(() => document.querySelectorAll('.annotation').length === 3, { timeout: 5000 });
    } finally {
      fs.rmSync(file, { force: true });
    }
    // the entity filter offers what the highlighted articles mention
    const entities = await lib.$$eval('select[name="ann-entity"] option', (os) => os.map((o) => o.value));
    expect(entities).toEqual(expect.arrayContaining(['alibaba', 'anthropic', 'tsmc']));
    await lib.select('select[name="ann-entity"]', 'tsmc');
    await lib.waitForFunction(() => document.querySelectorAll('.annotation').length === 1);
    expect(await quotes(lib)).toEqual([Q_CHIPS]);
    await lib.select('select[name="ann-entity"]', 'alibaba');
    await lib.waitForFunction(() => document.querySelectorAll('.annotation').length === 2);
    expect((await quotes(lib)).sort()).toEqual([oldText, Q_THREAD].sort());
    await lib.select('select[name="ann-date"]', '30d');
    await lib.waitForFunction(() => document.querySelectorAll('.annotation').length === 1);
    expect(await quotes(lib)).toEqual([Q_THREAD]);
    // the filters are in the address: a reload keeps them
    expect(new URL(await lib.evaluate(() => location.href)).hash).toBe('#entity=alibaba&date=30d');
    await reloadExtensionPage(lib);
    await lib.waitForSelector('.annotation blockquote');
    expect(await lib.$eval('select[name="ann-entity"]', (el) => (el as HTMLSelectElement).value)).toBe('alibaba');
    expect(await quotes(lib)).toEqual([Q_THREAD]);
    // a range of days, as a bookmark would give it: only the old highlight's day
    const day = await lib.evaluate((iso) => new Date(iso).toLocaleDateString('sv'), old);
    await gotoExtensionPage(lib, `${ctx.b.extensionUrl}options/options.html#entity=alibaba&date=range&from=${day}&to=${day}`);
    await lib.waitForFunction(() => document.querySelectorAll('.annotation').length === 1);
    expect(await quotes(lib)).toEqual([oldText]);
    expect(await lib.$eval('input[name="ann-from"]', (el) => (el as HTMLInputElement).value)).toBe(day);
    // start after end: nothing shown, and why
    await gotoExtensionPage(lib, `${ctx.b.extensionUrl}options/options.html#date=range&from=${day}&to=2000-01-01`);
    await lib.waitForSelector('[role="alert"]');
    expect(await lib.$eval('[role="alert"]', (el) => el.textContent)).toContain('the start date is after the end date');
    expect(await lib.$$('.annotation')).toHaveLength(0);

    // unfollow, with undo
    await gotoExtensionPage(lib, `${ctx.b.extensionUrl}options/options.html`);
    await lib.waitForSelector(thread);
    await lib.click(`${thread} button[aria-label^="Unfollow"]`);
    await lib.waitForFunction((sel) => !document.querySelector(sel), { timeout: 5000 }, thread);
    await lib.$$eval('button', (bs) => bs.find((b) => b.textContent === 'Undo')!.click());
    await lib.waitForSelector(thread);
    expect(await lib.$eval(thread, (el) => el.getAttribute('data-unread'))).toBe('0');
    await lib.close();
    await page.close();
  });

  it('backup → wipe → restore brings the reading history and follows back: same thread, same unread state, and it still lights the badge', async () => {
    const page = await ctx.b.browser.newPage();
    await page.bringToFront();
    // the story read and followed (already so if the test above ran: reading again changes nothing)
    for (const a of ['thread-1', 'thread-2', 'thread-3']) await read(page, a);
    await followStory(page);
    await read(page, 'thread-4');
    const lib = await openExtensionPage(ctx.b, `${ctx.b.extensionUrl}options/options.html`);
    await lib.waitForSelector(THREAD_FOLLOW);
    const before = await lib.$eval(THREAD_FOLLOW, (el) => [el.getAttribute('data-key'), el.getAttribute('data-unread'), el.querySelector('.follow-toggle')?.textContent]);
    const backup = await backupNow(lib);
    expect((backup.history as { url: string }[]).map((h) => h.url)).toEqual(expect.arrayContaining(['thread-1', 'thread-2', 'thread-3', 'thread-4'].map((a) => threadArticle(a).url)));
    expect((backup.follows as { key: string }[]).map((f) => f.key)).toContain(before[0]);
    try {
      // wipe: an empty backup
      expect(await restoreBackup(lib, { ...backup, annotations: { type: 'AnnotationCollection', items: [] }, entityNotes: [], history: [], follows: [] })).toContain('It had 0 articles of reading history and 0 follows');
      await reloadExtensionPage(lib);
      await lib.waitForSelector('#followed');
      await lib.waitForFunction(() => document.querySelector('#followed')?.parentElement?.textContent?.includes('You follow nothing yet'), { timeout: 5000 });
      // a broken backup is refused whole, naming the first problem; nothing changes
      const broken = { ...backup, history: (backup.history as object[]).map((h, i) => (i === 1 ? { ...h, read: 'yesterday' } : h)) };
      expect(await restoreBackup(lib, broken)).toContain('Not restored: history[1].read: must be an ISO date. Nothing was changed.');
      await reloadExtensionPage(lib);
      await lib.waitForFunction(() => document.querySelector('#followed')?.parentElement?.textContent?.includes('You follow nothing yet'), { timeout: 5000 });
      // the real one: the thread is back as it was, with its timeline
      expect(await restoreBackup(lib, backup)).toMatch(/Restored from .*It had \d+ articles of reading history and \d+ follows?\./);
      await reloadExtensionPage(lib);
      await lib.waitForSelector(THREAD_FOLLOW);
      expect(await lib.$eval(THREAD_FOLLOW, (el) => [el.getAttribute('data-key'), el.getAttribute('data-unread'), el.querySelector('.follow-toggle')?.textContent])).toEqual(before);
      await lib.click(`${THREAD_FOLLOW} .follow-toggle`);
      await lib.waitForSelector(`${THREAD_FOLLOW} .timeline li`);
      expect(await lib.$$eval(`${THREAD_FOLLOW} .timeline li a`, (as) => as.map((a) => a.textContent))).toEqual(['thread-1', 'thread-2', 'thread-3', 'thread-4'].map((a) => threadArticle(a).title));
      // an old backup (version 1, no history) restores the rest and keeps the history as it is
      const old: Record<string, unknown> = { ...backup, version: 1 };
      delete old.history;
      delete old.follows;
      expect(await restoreBackup(lib, old)).toContain('without reading history: yours was kept');
      await reloadExtensionPage(lib);
      await lib.waitForSelector(THREAD_FOLLOW);
    } finally {
      fs.rmSync(BACKUP_FILE, { force: true });
    }
    // the background knows the restored thread and follow: the story's next article lights the badge
    await page.bringToFront();
    await read(page, 'thread-5');
    const g = await openFrame(page);
    await g.waitForSelector('.signal[data-badge="★"]', { timeout: WAIT });
    expect(await g.$eval('.thread-name', (e) => e.textContent)).toMatch(/Anthropic/);
    await lib.close();
    await page.close();
  });
});

describe('chromium: the service worker stopped during saves', () => {
  // no worker watcher here: attaching to the worker keeps Chromium from restarting it (puppeteer #9995)
  const ctx = useBrowser('chromium', { watchWorker: false });

  async function stopWorker() {
    const cdp = await ctx.b.browser.target().createCDPSession();
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
    for (const t of targetInfos.filter((x) => x.type === 'service_worker' && x.url.startsWith('chrome-extension://'))) await cdp.send('Target.closeTarget', { targetId: t.targetId });
    await cdp.detach();
  }

  it('loses no highlight when the worker stops during its save: it is sent again and stored once', async () => {
    const page = await ctx.b.browser.newPage();
    await page.goto(ctx.server.url('ai-chip-export'));
    await untilRead(ctx.b, page, undefined, 'the article read, its highlights placed', WAIT);
    for (let i = 0; i < 6; i++) {
      // select words 2-6 of a long text node of the story
      await page.evaluate((k) => {
        const walker = document.createTreeWalker(document.querySelector('article')!, NodeFilter.SHOW_TEXT);
        const long: Text[] = [];
        for (let n = walker.nextNode(); n; n = walker.nextNode()) if ((n.nodeValue ?? '').length > 120) long.push(n as Text);
        const n = long[k % long.length]!;
        const words = [...n.nodeValue!.matchAll(/\S+/g)];
        const r = document.createRange();
        r.setStart(n, words[2]!.index!);
        r.setEnd(n, words[6]!.index! + words[6]![0].length);
        getSelection()!.removeAllRanges();
        getSelection()!.addRange(r);
      }, i);
      await altShift(page, 'KeyH');
      // stop the worker right after the save was sent, every other time
      if (i % 2 === 0) await stopWorker();
      await new Promise((r) => setTimeout(r, 400));
    }
    // a worker restarting on a busy machine can take seconds, and a save whose answer was lost is sent again: wait for all six drawn
    await page
      .waitForFunction(() => [...(CSS as unknown as { highlights: Map<string, Set<Range> & { priority: number }> }).highlights.values()].some((h) => h.priority === 1 && h.size >= 6), { timeout: WAIT })
      .catch(() => undefined);
    await new Promise((r) => setTimeout(r, 800));
    const drawn = await drawnHighlights(page);
    const lib = await ctx.b.browser.newPage();
    await lib.goto(`${ctx.b.extensionUrl}options/options.html`);
    await lib.waitForSelector('.annotations');
    await new Promise((r) => setTimeout(r, 500));
    const stored = await lib.$$eval('.annotation blockquote', (els) => els.map((e) => e.textContent));
    // every highlight the page drew was acknowledged as durable, and is in the database once (a save sent twice is stored once)
    for (const d of drawn) expect(stored.filter((q) => q === d)).toHaveLength(1);
    // none of the six presses was lost, whether the worker stopped during its save or had just started again
    expect(drawn).toHaveLength(6);
    await lib.close();
    await page.close();
  });
});
