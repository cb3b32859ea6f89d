import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { altShift, drawnHighlights, launch, openExtensionPage, reloadExtensionPage, selectText, settle, watchPage, type BrowserName, type Launched } from './browsers';
import { startFixtureServer, type FixtureServer } from './server';
import { startRecordingProxy, type RecordingProxy } from './network';
import { createFakeHypothesis, type FakeHypothesis } from '../support/hypothesis-fake';
import { serveHypothesis, type HypothesisServer } from '../support/hypothesis-server';

/**
 * Sync through Hypothesis (issue #16), end to end: two fresh browser profiles with the same
 * developer token, and the stand-in Hypothesis server (test/support/hypothesis-fake.ts), which checks
 * every request the extension sends and every response it returns against the published API and
 * fails the test on a mismatch. Every other request the browsers make goes through the recording
 * proxy. In order: off (nothing reaches the stand-in); a highlight with a note made in the first
 * appears in the second, drawn in the text and in its library; an edit and a deletion travel back;
 * the stand-in down, a highlight waits and is sent when it returns; a revoked token stops sync with a
 * clear message and loses nothing.
 */
const WAIT = 20_000;
const TOKEN = '6879-e2eTokenForTheStandIn';
const ME = 'acct:reader@hypothes.is';
const QUOTE = 'harvesting answers from its Claude models';
const QUOTE_OFFLINE = 'industrial scale to train competing systems';
const QUOTE_REVOKED = 'cut the computing cost of reaching similar performance';

describe.each(['chromium', 'firefox'] as BrowserName[])('%s', (name) => {
  let proxy: RecordingProxy;
  let fake: FakeHypothesis;
  let hyp: HypothesisServer;
  let site: FixtureServer;
  let a: Launched;
  let b: Launched;
  let base: string;
  beforeAll(async () => {
    proxy = await startRecordingProxy();
    fake = createFakeHypothesis({ users: [{ token: TOKEN, userid: ME, displayName: 'Reader', groups: [] }] });
    hyp = await serveHypothesis(fake);
    base = `http://localhost:${hyp.port}`;
    site = await startFixtureServer();
    a = await launch(name, { proxyPort: proxy.port });
    b = await launch(name, { proxyPort: proxy.port });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await site?.close();
    await hyp?.close();
    await proxy?.close();
  });

  const article = async (l: Launched): Promise<Page> => {
    const page = await l.browser.newPage();
    await page.bringToFront();
    watchPage(page, l.errors);
    await page.goto(site.url('demo'));
    await settle(page, WAIT);
    return page;
  };
  const highlight = async (page: Page, quote: string) => {
    await selectText(page, quote);
    await altShift(page, 'KeyH');
    await page.waitForFunction(
      (q) => [...(CSS as unknown as { highlights: Map<string, Set<Range> & { priority: number }> }).highlights.values()].some((h) => h.priority === 1 && [...h].some((r) => r.toString() === q)),
      { timeout: WAIT },
      quote,
    );
  };
  const options = async (l: Launched): Promise<Page> => {
    const p = await openExtensionPage(l, `${l.extensionUrl}options/options.html`);
    await p.bringToFront();
    await p.waitForSelector('section.sync', { timeout: WAIT });
    return p;
  };
  const turnOn = async (l: Launched) => {
    const p = await options(l);
    await p.$eval('input[name="sync-server"]', (el) => ((el as HTMLInputElement).value = ''));
    await p.type('input[name="sync-server"]', base);
    await p.type('input[name="sync-token"]', TOKEN);
    await p.click('button[name="sync-check"]');
    await p.waitForFunction(() => document.querySelector('.sync-account')?.textContent?.includes('acct:reader@hypothes.is'), { timeout: WAIT });
    // the token is not shown again
    expect(await p.$eval('input[name="sync-token"]', (el) => (el as HTMLInputElement).value)).toBe('');
    await p.click('button[name="sync-on"]');
    await p.waitForSelector('.sync-status', { timeout: WAIT });
    return p;
  };
  const serverTexts = () => [...fake.annotations.values()].map((x) => String(x.text));
  const until = async (what: string, ok: () => boolean) => {
    const end = Date.now() + WAIT;
    while (!ok()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; stand-in saw ${fake.log.join(', ')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const libraryQuotes = (p: Page) => p.$$eval('.annotation blockquote', (els) => els.map((e) => e.textContent ?? ''));

  it('with sync off (the default), nothing reaches the stand-in or any Hypothesis host', async () => {
    const page = await article(a);
    await highlight(page, QUOTE);
    const p = await options(a);
    expect(await p.$eval('section.sync', (s) => (s as HTMLElement).innerText)).toMatch(/Off unless you turn it on/);
    await new Promise((r) => setTimeout(r, 1500));
    expect(fake.log).toEqual([]);
    expect(proxy.seen.filter((s) => /hypothes\.is/i.test(s))).toEqual([]);
    await p.close();
    await page.close();
  });

  it('turned on in both: the first one’s highlight with a note appears in the second, drawn in the text and in its library', async () => {
    const pa = await turnOn(a);
    // what A kept before sync was on goes up once it is on
    await until('A’s highlight on the stand-in', () => fake.annotations.size === 1);
    await reloadExtensionPage(pa);
    await pa.waitForSelector('.annotation blockquote', { timeout: WAIT });
    await pa.click('.annotation button.small');
    await pa.type('textarea[name="ann-note"]', 'Made on device A');
    await pa.type('input[name="ann-tags"]', 'distillation');
    await pa.click('.annotation form button[type="submit"]');
    await until('the note on the stand-in', () => serverTexts().includes('Made on device A'));
    expect([...fake.annotations.values()][0]).toMatchObject({ user: ME, tags: ['distillation'], permissions: { read: [ME] } });

    const pb = await turnOn(b);
    const page = await article(b);
    await page.waitForFunction((q) => [...(CSS as unknown as { highlights: Map<string, Set<Range> & { priority: number }> }).highlights.values()].some((h) => h.priority === 1 && [...h].some((r) => r.toString() === q)), { timeout: WAIT }, QUOTE);
    expect(await drawnHighlights(page)).toContain(QUOTE);
    await reloadExtensionPage(pb);
    await pb.waitForSelector('.annotation blockquote', { timeout: WAIT });
    expect(await libraryQuotes(pb)).toContain(QUOTE);
    const item = await pb.$eval('.annotation', (el) => (el as HTMLElement).innerText);
    expect(item).toContain('Made on device A');
    expect(item).toContain('distillation');
    await page.close();
    await pa.close();
    await pb.close();
  });

  it('an edit and a deletion made in the second travel back to the first', async () => {
    const pb = await options(b);
    await pb.waitForSelector('.annotation blockquote', { timeout: WAIT });
    await pb.click('.annotation button.small');
    await pb.$eval('textarea[name="ann-note"]', (el) => ((el as HTMLTextAreaElement).value = ''));
    await pb.type('textarea[name="ann-note"]', 'Edited on device B');
    await pb.click('.annotation form button[type="submit"]');
    await until('the edit on the stand-in', () => serverTexts().includes('Edited on device B'));

    const pa = await options(a);
    await pa.click('button[name="sync-now"]');
    await pa.waitForFunction(() => !document.querySelector('button[name="sync-now"]')?.hasAttribute('disabled'), { timeout: WAIT });
    await reloadExtensionPage(pa);
    await pa.waitForFunction(() => document.querySelector('.annotation')?.textContent?.includes('Edited on device B'), { timeout: WAIT });

    await pb.bringToFront();
    await pb.$$eval('.annotation button.small', (bs) => bs.find((x) => x.textContent === 'Delete')!.click());
    await until('the deletion on the stand-in', () => fake.annotations.size === 0);
    await pa.bringToFront();
    await pa.click('button[name="sync-now"]');
    await pa.waitForFunction(() => !document.querySelector('button[name="sync-now"]')?.hasAttribute('disabled'), { timeout: WAIT });
    await reloadExtensionPage(pa);
    await pa.waitForSelector('section.sync', { timeout: WAIT });
    expect(await libraryQuotes(pa)).not.toContain(QUOTE);
    const page = await article(a);
    expect(await drawnHighlights(page)).not.toContain(QUOTE);
    await page.close();
    await pa.close();
    await pb.close();
  });

  it('with the stand-in down, a highlight is saved here, queued, and sent when it returns', async () => {
    await hyp.down();
    const page = await article(a);
    await highlight(page, QUOTE_OFFLINE);
    const pa = await options(a);
    await pa.waitForSelector('.sync-status[data-pending="1"]', { timeout: WAIT });
    expect(await pa.$eval('.sync-status', (el) => el.textContent)).toMatch(/1 change waiting to be sent[\s\S]*Could not reach localhost/);
    expect(await libraryQuotes(pa)).toContain(QUOTE_OFFLINE);
    await hyp.up();
    // no click: the queue tries again by itself
    await until('the queued highlight on the stand-in', () => [...fake.annotations.values()].some((x) => JSON.stringify(x.target).includes(QUOTE_OFFLINE)));
    await reloadExtensionPage(pa);
    await pa.waitForSelector('.sync-status[data-pending="0"]', { timeout: WAIT });
    await pa.close();
    await page.close();
  });

  it('a revoked token stops sync with a message that says what to do, and loses nothing', async () => {
    fake.revoke(TOKEN);
    const page = await article(a);
    await highlight(page, QUOTE_REVOKED);
    const pa = await options(a);
    await pa.waitForSelector('.sync-error', { timeout: WAIT });
    expect(await pa.$eval('.sync-error', (el) => el.textContent)).toMatch(/refused the developer token.*Paste a new token to sync again; nothing was lost/);
    expect(await libraryQuotes(pa)).toEqual(expect.arrayContaining([QUOTE_REVOKED, QUOTE_OFFLINE]));
    expect(await pa.$eval('.sync-status', (el) => el.getAttribute('data-pending'))).toBe('1');
    // after the refusal nothing more is asked
    const asked = fake.log.length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(fake.log.length).toBe(asked);
    await pa.close();
    await page.close();
  });

  it('spoke the published API throughout, sent the token to no one else, and logged no extension errors', () => {
    expect(fake.violations).toEqual([]);
    expect(proxy.seen.filter((s) => /hypothes\.is/i.test(s))).toEqual([]);
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  });
});
