import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { COMPANION, altShift, openExtensionPage, useBrowser, watchPage } from './browsers';
import { NEWS_HOST } from './server';
import { SECTIONS } from '../../src/options/sections';

/**
 * Accessibility, checked by axe-core (WCAG 2 A and AA rules, as axe ships them) in real Chromium,
 * in the light and the dark theme: the options page with each of its sections selected, the
 * welcome page with a card open on its sample, and the companion bound to an article's tab.
 * The hover card lives in a closed shadow root; on the welcome page (an extension page, where the
 * marks run in the page's own world) the test opens shadow roots so axe can read the card.
 */
const WAIT = 20_000;
const AXE = fs.readFileSync(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8');
const THEMES = ['light', 'dark'] as const;
/** Violations allowed, each named exactly so anything else still fails: none now. */
const KNOWN: RegExp[] = [];
const unknown = (found: string[]) => found.filter((v) => !KNOWN.some((k) => k.test(v)));

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** axe's violations on the page as it is now, each with the first few elements it names. */
async function violations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Violation[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })) }));
  });
  return found.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

describe('chromium: axe finds no violations', () => {
  const ctx = useBrowser('chromium');

  it('on the options page, every section selected, light and dark', async () => {
    const page = await openExtensionPage(ctx.b, `${ctx.b.extensionUrl}options/options.html`);
    await page.waitForSelector('#keys table', { timeout: WAIT });
    for (const theme of THEMES) {
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: theme }]);
      for (const s of SECTIONS) {
        await page.evaluate((id) => (location.hash = id), s.id);
        await page.waitForSelector(`#${s.id}.selected`, { timeout: WAIT });
        expect(await violations(page), `${s.id}, ${theme}`).toEqual([]);
      }
    }
  }, 300_000);

  it('on the welcome page with a card open on its sample, light and dark', async () => {
    const page = await ctx.b.browser.newPage();
    watchPage(page, ctx.b.errors);
    // test only: the card's shadow root is closed; open it so axe can read the card
    await page.evaluateOnNewDocument(() => {
      const attach = Element.prototype.attachShadow;
      Element.prototype.attachShadow = function (init: ShadowRootInit) {
        return attach.call(this, { ...init, mode: 'open' });
      };
    });
    await page.goto(`${ctx.b.extensionUrl}welcome/welcome.html`);
    await page.waitForFunction(() => Number(document.querySelector('article.sample')?.getAttribute('data-marks')) > 0, { timeout: WAIT });
    for (const theme of THEMES) {
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: theme }]);
      expect(await violations(page), `welcome, ${theme}`).toEqual([]);
    }
    await page.click('h1');
    await altShift(page, 'KeyJ');
    await page.waitForFunction(() => !!document.querySelector('ai-news-lens-card')?.shadowRoot?.querySelector('button'), { timeout: WAIT });
    for (const theme of THEMES) {
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: theme }]);
      expect(await violations(page), `welcome with a card, ${theme}`).toEqual([]);
    }
  });

  it("on the companion bound to an article's tab, light and dark", async () => {
    const article = await ctx.b.browser.newPage();
    watchPage(article, ctx.b.errors);
    const url = `http://${NEWS_HOST}:${ctx.server.port}/demo/`;
    await article.goto(url, { waitUntil: 'load' });
    const probe = await openExtensionPage(ctx.b, `${ctx.b.extensionUrl}options/options.html`, { background: true });
    const tab = await probe.evaluate(async (u) => {
      const tabs = await (globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<{ id: number; url: string }[]> } } }).chrome.tabs.query({});
      return tabs.find((t) => t.url === u)?.id ?? -1;
    }, url);
    expect(tab).toBeGreaterThan(0);
    const companion = await openExtensionPage(ctx.b, `${ctx.b.extensionUrl}${COMPANION}?tab=${tab}`);
    await companion.waitForFunction(() => document.querySelector('.companion')?.getAttribute('data-state') === 'article', { timeout: WAIT });
    for (const theme of THEMES) {
      await companion.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: theme }]);
      const found = await violations(companion);
      expect(unknown(found), `companion, ${theme}`).toEqual([]);
    }
  });
});
