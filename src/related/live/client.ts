/** The live sources' client: requests with a timeout and a size cap, rate limits, the cache, and the two sources. */
import type { KeyValue } from '../../storage/settings';
import { baseString, cleanBase, defaultBase, type LiveSourceId } from './sources';
import { DEFAULT_LIMITS, DEFAULT_TIMEOUT_MS, HOUR, MINUTE, SECOND, type LiveLimits, type RateLimit } from './limits';
import { failure, isNewsItem, MAX_NEWS, newsName, wikiTitle, isRecord, isWikiSummary, parseNews, parseWiki, rateLimited, seconds, type LiveAnswer, type NewsItem, type Outcome, type WikiSummary } from './answers';

export const LIVE_CACHE_KEY = 'liveCache';

export interface LiveOptions {
  /** Called as a plain function (never as a method), so the browser's own `fetch` works unbound. */
  fetch: typeof fetch;
  cache: KeyValue;
  now?: () => number;
  /** Where each service lives; defaults in LIVE_SOURCES. A reader may point at a mirror. */
  bases?: Partial<Record<LiveSourceId, string>>;
  timeoutMs?: number;
  limits?: {
    rate?: Partial<Record<LiveSourceId, Partial<RateLimit>>>;
    ttlMs?: Partial<LiveLimits['ttlMs']>;
    maxBytes?: number;
    maxEntries?: number;
  };
}

export interface LiveSources {
  /** Recent coverage mentioning all of the given names (the first three usable ones are sent). */
  news(names: readonly string[]): Promise<LiveAnswer<NewsItem>>;
  /** Wikipedia's summary of one entity: one item, or none when there is no such article. */
  summary(name: string): Promise<LiveAnswer<WikiSummary>>;
  /** Forget every cached answer (e.g. when the reader turns live sources off). */
  clear(): Promise<void>;
}

/* ---------------------------------------------------------------- network */

type Raw = { status: number; text: string } | { error: string; retryInMs: number | null };

/** Reads a body up to `max` bytes; null when it is larger (the rest is not downloaded). */
async function readCapped(res: Response, max: number): Promise<string | null> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > max) {
    res.body?.cancel().catch(() => undefined);
    return null;
  }
  if (!res.body) {
    const t = await res.text();
    return t.length > max ? null : t;
  }
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      reader.cancel().catch(() => undefined);
      return null;
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/** Retry-After as seconds or an HTTP date; a minute when absent or unreadable. */
function retryAfter(header: string | null, now: number): number {
  if (header) {
    const s = Number(header);
    if (Number.isFinite(s) && s >= 0) return s * SECOND;
    const at = Date.parse(header);
    if (!Number.isNaN(at)) return Math.max(SECOND, at - now);
  }
  return MINUTE;
}

/* ---------------------------------------------------------------- rate limiting */

/** Sliding window per source; kept in memory, so a restarted background starts afresh. */
class Limiter {
  private times: number[] = [];
  private blockedUntil = 0;

  constructor(private readonly rate: RateLimit) {}

  /** How long to wait before the next request; 0 means go ahead. */
  wait(now: number): number {
    // a clock that went backwards must not block the source for good
    this.times = this.times.filter((t) => t <= now && now - t < HOUR);
    if (this.blockedUntil - now > HOUR) this.blockedUntil = 0;
    let wait = Math.max(0, this.blockedUntil - now);
    const last = this.times.at(-1);
    if (last !== undefined) wait = Math.max(wait, last + this.rate.minIntervalMs - now);
    const first = this.times[0];
    if (this.times.length >= this.rate.perHour && first !== undefined) wait = Math.max(wait, first + HOUR - now);
    return wait;
  }

  take(now: number) {
    this.times.push(now);
  }

  /** The service itself said to slow down. */
  block(until: number) {
    this.blockedUntil = Math.max(this.blockedUntil, until);
  }
}

/* ---------------------------------------------------------------- cache */

interface Entry {
  /** When fetched. */
  at: number;
  /** Fresh until. */
  exp: number;
  items: unknown[];
}

function entryOf(raw: unknown, key: string): Entry | null {
  if (!isRecord(raw) || raw.v !== 1 || !isRecord(raw.entries) || !Object.hasOwn(raw.entries, key)) return null;
  const e = raw.entries[key];
  return isRecord(e) && Number.isFinite(e.at) && Number.isFinite(e.exp) && Array.isArray(e.items) ? { at: e.at as number, exp: e.exp as number, items: e.items } : null;
}

function entriesOf(raw: unknown): Map<string, Entry> {
  const out = new Map<string, Entry>();
  if (isRecord(raw) && raw.v === 1 && isRecord(raw.entries)) {
    for (const key of Object.keys(raw.entries)) {
      const e = entryOf(raw, key);
      if (e) out.set(key, e);
    }
  }
  return out;
}

/* ---------------------------------------------------------------- the sources */

export function createLiveSources(opts: LiveOptions): LiveSources {
  const doFetch = opts.fetch;
  const now = opts.now ?? Date.now;
  const kv = opts.cache;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const lim = opts.limits ?? {};
  const ttl = { ...DEFAULT_LIMITS.ttlMs, ...lim.ttlMs };
  const maxBytes = lim.maxBytes ?? DEFAULT_LIMITS.maxBytes;
  const maxEntries = Math.max(1, lim.maxEntries ?? DEFAULT_LIMITS.maxEntries);
  const limiters: Record<LiveSourceId, Limiter> = {
    news: new Limiter({ ...DEFAULT_LIMITS.rate.news, ...lim.rate?.news }),
    wiki: new Limiter({ ...DEFAULT_LIMITS.rate.wiki, ...lim.rate?.wiki }),
  };
  const bases: Record<LiveSourceId, URL | null> = {
    news: cleanBase(opts.bases?.news ?? defaultBase('news')),
    wiki: cleanBase(opts.bases?.wiki ?? defaultBase('wiki')),
  };
  const inflight = new Map<string, Promise<unknown>>();

  const readStore = async (): Promise<unknown> => {
    try {
      return await kv.get(LIVE_CACHE_KEY);
    } catch {
      return undefined; // unreadable storage is an empty cache
    }
  };

  // Writes go one after another: each reads, changes and writes the whole map, and two at once
  // would otherwise lose one of the changes.
  let writes: Promise<void> = Promise.resolve();
  const write = (change: (m: Map<string, Entry>) => void): Promise<void> => {
    writes = writes
      .then(async () => {
        const map = entriesOf(await readStore());
        change(map);
        if (map.size > maxEntries) {
          const oldest = [...map].sort((a, b) => a[1].at - b[1].at).slice(0, map.size - maxEntries);
          for (const [k] of oldest) map.delete(k);
        }
        await kv.set(LIVE_CACHE_KEY, { v: 1, entries: Object.fromEntries(map) });
      })
      .catch(() => undefined); // a full or missing store costs the cache, not the answer
    return writes;
  };

  async function request(url: string, headers: Record<string, string>): Promise<Raw> {
    const ctl = new AbortController();
    let timedOut = false;
    // one timer covers connecting, headers and body: a server that stalls mid-body is hung too
    const timer = setTimeout(() => {
      timedOut = true;
      ctl.abort();
    }, timeoutMs);
    try {
      // A redirect is refused, not followed: the answer must come from the address the reader
      // allowed (a mirror's 302 to elsewhere would otherwise be shown as that source's).
      const res = await doFetch(url, { signal: ctl.signal, headers, credentials: 'omit', redirect: 'error' });
      // a fetch that cannot refuse (some stand-ins) still must not pass on what it followed
      if (res.redirected || res.type === 'opaqueredirect') {
        res.body?.cancel().catch(() => undefined);
        return failure('the source redirected elsewhere; redirects are not followed');
      }
      if (res.status === 429) {
        res.body?.cancel().catch(() => undefined);
        const ms = retryAfter(res.headers.get('retry-after'), now());
        return failure(rateLimited(ms), ms);
      }
      if (!res.ok) {
        // the status is all we use; don't download an error page
        res.body?.cancel().catch(() => undefined);
        return { status: res.status, text: '' };
      }
      const text = await readCapped(res, maxBytes);
      if (text === null) return failure(`the answer was too large (over ${Math.round(maxBytes / 1024)} KB)`);
      return { status: res.status, text };
    } catch {
      return failure(timedOut ? `timed out after ${seconds(timeoutMs)} s` : 'offline or refused');
    } finally {
      clearTimeout(timer);
    }
  }

  async function lookup<T>(
    source: LiveSourceId,
    key: string,
    url: string,
    headers: Record<string, string>,
    isItem: (v: unknown) => v is T,
    parse: (status: number, text: string) => Outcome<T>,
  ): Promise<LiveAnswer<T>> {
    const started = now();
    const cached = entryOf(await readStore(), key);
    const cachedItems = cached ? cached.items.filter(isItem) : [];
    if (cached && started < cached.exp) return { ok: true, source, from: 'cache', items: cachedItems, fetchedAt: cached.at, stale: false, error: null };

    // no fresh answer: an expired one is still better than an error
    const fallback = (error: string, retryInMs: number | null): LiveAnswer<T> =>
      cached ? { ok: true, source, from: 'cache', items: cachedItems, fetchedAt: cached.at, stale: true, error } : { ok: false, source, error, retryInMs };

    const limiter = limiters[source];
    const wait = limiter.wait(started);
    if (wait > 0) return fallback(rateLimited(wait), wait);
    limiter.take(started);

    const raw = await request(url, headers);
    const outcome = 'error' in raw ? raw : parse(raw.status, raw.text);
    if ('error' in outcome) {
      if (outcome.retryInMs !== null) limiter.block(now() + outcome.retryInMs);
      return fallback(outcome.error, outcome.retryInMs);
    }
    const at = now();
    await write((m) => m.set(key, { at, exp: at + outcome.ttlMs, items: outcome.items }));
    return { ok: true, source, from: 'network', items: outcome.items, fetchedAt: at, stale: false, error: null };
  }

  /** Identical concurrent questions share one lookup, so one request. Never rejects. */
  function shared<T>(source: LiveSourceId, key: string, run: () => Promise<LiveAnswer<T>>): Promise<LiveAnswer<T>> {
    const running = inflight.get(key);
    if (running) return running as Promise<LiveAnswer<T>>;
    const p = run()
      .catch((): LiveAnswer<T> => ({ ok: false, source, error: 'something went wrong', retryInMs: null }))
      .finally(() => inflight.delete(key));
    inflight.set(key, p);
    return p;
  }

  const badBase = (source: LiveSourceId): LiveAnswer<never> => ({ ok: false, source, error: 'the source address is not a web address', retryInMs: null });

  return {
    news(names) {
      const base = bases.news;
      if (!base) return Promise.resolve(badBase('news'));
      const picked: string[] = [];
      for (const n of Array.isArray(names) ? names : []) {
        const clean = newsName(n);
        if (clean.length >= 2 && !picked.some((p) => p.toLowerCase() === clean.toLowerCase())) picked.push(clean);
        if (picked.length === 3) break;
      }
      if (!picked.length) return Promise.resolve({ ok: false, source: 'news', error: 'no names to search for', retryInMs: null });
      // the search ANDs the phrases, so their order does not change the answer
      // keyed by the server too: one server's answer is never shown as another's
      const key = `${base.origin} news:` + picked.map((p) => p.toLowerCase()).sort().join('|');
      const params = { query: picked.map((p) => `"${p}"`).join(' '), mode: 'artlist', format: 'json', maxrecords: String(MAX_NEWS), sort: 'datedesc', timespan: '2w' };
      const url = `${baseString(base)}/api/v2/doc/doc?` + Object.entries(params).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
      return shared('news', key, () => lookup('news', key, url, {}, isNewsItem, (status, text) => parseNews(status, text, ttl.news)));
    },

    summary(name) {
      const base = bases.wiki;
      if (!base) return Promise.resolve(badBase('wiki'));
      const title = wikiTitle(name);
      if (!title) return Promise.resolve({ ok: false, source: 'wiki', error: 'no name to look up', retryInMs: null });
      const key = `${base.origin} wiki:${title}`;
      const path = encodeURIComponent(title.replace(/ /g, '_'));
      const url = `${baseString(base)}/api/rest_v1/page/summary/${path}`;
      // Wikimedia asks API clients to say who they are; browsers forbid setting User-Agent itself
      const headers = { 'Api-User-Agent': 'AI-News-Lens (browser extension)' };
      return shared('wiki', key, () => lookup('wiki', key, url, headers, isWikiSummary, (status, text) => parseWiki(status, text, `${baseString(base)}/wiki/${path}`, ttl)));
    },

    clear() {
      return write((m) => m.clear());
    },
  };
}
