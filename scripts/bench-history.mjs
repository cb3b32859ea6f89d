#!/usr/bin/env node
// The reading history at the scale of issue #7: 10,000 generated articles told as 2,000 stories.
//
// The history is clustered by the real History index (add + assign per article, in reading order,
// as extension/background/reading.ts does); the thread count printed is whatever it produces.
// Then, for new articles (half continue a recent story, half start a new one), each against the
// same 10,000-article history: related() before the article is added, and assign() after
// add(), as the background calls them; each new article is removed again after its measurement.
// Storage: every record goes through the real HistoryStore into fake-indexeddb, is read back,
// and is sized as V8 serializes it (Chromium's IndexedDB value format), plus the keys of the
// primary key and the four indexes. Uncompressed, and without the database's own overhead.
//
// Run alone with `node scripts/bench-history.mjs`; `npm run bench` runs it too.
import path from 'node:path';
import v8 from 'node:v8';

export const ARTICLES = 10_000;
export const STORIES = 2_000;
/** New articles measured (each for related and for assign). */
const NEW = 200;
const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1);
/** The history spans two years of reading. */
const SPAN_DAYS = 730;
/** A story's articles come out within this many days of its first. */
const STORY_DAYS = 40;

/** mulberry32: a small seeded generator, so every run builds the same history. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws ranks 0…n-1 with probability ∝ 1/(rank+1)^s: a few entities come up far more often than the rest. */
function zipf(rnd, n, s) {
  const cum = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cum[i] = sum += 1 / Math.pow(i + 1, s);
  return () => {
    const x = rnd() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** The names every AI news story is likely to mention, most common first (keys as in the knowledge base). */
const COMMON = [
  'OpenAI', 'Nvidia', 'Microsoft', 'Google', 'Meta', 'Anthropic', 'Amazon', 'ChatGPT', 'Apple', 'Google DeepMind',
  'Sam Altman', 'xAI', 'Elon Musk', 'TSMC', 'Jensen Huang', 'Claude', 'Gemini', 'Mistral AI', 'DeepSeek', 'Alibaba',
  'Intel', 'AMD', 'European Commission', 'US Commerce Department', 'Hugging Face', 'SoftBank', 'Oracle', 'Baidu', 'Tencent', 'ByteDance',
  'Samsung', 'Satya Nadella', 'Sundar Pichai', 'Mark Zuckerberg', 'Dario Amodei', 'Llama', 'Copilot', 'Reuters', 'Bloomberg', 'EU AI Act',
].map((name) => ({ key: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'), name, type: 'org' }));
const TYPES = ['org', 'person', 'product', 'model', 'agency', 'law'];
/** Sixteen syllables of two letters: a number spelled with them is a unique name. */
const SYLLABLES = ['ka', 'lo', 'mi', 'ra', 'te', 'vo', 'se', 'dr', 'an', 'qu', 'be', 'to', 'ne', 'ix', 'sa', 'pe'];
const word = (n) => {
  let s = '';
  do s += SYLLABLES[n % SYLLABLES.length];
  while ((n = Math.floor(n / SYLLABLES.length)) > 0);
  return s[0].toUpperCase() + s.slice(1);
};
/** The i-th generated entity of a pool: unknown to the knowledge base, so keyed `type:name` as the extension keys them. */
const named = (pool, i) => {
  const type = TYPES[i % TYPES.length];
  const name = `${word(i * 7 + pool.length)} ${word(i)}${pool}`;
  return { key: `${type}:${name}`, name, type };
};

/**
 * The history and the new articles. Each story has a core (one or two recurring actors, an
 * entity of its own, often a big name), mentioned in most of its articles several times; side
 * entities that turn up in some of them; and each article adds big names and passing mentions.
 */
export function generate(seed = 7) {
  const rnd = random(seed);
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const common = zipf(rnd, COMMON.length, 1.0);
  /** People, companies, products and laws that come back across stories. */
  const RECURRING = 3_000;
  const recurring = zipf(rnd, RECURRING, 0.8);
  /** The long tail of passing mentions. */
  const PASSING = 40_000;
  const passing = zipf(rnd, PASSING, 0.6);

  let storyCount = 0;
  const story = (startDay) => {
    const s = storyCount++;
    const core = [named('', RECURRING + s * 2)]; // its own: a product, a bill, a deal
    if (rnd() < 0.4) core.push(named('', RECURRING + s * 2 + 1));
    for (let n = int(1, 2); n > 0; n--) core.push(named('', recurring()));
    if (rnd() < 0.6) core.push(COMMON[common()]);
    const side = Array.from({ length: int(2, 4) }, () => (rnd() < 0.5 ? named('', recurring()) : named('x', passing())));
    return { id: s, core: [...new Map(core.map((e) => [e.key, e])).values()], side, start: START + startDay * DAY };
  };

  let articleCount = 0;
  const article = (st, published) => {
    const i = articleCount++;
    const ents = new Map();
    const put = (e, count) => ents.set(e.key, { ...e, count: Math.max(count, ents.get(e.key)?.count ?? 0) });
    // most of the core, always at least two of it
    const core = st.core.filter(() => rnd() < 0.85);
    for (const e of st.core) if (core.length < Math.min(2, st.core.length) && !core.includes(e)) core.push(e);
    for (const e of core) put(e, rnd() < 0.15 ? 1 : int(2, 7));
    for (const e of st.side) if (rnd() < 0.4) put(e, int(1, 2));
    for (let n = int(1, 3); n > 0; n--) put(COMMON[common()], int(1, 3));
    for (let n = int(4, 9); n > 0; n--) put(named('x', passing()), 1);
    const read = published + Math.floor(rnd() * 2 * DAY);
    return { i, story: st.id, published: new Date(published).toISOString(), read: new Date(read).toISOString(), entities: [...ents.values()] };
  };

  // 2,000 stories of about five articles (two to nine), 10,000 in all
  const sizes = new Array(STORIES).fill(ARTICLES / STORIES);
  for (let n = 0; n < STORIES * 2; n++) {
    const a = int(0, STORIES - 1);
    const b = int(0, STORIES - 1);
    if (sizes[a] > 2 && sizes[b] < 9) {
      sizes[a]--;
      sizes[b]++;
    }
  }
  const stories = sizes.map(() => story(rnd() * (SPAN_DAYS - STORY_DAYS)));
  const history = [];
  stories.forEach((st, s) => {
    const offsets = Array.from({ length: sizes[s] }, (_, k) => (k === 0 ? 0 : rnd() * STORY_DAYS)).sort((x, y) => x - y);
    for (const d of offsets) history.push(article(st, st.start + Math.floor(d * DAY)));
  });
  // read in the order they came out (each a day or two after publication)
  history.sort((x, y) => x.read.localeCompare(y.read) || x.i - y.i);

  // new articles, read after the whole history: follow-ups of stories still running, and new stories
  const end = START + SPAN_DAYS * DAY;
  const running = stories.filter((st) => st.start > end - 60 * DAY);
  const fresh = [];
  for (let n = 0; n < NEW; n++) {
    const followUp = n % 2 === 0;
    const st = followUp ? running[int(0, running.length - 1)] : story(SPAN_DAYS);
    fresh.push({ ...article(st, end + Math.floor(rnd() * 3 * DAY)), followUp });
  }
  return { history, fresh };
}

/** A record as reading.ts stores it; links and claims sized like our fixtures' (a claim's sentence ≤ 240 characters). */
function toRecord(a, rnd) {
  const host = ['news.example', 'techwire.example', 'www.dailyai.example', 'markets.example'][a.i % 4];
  const url = `https://${host}/${a.published.slice(0, 10).replace(/-/g, '/')}/story-${a.i}-${a.entities[0].name.toLowerCase().replace(/\W+/g, '-')}`;
  const title = `${a.entities[0].name} and ${a.entities[1]?.name ?? 'rivals'}: what the latest move means for the AI industry`;
  const links = Array.from({ length: 4 + Math.floor(rnd() * 12) }, (_, k) => ({
    href: `https://source${k}.example/reports/${a.i}-${k}/${'detail-'.repeat(1 + (k % 4))}page`,
    text: `according to a report by source ${k}`,
  }));
  const claims = Array.from({ length: Math.floor(rnd() * 3) }, (_, k) => {
    const actor = a.entities[k % a.entities.length];
    const target = a.entities[(k + 1) % a.entities.length];
    return {
      kind: 'investigating',
      actor: actor.key,
      actorName: actor.name,
      target: target.key,
      targetName: target.name,
      sentence: `${actor.name} said it was examining whether ${target.name} had broken the terms it agreed to, and that it would use every tool it had to protect its customers and its own work in the months ahead…`,
    };
  });
  return {
    id: crypto.randomUUID(),
    url,
    urls: [url],
    host,
    title,
    outlet: host.replace(/^www\./, ''),
    published: a.published,
    read: a.read,
    lastRead: a.read,
    entities: a.entities.map(({ key, name, type, count }) => ({ key, name, type, count })),
    links,
    fingerprint: (a.i * 2654435761).toString(36).padEnd(13, '0'),
    thread: 'pending',
    claims,
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Runs the measurement; returns the summary lines (a readable one, then the `bench:history:` line). */
export async function benchHistory() {
  const { History } = await import('../src/related/history.ts');
  const { HistoryStore, toHistoryArticle } = await import('../src/storage/history-store.ts');
  const { openUserDb } = await import('../src/storage/db.ts');
  await import('fake-indexeddb/auto');
  const { IDBFactory } = await import('fake-indexeddb');

  const { history, fresh } = generate();
  const rnd = random(99);
  const records = history.map((a) => toRecord(a, rnd));
  const storyOf = new Map(records.map((r, k) => [r.id, history[k].story]));

  const h = new History();
  const t0 = performance.now();
  for (const r of records) {
    const a = toHistoryArticle(r);
    h.add(a);
    r.thread = h.assign(a).id;
  }
  const buildMs = performance.now() - t0;

  // how the threads line up with the stories they were generated from
  const threadsOfStory = new Map();
  for (const r of records) {
    const s = storyOf.get(r.id);
    threadsOfStory.set(s, (threadsOfStory.get(s) ?? new Set()).add(r.thread));
  }
  const whole = [...threadsOfStory.values()].filter((t) => t.size === 1).length;
  let mixed = 0;
  // pairs of articles: of those in one thread, how many are of one story (precision), and of those
  // of one story, how many are in one thread (recall)
  let pairs = 0;
  let good = 0;
  for (const t of h.threads.values()) {
    const n = new Map();
    for (const id of t.articles) n.set(storyOf.get(id), (n.get(storyOf.get(id)) ?? 0) + 1);
    if (n.size > 1) mixed++;
    pairs += (t.articles.length * (t.articles.length - 1)) / 2;
    for (const k of n.values()) good += (k * (k - 1)) / 2;
  }
  const sizes = new Map();
  for (const s of storyOf.values()) sizes.set(s, (sizes.get(s) ?? 0) + 1);
  const storyPairs = [...sizes.values()].reduce((sum, k) => sum + (k * (k - 1)) / 2, 0);

  const related = [];
  const assign = [];
  let joined = 0;
  let opened = 0;
  for (const a of fresh) {
    const rec = toRecord(a, rnd);
    const art = toHistoryArticle(rec);
    let t = performance.now();
    h.related(art, 8);
    related.push(performance.now() - t);
    h.add(art);
    t = performance.now();
    const thread = h.assign(art);
    assign.push(performance.now() - t);
    if (a.followUp) {
      const ids = new Set(thread.articles);
      if (records.some((r) => ids.has(r.id) && storyOf.get(r.id) === a.story)) joined++;
    } else if (thread.articles.length === 1) opened++;
    h.remove(art.id);
  }
  if (h.articles.size !== ARTICLES) throw new Error(`history holds ${h.articles.size} articles, not ${ARTICLES}`);

  // storage: through the real store, then what it holds, sized as stored
  const db = await openUserDb(new IDBFactory());
  const store = new HistoryStore(db);
  for (const r of records) await store.put(r);
  const { records: stored, skipped } = await store.all();
  if (stored.length !== ARTICLES || skipped) throw new Error(`stored ${stored.length} records (${skipped} skipped)`);
  const utf8 = (s) => Buffer.byteLength(s);
  let bytes = 0;
  for (const r of stored) bytes += v8.serialize(r).length + utf8(r.id) + [r.url, r.host, r.read, r.thread].reduce((n, k) => n + utf8(k) + utf8(r.id), 0);
  db.close();
  const mb = bytes / 1024 / 1024;

  const threads = h.threads.size;
  return [
    `history: ${STORIES} stories → ${threads} threads (built in ${(buildMs / 1000).toFixed(1)} s); ${whole} stories in one thread, ${mixed} threads mixing stories; ` +
      `same-story pairs: precision ${(good / pairs).toFixed(3)}, recall ${(good / storyPairs).toFixed(3)}; ` +
      `new articles: ${joined}/${NEW / 2} follow-ups joined their story, ${opened}/${NEW / 2} new stories opened a thread`,
    `bench:history: articles=${h.articles.size} threads=${threads} related_ms=${median(related).toFixed(2)} assign_ms=${median(assign).toFixed(2)} storage_mb=${mb.toFixed(1)}`,
  ];
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const { register } = await import('tsx/esm/api');
  register();
  for (const line of await benchHistory()) console.log(line);
}
