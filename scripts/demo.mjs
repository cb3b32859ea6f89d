#!/usr/bin/env node
// The main job: build the extension, serve the bundled demo article on 127.0.0.1 as a news site,
// open it in Chromium with the extension loaded and the reading companion in Chrome's side panel
// beside it (opened by the toolbar button). Without a display it runs headless, saves a screenshot
// of the article beside the companion, and prints the entities the companion lists.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import fs from 'node:fs';
import { register } from 'tsx/esm/api';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
execFileSync(process.execPath, ['scripts/ensure-browsers.mjs', '--chromium'], { stdio: 'inherit' });
execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });

register();
const { startFixtureServer } = await import('../test/e2e/server.ts');
const { launch } = await import('../test/e2e/browsers.ts');

const headless = !process.env.DISPLAY || process.argv.includes('--headless');
const server = await startFixtureServer();
const b = await launch('chromium', { headless });
try {
  const page = await b.browser.newPage();
  const url = server.url('demo');
  console.log(`Demo article: ${url} (served on 127.0.0.1:${server.port})`);
  await page.goto(url, { waitUntil: 'load' });

  // The reading companion, opened by the toolbar button into Chrome's side panel (a worker just
  // started may not have set the button to open the panel yet: press it again)
  const ext = [...(await b.browser.extensions()).values()][0];
  const isPanel = (t) => t.type() === 'page' && /\/sidepanel\/sidepanel\.html/.test(t.url());
  await page.bringToFront();
  for (let i = 0; i < 3 && !b.browser.targets().some(isPanel); i++) {
    await page.triggerExtensionAction(ext);
    await b.browser.waitForTarget(isPanel, { timeout: 5000 }).catch(() => undefined);
  }
  const panel = await (await b.browser.waitForTarget(isPanel, { timeout: 15_000 })).asPage();
  await panel.waitForFunction(() => innerWidth > 0 && document.querySelector('.companion')?.getAttribute('data-state') === 'article' && document.querySelector('.companion')?.getAttribute('data-marks') !== '', { timeout: 20_000 });
  const listed = await panel.$$eval('.companion section.group[aria-label]', (groups) =>
    groups
      .filter((g) => g.querySelector('li.entity'))
      .map((g) => [g.getAttribute('aria-label'), [...g.querySelectorAll('li.entity')].map((li) => ({ name: li.querySelector('.name')?.textContent ?? '', known: !!li.getAttribute('data-kb-id'), summary: li.querySelector('.summary')?.textContent ?? '' }))]),
  );
  console.log(`\nThe companion (side panel) lists ${listed.reduce((n, [, list]) => n + list.length, 0)} entities:`);
  for (const [label, list] of listed) {
    console.log(`  ${label}:`);
    for (const e of list) console.log(`    ${e.name}${e.known ? ` — ${e.summary}` : '  (not in knowledge base)'}`);
  }
  fs.mkdirSync(path.join(root, 'artifacts'), { recursive: true });
  // article and panel side by side: the panel's own screenshot beside the tab's (headless leaves out the browser UI)
  const [left, right] = [await page.screenshot(), await panel.screenshot()];
  const size = (buf) => ({ w: buf.readUInt32BE(16), h: buf.readUInt32BE(20) });
  const [a, c] = [size(left), size(right)];
  // a page of its own browser context: a new tab in the window would become active, and the panel would follow it
  const spare = await (await b.browser.createBrowserContext()).newPage();
  await spare.setViewport({ width: a.w + 1 + c.w, height: Math.max(a.h, c.h) });
  await spare.setContent(`<body style="margin:0;background:#8a8f99"><img id="a" style="position:absolute;left:0;top:0" src="data:image/png;base64,${left.toString('base64')}"><img id="c" style="position:absolute;left:${a.w + 1}px;top:0" src="data:image/png;base64,${right.toString('base64')}"></body>`);
  await spare.evaluate(() => Promise.all([...document.images].map((i) => i.decode())));
  const both = path.join(root, 'artifacts', 'demo-companion.png');
  await spare.screenshot({ path: both });
  await spare.close();
  console.log(`Screenshot (article + companion): ${both}`);
  if (!headless) {
    console.log('The browser stays open; press Ctrl+C to end.');
    await new Promise((r) => b.browser.on('disconnected', r));
  }
} finally {
  if (headless) await b.close();
  await server.close();
}
