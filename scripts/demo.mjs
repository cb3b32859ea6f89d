#!/usr/bin/env node
// The main job: build the extension, serve the bundled demo article on 127.0.0.1 as a news site,
// open it in Chromium with the extension loaded and show the sidebar. Without a display it runs
// headless, saves a screenshot and prints the entities the sidebar lists.
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
  if (!headless) {
    console.log('The browser stays open; press Ctrl+C to end.');
    await new Promise((r) => b.browser.on('disconnected', r));
  }
} finally {
  if (headless) await b.close();
  await server.close();
}
