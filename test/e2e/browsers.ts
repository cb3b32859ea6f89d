import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type KeyInput, type Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { NEWS_HOST, SECOND_HOST, startFixtureServer, type FixtureServer } from './server';

export type BrowserName = 'chromium' | 'firefox';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable',
];

/** Whether `page` is in Firefox (driven over WebDriver BiDi) rather than Chromium. */
const isFirefox = async (page: Page) => /firefox/i.test(await page.browser().version());

/** Firefox gives a temporary add-on a random internal UUID unless a pref fixes it; tests fix it to open extension pages. */
export const FIREFOX_ADDON_ID = 'ai-news-lens@ai-news-lens.dev';
export const FIREFOX_UUID = '6f1c2a8e-3b7d-4e5f-9a0b-1c2d3e4f5a6b';

export interface Launched {
  browser: Browser;
  name: BrowserName;
  /** Base URL of the extension's own pages (chrome-extension://… or moz-extension://…/). */
  extensionUrl: string;
  /** Errors printed by the extension (service worker, background page, content scripts). */
  errors: string[];
  close(): Promise<void>;
}

/** Launches a real browser with a fresh profile and the built extension loaded; `hostPort` routes the news host to the fixture server. */
export interface LaunchOptions {
  headless?: boolean;
  watchWorker?: boolean;
  /** Sends every request except to the fixture hosts (*.news.example) through this proxy on 127.0.0.1. */
  proxyPort?: number;
  /** Loads this build instead of dist-test/<browser> (a copy with other test hooks, src/welcome/hooks.ts). */
  extensionDir?: string;
}

export async function launch(name: BrowserName, opts: LaunchOptions = {}): Promise<Launched> {
  const headless = opts.headless ?? true;
  const errors: string[] = [];
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), `anl-${name}-`));
  let browser: Browser;
  if (name === 'chromium') {
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless,
      userDataDir: profile,
      pipe: true,
      enableExtensions: [opts.extensionDir ?? path.resolve('dist-test/chrome')],
      args: [
        ...CHROMIUM_ARGS,
        // the news host and its siblings (a stand-in live source at live.news.example) are all local
        // and a second real news host, for the tests where one site attacks another
        `--host-resolver-rules=MAP ${NEWS_HOST} 127.0.0.1, MAP *.news.example 127.0.0.1, MAP ${SECOND_HOST} 127.0.0.1`,
        '--window-size=1280,900',
        ...(opts.proxyPort ? [`--proxy-server=http://127.0.0.1:${opts.proxyPort}`, '--proxy-bypass-list=*.news.example'] : []),
      ],
      defaultViewport: { width: 1280, height: 900 },
    });
    const watch = async (t: import('puppeteer-core').Target) => {
      if (t.type() !== 'service_worker' || !t.url().startsWith('chrome-extension://')) return;
      const w = await t.worker();
      w?.on('console', (m) => {
        if (m.type() === 'error') errors.push(`service worker: ${m.text()}`);
      });
    };
    // Attaching to the service worker keeps Chromium from restarting it once stopped (puppeteer
    // issue 9995, crbug 1371432), so tests that stop the worker launch without the watcher.
    if (opts.watchWorker !== false) {
      browser.on('targetcreated', (t) => void watch(t));
      for (const t of browser.targets()) await watch(t);
    }
  } else {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless,
      userDataDir: profile,
      defaultViewport: { width: 1280, height: 900 },
      // Firefox 153 lets WebDriver open moz-extension:// pages (the popup, as a tab) only with this
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        'xpinstall.signatures.required': false,
        'network.dns.forceResolve': '127.0.0.1',
        'dom.security.https_first': false,
        'dom.security.https_only_mode': false,
        'browser.shell.checkDefaultBrowser': false,
        'extensions.webextensions.restrictedDomains': '',
        'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ADDON_ID]: FIREFOX_UUID }),
        // an optional permission asked for in a test is granted as a reader would grant it (no prompt to click)
        'extensions.webextOptionalPermissionPrompts': false,
        ...(opts.proxyPort
          ? {
              'network.proxy.type': 1,
              'network.proxy.http': '127.0.0.1',
              'network.proxy.http_port': opts.proxyPort,
              'network.proxy.ssl': '127.0.0.1',
              'network.proxy.ssl_port': opts.proxyPort,
              'network.proxy.no_proxies_on': '.news.example',
              'network.proxy.allow_hijacking_localhost': false,
            }
          : {}),
      },
    });
    await browser.installExtension(opts.extensionDir ?? path.resolve('dist-test/firefox'));
  }
  let extensionUrl = `moz-extension://${FIREFOX_UUID}/`;
  if (name === 'chromium') {
    const sw = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'), { timeout: 15_000 });
    extensionUrl = sw.url().replace(/[^/]+$/, '');
  }
  return {
    browser,
    name,
    extensionUrl,
    errors,
    close: async () => {
      await browser.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * One browser and one fixture server for a describe block: launched before its tests, closed after.
 * The returned object is filled in by the time the tests run.
 */
export function useBrowser(name: BrowserName, opts: LaunchOptions | (() => LaunchOptions) = {}): { b: Launched; server: FixtureServer } {
  const ctx = {} as { b: Launched; server: FixtureServer };
  beforeAll(async () => {
    ctx.server = await startFixtureServer();
    ctx.b = await launch(name, typeof opts === 'function' ? opts() : opts);
    fs.mkdirSync(path.resolve('artifacts/e2e'), { recursive: true });
  });
  // a test that failed half-way leaves its tab open: close it, so the next test's keys and focus
  // are not shared with it
  afterEach(async () => {
    for (const p of (await ctx.b?.browser.pages()) ?? []) if (p.url() !== 'about:blank') await p.close().catch(() => undefined);
  });
  afterAll(async () => {
    await ctx.b?.close();
    await ctx.server?.close();
  });
  return ctx;
}

/** Selects `quote` in the page's article (it must sit inside one text node). */
export async function selectText(page: Page, quote: string): Promise<void> {
  const found = await page.evaluate((q) => {
    const walker = document.createTreeWalker(document.querySelector('article') ?? document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = n.nodeValue!.indexOf(q);
      if (at < 0) continue;
      const r = document.createRange();
      r.setStart(n, at);
      r.setEnd(n, at + q.length);
      // where a reader would be when selecting it: in view
      n.parentElement?.scrollIntoView({ block: 'center' });
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(r);
      return true;
    }
    return false;
  }, quote);
  if (!found) throw new Error(`"${quote}" is not in one text node of the article`);
}

/**
 * Presses Alt+Shift+<code> (a letter key), the extension's shortcuts.
 *
 * In Chromium the events go through a CDP session of their own, and an event Chromium does not
 * acknowledge within two seconds is left behind: when a shortcut moves focus into the sidebar's
 * extension frame (an out-of-process frame), the acknowledgement of the keys that follow comes from
 * that frame's renderer and DevTools never passes it on, so `page.keyboard` would wait forever
 * (seen on a loaded two-core machine, about one press in ten). The events themselves are delivered;
 * every caller checks what the shortcut did, so nothing is assumed.
 */
export async function altShift(page: Page, code: string): Promise<void> {
  if (!/^Key[A-Z]$/.test(code)) throw new Error(`altShift takes a letter key code, not ${code}`);
  if (await isFirefox(page)) {
    await page.keyboard.down('Alt');
    await page.keyboard.down('Shift');
    await page.keyboard.press(code as KeyInput);
    await page.keyboard.up('Shift');
    await page.keyboard.up('Alt');
    return;
  }
  const letter = code.slice(3);
  const ALT = 1;
  const SHIFT = 8;
  const events = [
    { type: 'rawKeyDown', key: 'Alt', code: 'AltLeft', windowsVirtualKeyCode: 18, location: 1, modifiers: ALT },
    { type: 'rawKeyDown', key: 'Shift', code: 'ShiftLeft', windowsVirtualKeyCode: 16, location: 1, modifiers: ALT | SHIFT },
    { type: 'rawKeyDown', key: letter, code, windowsVirtualKeyCode: letter.charCodeAt(0), modifiers: ALT | SHIFT },
    { type: 'keyUp', key: letter, code, windowsVirtualKeyCode: letter.charCodeAt(0), modifiers: ALT | SHIFT },
    { type: 'keyUp', key: 'Shift', code: 'ShiftLeft', windowsVirtualKeyCode: 16, location: 1, modifiers: ALT },
    { type: 'keyUp', key: 'Alt', code: 'AltLeft', windowsVirtualKeyCode: 18, location: 1, modifiers: 0 },
  ] as const;
  const cdp = await page.createCDPSession();
  try {
    for (const e of events) {
      const sent = cdp.send('Input.dispatchKeyEvent', { ...e }).then(() => true, () => true);
      await Promise.race([sent, sleep(2000).then(() => false)]);
    }
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** Collects errors a page logs (content scripts log to the page console). */
export function watchPage(page: Page, errors: string[]): void {
  page.on('console', (m) => {
    if (m.type() === 'error' && /ai news lens|chrome-extension:|moz-extension:/i.test(m.text() + (m.location()?.url ?? ''))) errors.push(`page: ${m.text()}`);
  });
  page.on('pageerror', (e) => {
    if (/chrome-extension:|moz-extension:/.test(String((e as Error).stack ?? e))) errors.push(`page error: ${String(e)}`);
  });
}

/**
 * Waits until stage two finished in `page`: its entity marks are drawn (it draws them last, in the
 * same task as it sets up the reader's highlights and the selection toolbar), or until `ms` passed.
 * Then it resolves anyway: on a page that is not AI news, not one of the sites, or switched off,
 * nothing will run, and absence is an answer too. Read as a page script can (`marksInPage`).
 */
export async function settle(page: Page, ms: number): Promise<void> {
  await page.waitForFunction(marksInPage, { timeout: ms, polling: 100 }).catch(() => undefined);
}

/**
 * In the page: how many entity marks a page script can see. The registry's names are random per
 * page; the marks paint at priority 0, below the reader's highlights (1) and the flash (2). Without
 * the Highlight API they are our own `<mark>` elements. Loops, not Array methods: a hostile page
 * may have broken those.
 */
function marksInPage(): number {
  let n = 0;
  const registry = (globalThis as unknown as { CSS?: { highlights?: Map<string, Set<Range> & { priority: number }> } }).CSS?.highlights;
  if (registry) for (const [, h] of registry) if (h.priority === 0) n += h.size;
  return n + document.querySelectorAll('mark[data-ai-news-lens="mark"]').length;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A node of the page's tree as the DevTools protocol gives it (closed shadow roots and frames included). */
interface CdpNode {
  nodeType: number;
  backendNodeId?: number;
  localName?: string;
  nodeValue?: string;
  attributes?: string[];
  children?: CdpNode[];
  shadowRoots?: CdpNode[];
}
const kids = (n: CdpNode): CdpNode[] => [...(n.shadowRoots ?? []), ...(n.children ?? [])];
function findAll(n: CdpNode, pred: (n: CdpNode) => boolean, out: CdpNode[] = []): CdpNode[] {
  if (pred(n)) out.push(n);
  for (const c of kids(n)) findAll(c, pred, out);
  return out;
}
const find = (n: CdpNode, pred: (n: CdpNode) => boolean): CdpNode | undefined => findAll(n, pred)[0];
function attr(n: CdpNode, key: string): string | undefined {
  const a = n.attributes ?? [];
  for (let i = 0; i < a.length; i += 2) if (a[i] === key) return a[i + 1];
  return undefined;
}
function text(n: CdpNode | undefined): string {
  if (!n) return '';
  if (n.nodeType === 3) return n.nodeValue ?? '';
  return kids(n).map(text).join('');
}

/**
 * A document of an extension page has loaded (and is not the one a reload left behind). Polled by
 * hand: while the tab changes documents, Firefox's WebDriver can fail an evaluation with an internal
 * error ("right-hand side of 'in' should be an object") that `waitForFunction` does not retry.
 */
async function extensionPageReady(page: Page, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const ready = await page.evaluate(() => !(window as unknown as { __stale?: boolean }).__stale && document.readyState === 'complete' && !!document.body?.firstElementChild).catch(() => false);
    if (ready) return;
    if (Date.now() > deadline) throw new Error(`the extension page did not load: ${page.url()}`);
    await sleep(100);
  }
}

/**
 * Shows an extension page (`url` from `Launched.extensionUrl`) in `page`. Firefox 153's WebDriver
 * opens one only with `--remote-allow-system-access` (which `launch` passes) and never reports its
 * load, so there the wait is on the document itself; a change of the part after "#" stays in the
 * same document, as in Chromium.
 */
export async function gotoExtensionPage(page: Page, url: string): Promise<void> {
  if (!(await isFirefox(page))) return void (await page.goto(url));
  const sameDoc = await page.evaluate((u) => location.href !== 'about:blank' && location.href.split('#')[0] === u.split('#')[0], url).catch(() => false);
  if (sameDoc) await page.evaluate((u) => void (location.href = u), url);
  else void page.goto(url, { timeout: 15_000 }).catch(() => undefined);
  await extensionPageReady(page);
}

/** An extension page in a new tab (`background`: the tab the reader was on stays the active one). */
export async function openExtensionPage(b: Launched, url: string, opts: { background?: boolean } = {}): Promise<Page> {
  const page = await b.browser.newPage(opts.background ? { background: true } : undefined);
  await gotoExtensionPage(page, url);
  return page;
}

/** Reloads an extension page opened by `openExtensionPage`. */
export async function reloadExtensionPage(page: Page): Promise<void> {
  if (!(await isFirefox(page))) return void (await page.reload());
  await page.evaluate(() => {
    (window as unknown as { __stale?: boolean }).__stale = true;
    location.reload();
  });
  await extensionPageReady(page);
}

/**
 * The texts of the reader's highlights drawn in the page (`flash`: of the highlight flashed by
 * "Show in text"). The registry's names are random per page; the reader's highlights are the ones
 * painted above the entity marks (priority 1, the flash 2), which a page can see as well.
 */
export function drawnHighlights(page: Page, flash = false): Promise<string[]> {
  return page.evaluate((want) => {
    const out: string[] = [];
    for (const [, h] of (CSS as unknown as { highlights: Map<string, Set<Range> & { priority: number }> }).highlights) if (h.priority === want) for (const r of h) out.push(r.toString());
    return out;
  }, flash ? 2 : 1);
}

/**
 * Selects `quote` as a reader does, by dragging the mouse over it (trusted events: the selection
 * toolbar answers only those). It must sit inside one text node of the article, on one line.
 */
export async function dragSelect(page: Page, quote: string): Promise<void> {
  await selectText(page, quote);
  const at = await page.evaluate(() => {
    const rects = getSelection()!.getRangeAt(0).getClientRects();
    const a = rects[0]!;
    const b = rects[rects.length - 1]!;
    getSelection()!.removeAllRanges();
    return { x1: a.left + 1, y1: a.top + a.height / 2, x2: b.right - 1, y2: b.top + b.height / 2 };
  });
  await page.mouse.move(at.x1, at.y1);
  await page.mouse.down();
  await page.mouse.move(at.x2, at.y2, { steps: 8 });
  await page.mouse.up();
  const got = await page.evaluate(() => String(getSelection()));
  if (got.trim() !== quote) throw new Error(`dragging selected "${got}", not "${quote}"`);
}

/**
 * Clicks the extension page's button whose text includes `label` and returns the file it would
 * download: the test reads the Blob handed to URL.createObjectURL; the browser need not save it.
 */
export async function exportByButton(page: Page, label: string): Promise<string> {
  await page.evaluate(() => {
    const w = window as unknown as { __exported?: Promise<string>; __origCreate?: typeof URL.createObjectURL };
    w.__origCreate ??= URL.createObjectURL.bind(URL);
    URL.createObjectURL = (obj: Blob | MediaSource) => {
      if (obj instanceof Blob) w.__exported = obj.text();
      return w.__origCreate!(obj);
    };
    HTMLAnchorElement.prototype.click = function () {};
  });
  await page.$$eval('button', (bs, l) => bs.find((b) => b.textContent?.includes(l))!.click(), label);
  return page.evaluate(() => (window as unknown as { __exported: Promise<string> }).__exported);
}

/** The reading companion's address (an extension page), relative to `Launched.extensionUrl`. */
export const COMPANION = 'sidepanel/sidepanel.html';
const COMPANION_URL = /\/sidepanel\/sidepanel\.html/;

/** What the reading companion shows, as its own attributes and list say. */
export interface CompanionShown {
  state: string | null;
  tab: string | null;
  /** The address of the article shown (as stage two read it). */
  url: string;
  entityCount: number | null;
  marks: number | null;
  highlights: number | null;
  live: number | null;
  entities: { name: string; kbId: string; type: string; summary: string; mentions: number }[];
  headline: string;
}
const num = (v: string | null) => (v === null || v === '' ? null : Number(v));
/** Reads the companion page `p` (the side panel's page, or the page in a tab). */
export async function readCompanion(p: Page): Promise<CompanionShown> {
  const raw = await p.evaluate(() => {
    const c = document.querySelector('.companion');
    const a = (k: string) => c?.getAttribute(k) ?? null;
    return {
      state: a('data-state'),
      tab: a('data-tab'),
      url: a('data-url') ?? '',
      entityCount: a('data-entity-count'),
      marks: a('data-marks'),
      highlights: a('data-highlights'),
      live: a('data-live'),
      entities: [...document.querySelectorAll('li.entity')].map((li) => ({
        name: li.querySelector('.name')?.textContent ?? '',
        kbId: li.getAttribute('data-kb-id') ?? '',
        type: li.getAttribute('data-entity-type') ?? '',
        summary: li.querySelector('[class^="summary"]')?.textContent ?? '',
        mentions: Number((li.querySelector('.mentions')?.textContent ?? '').replace(/\D/g, '')),
      })),
      headline: document.querySelector('.headline')?.textContent ?? '',
    };
  });
  return { ...raw, entityCount: num(raw.entityCount), marks: num(raw.marks), highlights: num(raw.highlights), live: num(raw.live) };
}

/**
 * Polls the companion until `ok` holds (Firefox's WebDriver can fail an evaluation while a page
 * changes documents); throws with what it last showed.
 */
export async function untilCompanion(p: Page, ok: (s: CompanionShown) => boolean, what: string, timeout = 15_000): Promise<CompanionShown> {
  const deadline = Date.now() + timeout;
  let last: CompanionShown | null = null;
  for (;;) {
    last = await readCompanion(p).catch(() => last);
    if (last && ok(last)) return last;
    if (Date.now() > deadline) throw new Error(`the companion never showed ${what}; last: ${JSON.stringify(last && { ...last, entities: last.entities.length })}`);
    await sleep(150);
  }
}

/**
 * Waits until the companion shows `page`'s article as the page now has it (its address, read again
 * after a navigation) with the page's marks drawn and the reader's highlights placed.
 */
export async function companionArticle(companion: Page, page: Page, timeout = 15_000): Promise<CompanionShown> {
  const url = await page.evaluate(() => location.href);
  return untilCompanion(companion, (s) => s.state === 'article' && s.url.split('#')[0] === url.split('#')[0] && s.marks !== null && s.highlights !== null, `the article at ${url}`, timeout);
}

/** Chromium: the side panel's page, once it is laid out (a `page` target not listed in `browser.pages()`). */
export async function sidePanelPage(b: Launched, timeout = 15_000): Promise<Page> {
  const target = await b.browser.waitForTarget((t) => COMPANION_URL.test(t.url()) && t.type() === 'page', { timeout });
  const p = (await target.asPage())!;
  await p.waitForFunction(() => innerWidth > 0 && !!document.querySelector('.companion'), { timeout });
  return p;
}

/**
 * The companion beside `page`'s article, as the tests drive it:
 * - Chromium: the real side panel, opened with the toolbar button (CDP Extensions.triggerAction,
 *   `openPanelOnActionClick`); window-wide, it follows the active tab, so `page` is brought to front;
 * - Firefox: WebDriver has no handle on the sidebar's document, so the same page is opened in a
 *   background tab, bound to the article's tab (`?tab=ID`): the article stays the active tab.
 */
export async function openCompanion(b: Launched, page: Page): Promise<Page> {
  await page.bringToFront();
  if (b.name === 'chromium') {
    // a worker just started may not have set the button to open the panel yet: press it again
    for (let i = 0; i < 3 && !b.browser.targets().some((t) => COMPANION_URL.test(t.url())); i++) {
      const ext = [...(await b.browser.extensions()).values()][0]!;
      await page.triggerExtensionAction(ext);
      await b.browser.waitForTarget((t) => COMPANION_URL.test(t.url()), { timeout: 5000 }).catch(() => undefined);
    }
    return sidePanelPage(b);
  }
  // the unbound page follows the active tab (the article): it names the tab, then binds to it
  const p = await openExtensionPage(b, `${b.extensionUrl}${COMPANION}`, { background: true });
  const { tab } = await untilCompanion(p, (s) => s.tab !== null, 'a tab');
  await gotoExtensionPage(p, `${b.extensionUrl}${COMPANION}?tab=${tab}`);
  await untilCompanion(p, (s) => s.tab === tab, 'the bound tab');
  return p;
}

/** Chromium: closes the side panel (the next test opens its own); Firefox: closes the companion's tab. */
export async function closeCompanion(b: Launched, companion?: Page): Promise<void> {
  if (b.name !== 'chromium') return void (await companion?.close().catch(() => undefined));
  const sw = await b.browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'));
  await (await sw.worker())!
    .evaluate(async () => {
      const c = (globalThis as unknown as { chrome?: { windows: { getLastFocused(): Promise<{ id: number }> }; sidePanel: { close(o: { windowId: number }): Promise<void> } } }).chrome;
      if (c) await c.sidePanel.close({ windowId: (await c.windows.getLastFocused()).id }).catch(() => undefined);
    })
    .catch(() => undefined); // a worker just started may not have its API yet: then no panel is open either
  const deadline = Date.now() + 5000;
  while (b.browser.targets().some((t) => COMPANION_URL.test(t.url())) && Date.now() < deadline) await sleep(100);
}

/** Shows the companion's "Notes & related" view (a real click on its tab). */
export async function companionNotes(p: Page): Promise<void> {
  await p.waitForSelector('.companion [role="tab"][data-view="yours"]', { timeout: 15_000 });
  await p.click('.companion [role="tab"][data-view="yours"]');
  await p.waitForSelector('#anl-view-yours:not([hidden]) section', { timeout: 15_000 });
}

/** The page `p`'s article range of `quote` (in one text node), its centre in the window, scrolled into view. */
export async function pointAt(p: Page, quote: string): Promise<{ x: number; y: number }> {
  const at = await p.evaluate((q) => {
    const walker = document.createTreeWalker(document.querySelector('article') ?? document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = n.nodeValue!.indexOf(q);
      if (i < 0) continue;
      n.parentElement?.scrollIntoView({ block: 'center' });
      const r = document.createRange();
      r.setStart(n, i);
      r.setEnd(n, i + q.length);
      const box = r.getClientRects()[0]!;
      return { x: box.left + Math.min(box.width / 2, 20), y: box.top + box.height / 2 };
    }
    return null;
  }, quote);
  if (!at) throw new Error(`"${quote}" is not in one text node of the article`);
  return at;
}

// ── The reader-feature tests through the companion (issue #13; wt-port's block) ──

/**
 * The companion beside `page`'s article (`openCompanion`: Chromium's real side panel, Firefox's
 * page in a background tab bound to the article's tab), once it shows that article with its marks
 * drawn and the reader's highlights placed.
 */
export async function companionBeside(b: Launched, page: Page, timeout = 15_000): Promise<{ companion: Page; shown: CompanionShown }> {
  const companion = await openCompanion(b, page);
  const shown = await companionArticle(companion, page, timeout);
  return { companion, shown };
}

/** A real click on the companion's first visible button in the Context view whose text includes `label`. */
export async function clickInCompanion(c: Page, label: string): Promise<void> {
  const handle = await c.waitForFunction(
    (l) => [...document.querySelectorAll('#anl-view-context button')].find((x) => (x as HTMLElement).offsetParent !== null && (x.textContent ?? '').includes(l)) ?? null,
    { timeout: 15_000, polling: 200 },
    label,
  );
  const button = handle.asElement() as import('puppeteer-core').ElementHandle<Element> | null;
  if (!button) throw new Error(`no companion button "${label}"`);
  await button.scrollIntoView();
  await button.click();
}

/** The texts of the entity cards open in the companion, by card. */
export function companionCards(c: Page): Promise<string[]> {
  return c.$$eval('.companion div.card', (cs) => cs.map((x) => (x as HTMLElement).innerText));
}

/** Shows the companion's "Context" view again (a real click on its tab). */
export async function companionContext(c: Page): Promise<void> {
  await c.waitForSelector('.companion [role="tab"][data-view="context"]', { timeout: 15_000 });
  await c.click('.companion [role="tab"][data-view="context"]');
  await c.waitForSelector('#anl-view-context:not([hidden])', { timeout: 15_000 });
}

/** Chromium: the text of the small card the content script shows in the page (its shadow root is closed: read over the DevTools protocol). */
export async function pageCardText(page: Page): Promise<string> {
  const cdp = await page.createCDPSession();
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
    const card = find(root, (n) => n.localName === 'ai-news-lens-card');
    return card ? text(card) : '';
  } finally {
    await cdp.detach();
  }
}

// part A helpers (wt-port: learned, related, library, live and corrections read through the companion, issue #13)

/** The two extension APIs the probe uses (in an extension page, `chrome` in both browsers). */
interface ProbeApi {
  tabs: { query(q: { active: boolean; lastFocusedWindow: boolean }): Promise<{ id?: number; url?: string }[]> };
  storage: { session: { get(keys: string[]): Promise<Record<string, unknown>> } };
}

/** One extension page per browser, in a background tab, to ask the extension's storage and tabs from outside the article. */
const probes = new WeakMap<Launched, Page>();
async function probe(b: Launched): Promise<Page> {
  const had = probes.get(b);
  if (had && !had.isClosed()) return had;
  // the options page: an extension page that any test may open anyway
  const p = await openExtensionPage(b, `${b.extensionUrl}options/options.html`, { background: true });
  probes.set(b, p);
  return p;
}

/** The browser's id of `page`'s tab: brought to front, it is the active tab of the last focused window. */
export async function tabIdOf(b: Launched, page: Page): Promise<number> {
  await page.bringToFront();
  const url = await page.evaluate(() => location.href);
  const p = await probe(b);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const id = await p
      .evaluate(async (u) => {
        const [t] = await (globalThis as unknown as { chrome: ProbeApi }).chrome.tabs.query({ active: true, lastFocusedWindow: true });
        return t?.url === u && t.id !== undefined ? t.id : null;
      }, url)
      .catch(() => null);
    if (id !== null) return id;
    if (Date.now() > deadline) throw new Error(`no active tab at ${url}`);
    await sleep(150);
  }
}

/** What the background holds for a tab (storage.session, what the companion shows): the article stage two read, and what the page reported. */
export interface ReadState {
  url: string | null;
  isAI: boolean | null;
  entityCount: number | null;
  marks: number | null;
  highlights: number | null;
  live: number | null;
}

/**
 * Waits until the background holds `page`'s article as the page now has it (its address) with what
 * `ok` asks (by default: the page drew its marks and placed the reader's highlights). Read from an
 * extension page; nothing is asked of the article's page but its address. A tab just opened has no
 * state yet, so a new tab's answer is always its own reading; in the same tab, a second reading of
 * the same address is told apart only by what changed (`ok`).
 */
export async function untilRead(b: Launched, page: Page, ok: (s: ReadState) => boolean = (s) => s.marks !== null && s.highlights !== null, what = 'the article read', timeout = 15_000): Promise<ReadState> {
  const tab = await tabIdOf(b, page);
  const url = (await page.evaluate(() => location.href)).split('#')[0]!;
  const p = await probe(b);
  const deadline = Date.now() + timeout;
  let last: ReadState | null = null;
  for (;;) {
    last = await p
      .evaluate(async (id) => {
        const all = await (globalThis as unknown as { chrome: ProbeApi }).chrome.storage.session.get([`companion:${id}`, `companion-counts:${id}`]);
        const a = all[`companion:${id}`] as { url: string; isAI: boolean; entities: unknown[] } | undefined;
        const c = all[`companion-counts:${id}`] as { marks: number | null; highlights: number | null; live: number | null } | undefined;
        return { url: a?.url ?? null, isAI: a?.isAI ?? null, entityCount: a ? a.entities.length : null, marks: c?.marks ?? null, highlights: c?.highlights ?? null, live: c?.live ?? null };
      }, tab)
      .catch(() => last);
    if (last && last.url?.split('#')[0] === url && ok(last)) return last;
    if (Date.now() > deadline) throw new Error(`the background never held ${what} at ${url}; last: ${JSON.stringify(last)}`);
    await sleep(150);
  }
}

/**
 * Brings the companion where the reader clicks it. Chromium: the side panel is in view already.
 * Firefox: the stand-in tab is brought to front (a hidden tab is not drawn, and a puppeteer click
 * there waits seconds for it); the sidebar would be beside the article, in view.
 */
export async function companionInView(b: Launched, c: Page): Promise<void> {
  if (b.name === 'firefox') await c.bringToFront();
}

/**
 * Waits until the companion `c` shows the article of `page`'s own tab (its id and address) with the
 * marks drawn and the reader's highlights placed: unlike `companionArticle`, a companion that still
 * shows another tab at the same address does not count.
 */
export async function companionOn(b: Launched, c: Page, page: Page, timeout = 15_000): Promise<CompanionShown> {
  const tab = String(await tabIdOf(b, page));
  const url = (await page.evaluate(() => location.href)).split('#')[0]!;
  return untilCompanion(c, (s) => s.state === 'article' && s.tab === tab && s.url.split('#')[0] === url && s.marks !== null && s.highlights !== null, `the article of tab ${tab} at ${url}`, timeout);
}

// part B helpers (issue #13: the last e2e tests leave the in-page sidebar; wt-port2's block)

/** How many entity marks the page's own scripts can see now (`marksInPage`). */
export function marksIn(page: Page): Promise<number> {
  return page.evaluate(marksInPage);
}

/**
 * An extension page of ours (the options page) in a background tab, for what only the extension
 * can read: the badge, and the background's per-tab state in `storage.session`. The article stays
 * the active tab, so a companion that follows the active tab is not moved by it.
 */
export function extensionProbe(b: Launched): Promise<Page> {
  return openExtensionPage(b, `${b.extensionUrl}options/options.html`, { background: true });
}

type ExtApi = {
  storage: { session: { onChanged: { addListener(f: (c: Record<string, { newValue?: unknown }>) => void): void } } };
  action: { getBadgeText(d: { tabId: number }): Promise<string> };
};

/**
 * From now on, counts in `probe` each time the background stored a new analysis of a tab's article
 * (`companion.ts` `analysed()`: the article and its counts reset to nothing reported yet, in one
 * write), per tab; `forget()` (removing both) is not one. A page, a single-page route and each story of an endless page that stage two
 * reads count one each; `counted()` (marks, highlights, listeners reported) never resets them.
 */
export async function recordAnalyses(probe: Page): Promise<void> {
  await probe.evaluate(() => {
    const g = globalThis as unknown as { chrome: ExtApi; __analyses?: Record<string, number> };
    if (g.__analyses) return;
    const seen: Record<string, number> = (g.__analyses = {});
    // Chrome leaves a key whose value did not change out of `changes`: an analysis is one write in
    // which the article changed, or the counts went back to nothing reported (the same story read again)
    g.chrome.storage.session.onChanged.addListener((changes) => {
      const tabs = new Set<string>();
      for (const [k, c] of Object.entries(changes)) {
        const article = /^companion:(\d+)$/.exec(k);
        if (article && c.newValue) tabs.add(article[1]!);
        const counts = /^companion-counts:(\d+)$/.exec(k);
        const v = c.newValue as { marks: unknown; highlights: unknown; live: unknown } | undefined;
        if (counts && v && v.marks === null && v.highlights === null && v.live === null) tabs.add(counts[1]!);
      }
      for (const t of tabs) seen[t] = (seen[t] ?? 0) + 1;
    });
  });
}

/** How many analyses of tab `tabId` `recordAnalyses` counted so far. */
export function analysesOf(probe: Page, tabId: string | number): Promise<number> {
  return probe.evaluate((t) => (globalThis as unknown as { __analyses: Record<string, number> }).__analyses[String(t)] ?? 0, tabId);
}

/** The toolbar badge's text for tab `tabId` (the entity count), as the browser shows it. */
export function badgeOf(probe: Page, tabId: string | number): Promise<string> {
  return probe.evaluate((t) => (globalThis as unknown as { chrome: ExtApi }).chrome.action.getBadgeText({ tabId: Number(t) }), tabId);
}

/**
 * With a mark's card open and focused in `page`, presses Tab (as the reader does) until the card's
 * button of that accessible name has focus, so it holds whichever buttons come before it.
 * - Chromium: the button is found by role and name in the browser's accessibility tree, which
 *   reaches into the card's closed shadow root (a test's power, not a page's).
 * - Firefox: WebDriver BiDi's accessibility locator does not enter shadow roots, open or closed
 *   (checked with Firefox ESR 153), so nothing outside the card can name its focused button. The
 *   button sought is the card's last ("Open in side panel"): a page-owned button is put after the
 *   card, Tab is pressed until it has focus, and Shift+Tab goes back onto the card's last button
 *   (past the end of the document Firefox's focus moves to the browser's own UI, whose way back is
 *   not the reader's). The caller checks what pressing it did.
 */
export async function tabToCardButton(page: Page, label: string): Promise<void> {
  const inCard = () => page.evaluate(() => document.activeElement?.getAttribute('data-ai-news-lens') === 'card');
  if (await isFirefox(page)) {
    await page.evaluate(() => {
      const after = document.createElement('button');
      after.id = 'anl-test-after-card';
      after.textContent = 'after the card';
      document.documentElement.append(after);
    });
    try {
      const onAfter = () => page.evaluate(() => document.activeElement?.id === 'anl-test-after-card');
      for (let i = 0; i < 8 && !(await onAfter()); i++) await page.keyboard.press('Tab');
      if (!(await onAfter())) throw new Error(`Tab never left the card to come back to "${label}"`);
      await page.keyboard.down('Shift');
      await page.keyboard.press('Tab');
      await page.keyboard.up('Shift');
      if (!(await inCard())) throw new Error(`Shift+Tab did not come back into the card to "${label}"`);
    } finally {
      await page.evaluate(() => document.getElementById('anl-test-after-card')?.remove());
    }
    return;
  }
  const button = await page.waitForSelector(`::-p-aria([name="${label}"][role="button"])`, { timeout: 5000 });
  if (!button) throw new Error(`no card button "${label}"`);
  for (let i = 0; i < 8; i++) {
    if (await button.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached the card's "${label}"`);
}

/** Firefox: the companion tab the background opened beside an article (`?tab=ID`; WebDriver lists it as about:blank). */
export async function openedCompanionTab(b: Launched, timeout = 15_000): Promise<Page> {
  const deadline = Date.now() + timeout;
  for (;;) {
    for (const p of await b.browser.pages()) {
      const href = await Promise.race([p.evaluate(() => location.href).catch(() => ''), sleep(1000).then(() => '')]);
      if (COMPANION_URL.test(href) && /\?tab=\d+$/.test(href)) return p;
    }
    if (Date.now() > deadline) throw new Error('no companion tab opened');
    await sleep(200);
  }
}

// rmsidebar helpers

/** What of ours is in the page, closed shadow roots and frames included, as the DevTools protocol (not a page script) sees it. */
export interface OursInPage {
  /** Every element that says it is ours (`data-ai-news-lens`), with its tag, role and all its text (inside its closed root too). */
  hosts: { tag: string; role: string; text: string }[];
  /** Frames of the page (and inside any shadow root) whose address is an extension's. */
  extensionFrames: string[];
  /** All text and attribute values in the page's tree, shadow roots (closed ones too) and frames included. */
  everything: string;
}
/** Chromium only: `DOM.getDocument` with `pierce` reads closed shadow roots and frames, which a page script cannot. */
export async function oursInPage(page: Page): Promise<OursInPage> {
  const cdp = await page.createCDPSession();
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode & { contentDocument?: CdpNode; documentURL?: string; frameId?: string } };
    type N = CdpNode & { contentDocument?: N; documentURL?: string };
    const all: N[] = [];
    const walk = (n: N) => {
      all.push(n);
      for (const c of kids(n) as N[]) walk(c);
      if (n.contentDocument) walk(n.contentDocument);
    };
    walk(root);
    const hosts = all.filter((n) => attr(n, 'data-ai-news-lens') !== undefined).map((n) => ({ tag: n.localName ?? '', role: attr(n, 'data-ai-news-lens') ?? '', text: text(n) }));
    const extensionFrames = all.filter((n) => n.localName === 'iframe' || n.localName === 'frame' || n.documentURL).map((n) => n.documentURL ?? attr(n, 'src') ?? '').filter((u) => /^(chrome|moz)-extension:/.test(u));
    const everything = all.map((n) => [n.nodeValue ?? '', ...(n.attributes ?? [])].join(' ')).join(' ');
    return { hosts, extensionFrames, everything };
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
