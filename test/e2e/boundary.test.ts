import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { COMPANION, altShift, closeCompanion, companionBeside, companionNotes, marksIn, openExtensionPage, pageCardText, selectText, settle, untilCompanion, useBrowser, watchPage, type BrowserName } from './browsers';
import { READER_ENTITY, SECOND_HOST, VICTIM_CANONICAL } from './server';

/**
 * Issue #11, "the page boundary holds", written as the attacks: a reader highlights a story on one
 * real news site (served as www.reuters.com), and pages on another host the content script runs on
 * (www.news.example) try to read it, forge the reader's actions, delete the other site's history,
 * read the reader's own knowledge, and talk to the background as the extension's own pages.
 * Everything a page script does here is done in the page's own world (page.evaluate), with no
 * more than a page has; what the reader sees is read in the companion (Chromium's side panel, in
 * Firefox the same page in a background tab bound to the article's tab), whose counts are what the
 * page reported to the background.
 */
const WAIT = 15_000;
const QUOTE = 'industrial scale to train competing systems';
const FORGED = 'trained on lawfully obtained data using our own infrastructure';

/** Every range in the page's highlight registry, as the page's own script reads it (for loops: a hostile page may break Array methods). */
const registryTexts = (page: Page) =>
  page.evaluate(() => {
    const out: string[] = [];
    const reg = (CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights;
    for (const [, h] of reg) for (const r of h) out.push(r.toString());
    return out;
  });
const registryNames = (page: Page) =>
  page.evaluate(() => {
    const out: string[] = [];
    for (const [k] of (CSS as unknown as { highlights: Map<string, unknown> }).highlights) out.push(k);
    return out;
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Sends a message from an extension page (the library), as its own code does. */
const fromLibrary = (lib: Page, kind: string, payload: unknown) =>
  lib.evaluate((k, p) => (globalThis as unknown as { chrome: { runtime: { sendMessage: (m: unknown) => Promise<{ ok: boolean; value?: unknown; error?: string }> } } }).chrome.runtime.sendMessage({ kind: k, payload: p }), kind, payload);

describe.each(['chromium', 'firefox'] as BrowserName[])('%s', (name) => {
  const ctx = useBrowser(name);
  /** The page at `url` with the companion beside it, once the companion shows it with its marks drawn and the reader's highlights looked up and placed. */
  const open = async (url: string): Promise<{ page: Page; companion: Page }> => {
    const page = await ctx.b.browser.newPage();
    await page.bringToFront();
    watchPage(page, ctx.b.errors);
    await page.goto(url);
    await settle(page, WAIT);
    const { companion } = await companionBeside(ctx.b, page, WAIT);
    await page.bringToFront();
    return { page, companion };
  };
  /** How many of the reader's highlights the page placed, as it reported them to the companion. */
  const highlightCount = async (companion: Page) => String((await untilCompanion(companion, (s) => s.highlights !== null, 'the highlights placed', WAIT)).highlights);
  const done = async (o: { page: Page; companion: Page }) => {
    await closeCompanion(ctx.b, o.companion);
    await o.page.close();
  };
  const victim = () => ctx.server.url('boundary/story', SECOND_HOST);
  const copy = () => ctx.server.url('boundary/copy');
  const claim = () => ctx.server.url('boundary/claim');

  it('finding 1: a page on another host gets none of the reader’s highlights of a story, whether it copies the text or names it as canonical; the frame offers them', async () => {
    const story = await open(victim());
    expect(await highlightCount(story.companion)).toBe('0');
    await selectText(story.page, QUOTE);
    await altShift(story.page, 'KeyH');
    await untilCompanion(story.companion, (s) => s.highlights === 1, 'the highlight saved', WAIT);
    expect(await registryTexts(story.page)).toContain(QUOTE);
    await done(story);

    for (const url of [copy(), claim()]) {
      const o = await open(url);
      // the page's highlights are anchored in slices: give them the time they would take
      await sleep(1500);
      expect(await registryTexts(o.page), url).not.toContain(QUOTE);
      expect(await highlightCount(o.companion), url).toBe('0');
      await done(o);
    }

    // the companion (an extension page) says where the reader highlighted it, and the page draws it only when asked
    const o = await open(copy());
    await companionNotes(o.companion);
    await o.companion.waitForSelector(`[data-elsewhere="reuters.com"] button`, { timeout: WAIT });
    expect(await o.companion.$eval('[data-elsewhere="reuters.com"]', (el) => el.textContent)).toMatch(/highlighted this story on reuters\.com \(1\)/);
    expect(await registryTexts(o.page)).not.toContain(QUOTE);
    await o.companion.click(`[data-elsewhere="reuters.com"] button`);
    await o.page.waitForFunction((q) => [...(CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.values()].some((h) => [...h].some((r) => r.toString() === q)), { timeout: WAIT, polling: 100 }, QUOTE);
    await done(o);
  });

  it('finding 2: a selection and an Alt+Shift+H the page made itself save nothing', async () => {
    const o = await open(claim());
    const { page } = o;
    const before = await highlightCount(o.companion);
    await selectText(page, FORGED);
    await page.evaluate(() => {
      const ev = { altKey: true, shiftKey: true, bubbles: true, cancelable: true, composed: true };
      document.dispatchEvent(new KeyboardEvent('keydown', { ...ev, key: 'H', code: 'KeyH' }));
      document.dispatchEvent(new KeyboardEvent('keydown', { ...ev, key: 'N', code: 'KeyN' }));
      // and the selection toolbar's way in: a made-up mouseup
      document.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    });
    await sleep(1500);
    expect(await registryTexts(page)).not.toContain(FORGED);
    expect(await highlightCount(o.companion)).toBe(before);
    // no toolbar was offered for the page's own selection
    expect(await page.$('[data-ai-news-lens="toolbar"]')).toBeNull();
    const lib = await openExtensionPage(ctx.b, `${ctx.b.extensionUrl}options/options.html`);
    const list = (await fromLibrary(lib, 'ann:list', {})) as { value: { selectors: { exact?: string }[] }[] };
    expect(JSON.stringify(list.value)).not.toContain(FORGED);
    await lib.close();
    await done(o);
  });

  it('finding 3: "forget this site" on a page naming another site’s story forgets that page’s site only; the visit is not recorded under the other site', async () => {
    const o = await open(claim());
    // in the companion beside the page: the page names the Reuters story as its canonical link, the address bar says news.example
    const f = o.companion;
    await companionNotes(f);
    const button = await f.waitForSelector('::-p-text(Forget my reading history of this site)', { timeout: WAIT });
    // the reader says yes to the confirmation (kept, to check which site it names)
    await f.evaluate(() => {
      const w = window as unknown as { __asked: string };
      window.confirm = (m?: string) => ((w.__asked = String(m)), true);
    });
    await button!.click();
    await f.waitForFunction(() => /Forgot \d+ article/.test(document.body.innerText), { timeout: WAIT, polling: 200 });
    expect(await f.evaluate(() => (window as unknown as { __asked: string }).__asked)).toContain('www.news.example');
    const lib = await openExtensionPage(ctx.b, `${ctx.b.extensionUrl}options/options.html`);
    const articles = ((await fromLibrary(lib, 'history:articles', {})) as { value: { url: string; urls: string[] }[] }).value;
    const reuters = articles.filter((a) => a.url.includes('reuters.com'));
    // the Reuters story read in the first test is still there, and no news.example visit joined it
    expect(reuters.map((a) => a.url)).toContain(VICTIM_CANONICAL.replace('www.', ''));
    for (const a of reuters) expect(a.urls.join(' ')).not.toContain('news.example');
    await lib.close();
    await done(o);
  });

  it('finding 4: an entity the reader added is neither marked nor carded in the page; the highlight registry names say nothing', async () => {
    const lib = await openExtensionPage(ctx.b, `${ctx.b.extensionUrl}options/options.html`);
    const entity = { id: 'user-quillmere', type: 'company', name: READER_ENTITY, aliases: [{ text: READER_ENTITY }], summary: 'Reader secret: they owe me a call.', links: {}, asOf: '2026-12-07' };
    const set = await fromLibrary(lib, 'userKb:set', { data: { version: 1, entities: [entity], aliases: [], hidden: [], summaries: {} } });
    expect(set).toMatchObject({ ok: true, value: { ok: true } });
    // the library still finds it: it is the reader's, in the extension's own pages
    const found = (await fromLibrary(lib, 'kb:search', { query: 'Quillmere', type: null, limit: 5 })) as { value: { hits: { id: string }[] } };
    expect(found.value.hits.map((h) => h.id)).toContain('user-quillmere');
    await lib.close();
    const o = await open(copy());
    const { page } = o;
    // the article was read and marked with the shipped knowledge base (the companion lists what the page reported)
    const shown = await untilCompanion(o.companion, (s) => s.state === 'article' && s.marks !== null, 'the article', WAIT);
    expect(shown.entities.length).toBeGreaterThan(3);
    expect(shown.marks).toBe(await marksIn(page));
    expect((await registryTexts(page)).join(' | ')).not.toContain('Quillmere');
    for (const n of await registryNames(page)) expect(n).not.toMatch(/anl-|company|model|annotation|Quillmere/i);
    expect(await page.evaluate(() => (window as unknown as { find: (s: string) => boolean }).find('Reader secret'))).toBe(false);
    if (name === 'chromium') {
      // every mark's card, stepped through with the reader's shortcut (read over the DevTools protocol): none is the reader's entity
      // (first mentions only: each mark is another entity, so each card reads differently)
      let card = '';
      for (let i = 0; i < shown.marks!; i++) {
        await altShift(page, 'KeyJ');
        const was = card;
        const deadline = Date.now() + 5000;
        while ((card = await pageCardText(page)) === was && Date.now() < deadline) await sleep(100);
        expect(card, `card ${i}`).not.toBe(was);
        expect(card).toContain('Open in side panel');
        expect(card).not.toMatch(/Quillmere|Reader secret/);
      }
    }
    await done(o);
  });

  it('finding 6: no web page can load the companion, and the companion is no library page: backup:get, prefs:set and userKb:get are refused', async () => {
    const o = await open(copy());
    // the page frames the companion, even given its address: the browser does not load it (not web-accessible)
    await o.page.evaluate((u) => {
      const f = document.createElement('iframe');
      f.id = 'framed';
      f.src = u;
      document.body.append(f);
    }, `${ctx.b.extensionUrl}${COMPANION}`);
    await sleep(1500);
    // the browser says it refused ("Denying load of …", Firefox's "Security Error: … may not load"): that is the attack failing, not an error of ours
    for (let i = ctx.b.errors.length - 1; i >= 0; i--) if (/(Denying load of|may not load or link to) \S*sidepanel/.test(ctx.b.errors[i]!)) ctx.b.errors.splice(i, 1);
    const framed = o.page.frames().filter((f) => f !== o.page.mainFrame());
    for (const f of framed) expect(await f.$('.companion').catch(() => null)).toBeNull();
    // the companion itself, driven with the extension's own API: what it could be made to send
    const send = (kind: string, payload: unknown) =>
      o.companion.evaluate((k, p) => (globalThis as unknown as { chrome: { runtime: { sendMessage: (m: unknown) => Promise<unknown> } } }).chrome.runtime.sendMessage({ kind: k, payload: p }), kind, payload);
    expect(await send('backup:get', {})).toEqual({ ok: false, error: 'refused: backup:get' });
    expect(await send('prefs:set', { patch: { history: false } })).toEqual({ ok: false, error: 'refused: prefs:set' });
    expect(await send('userKb:get', {})).toEqual({ ok: false, error: 'refused: userKb:get' });
    await done(o);
    // storage.local, which Firefox opens to content scripts, holds nothing: settings, the site list and
    // the reader's knowledge (added in finding 4) are in the extension's own IndexedDB
    const lib = await openExtensionPage(ctx.b, `${ctx.b.extensionUrl}options/options.html`);
    const keys = await lib.evaluate(() =>
      (globalThis as unknown as { chrome: { storage: { local: { get: (k: null) => Promise<Record<string, unknown>> } } } }).chrome.storage.local.get(null).then((all) => Object.keys(all)),
    );
    expect(keys).toEqual([]);
    expect(((await fromLibrary(lib, 'userKb:get', {})) as { value: { entities: { name: string }[] } }).value.entities.map((e) => e.name)).toContain(READER_ENTITY);
    await lib.close();
  });

  it.runIf(name === 'chromium')('finding 6: a content script cannot ask about, or change, another site, nor read storage.local', async () => {
    const o = await open(copy());
    const { page } = o;
    const cdp = await page.createCDPSession();
    const contexts: { id: number; origin: string; name: string; auxData?: { type?: string; frameId?: string } }[] = [];
    cdp.on('Runtime.executionContextCreated', (e: { context: (typeof contexts)[number] }) => contexts.push(e.context));
    await cdp.send('Runtime.enable');
    await sleep(300);
    // our content script's isolated world in the top frame
    const world = contexts.find((c) => c.auxData?.type === 'isolated' && c.origin.startsWith('chrome-extension://'));
    expect(world, JSON.stringify(contexts)).toBeDefined();
    const inScript = async (expr: string) => {
      const r = (await cdp.send('Runtime.evaluate', { contextId: world!.id, expression: expr, awaitPromise: true, returnByValue: true })) as { result: { value: unknown }; exceptionDetails?: { exception?: { description?: string } } };
      return r.exceptionDetails ? { threw: r.exceptionDetails.exception?.description ?? 'error' } : r.result.value;
    };
    const msg = (kind: string, payload: unknown) => inScript(`chrome.runtime.sendMessage(${JSON.stringify({ kind, payload })})`);
    const quotes = (await msg('ann:forPage', { url: VICTIM_CANONICAL, canonical: VICTIM_CANONICAL, fingerprint: 'x' })) as { ok: boolean; value: unknown };
    expect(JSON.stringify(quotes)).not.toContain(QUOTE);
    expect(await msg('site:set', { host: SECOND_HOST, patch: { enabled: false } })).toMatchObject({ ok: false, error: expect.stringMatching(/refused/) });
    expect(await msg('backup:get', {})).toEqual({ ok: false, error: 'refused: backup:get' });
    // Chrome: storage.local is closed to content scripts (setAccessLevel); and nothing is kept there any more
    const local = await inScript(`chrome.storage.local.get(null).then((all) => Object.keys(all))`);
    console.log(`${name}: storage.local from a content script:`, JSON.stringify(local));
    expect(JSON.stringify(local)).toMatch(/^\[\]$|threw.*(access|context)/i);
    await cdp.detach();
    await done(o);
    // the Reuters story still runs, and still shows its highlight
    const story = await open(victim());
    await untilCompanion(story.companion, (s) => s.highlights === 1, 'the highlight placed', WAIT);
    expect(await registryTexts(story.page)).toContain(QUOTE);
    await done(story);
  });

  it('logged no extension errors', () => {
    expect(ctx.b.errors).toEqual([]);
  });
});
