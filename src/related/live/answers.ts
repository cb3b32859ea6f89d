/** What the live sources answer, sanitised for display: the shapes, the cleaning, the parsing of each service's reply. */
import type { LiveSourceId } from './sources';
import { SECOND, type LiveLimits } from './limits';

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

/* ---------------------------------------------------------------- sanitising */

export type Rec = Record<string, unknown>;
export const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Plain text for display: control and bidirectional-override characters removed (they can make a
 * title read differently from what it is), whitespace folded, at most `max` characters.
 */
export function cleanText(v: unknown, max: number): string {
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
export function safeUrl(v: unknown): string | null {
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
export function newsName(v: unknown): string {
  return cleanText(typeof v === 'string' ? v.replace(/["“”„'‘’()[\]{}<>]/g, ' ') : '', 60);
}

/** A Wikipedia title: characters MediaWiki never allows in titles go; first letter upper-cased as MediaWiki does. */
export function wikiTitle(v: unknown): string {
  const s = cleanText(typeof v === 'string' ? v.replace(/[#<>[\]{}|_]/g, ' ') : '', 100);
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export const MAX_NEWS = 10;
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
export const isNewsItem = (v: unknown): v is NewsItem =>
  isRecord(v) && safeUrl(v.url) === v.url && isText(v.title, CAP.newsTitle) && isText(v.outlet, 253) && isNullableText(v.date, 40) && isNullableText(v.language, CAP.language) && isNullableText(v.country, CAP.country);
export const isWikiSummary = (v: unknown): v is WikiSummary =>
  isRecord(v) && safeUrl(v.url) === v.url && isText(v.title, CAP.wikiTitle) && isText(v.extract, CAP.extract) && isNullableText(v.description, CAP.description);

/* ---------------------------------------------------------------- parsing answers */

const UNREADABLE = 'the source sent an answer we could not read';
export const seconds = (ms: number) => String(Math.round(ms / 100) / 10);
export const rateLimited = (ms: number) => `rate limited, try again in ${Math.max(1, Math.ceil(ms / SECOND))} s`;

export type Outcome<T> = { items: T[]; ttlMs: number } | { error: string; retryInMs: number | null };
export const failure = (error: string, retryInMs: number | null = null) => ({ error, retryInMs });

export function parseNews(status: number, text: string, ttlMs: number): Outcome<NewsItem> {
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

export function parseWiki(status: number, text: string, pageFallback: string, ttl: LiveLimits['ttlMs']): Outcome<WikiSummary> {
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
