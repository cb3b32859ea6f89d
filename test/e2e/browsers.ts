import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Frame, type KeyInput, type Page } from 'puppeteer-core';
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

export interface SidebarEntity {
  name: string;
  type: string;
  kbId: string;
  summary: string;
  mentions: number;
}
export interface SidebarView {
  present: number;
  state: string | null;
  entityCount: number | null;
  entities: SidebarEntity[] | null;
  /** The story's headline as the sidebar shows it (Chromium). */
  headline: string | null;
}

/** What the sidebar shows. Chromium reads inside the closed shadow root over the DevTools protocol; Firefox reports the host's attributes only. */
export async function readSidebar(page: Page, name: BrowserName): Promise<SidebarView> {
  const hosts = await page.$$eval('[data-ai-news-lens="sidebar"]', (els) => els.map((e) => [e.getAttribute('data-state'), e.getAttribute('data-entity-count')]));
  const base: SidebarView = {
    present: hosts.length,
    state: hosts[0]?.[0] ?? null,
    entityCount: hosts[0]?.[1] ? Number(hosts[0][1]) : null,
    entities: null,
    headline: null,
  };
  if (name !== 'chromium' || !hosts.length) return base;
  const cdp = await page.createCDPSession();
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
  await cdp.detach();
  const host = find(root, (n) => n.localName === 'ai-news-lens-sidebar');
  const shadow = host?.shadowRoots?.[0];
  if (!shadow) return { ...base, entities: [] };
  const entities: SidebarEntity[] = [];
  for (const li of findAll(shadow, (n) => n.localName === 'li' && attr(n, 'class') === 'entity')) {
    const nameEl = find(li, (n) => attr(n, 'class') === 'name');
    const summaryEl = find(li, (n) => (attr(n, 'class') ?? '').startsWith('summary'));
    const mentionsEl = find(li, (n) => attr(n, 'class') === 'mentions');
    entities.push({ name: text(nameEl), type: attr(li, 'data-entity-type') ?? '', kbId: attr(li, 'data-kb-id') ?? '', summary: text(summaryEl), mentions: Number(text(mentionsEl).replace(/\D/g, '')) });
  }
  return { ...base, entities, headline: text(find(shadow, (n) => attr(n, 'class') === 'headline')) };
}

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

/** Clicks a button inside the sidebar's closed shadow root, found by its text (Chromium: over the DevTools protocol). */
export async function clickInSidebar(page: Page, label: string): Promise<void> {
  const cdp = await page.createCDPSession();
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
    const host = find(root, (n) => n.localName === 'ai-news-lens-sidebar');
    const button = host && find(host, (n) => n.localName === 'button' && text(n).includes(label));
    if (!button?.backendNodeId) throw new Error(`no sidebar button "${label}"`);
    await cdp.send('DOM.scrollIntoViewIfNeeded', { backendNodeId: button.backendNodeId });
    const { model } = (await cdp.send('DOM.getBoxModel', { backendNodeId: button.backendNodeId })) as { model: { content: number[] } };
    const [x1, y1, x2, , , y3] = model.content as [number, number, number, number, number, number];
    await page.mouse.click((x1 + x2) / 2, (y1 + y3) / 2);
  } finally {
    await cdp.detach();
  }
}

/** Focuses an element inside the sidebar's closed shadow root, found by an attribute value (Chromium). */
export async function focusInSidebar(page: Page, attrName: string, value: string): Promise<void> {
  const cdp = await page.createCDPSession();
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
    const host = find(root, (n) => n.localName === 'ai-news-lens-sidebar');
    const node = host && find(host, (n) => attr(n, attrName) === value);
    if (!node?.backendNodeId) throw new Error(`no sidebar element with ${attrName}="${value}"`);
    await cdp.send('DOM.focus', { backendNodeId: node.backendNodeId });
  } finally {
    await cdp.detach();
  }
}

/** The text of the sidebar's open cards, by card (Chromium). */
export async function sidebarCards(page: Page): Promise<string[]> {
  const cdp = await page.createCDPSession();
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
    const host = find(root, (n) => n.localName === 'ai-news-lens-sidebar');
    return host ? findAll(host, (n) => n.localName === 'div' && attr(n, 'class') === 'card').map((n) => text(n)) : [];
  } finally {
    await cdp.detach();
  }
}

/** Waits until the sidebar is drawn, or until `ms` passed (then resolves anyway: absence is an answer too). */
export async function settle(page: Page, ms: number): Promise<void> {
  await page.waitForSelector('[data-ai-news-lens="sidebar"]', { timeout: ms }).catch(() => undefined);
}

const PANEL_URL = /^(chrome|moz)-extension:\/\/[^/]+\/panel\/panel\.html/;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The sidebar's frame (an extension page inside the page's tab), once it has drawn its sections. */
/**
 * Opens the sidebar's "Notes & related" tab as a reader would: a click on the tab in Chromium (over
 * the DevTools protocol, as the sidebar's shadow root is closed), Alt+Shift+N with nothing selected
 * in Firefox (WebDriver BiDi cannot reach into a closed shadow root).
 */
export async function openNotesTab(page: Page): Promise<void> {
  if (await isFirefox(page)) await altShift(page, 'KeyN');
  else await clickInSidebar(page, 'Notes & related');
}

/** In a frame: whether its `main` is in the reader's view, as the frame's own IntersectionObserver reports it. */
const inView = () =>
  new Promise<boolean>((resolve) => {
    const main = document.querySelector('main');
    if (!main) return resolve(false);
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        io.disconnect();
        resolve(true);
      }
    });
    io.observe(main);
    setTimeout(() => {
      io.disconnect();
      resolve(false);
    }, 1000);
  });

export async function panelFrame(page: Page, timeout = 15_000): Promise<Frame> {
  const deadline = Date.now() + timeout;
  for (;;) {
    for (const f of page.frames()) {
      // Firefox may report an extension frame's first address as about:blank: then ask the frame itself
      const named = f.url();
      const href = PANEL_URL.test(named) ? named : named === 'about:blank' ? await Promise.race([f.evaluate(() => location.href).catch(() => ''), sleep(1000).then(() => '')]) : '';
      // drawn, and in the reader's view as the frame itself sees it (an out-of-process frame hears
      // a moment after its tab opens that it is shown; before that nothing in it can be clicked)
      if (PANEL_URL.test(href) && (await f.$('main section').catch(() => null)) && (await f.evaluate(inView).catch(() => false))) return f;
    }
    if (Date.now() > deadline) throw new Error(`no panel frame in view; frames: ${page.frames().map((x) => x.url()).join(', ')}`);
    await sleep(100);
  }
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
