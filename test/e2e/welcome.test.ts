import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { altShift, useBrowser, type BrowserName } from './browsers';
import { NEWS_HOST } from './server';

/**
 * The first-run welcome page, and the companion where a browser has no sidebar.
 *
 * The test build opens no welcome page on install (its test-hooks.json says so); these tests load a
 * copy of it whose hooks ask for one, or (`companion: "tab"`) play a browser with no side panel and
 * no sidebar, such as Firefox for Android.
 */
const WAIT = 20_000;
const SHOTS = path.resolve('artifacts/e2e');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A copy of dist-test/<browser> with these test hooks. */
function buildWith(name: BrowserName, hooks: object): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `anl-hooks-${name}-`));
  const out = path.join(dir, name === 'chromium' ? 'chrome' : 'firefox');
  fs.cpSync(path.resolve('dist-test', name === 'chromium' ? 'chrome' : 'firefox'), out, { recursive: true });
  fs.writeFileSync(path.join(out, 'test-hooks.json'), JSON.stringify(hooks));
  copies.push(dir);
  return out;
}
const copies: string[] = [];
afterAll(() => copies.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** The tab whose address matches (Firefox's WebDriver lists extension tabs as about:blank: ask each). */
async function findTab(pages: () => Promise<Page[]>, match: RegExp): Promise<Page> {
  const deadline = Date.now() + WAIT;
  for (;;) {
    for (const p of await pages()) {
      const href = await p.evaluate(() => location.href).catch(() => '');
      if (match.test(href)) return p;
    }
    if (Date.now() > deadline) throw new Error(`no tab at ${match}`);
    await sleep(200);
  }
}

describe.each(['chromium', 'firefox'] as BrowserName[])('%s welcome page', (name) => {
  const ctx = useBrowser(name, () => ({ extensionDir: buildWith(name, { welcomeOnInstall: true, companion: 'auto' }) }));

  it('installing opens it; the sample gets marks, a card opens on it, and the shortcut is the one the browser has', async () => {
    const page = await findTab(() => ctx.b.browser.pages(), /\/welcome\/welcome\.html$/);
    await page.bringToFront();
    await page.waitForFunction(() => Number(document.querySelector('article.sample')?.getAttribute('data-marks')) > 0, { timeout: WAIT });
    const marked = await page.evaluate(() => ({
      marks: Number(document.querySelector('article.sample')?.getAttribute('data-marks')),
      registry: (CSS as unknown as { highlights: Map<string, unknown> }).highlights.size,
      shortcut: document.querySelector('[data-shortcut]')?.getAttribute('data-shortcut'),
    }));
    expect(marked.marks).toBeGreaterThanOrEqual(5);
    expect(marked.registry).toBeGreaterThan(0);
    // read from commands.getAll(): the manifest's suggested key, as no one changed it here
    expect(marked.shortcut).toBe('Alt+Shift+L');
    // no card before the reader asks for one
    expect(await page.evaluate(() => !!document.querySelector('ai-news-lens-card'))).toBe(false);
    await page.click('h1');
    await altShift(page, 'KeyJ');
    await page.waitForFunction(() => !!document.querySelector('ai-news-lens-card')?.isConnected, { timeout: WAIT });
    // the card has focus on its first button; Enter shows the entity beside the sample
    await page.keyboard.press('Enter');
    await page.waitForSelector('.picked [data-picked]', { timeout: WAIT });
    const picked = await page.$eval('.picked [data-picked]', (el) => el.querySelector('strong')?.textContent);
    expect(picked).toBeTruthy();
    await page.keyboard.press('Escape');
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, `welcome-${name}-light.png`) });
    if (name === 'chromium') {
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
      await page.screenshot({ path: path.join(SHOTS, `welcome-${name}-dark.png`) });
    }
  });
});

describe('chromium with no side panel', () => {
  const ctx = useBrowser('chromium', () => ({ extensionDir: buildWith('chromium', { welcomeOnInstall: false, companion: 'tab' }) }));

  it("the toolbar button opens the companion in a tab bound to the article's tab, showing its entities", async () => {
    const page = await ctx.b.browser.newPage();
    await page.goto(`http://${NEWS_HOST}:${ctx.server.port}/demo/`, { waitUntil: 'load' });
    // the article is read: its badge counts its entities
    const ext = [...(await ctx.b.browser.extensions()).values()][0]!;
    await sleep(1500);
    await page.bringToFront();
    await page.triggerExtensionAction(ext);
    const target = await ctx.b.browser.waitForTarget((t) => /\/sidepanel\/sidepanel\.html\?tab=\d+$/.test(t.url()), { timeout: WAIT }).catch((e: unknown) => {
      throw new Error(`${String(e)}; targets: ${ctx.b.browser.targets().map((t) => t.url()).join(' ')}`);
    });
    // no side panel opened: the companion is a tab of its own
    expect(ctx.b.browser.targets().some((t) => /\/sidepanel\/sidepanel\.html$/.test(t.url()))).toBe(false);
    const companion = (await target.asPage())!;
    await companion.waitForFunction(() => document.querySelector('.companion')?.getAttribute('data-state') === 'article', { timeout: WAIT });
    const shown = await companion.evaluate(async () => {
      const c = document.querySelector('.companion')!;
      const tab = await (globalThis as unknown as { chrome: { tabs: { get(id: number): Promise<{ url: string }> } } }).chrome.tabs.get(Number(c.getAttribute('data-tab')));
      return { bound: c.getAttribute('data-bound'), count: Number(c.getAttribute('data-entity-count')), url: tab.url, names: [...document.querySelectorAll('li.entity .name')].map((n) => n.textContent) };
    });
    expect(shown.bound).toBe('true');
    expect(shown.url).toBe(page.url());
    expect(shown.count).toBeGreaterThan(3);
    expect(shown.names).toContain('Anthropic');
  });
});
