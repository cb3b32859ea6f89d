#!/usr/bin/env node
// The main job: build the extension, serve the bundled demo article on 127.0.0.1 as a news site,
// open it in Chromium with the extension loaded and show the sidebar, then the reading companion in
// the side panel. Without a display it runs headless, saves screenshots (the page with its sidebar;
// the page beside the companion) and prints the entities each lists.
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
const { launch, readSidebar, settle } = await import('../test/e2e/browsers.ts');

const headless = !process.env.DISPLAY || process.argv.includes('--headless');
const server = await startFixtureServer();
const b = await launch('chromium', { headless });
try {
  const page = await b.browser.newPage();
  const url = server.url('demo');
  console.log(`Demo article: ${url} (served on 127.0.0.1:${server.port})`);
  await page.goto(url, { waitUntil: 'load' });
  await settle(page, 20_000);
  const view = await readSidebar(page, 'chromium');
  if (!view.present) throw new Error('the sidebar did not appear on the demo article');
  await new Promise((r) => setTimeout(r, 400)); // let the slide-in finish
  const shot = path.join(root, 'artifacts', 'demo-sidebar.png');
  fs.mkdirSync(path.dirname(shot), { recursive: true });
  await page.screenshot({ path: shot });
  console.log(`\nThe sidebar lists ${view.entities.length} entities:`);
  const byType = new Map();
  for (const e of view.entities) byType.set(e.type, [...(byType.get(e.type) ?? []), e]);
  for (const [type, list] of byType) {
    console.log(`  ${type}:`);
    for (const e of list) console.log(`    ${e.name}${e.kbId ? '' : '  (not in knowledge base)'}${e.summary && e.kbId ? ` — ${e.summary}` : ''}`);
  }
  console.log(`\nScreenshot: ${shot}`);

  // The reading companion, opened by the toolbar button into Chrome's side panel
  const ext = [...(await b.browser.extensions()).values()][0];
  await page.bringToFront();
  await page.triggerExtensionAction(ext);
  const target = await b.browser.waitForTarget((t) => t.type() === 'page' && /\/sidepanel\/sidepanel\.html/.test(t.url()), { timeout: 15_000 });
  const panel = await target.asPage();
  await panel.waitForFunction(() => innerWidth > 0 && document.querySelector('.companion')?.getAttribute('data-state') === 'article', { timeout: 20_000 });
  const listed = await panel.$$eval('.companion section.group[aria-label]', (groups) =>
    groups.filter((g) => g.querySelector('li.entity')).map((g) => [g.getAttribute('aria-label'), [...g.querySelectorAll('li.entity .name')].map((n) => n.textContent)]),
  );
  console.log('\nThe companion (side panel) lists:');
  for (const [label, names] of listed) console.log(`  ${label}: ${names.join(', ')}`);
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
