#!/usr/bin/env node
// npm run bench: extraction speed and bundle sizes, measured in one run on our own articles.
//
// (a) our full pipeline (rules + NLP where needed), (b) the known-entity pass alone (tokeniser +
// compiled alias matcher), (c) the baseline: compromise's organizations() and people() on the same
// text. Each article's text is extracted once (Readability); timings are ms per 1,000 words per run,
// summarised as median and p95 over all articles × runs. Sizes are gzipped bytes of the built files.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { register } from 'tsx/esm/api';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
register();
const { parseHTML } = await import('linkedom');
const { extractArticle } = await import('../src/article/extract.ts');
const { analyzeText } = await import('../src/entities/extract.ts');
const { defaultCompiledKb } = await import('../src/entities/compiled.ts');
const { compromiseOptions } = await import('../src/entities/nlp.ts');
const { tokenize } = await import('../src/entities/tokens.ts');
const { KB_ENTITIES } = await import('../src/kb/index.ts');
const nlp = (await import('compromise')).default;
const { History } = await import('../src/related/history.ts');

/** Runs per article and method, after one warm-up run. */
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
/** The longest article is built from our fixtures' paragraphs up to this many words. */
const LONG_WORDS = 5000;

const pages = [path.resolve('assets/demo/article.html'), ...fs.readdirSync('test/fixtures/pages').map((s) => path.resolve('test/fixtures/pages', s, 'page.html'))];
const articles = pages
  .map((f) => extractArticle(parseHTML(fs.readFileSync(f, 'utf8')).document))
  .filter((a) => a.isArticle)
  .map((a) => ({ title: a.title, text: a.text }));
const paragraphs = articles.flatMap((a) => a.text.split('\n\n'));
let long = '';
for (let i = 0; long.split(/\s+/).length < LONG_WORDS; i++) long += (long ? '\n\n' : '') + paragraphs[i % paragraphs.length];
articles.push({ title: 'A long read on the AI industry', text: long });
const words = (t) => t.split(/\s+/).filter(Boolean).length;

const compiled = defaultCompiledKb();
const methods = {
  ours: (a) => analyzeText(a.text, a.title, { compiled, ...compromiseOptions }),
  known: (a) => compiled.aliases.match(a.text, tokenize(a.text)),
  baseline: (a) => {
    const doc = nlp(a.text);
    return [doc.organizations().out('array'), doc.people().out('array')];
  },
};

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))];
  return { median: q(0.5), p95: q(0.95) };
};
const results = {};
for (const [name, fn] of Object.entries(methods)) {
  const samples = [];
  for (const a of articles) {
    fn(a);
    const w = words(a.text);
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      fn(a);
      samples.push(((performance.now() - t0) / w) * 1000);
    }
  }
  results[name] = stats(samples);
  console.log(`${name.padEnd(9)} median ${results[name].median.toFixed(3)} ms/1k words   p95 ${results[name].p95.toFixed(3)}`);
}

if (!fs.existsSync('dist/chrome/content/gate.js')) execFileSync(process.execPath, ['scripts/build.mjs', '--quiet'], { stdio: 'inherit' });
const gzKb = (buf) => zlib.gzipSync(buf, { level: 9 }).length / 1024;
const gate = gzKb(fs.readFileSync('dist/chrome/content/gate.js'));
const stage2 = gzKb(fs.readFileSync('dist/chrome/content/stage2.js'));
const kb = gzKb(Buffer.from(JSON.stringify(KB_ENTITIES)));
const lengths = articles.map((a) => words(a.text));
console.log(`articles=${articles.length} words ${Math.min(...lengths)}–${Math.max(...lengths)}, ${RUNS} runs each`);
console.log(`speedup (baseline/ours) ${(results.baseline.median / results.ours.median).toFixed(1)}×, known pass ${(results.baseline.median / results.known.median).toFixed(0)}× faster than baseline`);
console.log(`sizes (gzipped): gate ${gate.toFixed(1)} KB, stage two ${stage2.toFixed(1)} KB, knowledge base ${kb.toFixed(1)} KB`);
// Reading history at scale: 10,000 generated articles in ~2,000 stories; related lookups and
// thread assignment for new articles, and the size of the records as stored.
{
  const ARTICLES = 10_000;
  const STORIES = 2_000;
  let seed = 11;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const zipf = (n) => Math.floor(Math.pow(rnd(), 2.2) * n); // common entities come up far more often
  const story = Array.from({ length: STORIES }, (_, s) => [`s${s}-a`, `s${s}-b`, `e${zipf(3000)}`]);
  const make = (i) => {
    const st = story[Math.floor(rnd() * STORIES)];
    const keys = new Set([st[0], st[1], st[2], `e${zipf(3000)}`, `e${zipf(3000)}`, `e${zipf(300)}`]);
    const day = new Date(Date.UTC(2025, 0, 1) + Math.floor((i / ARTICLES) * 600) * 86_400_000).toISOString();
    return { id: `a${i}`, url: `https://news.example/a${i}`, title: `Article ${i}`, outlet: 'Example', date: day, entities: [...keys].map((k) => ({ key: k, name: k, count: 2 })) };
  };
  const h = new History();
  const records = [];
  for (let i = 0; i < ARTICLES; i++) {
    const a = make(i);
    records.push(a);
    h.add(a);
    h.assign(a);
  }
  const related = [];
  const assign = [];
  for (let i = 0; i < 200; i++) {
    const a = make(ARTICLES + i);
    let t0 = performance.now();
    h.related(a);
    related.push(performance.now() - t0);
    h.add(a);
    t0 = performance.now();
    h.assign(a);
    assign.push(performance.now() - t0);
  }
  const mb = Buffer.byteLength(JSON.stringify(records)) / 1024 / 1024;
  console.log(`bench:history: articles=${h.articles.size} threads=${h.threads.size} related_ms=${stats(related).median.toFixed(2)} assign_ms=${stats(assign).median.toFixed(2)} storage_mb=${mb.toFixed(1)}`);
}
console.log(
  `bench: ours_ms_per_1k=${results.ours.median.toFixed(2)} known_ms_per_1k=${results.known.median.toFixed(3)} baseline_ms_per_1k=${results.baseline.median.toFixed(2)} ` +
    `speedup=${(results.baseline.median / results.ours.median).toFixed(1)} gate_kb_gz=${gate.toFixed(1)} stage2_kb_gz=${stage2.toFixed(1)}`,
);
