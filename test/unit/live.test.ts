import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createLiveSources, LIVE_CACHE_KEY, LIVE_SOURCES, livePermissions, newsQuery, originsFor, unknownNames, type LiveOptions, type PageEntity } from '../../src/related/live';
import type { KeyValue } from '../../src/storage/settings';

/* A local stand-in for both services, answering with the recorded responses in test/fixtures/live.
 * The first path segment picks the behaviour, so each test points its base at the one it needs:
 *   /rec/...           the recorded answer for this request (see `recorded`)
 *   /fixture/<name>/... always that recorded answer
 *   /hang/...          never answers
 *   /stall/...         sends headers and part of a body, then nothing */

interface Recorded {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  text?: string;
}
const FIXTURES = path.resolve('test/fixtures/live');
const fixture = (name: string): Recorded => JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as Recorded;

const NEWS_PATH = '/api/v2/doc/doc';
const WIKI_PATH = '/api/rest_v1/page/summary/';
const NEWS_BY_QUERY: Record<string, string> = { '"Anthropic" "Alibaba"': 'gdelt-anthropic-alibaba', '"Alibaba" "Anthropic"': 'gdelt-anthropic-alibaba', '"OpenAI"': 'gdelt-openai' };
const WIKI_BY_TITLE: Record<string, string> = { Anthropic: 'wiki-anthropic', Mercury: 'wiki-mercury-disambiguation', Northwind_Labs: 'wiki-bad-link' };

function recorded(rest: string, url: URL): string {
  if (rest === NEWS_PATH) return NEWS_BY_QUERY[url.searchParams.get('query') ?? ''] ?? 'gdelt-empty';
  if (rest.startsWith(WIKI_PATH)) return WIKI_BY_TITLE[decodeURIComponent(rest.slice(WIKI_PATH.length))] ?? 'wiki-not-found';
  return 'wiki-not-found';
}

/** Sent in small pieces without a length, as a streamed answer would be. */
function send(res: ServerResponse, rec: Recorded) {
  res.writeHead(rec.status, rec.headers);
  const body = Buffer.from(rec.text ?? JSON.stringify(rec.body));
  for (let i = 0; i < body.length; i += 256) res.write(body.subarray(i, i + 256));
  res.end();
}

/** Requests seen, by path (first segment included), and every URL in order. */
const hits = new Map<string, number>();
const seen: URL[] = [];
const requestHeaders: IncomingMessage['headers'][] = [];
let server: Server;
let origin = '';
let closedOrigin = '';

function handle(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', origin);
  hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
  seen.push(url);
  requestHeaders.push(req.headers);
  const [, mode = '', ...more] = url.pathname.split('/');
  if (mode === 'hang') return; // keep the socket open and never answer
  if (mode === 'stall') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"articles": [');
    return;
  }
  if (mode === 'fixture') return send(res, fixture(more[0] ?? ''));
  if (mode === 'rec') return send(res, fixture(recorded('/' + more.join('/'), url)));
  res.writeHead(400).end();
}

const listen = (s: Server) => new Promise<string>((resolve) => s.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)));

beforeAll(async () => {
  server = createServer(handle);
  origin = await listen(server);
  // a port that was just in use and is now closed: connecting is refused
  const gone = createServer();
  closedOrigin = await listen(gone);
  await new Promise((r) => gone.close(r));
});

afterAll(async () => {
  server.closeAllConnections(); // including the hung ones
  await new Promise((r) => server.close(r));
});

beforeEach(() => {
  hits.clear();
  seen.length = 0;
  requestHeaders.length = 0;
});

/* ---------------------------------------------------------------- helpers */

const memory = (init: Record<string, unknown> = {}): KeyValue & { data: Record<string, unknown> } => {
  const data = { ...init };
  // structuredClone, as browser.storage does, so nothing relies on sharing objects with the store
  return { data, get: async (k) => structuredClone(data[k]), set: async (k, v) => void (data[k] = structuredClone(v)) };
};

const START = Date.parse('2026-11-24T12:00:00Z');
const MIN = 60_000;

/** Live sources against the local server, with a clock the test moves by hand. */
function setup(mode = 'rec', extra: Partial<LiveOptions> = {}) {
  const clock = { t: START };
  const cache = extra.cache ?? memory();
  const live = createLiveSources({
    fetch: globalThis.fetch,
    now: () => clock.t,
    cache,
    bases: { news: `${origin}/${mode}`, wiki: `${origin}/${mode}` },
    ...extra,
  });
  return { live, clock, cache };
}

const newsHits = (mode = 'rec') => hits.get(`/${mode}${NEWS_PATH}`) ?? 0;
const total = () => [...hits.values()].reduce((a, b) => a + b, 0);

/* ---------------------------------------------------------------- tests */

describe('news', () => {
  it('asks for recent articles about the top entities and returns them sanitised', async () => {
    const { live } = setup();
    const a = await live.news(['Anthropic', 'Alibaba']);

    const sent = seen[0]!;
    expect(sent.pathname).toBe(`/rec${NEWS_PATH}`);
    expect(Object.fromEntries(sent.searchParams)).toEqual({ query: '"Anthropic" "Alibaba"', mode: 'artlist', format: 'json', maxrecords: '10', sort: 'datedesc', timespan: '2w' });

    expect(a).toMatchObject({ ok: true, source: 'news', from: 'network', stale: false, error: null, fetchedAt: START });
    if (!a.ok) return;
    expect(a.items[0]).toEqual({
      url: 'https://technewsdaily.example/2026/11/24/anthropic-alibaba-distillation-claims',
      title: 'Anthropic says accounts tied to Alibaba distilled Claude at scale',
      outlet: 'technewsdaily.example',
      date: '2026-11-24T09:30:00.000Z',
      language: 'English',
      country: 'United States',
    });
    const urls = a.items.map((i) => i.url);
    // javascript: and data: links dropped, the duplicate and the untitled item too
    expect(urls.every((u) => u.startsWith('https://') || u.startsWith('http://'))).toBe(true);
    expect(urls).toHaveLength(5);
    expect(new Set(urls).size).toBe(5);
    expect(a.items.some((i) => i.title.includes('full Anthropic and Alibaba story'))).toBe(false);
    expect(a.items[1]!.title).toBe('Alibaba rejects Anthropic allegation, says Qwen was trained lawfully');

    const chinese = a.items.find((i) => i.language === 'Chinese')!;
    expect(chinese).toMatchObject({ outlet: 'hangzhou-tech-daily.example', date: null, country: 'China' }); // no domain, bad date

    const long = a.items.find((i) => i.url.includes('commerce-department'))!;
    expect(Array.from(long.title).length).toBeLessThanOrEqual(300);
    expect(long.title.endsWith('…')).toBe(true);
    expect(long.outlet).toBe('policywire.example');

    const explainer = a.items.find((i) => i.url.includes('explainer'))!;
    expect(explainer.title).toBe('Explainer: what model distillation is and why Anthropic objects');
  });

  it('cleans names: no quotes or brackets, no repeats, at most three; no hits is an empty answer', async () => {
    const { live } = setup();
    const a = await live.news(['Anthropic', '"Alibaba"', 'anthropic', '[Claude] (model)', 'Qwen', '   ', 'x']);
    expect(seen[0]!.searchParams.get('query')).toBe('"Anthropic" "Alibaba" "Claude model"');
    expect(a).toMatchObject({ ok: true, from: 'network', items: [] }); // GDELT's `{}`
  });

  it('asks nothing when no name is usable', async () => {
    const { live } = setup();
    expect(await live.news(['"', '  ', ''])).toMatchObject({ ok: false, error: 'no names to search for' });
    expect(total()).toBe(0);
  });
});

describe('wiki', () => {
  it('returns the summary of an entity', async () => {
    const { live } = setup();
    const a = await live.summary('Anthropic');
    expect(seen[0]!.pathname).toBe(`/rec${WIKI_PATH}Anthropic`);
    expect(a).toMatchObject({ ok: true, source: 'wiki', from: 'network', stale: false });
    if (!a.ok) return;
    expect(a.items).toHaveLength(1);
    expect(a.items[0]).toMatchObject({ title: 'Anthropic', description: 'AI research company', url: 'https://en.wikipedia.org/wiki/Anthropic' });
    expect(a.items[0]!.extract).toMatch(/^Anthropic is an artificial intelligence company .* developers\.$/);
    expect(a.items[0]!.extract).not.toContain('  ');
  });

  it('sends the title with underscores, percent-encoded', async () => {
    const { live } = setup();
    await live.summary('zhipu AI/GLM');
    expect(seen[0]!.pathname).toBe(`/rec${WIKI_PATH}Zhipu_AI%2FGLM`);
  });

  it('treats a 404 as "not found" and caches that for a day', async () => {
    const { live, clock } = setup();
    const path404 = `/rec${WIKI_PATH}Zyphra_Northwind_Collective`;
    expect(await live.summary('Zyphra Northwind Collective')).toMatchObject({ ok: true, from: 'network', items: [] });
    clock.t += 12 * 60 * MIN;
    expect(await live.summary('Zyphra Northwind Collective')).toMatchObject({ ok: true, from: 'cache', items: [], stale: false });
    expect(hits.get(path404)).toBe(1);
    clock.t += 13 * 60 * MIN; // past the shorter time to live of a miss
    expect(await live.summary('Zyphra Northwind Collective')).toMatchObject({ ok: true, from: 'network', items: [] });
    expect(hits.get(path404)).toBe(2);
  });

  it('treats a disambiguation page as not found', async () => {
    const { live } = setup();
    expect(await live.summary('Mercury')).toMatchObject({ ok: true, items: [] });
  });

  it('replaces a page link that is not a web address', async () => {
    const { live } = setup();
    const a = await live.summary('Northwind Labs');
    expect(a.ok && a.items[0]!.url).toBe(`${origin}/rec/wiki/Northwind_Labs`);
  });

  it('keeps a found summary for a week', async () => {
    const { live, clock } = setup();
    await live.summary('Anthropic');
    clock.t += 6 * 24 * 60 * MIN;
    expect(await live.summary('Anthropic')).toMatchObject({ ok: true, from: 'cache' });
    clock.t += 2 * 24 * 60 * MIN;
    expect(await live.summary('Anthropic')).toMatchObject({ ok: true, from: 'network' });
    expect(total()).toBe(2);
  });
});

describe('cache', () => {
  it('answers from the cache within the time to live, without a request', async () => {
    const { live, clock } = setup();
    const first = await live.news(['Anthropic', 'Alibaba']);
    clock.t += 10 * MIN;
    const again = await live.news(['alibaba', 'anthropic']); // same search, other order and case
    expect(newsHits()).toBe(1);
    expect(again).toMatchObject({ ok: true, from: 'cache', stale: false, fetchedAt: START });
    expect(again.ok && first.ok && again.items).toEqual(first.ok && first.items);
  });

  it('asks again once the answer has expired', async () => {
    const { live, clock } = setup();
    await live.news(['Anthropic', 'Alibaba']);
    clock.t += 31 * MIN;
    expect(await live.news(['Anthropic', 'Alibaba'])).toMatchObject({ ok: true, from: 'network', fetchedAt: START + 31 * MIN });
    expect(newsHits()).toBe(2);
  });

  it('keeps everything under one storage key, bounded, dropping the oldest', async () => {
    const { live, clock, cache } = setup('rec', { limits: { maxEntries: 3 } });
    for (const name of ['Alpha Lab', 'Beta Lab', 'Gamma Lab', 'Delta Lab']) {
      await live.summary(name);
      clock.t += 5_000;
    }
    const data = (cache as ReturnType<typeof memory>).data;
    expect(Object.keys(data)).toEqual([LIVE_CACHE_KEY]);
    expect(Object.keys((data[LIVE_CACHE_KEY] as { entries: object }).entries).sort()).toEqual([`${origin} wiki:Beta Lab`, `${origin} wiki:Delta Lab`, `${origin} wiki:Gamma Lab`]);
  });

  it.each([
    ['a string', 'not json at all'],
    ['a list', [1, 2, 3]],
    ['another version', { v: 99, entries: {} }],
    ['broken entries', { v: 1, entries: { 'news:alibaba|anthropic': 'x', 'wiki:Anthropic': { at: 'soon', exp: null, items: 3 } } }],
  ])('ignores a corrupt cache (%s)', async (_, junk) => {
    const { live } = setup('rec', { cache: memory({ [LIVE_CACHE_KEY]: junk }) });
    expect(await live.news(['Anthropic', 'Alibaba'])).toMatchObject({ ok: true, from: 'network' });
    expect(await live.summary('Anthropic')).toMatchObject({ ok: true, from: 'network' });
  });

  it('drops cached items that are not what we stored', async () => {
    const entries = {
      [`${origin} news:alibaba|anthropic`]: { at: START, exp: START + MIN, items: [{ url: 'javascript:alert(1)', title: 'x', outlet: 'a.example', date: null, language: null, country: null }, 'junk'] },
    };
    const { live } = setup('rec', { cache: memory({ [LIVE_CACHE_KEY]: { v: 1, entries } }) });
    expect(await live.news(['Anthropic', 'Alibaba'])).toMatchObject({ ok: true, from: 'cache', items: [] });
  });

  it('still answers when storage fails', async () => {
    const broken: KeyValue = { get: () => Promise.reject(new Error('gone')), set: () => Promise.reject(new Error('full')) };
    const { live } = setup('rec', { cache: broken });
    expect(await live.summary('Anthropic')).toMatchObject({ ok: true, from: 'network' });
  });

  it('clear() forgets every answer', async () => {
    const { live, clock } = setup();
    await live.summary('Anthropic');
    await live.clear();
    clock.t += 5_000;
    expect(await live.summary('Anthropic')).toMatchObject({ from: 'network' });
  });
});

describe('failures', () => {
  it('gives up on a server that never answers within the timeout', async () => {
    const { live } = setup('hang', { timeoutMs: 300 });
    const t0 = performance.now();
    const a = await live.news(['Anthropic', 'Alibaba']);
    expect(performance.now() - t0).toBeLessThan(300 + 400);
    expect(a).toEqual({ ok: false, source: 'news', error: 'timed out after 0.3 s', retryInMs: null });
    expect(newsHits('hang')).toBe(1);
  });

  it('gives up on a body that stops half-way', async () => {
    const { live } = setup('stall', { timeoutMs: 300 });
    const t0 = performance.now();
    expect(await live.news(['Anthropic'])).toMatchObject({ ok: false, error: 'timed out after 0.3 s' });
    expect(performance.now() - t0).toBeLessThan(300 + 400);
  });

  it('reports a server error, and shows the expired answer instead when there is one', async () => {
    const cache = memory();
    const { live: fresh } = setup('fixture/unavailable-503', { cache });
    expect(await fresh.news(['Anthropic', 'Alibaba'])).toEqual({ ok: false, source: 'news', error: 'the source answered 503', retryInMs: null });

    const { live: good } = setup('rec', { cache });
    await good.news(['Anthropic', 'Alibaba']);
    const { live: down, clock } = setup('fixture/unavailable-503', { cache });
    clock.t += 45 * MIN;
    const a = await down.news(['Anthropic', 'Alibaba']);
    expect(a).toMatchObject({ ok: true, from: 'cache', stale: true, fetchedAt: START, error: 'the source answered 503' });
    expect(a.ok && a.items).toHaveLength(5);
    expect(newsHits('fixture/unavailable-503')).toBe(2);
  });

  it('reports "offline or refused" when nothing listens', async () => {
    const live = createLiveSources({ fetch: globalThis.fetch, cache: memory(), bases: { news: closedOrigin, wiki: closedOrigin } });
    expect(await live.news(['Anthropic'])).toEqual({ ok: false, source: 'news', error: 'offline or refused', retryInMs: null });
    expect(await live.summary('Anthropic')).toMatchObject({ ok: false, error: 'offline or refused' });
  });

  it.each([
    ['malformed JSON', 'fixture/gdelt-malformed'],
    ['the wrong shape', 'fixture/gdelt-wrong-shape'],
  ])('reports %s as an error', async (_, mode) => {
    const { live } = setup(mode);
    expect(await live.news(['Anthropic'])).toEqual({ ok: false, source: 'news', error: 'the source sent an answer we could not read', retryInMs: null });
  });

  it('refuses an answer larger than the limit', async () => {
    const { live } = setup('rec', { limits: { maxBytes: 1000 } });
    expect(await live.news(['Anthropic', 'Alibaba'])).toMatchObject({ ok: false, error: 'the answer was too large (over 1 KB)' });
  });

  it('never throws, even when fetch itself does', async () => {
    const live = createLiveSources({
      fetch: () => {
        throw new TypeError('boom');
      },
      cache: memory(),
    });
    expect(await live.summary('Anthropic')).toMatchObject({ ok: false, error: 'offline or refused' });
    // and junk input from untyped callers
    expect(await live.news(null as unknown as string[])).toMatchObject({ ok: false });
    expect(await live.summary(42 as unknown as string)).toMatchObject({ ok: false });
  });

  it('reports a base that is not a web address', async () => {
    const live = createLiveSources({ fetch: globalThis.fetch, cache: memory(), bases: { news: 'file:///etc', wiki: 'not a url' } });
    expect(await live.news(['Anthropic'])).toMatchObject({ ok: false, error: 'the source address is not a web address' });
    expect(await live.summary('Anthropic')).toMatchObject({ ok: false, error: 'the source address is not a web address' });
  });
});

describe('rate limits', () => {
  it('limits a second, different search right after the first', async () => {
    const { live, clock } = setup();
    await live.news(['Anthropic', 'Alibaba']);
    clock.t += 1_000;
    expect(await live.news(['OpenAI'])).toEqual({ ok: false, source: 'news', error: 'rate limited, try again in 4 s', retryInMs: 4_000 });
    expect(newsHits()).toBe(1);
    clock.t += 4_000;
    expect(await live.news(['OpenAI'])).toMatchObject({ ok: true, from: 'network' });
  });

  it('answers from the cache, even expired, when limited', async () => {
    const { live, clock } = setup();
    await live.news(['Anthropic', 'Alibaba']);
    clock.t += 31 * MIN;
    await live.news(['OpenAI']);
    const a = await live.news(['Anthropic', 'Alibaba']);
    expect(a).toMatchObject({ ok: true, from: 'cache', stale: true, error: 'rate limited, try again in 5 s' });
    expect(a.ok && a.items).toHaveLength(5);
    expect(newsHits()).toBe(2);
  });

  it('limits each source separately, and counts requests per hour', async () => {
    const { live, clock } = setup('rec', { limits: { rate: { wiki: { minIntervalMs: 1_000, perHour: 3 } } } });
    await live.news(['Anthropic']);
    for (const name of ['Alpha Lab', 'Beta Lab', 'Gamma Lab']) {
      expect(await live.summary(name)).toMatchObject({ ok: true, from: 'network' });
      clock.t += 10 * MIN;
    }
    expect(await live.summary('Delta Lab')).toMatchObject({ ok: false, error: 'rate limited, try again in 1800 s', retryInMs: 30 * MIN });
    clock.t += 30 * MIN;
    expect(await live.summary('Delta Lab')).toMatchObject({ ok: true, from: 'network' });
  });

  it('holds back as long as the service says after a 429', async () => {
    const { live, clock } = setup('fixture/too-many-429');
    expect(await live.summary('Anthropic')).toEqual({ ok: false, source: 'wiki', error: 'rate limited, try again in 120 s', retryInMs: 120_000 });
    clock.t += 60_000;
    expect(await live.summary('OpenAI')).toMatchObject({ ok: false, error: 'rate limited, try again in 60 s' });
    expect(total()).toBe(1);
  });

  it("understands GDELT's plain-text request to slow down", async () => {
    const { live } = setup('fixture/gdelt-throttled');
    expect(await live.news(['Anthropic'])).toMatchObject({ ok: false, error: 'rate limited, try again in 5 s', retryInMs: 5_000 });
  });

  it('shares one request among identical questions asked at once', async () => {
    const { live } = setup();
    const answers = await Promise.all([live.news(['Anthropic', 'Alibaba']), live.news(['Anthropic', 'Alibaba']), live.news(['Alibaba', 'Anthropic'])]);
    expect(newsHits()).toBe(1);
    for (const a of answers) expect(a).toMatchObject({ ok: true, from: 'network' });
    const wiki = await Promise.all([live.summary('Anthropic'), live.summary('anthropic')]);
    expect(wiki[0]).toBe(wiki[1]);
    expect(total()).toBe(2);
  });
});

describe('describing the sources', () => {
  it('lists each source with its default address and what it sends', () => {
    expect(LIVE_SOURCES.map((s) => [s.id, s.defaultBase, s.sends])).toEqual([
      ['news', 'https://api.gdeltproject.org', "the names of the article's top entities"],
      ['wiki', 'https://en.wikipedia.org', 'the name of one entity'],
    ]);
  });

  it('gives the host permissions to ask for', () => {
    expect(originsFor()).toEqual(['https://api.gdeltproject.org/*', 'https://en.wikipedia.org/*']);
    expect(originsFor({}, ['wiki'])).toEqual(['https://en.wikipedia.org/*']);
    expect(originsFor({ news: 'http://127.0.0.1:8080/mirror/', wiki: 'javascript:alert(1)' })).toEqual(['http://127.0.0.1/*']);
  });

  it('sends no cookies and names itself to Wikipedia', async () => {
    const { live } = setup();
    await live.summary('Anthropic');
    expect(requestHeaders[0]!['api-user-agent']).toBe('AI-News-Lens (browser extension)');
    expect(requestHeaders[0]!.cookie).toBeUndefined();
  });
});

describe('what is asked', () => {
  const e = (name: string, type: string, count: number, kbId?: string): PageEntity => ({ key: kbId ?? `${type}:${name}`, name, type, count });
  const page = [
    e('Reuters', 'outlet', 9, 'reuters'),
    e('Anthropic', 'company', 7, 'anthropic'),
    e('Alibaba Group', 'company', 5, 'alibaba'),
    e('Dario Amodei', 'person', 2, 'dario-amodei'),
    e('Qwen3.7-Max', 'model', 4),
    e('Harbin Compute Labs', 'company', 3),
    e('EU AI Act', 'policy', 1, 'eu-ai-act'),
    e('Export Rule 7', 'policy', 6),
  ];

  it('a news search names the three most mentioned entities, never an outlet', () => {
    expect(newsQuery(page)).toEqual(['Anthropic', 'Export Rule 7', 'Alibaba Group']);
    expect(newsQuery([e('Reuters', 'outlet', 3, 'reuters')])).toEqual([]);
    expect(newsQuery([e('OpenAI', 'company', 2, 'openai'), e('openai', 'company', 1)])).toEqual(['OpenAI']);
  });

  it('Wikipedia is asked only about names the knowledge base does not know, most mentioned first', () => {
    expect(unknownNames(page)).toEqual(['Qwen3.7-Max', 'Harbin Compute Labs']);
    expect(unknownNames(page.filter((x) => x.key !== 'model:Qwen3.7-Max' && x.key !== 'company:Harbin Compute Labs'))).toEqual([]);
  });
});

describe('permissions for a source', () => {
  it('are its own host only, plus Firefox consent to send website content', () => {
    expect(livePermissions('wiki', {}, false)).toEqual({ origins: ['https://en.wikipedia.org/*'] });
    expect(livePermissions('news', { news: 'https://mirror.example:8443' }, true)).toEqual({ origins: ['https://mirror.example/*'], data_collection: ['websiteContent'] });
    // plain http is for this machine only
    expect(livePermissions('news', { news: 'http://mirror.example:8080' }, false)).toEqual({ origins: [] });
  });
});
