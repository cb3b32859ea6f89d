#!/usr/bin/env node
// npm run bench:browser: the extension's cost in real Chromium, medians over several runs.
//
// Pages: articles of ~700, 3,000 and 10,000 words built from our own fixtures' paragraphs, and a
// page that is not an article (our front-page fixture). For each page and run: a fresh tab, time
// from DOMContentLoaded to the sidebar being ready (drawn and marks placed), long tasks (> 50 ms)
// seen in that window (the pages run no scripts of their own, so they are the extension's),
// script time and JS heap from the DevTools protocol, compared with the same page in a Chromium
// without the extension.
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { register } from 'tsx/esm/api';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
execFileSync(process.execPath, ['scripts/ensure-browsers.mjs', '--chromium'], { stdio: 'inherit' });
if (!fs.existsSync('dist-test/chrome/manifest.json')) execFileSync(process.execPath, ['scripts/build.mjs', '--quiet'], { stdio: 'inherit' });
register();
const { launch, CHROMIUM, CHROMIUM_ARGS } = await import('../test/e2e/browsers.ts');
const { NEWS_HOST } = await import('../test/e2e/server.ts');
const puppeteer = (await import('puppeteer-core')).default;

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const READY_TIMEOUT = 20_000;

// Articles built from our fixtures' paragraphs.
const paragraphs = fs
  .readdirSync('test/fixtures/pages')
  .filter((s) => s.startsWith('ai-'))
  .flatMap((s) => [...fs.readFileSync(path.join('test/fixtures/pages', s, 'page.html'), 'utf8').matchAll(/<p>([^<]{80,})<\/p>/g)].map((m) => m[1]));
const article = (words) => {
  const body = [];
  let n = 0;
  for (let i = 0; n < words; i++) {
    const p = paragraphs[i % paragraphs.length];
    body.push(`<p>${p}</p>`);
    n += p.split(/\s+/).length;
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>AI industry long read (${words} words) | Bench Times</title><meta property="og:type" content="article"></head>
<body><header><nav><a href="/">Home</a> <a href="/tech">Tech</a></nav></header><main><article><h1>AI industry long read</h1>${body.join('\n')}</article></main><footer>Bench Times</footer></body></html>`;
};
const pages = {
  700: article(700),
  3000: article(3000),
  10000: article(10000),
  nonarticle: fs.readFileSync('test/fixtures/pages/neg-homepage/page.html', 'utf8'),
};
const server = http.createServer((req, res) => {
  const key = (req.url ?? '').split('/')[2];
  if (!pages[key]) return void res.writeHead(404).end();
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(pages[key]);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const port = server.address().port;
const url = (key) => `http://${NEWS_HOST}:${port}/bench/${key}`;

// Recorded in the page from its first moment: DOMContentLoaded, long tasks, when the sidebar is ready.
const PROBE = () => {
  const w = window;
  w.__bench = { dcl: 0, ready: 0, longtasks: [] };
  document.addEventListener('DOMContentLoaded', () => (w.__bench.dcl = performance.now()));
  new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__bench.longtasks.push({ start: e.startTime, duration: e.duration }))).observe({ type: 'longtask', buffered: true });
  new MutationObserver(() => {
    if (!w.__bench.ready && document.querySelector('[data-ai-news-lens="sidebar"][data-marks]')) w.__bench.ready = performance.now();
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-marks"] });
};

async function measure(browser, key, withExtension) {
  const page = await browser.newPage();
  await page.evaluateOnNewDocument(PROBE);
  const cdp = await page.createCDPSession();
  await cdp.send('Performance.enable');
  await page.goto(url(key), { waitUntil: 'load' });
  if (withExtension && key !== 'nonarticle') await page.waitForFunction(() => window.__bench.ready > 0, { timeout: READY_TIMEOUT, polling: 50 });
  else await new Promise((r) => setTimeout(r, 1500)); // the gate runs at document_idle; give it time to finish
  const b = await page.evaluate(() => window.__bench);
  const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  await page.close();
  const end = b.ready || Infinity;
  const tasks = b.longtasks.filter((t) => t.start >= b.dcl && t.start <= end);
  return { ready: b.ready ? b.ready - b.dcl : null, longest: Math.max(0, ...tasks.map((t) => t.duration)), scriptMs: metrics.ScriptDuration * 1000, heapKb: metrics.JSHeapUsedSize / 1024 };
}
const median = (xs) => {
  const s = xs.filter((x) => x !== null).sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};

const ext = await launch('chromium');
const bare = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, pipe: true, args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${NEWS_HOST} 127.0.0.1`] });
const out = {};
try {
  for (const key of Object.keys(pages)) {
    await measure(ext.browser, key, true); // warm-up: the background's first analysis compiles the knowledge base
    const withExt = [];
    const without = [];
    for (let i = 0; i < RUNS; i++) {
      withExt.push(await measure(ext.browser, key, true));
      without.push(await measure(bare, key, false));
    }
    out[key] = {
      ready: median(withExt.map((r) => r.ready)),
      longest: Math.max(...withExt.map((r) => r.longest)),
      scriptMs: median(withExt.map((r) => r.scriptMs)) - median(without.map((r) => r.scriptMs)),
      heapKb: median(withExt.map((r) => r.heapKb)) - median(without.map((r) => r.heapKb)),
    };
    const o = out[key];
    console.log(`${key.padEnd(10)} ready ${Number.isNaN(o.ready) ? '—' : o.ready.toFixed(0) + ' ms'}  longest task ${o.longest.toFixed(0)} ms  extension script ${o.scriptMs.toFixed(1)} ms  heap +${o.heapKb.toFixed(0)} KB`);
  }
} finally {
  await ext.close();
  await bare.close();
  server.close();
}
const longest = Math.max(...Object.values(out).map((o) => o.longest));
console.log(
  `bench:browser: nonarticle_ms=${out.nonarticle.scriptMs.toFixed(1)} ready_ms_700=${out[700].ready.toFixed(0)} ready_ms_3k=${out[3000].ready.toFixed(0)} ready_ms_10k=${out[10000].ready.toFixed(0)} longest_task_ms=${longest.toFixed(0)} heap_kb_3k=${out[3000].heapKb.toFixed(0)}`,
);
