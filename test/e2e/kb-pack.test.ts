import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { openExtensionPage, useBrowser, watchPage, type BrowserName, type Launched } from './browsers';
import { PACK_SCHEMA_VERSION, signPack, type PackPayload } from '../../src/kb/pack';
import type { KbEntity } from '../../src/kb/types';

/**
 * Knowledge updates in the real browsers (issue #15). A stand-in server on 127.0.0.1 serves packs
 * signed here with the tests' key (test/fixtures/kb-pack/; the test build ships its public half,
 * the production build the real one). Turning updates on in the options asks for that one host and
 * applies the pack: an entity only the pack has gets a card in the companion on a fixture article.
 * A changed pack served next is refused with its reason on the options page, and the knowledge
 * already applied stays.
 *
 * Permissions: Firefox's test profile grants an optional permission without a prompt; headless
 * Chromium shows a prompt no test can answer, so there the reader's "allow" is given first on
 * chrome://extensions (its Site access list, `developerPrivate.addHostPermission`), after which the
 * options page's own request resolves at once, as it does for a host the reader already allowed.
 */
const WAIT = 20_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const KEY_ID = 'test-only-never-for-release';

/** An entity only the pack has, named in the chip-export fixture ("the U.S. government receives 25%…"). */
const PACK_ENTITY: KbEntity = {
  id: 'us-federal-government',
  type: 'agency',
  name: 'U.S. government',
  aliases: [{ text: 'U.S. government' }],
  summary: 'The federal government of the United States, as a test pack describes it.',
  links: { official: 'https://www.usa.gov/' },
  asOf: '2026-12-07',
};
const payload = (version: number): PackPayload => ({ version, created: '2026-12-07T09:00:00Z', schemaVersion: PACK_SCHEMA_VERSION, entities: [PACK_ENTITY] });

async function testKey(): Promise<CryptoKey> {
  const jwk = JSON.parse(fs.readFileSync(path.resolve('test/fixtures/kb-pack/test-signing-key.jwk'), 'utf8')) as JsonWebKey;
  return crypto.subtle.importKey('jwk', { kty: jwk.kty, crv: jwk.crv, d: jwk.d, x: jwk.x }, { name: 'Ed25519' }, false, ['sign']);
}

/** The stand-in update server: serves `body` at /kb-pack.json and counts the requests. */
async function startPackServer() {
  const state = { body: '', requests: 0 };
  const server = http.createServer((req, res) => {
    if (req.url !== '/kb-pack.json') return void res.writeHead(404).end();
    state.requests++;
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(state.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { state, url: `http://127.0.0.1:${port}/kb-pack.json`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Chromium: the reader allows 127.0.0.1 for the extension on chrome://extensions (see above). */
async function allowInChromium(b: Launched): Promise<void> {
  const id = new URL(b.extensionUrl).host;
  const page = await b.browser.newPage();
  await page.goto(`chrome://extensions/?id=${id}`);
  const error = await page.evaluate(
    (extId) =>
      new Promise<string | null>((resolve) => {
        const c = (globalThis as unknown as { chrome: { developerPrivate: { addHostPermission(id: string, host: string, cb: () => void): void }; runtime: { lastError?: { message: string } } } }).chrome;
        c.developerPrivate.addHostPermission(extId, 'http://127.0.0.1/*', () => resolve(c.runtime.lastError?.message ?? null));
      }),
    id,
  );
  await page.close();
  if (error) throw new Error(`chrome://extensions did not allow 127.0.0.1: ${error}`);
}

describe.each(['chromium', 'firefox'] as BrowserName[])('%s knowledge updates', (name) => {
  let packs: Awaited<ReturnType<typeof startPackServer>>;
  let key: CryptoKey;
  beforeAll(async () => {
    packs = await startPackServer();
    key = await testKey();
  });
  afterAll(async () => {
    await packs?.close();
  });
  const ctx = useBrowser(name);

  const options = async (): Promise<Page> => {
    const opts = await openExtensionPage(ctx.b, `${ctx.b.extensionUrl}options/options.html`);
    await opts.waitForSelector('input[name="kb-pack-on"]:not([disabled])', { timeout: WAIT });
    return opts;
  };
  const inUse = (opts: Page) => opts.$eval('[data-kb-pack-in-use]', (el) => el.getAttribute('data-kb-pack-in-use'));
  /** The entities the companion lists for the chip-export fixture, read from the companion following that tab. */
  const companionIds = async (): Promise<string[]> => {
    const page = await ctx.b.browser.newPage();
    watchPage(page, ctx.b.errors);
    await page.goto(ctx.server.url('ai-chip-export'));
    const companion = await openExtensionPage(ctx.b, `${ctx.b.extensionUrl}sidepanel/sidepanel.html`, { background: true });
    const deadline = Date.now() + WAIT;
    let ids: string[] = [];
    for (;;) {
      const shown = await companion
        .evaluate(() => ({ state: document.querySelector('.companion')?.getAttribute('data-state'), ids: [...document.querySelectorAll('li.entity')].map((li) => li.getAttribute('data-kb-id') ?? '') }))
        .catch(() => null);
      if (shown?.state === 'article' && shown.ids.length) {
        ids = shown.ids;
        break;
      }
      if (Date.now() > deadline) throw new Error(`the companion never showed the article: ${JSON.stringify(shown)}`);
      await sleep(150);
    }
    await companion.close();
    await page.close();
    return ids;
  };

  it('Ed25519 through WebCrypto verifies a signature, and refuses a changed message, in an extension page', async () => {
    const opts = await openExtensionPage(ctx.b, `${ctx.b.extensionUrl}options/options.html`);
    const probe = await opts.evaluate(async () => {
      const s = crypto.subtle;
      const pair = (await s.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
      const pub = await s.importKey('raw', await s.exportKey('raw', pair.publicKey), { name: 'Ed25519' }, false, ['verify']);
      const data = new TextEncoder().encode('a knowledge pack');
      const sig = await s.sign({ name: 'Ed25519' }, pair.privateKey, data);
      return { size: sig.byteLength, good: await s.verify({ name: 'Ed25519' }, pub, sig, data), changed: await s.verify({ name: 'Ed25519' }, pub, sig, new TextEncoder().encode('a knowledge pacK')) };
    });
    expect(probe).toEqual({ size: 64, good: true, changed: false });
    await opts.close();
  });

  it('off by default: nothing is fetched, and the shipped knowledge is in use', async () => {
    const opts = await options();
    expect(await inUse(opts)).toBe('shipped');
    expect(await opts.$eval('input[name="kb-pack-on"]', (el) => (el as HTMLInputElement).checked)).toBe(false);
    expect(packs.state.requests).toBe(0);
    expect(await companionIds()).not.toContain(PACK_ENTITY.id);
    await opts.close();
  });

  it('turning updates on applies a valid pack: an entity only the pack has appears on a fixture article', async () => {
    packs.state.body = await signPack(payload(1), key, KEY_ID, crypto.subtle);
    if (name === 'chromium') await allowInChromium(ctx.b);
    const opts = await options();
    await opts.type('input[name="kb-pack-source"]', packs.url);
    await opts.click('input[name="kb-pack-on"]');
    await opts.waitForSelector('[data-kb-pack-in-use="1"]', { timeout: WAIT });
    const text = await opts.$eval('[data-kb-pack-in-use]', (el) => el.textContent ?? '');
    expect(text).toContain('knowledge pack version 1, made 2026-12-07, 1 entities');
    expect(await opts.$eval('[data-kb-pack-last]', (el) => el.textContent ?? '')).toContain('Applied version 1');
    expect(packs.state.requests).toBe(1);
    await opts.close();
    expect(await companionIds()).toContain(PACK_ENTITY.id);
  });

  it('a changed pack served next is refused on Check now, with the reason shown, and the knowledge applied before stays', async () => {
    const signed = await signPack(payload(2), key, KEY_ID, crypto.subtle);
    // one byte of the signed content changed (inside the summary)
    const at = signed.indexOf('as a test pack');
    packs.state.body = signed.slice(0, at) + 'As' + signed.slice(at + 2);
    const opts = await options();
    expect(await inUse(opts)).toBe('1');
    const asked = packs.state.requests;
    await opts.click('button[name="kb-pack-check"]');
    await opts.waitForSelector('[data-kb-pack-last="refused"]', { timeout: WAIT });
    expect(packs.state.requests).toBe(asked + 1);
    const shown = await opts.$eval('[data-kb-pack-last]', (el) => el.textContent ?? '');
    expect(shown).toContain('The signature does not match: the pack was changed after it was signed');
    expect(shown).toContain('Nothing was changed.');
    expect(await inUse(opts)).toBe('1');
    await opts.close();
    expect(await companionIds()).toContain(PACK_ENTITY.id);
  });

  it('turning updates off returns to the shipped knowledge and gives the host permission back', async () => {
    const opts = await options();
    await opts.click('input[name="kb-pack-on"]');
    await opts.waitForSelector('[data-kb-pack-in-use="shipped"]', { timeout: WAIT });
    const held = await opts.evaluate(() => (globalThis as unknown as { chrome: { permissions: { contains(p: object): Promise<boolean> } } }).chrome.permissions.contains({ origins: ['http://127.0.0.1/*'] }));
    expect(held).toBe(false);
    await opts.close();
    expect(await companionIds()).not.toContain(PACK_ENTITY.id);
  });

  it('logged no extension errors', () => {
    expect(ctx.b.errors).toEqual([]);
  });
});
