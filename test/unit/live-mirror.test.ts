import { describe, expect, it } from 'vitest';
import { createLiveSources, shippedPatternFor } from '../../src/related/live';
import { liveBase, type KeyValue } from '../../src/storage/settings';
import { validators } from '../../src/messaging/protocol';

/** Issue #11, finding 8: a reader's mirror is asked only at its own address, over https, and its answers stay its own. */
const memory = (): KeyValue => {
  const data: Record<string, unknown> = {};
  return { get: async (k) => structuredClone(data[k]), set: async (k, v) => void (data[k] = structuredClone(v)) };
};
const WIKI = { title: 'Zyphra', extract: 'Zyphra is a company that makes models.', content_urls: { desktop: { page: 'https://en.wikipedia.org/wiki/Zyphra' } } };
/** A fetch that records what it was asked and how, answering `body` (or `answer(url)`). */
function fakeFetch(answer: (url: string) => Response) {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const f = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input), init });
    return answer(String(input));
  }) as typeof fetch;
  return { f, calls };
}
const json = (v: unknown) => new Response(JSON.stringify(v), { status: 200, headers: { 'content-type': 'application/json' } });

describe('server addresses', () => {
  it.each([
    ['https://mirror.example.org', 'https://mirror.example.org'],
    ['https://mirror.example.org:8443/', 'https://mirror.example.org:8443'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['http://localhost:3000', 'http://localhost:3000'],
  ])('accepts %s', (v, origin) => {
    expect(liveBase(v)).toBe(origin);
    expect(validators['prefs:set']!({ patch: { liveBases: { news: v } } })).toBe(true);
  });
  it.each(['http://mirror.example.org', 'http://10.0.0.5', 'http://127.0.0.1.example.org', 'ftp://mirror.example.org', 'https://u:p@mirror.example.org', 'https://mirror.example.org/path'])('refuses %s', (v) => {
    expect(liveBase(v)).toBeNull();
    expect(validators['prefs:set']!({ patch: { liveBases: { news: v } } })).toBe(false);
  });
  it('a plain-http base given to the sources directly is not asked either', async () => {
    const { f, calls } = fakeFetch(() => json(WIKI));
    const live = createLiveSources({ fetch: f, cache: memory(), bases: { wiki: 'http://mirror.example.org' } });
    expect(await live.summary('Zyphra')).toMatchObject({ ok: false, error: 'the source address is not a web address' });
    expect(calls).toEqual([]);
  });
});

describe('shippedPatternFor', () => {
  const shipped = ['https://*.reuters.com/*', 'https://*.theverge.com/*', '*://*.news.example/*'];
  it.each([
    ['https://mirror.reuters.com', 'https://*.reuters.com/*'],
    ['https://reuters.com', 'https://*.reuters.com/*'],
    ['http://127.0.0.1:1', null],
    ['https://live.news.example:8443', '*://*.news.example/*'],
    ['https://notreuters.com', null],
    ['https://mirror.example.org', null],
  ])('%s → %s', (base, pattern) => {
    expect(shippedPatternFor(base, shipped)).toBe(pattern);
  });
  it('<all_urls> covers everything', () => expect(shippedPatternFor('https://a.example', ['<all_urls>'])).toBe('<all_urls>'));
});

describe('redirects', () => {
  it('every request refuses redirects, and sends no credentials', async () => {
    const { f, calls } = fakeFetch(() => json(WIKI));
    const live = createLiveSources({ fetch: f, cache: memory(), bases: { wiki: 'https://mirror.example.org' } });
    await live.summary('Zyphra');
    await live.news(['Anthropic', 'Alibaba']);
    expect(calls).toHaveLength(2);
    for (const c of calls) expect(c.init).toMatchObject({ redirect: 'error', credentials: 'omit' });
  });
  it('an answer that was redirected anyway (a fetch that followed it) is not shown', async () => {
    const followed = json(WIKI);
    Object.defineProperty(followed, 'redirected', { value: true });
    const live = createLiveSources({ fetch: fakeFetch(() => followed).f, cache: memory(), bases: { wiki: 'https://mirror.example.org' } });
    expect(await live.summary('Zyphra')).toMatchObject({ ok: false, error: 'the source redirected elsewhere; redirects are not followed' });
  });
});

describe('the cache is kept per server', () => {
  it("a mirror's answer is never served as the public source's, nor the other way round", async () => {
    const cache = memory();
    const mirror = fakeFetch(() => json({ ...WIKI, extract: 'Whatever the mirror says about Zyphra.' }));
    const fromMirror = await createLiveSources({ fetch: mirror.f, cache, bases: { wiki: 'https://mirror.example.org' } }).summary('Zyphra');
    expect(fromMirror).toMatchObject({ ok: true, from: 'network', items: [{ extract: 'Whatever the mirror says about Zyphra.' }] });

    const pub = fakeFetch(() => json(WIKI));
    const publicSource = createLiveSources({ fetch: pub.f, cache });
    expect(await publicSource.summary('Zyphra')).toMatchObject({ ok: true, from: 'network', items: [{ extract: WIKI.extract }] });
    expect(pub.calls.map((c) => new URL(c.url).origin)).toEqual(['https://en.wikipedia.org']);
    // each answer stays with its own server, from the cache
    expect(await publicSource.summary('Zyphra')).toMatchObject({ from: 'cache', items: [{ extract: WIKI.extract }] });
    expect(await createLiveSources({ fetch: mirror.f, cache, bases: { wiki: 'https://mirror.example.org' } }).summary('Zyphra')).toMatchObject({ from: 'cache', items: [{ extract: 'Whatever the mirror says about Zyphra.' }] });
  });
});

describe('answers are bounded and their links http(s)', () => {
  it('a hostile answer: javascript: links dropped, long text cut', async () => {
    const { f } = fakeFetch((url) =>
      url.includes('/doc/')
        ? json({ articles: [{ url: 'javascript:alert(1)', title: 'bad', domain: 'a.example' }, { url: 'https://a.example/ok', title: 't'.repeat(10_000), domain: 'a.example' }] })
        : json({ ...WIKI, extract: 'e'.repeat(100_000), content_urls: { desktop: { page: 'javascript:alert(1)' } } }),
    );
    const live = createLiveSources({ fetch: f, cache: memory(), bases: { wiki: 'https://mirror.example.org', news: 'https://mirror.example.org' } });
    const news = await live.news(['Anthropic']);
    expect(news.ok && news.items.map((i) => [i.url, i.title.length])).toEqual([['https://a.example/ok', 300]]);
    const wiki = await live.summary('Zyphra');
    expect(wiki.ok && wiki.items[0]).toMatchObject({ url: 'https://mirror.example.org/wiki/Zyphra', extract: expect.stringMatching(/^e{1199}…$/) });
  });
});
