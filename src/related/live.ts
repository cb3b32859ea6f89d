/**
 * Opt-in live sources for the "related reports" panel:
 *
 * - news: recent coverage of the article's top entities, from the GDELT DOC 2.0 article search;
 * - wiki: a short summary of one entity our knowledge base does not know, from Wikipedia's REST API.
 *
 * Both are off by default. The background context creates this once the reader has turned a source
 * on and granted its host permission (`originsFor` gives the patterns to request). Fetch, clock and
 * storage are injected, so the same code runs in the extension and in Node tests.
 *
 * What callers can rely on:
 * - an answer never throws, and never takes much longer than `timeoutMs`;
 * - a source is asked at most once per `minIntervalMs` and `perHour` times in any hour;
 * - answers are cached under one storage key (bounded, oldest evicted); a fresh cached answer makes
 *   no request, and when the source cannot be asked or fails, an expired cached answer is shown
 *   (marked stale) rather than nothing;
 * - everything returned is sanitised: http(s) links only, plain text trimmed and length-capped;
 * - a server is asked over https only (plain http on this machine alone), redirects are refused
 *   rather than followed, and cached answers are kept per server (origin): one server's answer is
 *   never shown as another's.
 */
import { isServerProtocol, type KeyValue } from '../storage/settings';

export type LiveSourceId = 'news' | 'wiki';

export interface LiveSourceInfo {
  id: LiveSourceId;
  label: string;
  /** Who runs the service, for the consent text. */
  provider: string;
  defaultBase: string;
  /** What leaves the reader's machine when the source is on, in plain words. */
  sends: string;
}

/** For the options page: what each source is and what turning it on sends. */
export const LIVE_SOURCES: readonly LiveSourceInfo[] = [
  {
    id: 'news',
    label: 'Recent coverage of the same companies and people',
    provider: 'GDELT Project news search',
    defaultBase: 'https://api.gdeltproject.org',
    sends: "the names of the article's top entities",
  },
  {
    id: 'wiki',
    label: 'Background summaries for names we do not know',
    provider: 'Wikipedia',
    defaultBase: 'https://en.wikipedia.org',
    sends: 'the name of one entity',
  },
];

export interface NewsItem {
  /** The article, always `http:` or `https:`. */
  url: string;
  title: string;
  /** The outlet's domain, e.g. `example-news.com`. */
  outlet: string;
  /** When the search service first saw the article, ISO 8601; null if it sent no usable date. */
  date: string | null;
  language: string | null;
  country: string | null;
}

export interface WikiSummary {
  title: string;
  /** Short description ("AI research company"), when Wikipedia has one. */
  description: string | null;
  extract: string;
  /** The page to read, always `http:` or `https:`. */
  url: string;
}

/**
 * What a live source gave. `ok: true` carries items (possibly none: a search with no hits, or no
 * Wikipedia article of that name); `ok: false` carries only an error a reader can understand.
 */
export type LiveAnswer<T> =
  | {
      ok: true;
      source: LiveSourceId;
      from: 'network' | 'cache';
      items: T[];
      /** When the items were fetched from the source (ms since the epoch, by the injected clock). */
      fetchedAt: number;
      /** Past its time to live: shown because the source could not be asked, or failed. */
      stale: boolean;
      /** Why a stale answer is shown (the refresh's error); null for a fresh answer. */
      error: string | null;
    }
  | {
      ok: false;
      source: LiveSourceId;
      error: string;
      /** When rate limited: how long until the source may be asked again. */
      retryInMs: number | null;
    };

export interface RateLimit {
  /** At least this long between two requests to the source. */
  minIntervalMs: number;
  /** At most this many requests in any hour. */
  perHour: number;
}

export interface LiveLimits {
  rate: Record<LiveSourceId, RateLimit>;
  /** How long answers stay fresh; a Wikipedia "no such article" is kept for a shorter time. */
  ttlMs: { news: number; wiki: number; wikiMissing: number };
  /** Bodies larger than this are refused (and not read further). */
  maxBytes: number;
  /** Cache entries kept; the oldest go first. */
  maxEntries: number;
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const DEFAULT_LIMITS: LiveLimits = {
  rate: {
    // GDELT asks for no more than one request every five seconds
    news: { minIntervalMs: 5 * SECOND, perHour: 30 },
    wiki: { minIntervalMs: 2 * SECOND, perHour: 30 },
  },
  ttlMs: { news: 30 * MINUTE, wiki: 7 * DAY, wikiMissing: DAY },
  maxBytes: 1024 * 1024,
  maxEntries: 200,
};

export const DEFAULT_TIMEOUT_MS = 4_000;
/** The one storage key the cache lives under. */
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

/* ---------------------------------------------------------------- what to ask about */

/** An entity as the background keeps it for a page: `key` is the knowledge-base id, or `type:name` for a name the knowledge base does not know. */
export interface PageEntity {
  key: string;
  name: string;
  type: string;
  count: number;
}

/** Kinds worth a news search or an encyclopedia summary (an outlet is neither). */
const ASKABLE = new Set(['company', 'model', 'person', 'organization', 'agency', 'policy']);
const byMentions = (a: PageEntity, b: PageEntity) => b.count - a.count || a.name.localeCompare(b.name);

/** The names a news search is asked for: the article's three most mentioned askable entities. */
export function newsQuery(entities: readonly PageEntity[]): string[] {
  const out: string[] = [];
  for (const e of [...entities].filter((x) => ASKABLE.has(x.type)).sort(byMentions)) {
    if (!out.some((n) => n.toLowerCase() === e.name.toLowerCase())) out.push(e.name);
    if (out.length === 3) break;
  }
  return out;
}

/** Names in the article the knowledge base does not know, most mentioned first (at most five): the only ones Wikipedia is asked about. */
export function unknownNames(entities: readonly PageEntity[]): string[] {
  return [...entities]
    .filter((e) => ASKABLE.has(e.type) && e.type !== 'policy' && e.key === `${e.type}:${e.name}`)
    .sort(byMentions)
    .slice(0, 5)
    .map((e) => e.name);
}

/* ---------------------------------------------------------------- addresses and permissions */

const defaultBase = (id: LiveSourceId) => LIVE_SOURCES.find((s) => s.id === id)?.defaultBase ?? '';

/** A service address as `scheme://host[:port][/path]` without a trailing slash; null unless https (or http on this machine). */
function cleanBase(raw: string | undefined): URL | null {
  try {
    const u = new URL(raw ?? '');
    if (!isServerProtocol(u)) return null;
    // credentials in a base would be sent to the service with every request
    if (u.username || u.password) return null;
    u.search = '';
    u.hash = '';
    u.pathname = u.pathname.replace(/\/+$/, '');
    return u;
  } catch {
    return null;
  }
}

const baseString = (u: URL) => u.origin + u.pathname.replace(/\/+$/, '');

/**
 * Host-permission match patterns (`https://api.gdeltproject.org/*`) for `permissions.request`.
 * Ports are left out on purpose: match patterns without a port match any port, and Firefox
 * rejects patterns that name one.
 */
export function originsFor(bases: Partial<Record<LiveSourceId, string>> = {}, ids: readonly LiveSourceId[] = ['news', 'wiki']): string[] {
  const out = new Set<string>();
  for (const id of ids) {
    const u = cleanBase(bases[id] ?? defaultBase(id));
    if (u) out.add(`${u.protocol}//${u.hostname}/*`);
  }
  return [...out];
}

/** Whether a match pattern (`https://*.example.com/*`, `*://host/*`, `<all_urls>`) covers every address of `origin`. */
function patternCovers(pattern: string, origin: URL): boolean {
  if (pattern === '<all_urls>') return true;
  const m = /^(\*|https?):\/\/(\*|\*\.[^/]+|[^/*]+)\//.exec(pattern);
  if (!m) return false;
  const [, scheme, host] = m as unknown as [string, string, string];
  if (scheme !== '*' && `${scheme}:` !== origin.protocol) return false;
  if (host === '*') return true;
  if (host.startsWith('*.')) return origin.hostname === host.slice(2) || origin.hostname.endsWith(host.slice(1));
  return origin.hostname === host;
}

/**
 * The shipped host pattern (from the manifest's host_permissions) a reader's server address falls
 * under, or null. Such an address would need no permission prompt of its own: the browser counts
 * it as already allowed, so the reader would never be asked about it. A mirror must have an
 * address of its own.
 */
export function shippedPatternFor(base: string, shipped: readonly string[]): string | null {
  const u = cleanBase(base);
  if (!u) return null;
  return shipped.find((p) => patternCovers(p, u)) ?? null;
}

/**
 * The permissions a live source needs: its host, and in Firefox the reader's consent to transmit
 * website content (names taken from the article), which Firefox asks for on its own.
 */
export function livePermissions(id: LiveSourceId, bases: Partial<Record<LiveSourceId, string>>, firefox: boolean): { origins: string[]; data_collection?: string[] } {
  return firefox ? { origins: originsFor(bases, [id]), data_collection: ['websiteContent'] } : { origins: originsFor(bases, [id]) };
}

/* ---------------------------------------------------------------- sanitising */

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Plain text for display: control and bidirectional-override characters removed (they can make a
 * title read differently from what it is), whitespace folded, at most `max` characters.
 */
function cleanText(v: unknown, max: number): string {
  if (typeof v !== 'string') return '';
  const s = v
    .replace(/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = Array.from(s); // by code point, so a cap never splits an emoji or CJK surrogate pair
  return chars.length <= max ? s : chars.slice(0, max - 1).join('').trimEnd() + '…';
}

const MAX_URL = 2048;
/** An absolute http(s) link, normalised; anything else (javascript:, data:, relative) is null. */
function safeUrl(v: unknown): string | null {
  if (typeof v !== 'string' || v.length > MAX_URL) return null;
  try {
    const u = new URL(v.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

function cleanDomain(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const d = v.trim().toLowerCase();
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(d) && d.length <= 253 ? d : null;
}

/** GDELT's `20261124T093000Z` → `2026-11-24T09:30:00.000Z`; null for anything else or an impossible date. */
function gdeltDate(v: unknown): string | null {
  const m = typeof v === 'string' ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(v.trim()) : null;
  if (!m) return null;
  const built = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`;
  const ms = Date.parse(built + 'Z');
  if (Number.isNaN(ms)) return null;
  const iso = new Date(ms).toISOString();
  // a round trip catches dates such as 30 February that some parsers roll over
  return iso.startsWith(built) ? iso : null;
}

/** News search terms: quotes and brackets would break out of the quoted phrase, so they go. */
function newsName(v: unknown): string {
  return cleanText(typeof v === 'string' ? v.replace(/["“”„'‘’()[\]{}<>]/g, ' ') : '', 60);
}

/** A Wikipedia title: characters MediaWiki never allows in titles go; first letter upper-cased as MediaWiki does. */
function wikiTitle(v: unknown): string {
  const s = cleanText(typeof v === 'string' ? v.replace(/[#<>[\]{}|_]/g, ' ') : '', 100);
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const MAX_NEWS = 10;
const CAP = { newsTitle: 300, wikiTitle: 200, description: 200, extract: 1200, language: 40, country: 60 };

function newsItem(raw: unknown): NewsItem | null {
  if (!isRecord(raw)) return null;
  const url = safeUrl(raw.url);
  const title = cleanText(raw.title, CAP.newsTitle);
  if (!url || !title) return null;
  return {
    url,
    title,
    outlet: cleanDomain(raw.domain) ?? new URL(url).hostname,
    date: gdeltDate(raw.seendate),
    language: cleanText(raw.language, CAP.language) || null,
    country: cleanText(raw.sourcecountry, CAP.country) || null,
  };
}

/* Guards for what comes back out of storage, which anything may have written. */
const isText = (v: unknown, max: number) => typeof v === 'string' && v.length > 0 && v.length <= max;
const isNullableText = (v: unknown, max: number) => v === null || isText(v, max);
const isNewsItem = (v: unknown): v is NewsItem =>
  isRecord(v) && safeUrl(v.url) === v.url && isText(v.title, CAP.newsTitle) && isText(v.outlet, 253) && isNullableText(v.date, 40) && isNullableText(v.language, CAP.language) && isNullableText(v.country, CAP.country);
const isWikiSummary = (v: unknown): v is WikiSummary =>
  isRecord(v) && safeUrl(v.url) === v.url && isText(v.title, CAP.wikiTitle) && isText(v.extract, CAP.extract) && isNullableText(v.description, CAP.description);

/* ---------------------------------------------------------------- parsing answers */

const UNREADABLE = 'the source sent an answer we could not read';
const seconds = (ms: number) => String(Math.round(ms / 100) / 10);
const rateLimited = (ms: number) => `rate limited, try again in ${Math.max(1, Math.ceil(ms / SECOND))} s`;

type Outcome<T> = { items: T[]; ttlMs: number } | { error: string; retryInMs: number | null };
const failure = (error: string, retryInMs: number | null = null) => ({ error, retryInMs });

function parseNews(status: number, text: string, ttlMs: number): Outcome<NewsItem> {
  if (status !== 200) return failure(`the source answered ${status}`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // GDELT answers a too-eager client with a plain-text note instead of JSON
    if (/limit requests/i.test(text.slice(0, 300))) return failure(rateLimited(5 * SECOND), 5 * SECOND);
    return failure(UNREADABLE);
  }
  if (!isRecord(data)) return failure(UNREADABLE);
  // no hits come back as `{}`
  if (data.articles === undefined) return { items: [], ttlMs };
  if (!Array.isArray(data.articles)) return failure(UNREADABLE);
  const seen = new Set<string>();
  const items: NewsItem[] = [];
  for (const raw of data.articles) {
    const item = newsItem(raw);
    if (!item || seen.has(item.url)) continue;
    seen.add(item.url);
    items.push(item);
    if (items.length === MAX_NEWS) break;
  }
  return { items, ttlMs };
}

function parseWiki(status: number, text: string, pageFallback: string, ttl: LiveLimits['ttlMs']): Outcome<WikiSummary> {
  const missing = { items: [], ttlMs: ttl.wikiMissing };
  if (status === 404) return missing;
  if (status !== 200) return failure(`the source answered ${status}`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return failure(UNREADABLE);
  }
  if (!isRecord(data)) return failure(UNREADABLE);
  // a disambiguation page lists other articles; it says nothing about the entity itself
  if (data.type === 'disambiguation' || data.type === 'no-extract') return missing;
  const title = cleanText(data.title, CAP.wikiTitle);
  const extract = cleanText(data.extract, CAP.extract);
  if (!title || !extract) return failure(UNREADABLE);
  const urls = isRecord(data.content_urls) && isRecord(data.content_urls.desktop) ? data.content_urls.desktop : {};
  return {
    items: [{ title, extract, description: cleanText(data.description, CAP.description) || null, url: safeUrl(urls.page) ?? pageFallback }],
    ttlMs: ttl.wiki,
  };
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
