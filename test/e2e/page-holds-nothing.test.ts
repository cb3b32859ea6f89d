import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { altShift, closeCompanion, companionArticle, companionNotes, dragSelect, drawnHighlights, gotoExtensionPage, openCompanion, oursInPage, pointAt, selectText, sidePanelPage, useBrowser, watchPage, type BrowserName } from './browsers';

/**
 * Issue #13's acceptance "the page's DOM holds no extension UI beyond marks, cards and the
 * selection toolbar, and a page script finds none of the reader's data". The reader writes a note
 * and a tag on a highlight and a note on an entity (in the companion), adds an entity and rewrites a
 * shipped entity's summary (on the options page); then a script of the page itself looks everywhere
 * it can: every node and attribute (open shadow roots included), its innerText, the computed styles
 * of our elements, the style sheets it can read, the highlight registry, frames, window.find, its
 * storage, and every message posted to it since it loaded. A recorder the page installs before
 * anything else also lists every element of ours that was ever added, so UI that came and went
 * counts too. In Chromium the DevTools protocol also reads inside our closed shadow roots: the hover
 * card shows shipped knowledge only.
 *
 * Chromium: the companion is the real side panel. Firefox: no page key may open its sidebar, so the
 * companion is open beforehand in a tab bound to the article's tab (as in notes.test.ts).
 */
const WAIT = 15_000;
const NOTE = 'quillon-note-5521';
const TAG = 'quillon-tag-5521';
const ENTITY_NOTE = 'quillon-entity-5521';
const ADDED = 'Quillon Meridian Labs';
const SUMMARY = 'quillon-summary-5521, my own words on this lab';
const SECRETS = [NOTE, TAG, ENTITY_NOTE, ADDED, SUMMARY];
/** The only elements of ours a page may hold: the hover card and the selection toolbar (marks are highlight ranges, not elements). */
const ALLOWED_ROLES = ['card', 'toolbar'];
const ALLOWED_TAGS = ['ai-news-lens-card', 'ai-news-lens-toolbar'];

/** Installed before the page's own scripts: what was posted to the page, and every element of ours ever added. */
const RECORDER = () => {
  const rec = { messages: [] as string[], roles: [] as string[], tags: [] as string[] };
  (window as unknown as { __anlRecord: typeof rec }).__anlRecord = rec;
  addEventListener(
    'message',
    (e) => {
      let text: string;
      try {
        text = typeof e.data === 'string' ? e.data : JSON.stringify(e.data);
      } catch {
        text = String(e.data);
      }
      rec.messages.push(`${e.origin} ${text}`);
    },
    true,
  );
  const seen = (el: Element) => {
    const role = el.getAttribute('data-ai-news-lens');
    if (role !== null) rec.roles.push(role);
    if (el.localName.startsWith('ai-news-lens')) rec.tags.push(el.localName);
  };
  new MutationObserver((ms) => {
    for (const m of ms)
      for (const n of m.addedNodes)
        if (n instanceof Element) {
          seen(n);
          n.querySelectorAll('*').forEach(seen);
        }
  }).observe(document, { childList: true, subtree: true });
};

/** Everything a page script can find; run in the page's own world. */
const PROBE = (secrets: string[]) => {
  const found: Record<string, string[]> = Object.fromEntries(secrets.map((s) => [s, []]));
  const look = (where: string, text: string | null | undefined) => {
    for (const s of secrets) if (text && text.toLowerCase().includes(s.toLowerCase())) found[s]!.push(where);
  };
  const ours: Element[] = [];
  const openRoots: string[] = [];
  const walk = (n: Node) => {
    if (n.nodeType === Node.TEXT_NODE || n.nodeType === Node.COMMENT_NODE) look('text', n.nodeValue);
    if (n instanceof Element) {
      for (const a of Array.from(n.attributes)) look(`attribute ${a.name} of ${n.localName}`, a.value);
      if (n.hasAttribute('data-ai-news-lens') || n.localName.startsWith('ai-news-lens')) ours.push(n);
      if (n.shadowRoot) {
        openRoots.push(n.localName);
        walk(n.shadowRoot);
      }
    }
    n.childNodes.forEach(walk);
  };
  walk(document);
  for (const el of Array.from(document.querySelectorAll('*'))) for (const a of Array.from(el.attributes)) look(`attribute ${a.name}`, a.value);
  look('innerText', document.documentElement.innerText);
  look('textContent', document.documentElement.textContent);
  look('title', document.title);
  for (const el of ours)
    for (const pseudo of [null, '::before', '::after']) {
      const cs = getComputedStyle(el, pseudo);
      look(`computed style of ${el.localName}${pseudo ?? ''}`, Array.from(cs, (p) => `${p}:${cs.getPropertyValue(p)}`).join(';'));
    }
  for (const sheet of Array.from(document.styleSheets)) {
    try {
      look('style sheet', Array.from(sheet.cssRules, (r) => r.cssText).join('\n'));
    } catch {
      // another origin's sheet: the page cannot read it either
    }
  }
  const registry = (CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights;
  const names = [...registry.keys()];
  for (const name of names) look('highlight name', name);
  look('localStorage', JSON.stringify({ ...localStorage }));
  look('sessionStorage', JSON.stringify({ ...sessionStorage }));
  look('cookie', document.cookie);
  look('window.name', window.name);
  const rec = (window as unknown as { __anlRecord: { messages: string[]; roles: string[]; tags: string[] } }).__anlRecord;
  for (const m of rec.messages) look('postMessage', m);
  // last: window.find moves the selection, which is put back after
  const sel = getSelection()!;
  const kept = sel.rangeCount ? sel.getRangeAt(0) : null;
  const find = (window as unknown as { find?: (s: string, caseSensitive: boolean, backwards: boolean, wrap: boolean) => boolean }).find;
  for (const s of secrets) {
    sel.removeAllRanges();
    if (find?.call(window, s, false, false, true)) found[s]!.push('window.find');
  }
  sel.removeAllRanges();
  if (kept) sel.addRange(kept);
  return {
    found,
    ours: ours.map((el) => ({ tag: el.localName, role: el.getAttribute('data-ai-news-lens') })),
    openRoots,
    frames: { count: window.length, elements: Array.from(document.querySelectorAll('iframe, frame, object, embed, portal'), (f) => f.getAttribute('src') ?? f.getAttribute('data') ?? '') },
    highlightNames: names.length,
    // the old sidebar host's attributes, anywhere
    sidebarAttributes: document.querySelectorAll('[data-entity-count], [data-marks], [data-highlights], [data-live], [data-side], [data-state]').length,
    seenRoles: [...new Set(rec.roles)],
    seenTags: [...new Set(rec.tags)],
    ourMessages: rec.messages.filter((m) => /ai-news-lens|chrome-extension:|moz-extension:/i.test(m)),
  };
};
type Probe = ReturnType<typeof PROBE>;

/** What a page may see of us: none of the reader's data, and nothing but a card or the toolbar, never a frame. */
function expectNothing(p: Probe, when: string): void {
  for (const s of SECRETS) expect(p.found[s], `${when}: "${s}" found by the page in`).toEqual([]);
  for (const o of p.ours) expect(ALLOWED_ROLES, `${when}: an element of ours in the page: ${JSON.stringify(o)}`).toContain(o.role);
  for (const o of p.ours) expect(ALLOWED_TAGS, `${when}: ${o.tag}`).toContain(o.tag);
  expect(p.openRoots.filter((t) => t.startsWith('ai-news-lens')), `${when}: an open shadow root of ours`).toEqual([]);
  expect(p.frames, `${when}: frames in the page`).toEqual({ count: 0, elements: [] });
  expect(p.sidebarAttributes, `${when}: the old sidebar host's attributes`).toBe(0);
  // over the page's whole life, not only now: no sidebar (or anything else) came and went
  for (const r of p.seenRoles) expect(ALLOWED_ROLES, `${when}: an element of ours was added at some point with role "${r}"`).toContain(r);
  for (const t of p.seenTags) expect(ALLOWED_TAGS, `${when}: ${t} was added at some point`).toContain(t);
  expect(p.ourMessages, `${when}: messages of ours posted to the page`).toEqual([]);
  // the marks are there (the extension ran): a registry of random names, at most one per mark kind
  expect(p.highlightNames, `${when}: highlight names`).toBeGreaterThan(0);
  expect(p.highlightNames).toBeLessThanOrEqual(10);
}

describe.each(['chromium', 'firefox'] as BrowserName[])('%s: the page holds nothing of the reader', (name) => {
  const ctx = useBrowser(name);
  let companion: Page | undefined;
  afterEach(async () => {
    await closeCompanion(ctx.b, companion);
    companion = undefined;
  });

  /** On the options page: an entity of the reader's own, and their own summary of a shipped one (Anthropic, named in the demo). */
  const addKnowledge = async () => {
    const opts = await ctx.b.browser.newPage();
    await gotoExtensionPage(opts, `${ctx.b.extensionUrl}options/options.html`);
    await opts.waitForSelector('input[name="name"]', { timeout: WAIT });
    await opts.type('input[name="name"]', ADDED);
    await opts.click('input[type="radio"][name="mode"]:not(:checked)');
    await opts.waitForSelector('select[name="type"]');
    await opts.select('select[name="type"]', 'company');
    await opts.click('form button[type="submit"]');
    await opts.waitForFunction((n) => document.querySelector('[role="status"]')?.textContent?.includes(`${n} added`), { timeout: WAIT }, ADDED);
    await opts.type('input[name="kb-search"]', 'Anthropic');
    await opts.waitForFunction(() => Array.from(document.querySelectorAll('.hits button.hit')).some((b) => b.textContent?.startsWith('Anthropic')), { timeout: WAIT });
    await opts.$$eval('.hits button.hit', (bs) => (bs.find((b) => b.textContent?.startsWith('Anthropiccompany')) ?? bs.find((b) => b.textContent?.startsWith('Anthropic')))!.click());
    await opts.waitForSelector('textarea[name="summary-edit"]', { timeout: WAIT });
    await opts.type('textarea[name="summary-edit"]', SUMMARY);
    await opts.click('textarea[name="summary-edit"] ~ button, form:has(textarea[name="summary-edit"]) button[type="submit"]');
    await opts.waitForFunction((s) => document.querySelector('.detail .card-summary')?.textContent === s, { timeout: WAIT }, SUMMARY);
    await opts.close();
  };

  it("a page script finds none of the reader's notes, tags, entity notes or knowledge, and no UI of ours beyond the card and the toolbar", async () => {
    await addKnowledge();
    const page = await ctx.b.browser.newPage();
    await page.evaluateOnNewDocument(RECORDER);
    await page.bringToFront();
    watchPage(page, ctx.b.errors);
    await page.goto(ctx.server.url('demo'));
    companion = await openCompanion(ctx.b, page);
    await companionArticle(companion, page);

    // a highlight with a note and a tag: Alt+Shift+N opens the companion's editor on it
    await selectText(page, 'industrial scale to train competing systems');
    await altShift(page, 'KeyN');
    const c = name === 'chromium' ? (companion = await sidePanelPage(ctx.b)) : companion;
    await c.waitForSelector('textarea[name=note]', { timeout: WAIT });
    if (name === 'firefox') await c.bringToFront(); // the reader switches to the companion's tab (a sidebar would be in view)
    await c.waitForFunction(() => (document.activeElement as HTMLTextAreaElement | null)?.name === 'note', { timeout: WAIT });
    await c.keyboard.type(NOTE);
    await c.keyboard.press('Tab');
    await c.keyboard.type(TAG);
    await c.keyboard.down('Control');
    await c.keyboard.press('Enter');
    await c.keyboard.up('Control');
    await c.waitForFunction(() => document.querySelector('#anl-view-yours [role=status]')?.textContent?.includes('Note saved'), { timeout: WAIT });

    // a note on an entity of the article
    await companionNotes(c);
    const key = await c.$$eval('select[name=entity] option', (os) => os.find((o) => o.textContent === 'Alibaba Group')?.getAttribute('value'));
    expect(key).toBeTruthy();
    await c.select('select[name=entity]', key!);
    await c.type('textarea[name=entity-note]', ENTITY_NOTE);
    const save = (await c.waitForSelector('button[name=save-entity-note]:not([disabled])', { timeout: WAIT }))!;
    await save.evaluate((b) => b.scrollIntoView({ block: 'center' }));
    await save.click();
    await c.waitForFunction((n) => document.querySelector('[data-entity-key]')?.textContent?.includes(n), { timeout: WAIT }, ENTITY_NOTE);

    // the reader's data is real and shown where it belongs: in the companion
    const shown = await c.evaluate(() => document.body.innerText);
    expect(shown).toContain(NOTE);
    expect(shown).toContain(TAG);
    expect(shown).toContain(ENTITY_NOTE);

    // the article again, as on a later visit; its highlight is drawn
    await page.bringToFront();
    await page.reload();
    await companionArticle(c, page);
    await page.waitForFunction(() => [...(CSS as unknown as { highlights: Map<string, Set<Range> & { priority: number }> }).highlights.values()].some((h) => h.priority === 1 && h.size > 0), { timeout: WAIT });
    expect(await drawnHighlights(page)).toContain('industrial scale to train competing systems');

    // 1. the hover card open on the entity whose summary the reader rewrote
    const at = await pointAt(page, 'Anthropic');
    await page.mouse.move(at.x, at.y);
    await page.waitForFunction(() => !!document.querySelector('ai-news-lens-card')?.isConnected, { timeout: WAIT });
    expectNothing(await page.evaluate(PROBE, SECRETS), 'with the card open');
    if (name === 'chromium') {
      const seen = await oursInPage(page);
      expect(seen.hosts.map((h) => h.role)).toEqual(['card']);
      // inside its closed root: the shipped summary, not the reader's
      expect(seen.hosts[0]!.text).toMatch(/Anthropic/);
      expect(seen.extensionFrames).toEqual([]);
      for (const s of SECRETS) expect(seen.everything, `"${s}" in the page's tree, closed roots included`).not.toContain(s);
    }

    // 2. the selection toolbar open on a selection the reader made by mouse
    await page.mouse.move(4, 4);
    await dragSelect(page, 'cut the computing cost of reaching similar performance');
    await page.waitForSelector('[data-ai-news-lens="toolbar"]', { timeout: WAIT });
    expectNothing(await page.evaluate(PROBE, SECRETS), 'with the toolbar open');
    if (name === 'chromium') {
      const seen = await oursInPage(page);
      for (const h of seen.hosts) expect(ALLOWED_ROLES).toContain(h.role);
      expect(seen.hosts.some((h) => h.role === 'toolbar')).toBe(true);
      for (const s of SECRETS) expect(seen.everything, `"${s}" in the page's tree, closed roots included`).not.toContain(s);
    }
    await page.close();
  });

  it('logged no extension errors', () => {
    expect(ctx.b.errors).toEqual([]);
  });
});
