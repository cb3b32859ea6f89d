import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Page } from 'puppeteer-core';
import { closeCompanion, companionArticle, companionNotes, openCompanion, openExtensionPage, useBrowser, watchPage, type BrowserName } from './browsers';
import { startLiveServer, startRecordingProxy, type LiveServer, type RecordingProxy } from './network';

/**
 * Issue #11, finding 8, as the attack: a reader is talked into a hostile "mirror" for a live source.
 * - In the options, an address over plain http (not this machine) or under a site the extension
 *   ships with (which the browser would allow without asking) is refused, and nothing is saved.
 * - A mirror that answers 302 to another host: the other host is never asked, nothing is shown.
 * - A mirror's cached answer is not shown later as the public service's.
 * The last two need the browser's permission for the mirror: Firefox's test profile grants it
 * without a prompt; headless Chromium shows a prompt no test can answer (unit tests cover the same
 * code in src/related/live.ts for both).
 */
const WAIT = 15_000;

/** A "mirror" that sends every request on to another host, and that other host, which records what reaches it. */
async function startRedirectingMirror(elsewhere: LiveServer) {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    res.writeHead(302, { location: `http://localhost:${elsewhere.port}${req.url ?? '/'}` }).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe.each(['chromium', 'firefox'] as BrowserName[])('%s hostile mirror', (name) => {
  let proxy: RecordingProxy;
  let elsewhere: LiveServer;
  let honest: LiveServer;
  let mirror: Awaited<ReturnType<typeof startRedirectingMirror>>;
  beforeAll(async () => {
    proxy = await startRecordingProxy();
    elsewhere = await startLiveServer();
    honest = await startLiveServer();
    mirror = await startRedirectingMirror(elsewhere);
  });
  afterAll(async () => {
    await proxy?.close();
    await elsewhere?.close();
    await honest?.close();
    await mirror?.close();
  });
  const ctx = useBrowser(name, () => ({ proxyPort: proxy.port }));

  const options = async (): Promise<Page> => {
    const opts = await openExtensionPage(ctx.b, `${ctx.b.extensionUrl}options/options.html`);
    await opts.bringToFront();
    await opts.waitForSelector('.live-sources summary', { timeout: WAIT });
    await opts.$$eval('.live-sources details', (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
    return opts;
  };
  const liveText = (opts: Page) => opts.$eval('.live-sources', (el) => el.textContent ?? '');
  /** Types a server address for the news source and saves it; resolves with the message shown. */
  const saveBase = async (opts: Page, base: string): Promise<string> => {
    await opts.$eval('input[name="live-base-news"]', (el) => ((el as HTMLInputElement).value = ''));
    await opts.type('input[name="live-base-news"]', base);
    const before = await opts.$eval('.live-sources', (el) => el.querySelector('[role]')?.textContent ?? '');
    await opts.click('button[name="live-base-save-news"]');
    await opts.waitForFunction((b) => (document.querySelector('.live-sources [role]')?.textContent ?? '') !== b, { timeout: WAIT }, before);
    return opts.$eval('.live-sources [role]', (el) => el.textContent ?? '');
  };
  const turnOn = async (opts: Page) => {
    await opts.click('input[name="live-news"]');
    await opts.waitForSelector('input[name="live-news"]:checked', { timeout: WAIT });
  };
  /** The demo article with the companion beside it (Firefox: bound to the article's tab), on "Notes & related", once live sources answered. */
  const readRelated = async (page: Page): Promise<Page> => {
    await page.goto(ctx.server.url('demo'));
    const c = await openCompanion(ctx.b, page);
    await companionArticle(c, page, WAIT);
    await companionNotes(c);
    await c.waitForSelector('.live[aria-busy="false"]', { timeout: WAIT });
    return c;
  };

  it('a plain-http mirror that is not this machine is refused in the options, and nothing is saved', async () => {
    const opts = await options();
    const message = await saveBase(opts, 'http://mirror.example.org');
    expect(message).toContain('plain http:// only for this computer');
    expect(await liveText(opts)).toContain('to https://api.gdeltproject.org');
    await opts.close();
  });

  it('a mirror under a site the extension ships with (no prompt would be shown) is refused, and nothing is saved', async () => {
    const opts = await options();
    const message = await saveBase(opts, `https://live.news.example:${honest.port}`);
    expect(message).toContain('Not saved');
    expect(message).toContain('*://*.news.example/*');
    expect(await liveText(opts)).toContain('to https://api.gdeltproject.org');
    await opts.close();
  });

  it.skipIf(name === 'chromium')("a mirror's cached answer is not shown later as the public service's", async () => {
    const opts = await options();
    // the public service allowed first, as a reader who used it before would have
    await saveBase(opts, '');
    await turnOn(opts);
    // then the mirror, which answers (saving an address turns the source off and empties the cache,
    // and keeps the public service's permission)
    await saveBase(opts, `http://127.0.0.1:${honest.port}`);
    await turnOn(opts);
    const page = await ctx.b.browser.newPage();
    await page.bringToFront();
    watchPage(page, ctx.b.errors);
    const f = await readRelated(page);
    await f.waitForSelector('.live-news li a', { timeout: WAIT });
    const fromMirror = await f.$$eval('.live-news li a', (as) => as.map((a) => a.textContent));
    expect(fromMirror.length).toBeGreaterThan(0);
    await closeCompanion(ctx.b, f);

    // back on the public service without the cache being emptied: the reader restores their
    // earlier settings (news on, no mirror) from a backup
    const backup = (await opts.evaluate(() =>
      (globalThis as unknown as { chrome: { runtime: { sendMessage: (m: unknown) => Promise<{ value: Record<string, unknown> }> } } }).chrome.runtime.sendMessage({ kind: 'backup:get', payload: {} }).then((r) => r.value),
    )) as { settings: { prefs: { liveBases: object; live: { news: boolean } } } };
    backup.settings.prefs.liveBases = {};
    backup.settings.prefs.live.news = true;
    const file = path.resolve(`.tmp-e2e-mirror-${name}.json`);
    fs.writeFileSync(file, JSON.stringify(backup));
    try {
      await (await opts.$('input[name="backup-restore"]'))!.uploadFile(file);
      await opts.waitForFunction(() => document.querySelector('[data-backup-status]')?.textContent?.includes('Restored'), { timeout: WAIT });
    } finally {
      fs.rmSync(file, { force: true });
    }
    const asked = proxy.seen.length;
    const f2 = await readRelated(page);
    // the public service was asked (through the proxy, which refuses): the mirror's items are not its answer
    await new Promise((r) => setTimeout(r, 500));
    expect(proxy.seen.slice(asked).some((s) => /gdeltproject\.org/.test(s))).toBe(true);
    const shown = await f2.$$eval('.live-news li a', (as) => as.map((a) => a.textContent));
    expect(shown.filter((t) => fromMirror.includes(t))).toEqual([]);
    await closeCompanion(ctx.b, f2);
    await page.close();
    await opts.close();
  });

  it.skipIf(name === 'chromium')('a mirror that redirects to another host: the other host is never asked, nothing is shown', async () => {
    const opts = await options();
    await saveBase(opts, `http://127.0.0.1:${mirror.port}`);
    await turnOn(opts);
    const page = await ctx.b.browser.newPage();
    await page.bringToFront();
    watchPage(page, ctx.b.errors);
    const f = await readRelated(page);
    expect(mirror.requests.length).toBeGreaterThan(0);
    expect(elsewhere.requests).toEqual([]);
    expect(await f.$$('.live-news li a')).toHaveLength(0);
    await closeCompanion(ctx.b, f);
    await page.close();
    // off again, for the next test
    await opts.click('input[name="live-news"]');
    await opts.waitForSelector('input[name="live-news"]:not(:checked)', { timeout: WAIT });
    await opts.close();
  });

  it('logged no extension errors', () => {
    expect(ctx.b.errors).toEqual([]);
  });
});
