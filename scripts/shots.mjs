#!/usr/bin/env node
// npm run shots: screenshots of every view that exists, for design review, into artifacts/shots/.
//
// 1. Builds nothing: run `npm run build` first (it loads dist-test/chrome, as the e2e tests do).
// 2. Serves the test fixtures on 127.0.0.1 with the e2e server (test/e2e/server.ts, through tsx)
//    and opens the demo article in Debian's chromium with the extension loaded (puppeteer-core).
// 3. Each view, in the light and the dark theme (emulated prefers-color-scheme): the companion
//    (sidepanel/sidepanel.html?tab=ID in a tab) at a wide (420 px) and a narrow (320 px) width
//    showing Context, an opened card and the Yours view (related reading); the hover card in the
//    page; each options section; the welcome page.
// 4. Views not built yet are listed as missing, never faked; the exit code is 0 if every view that
//    exists was taken.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { tsImport } from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(root, 'artifacts/shots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const THEMES = ['light', 'dark'];
const WIDTHS = { wide: 420, narrow: 320 };
/** Views the issue asks for that do not exist yet (blocked on the side-panel work). */
const MISSING = ['companion Notes view with an orphaned highlight (the Notes view is not built yet)', 'Related with a followed-story banner (the banner is not built yet)'];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

process.chdir(root);
const { startFixtureServer, NEWS_HOST } = await tsImport('../test/e2e/server.ts', import.meta.url);
const { SECTIONS } = await tsImport('../src/options/sections.ts', import.meta.url);
fs.mkdirSync(OUT, { recursive: true });
const server = await startFixtureServer();
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'anl-shots-'));
const browser = await puppeteer.launch({
  executablePath: CHROMIUM,
  headless: true,
  userDataDir: profile,
  pipe: true,
  enableExtensions: [path.join(root, 'dist-test/chrome')],
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', `--host-resolver-rules=MAP ${NEWS_HOST} 127.0.0.1`, '--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable'],
  defaultViewport: { width: 1280, height: 900 },
});
const taken = [];
const failed = [];
/** Takes one screenshot in each theme; `name` gets -light / -dark. */
async function shoot(page, name, prepare = async () => {}) {
  for (const theme of THEMES) {
    try {
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: theme }]);
      await prepare();
      await sleep(200);
      const file = path.join(OUT, `${name}-${theme}.png`);
      await page.screenshot({ path: file });
      taken.push(path.relative(root, file));
    } catch (e) {
      failed.push(`${name}-${theme}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

try {
  const sw = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'), { timeout: 15_000 });
  const ext = sw.url().replace(/[^/]+$/, '');
  const article = await browser.newPage();
  const url = `http://${NEWS_HOST}:${server.port}/demo/`;
  await article.goto(url, { waitUntil: 'load' });
  await sleep(2500);

  // the companion, bound to the article's tab
  const tabs = await browser.newPage();
  await tabs.goto(`${ext}options/options.html`);
  const tab = await tabs.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id ?? -1, url);
  for (const [size, width] of Object.entries(WIDTHS)) {
    const c = await browser.newPage();
    await c.setViewport({ width, height: 800 });
    await c.goto(`${ext}sidepanel/sidepanel.html?tab=${tab}`);
    await c.waitForFunction(() => document.querySelector('.companion')?.getAttribute('data-state') === 'article', { timeout: 15_000 });
    await shoot(c, `companion-context-${size}`);
    await c.click('li.entity button');
    await sleep(500);
    await shoot(c, `companion-card-${size}`);
    await c.click('[role="tab"][data-view="yours"]');
    await sleep(500);
    await shoot(c, `companion-yours-${size}`);
    await c.close();
  }

  // the hover card in the page
  await article.bringToFront();
  await shoot(article, 'page-hover-card', async () => {
    await article.mouse.click(5, 5);
    await article.keyboard.down('Alt');
    await article.keyboard.down('Shift');
    await article.keyboard.press('KeyJ');
    await article.keyboard.up('Shift');
    await article.keyboard.up('Alt');
    await article.waitForFunction(() => !!document.querySelector('ai-news-lens-card'), { timeout: 10_000 });
    await sleep(800);
  });

  // each options section
  const opts = await browser.newPage();
  await opts.goto(`${ext}options/options.html`);
  for (const s of SECTIONS) {
    await shoot(opts, `options-${s.id}`, async () => {
      await opts.evaluate((id) => (location.hash = id), s.id);
      await opts.waitForSelector(`#${s.id}.selected`, { timeout: 10_000 });
    });
  }
  await opts.setViewport({ width: 360, height: 800 });
  await shoot(opts, 'options-narrow', () => opts.evaluate(() => (location.hash = 'highlights')));

  // the welcome page
  const welcome = await browser.newPage();
  await welcome.goto(`${ext}welcome/welcome.html`);
  await welcome.waitForFunction(() => Number(document.querySelector('article.sample')?.getAttribute('data-marks')) > 0, { timeout: 15_000 });
  await shoot(welcome, 'welcome');
} finally {
  await browser.close();
  await server.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
console.log(`${taken.length} screenshots in ${path.relative(root, OUT)}/`);
for (const m of MISSING) console.log(`missing: ${m}`);
for (const f of failed) console.log(`failed: ${f}`);
process.exitCode = failed.length ? 1 : 0;
