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
export { LIVE_SOURCES, livePermissions, originsFor, shippedPatternFor, type LiveSourceId, type LiveSourceInfo } from './sources';
export { newsQuery, unknownNames, type PageEntity } from './queries';
export { DEFAULT_LIMITS, DEFAULT_TIMEOUT_MS, type LiveLimits, type RateLimit } from './limits';
export type { LiveAnswer, NewsItem, WikiSummary } from './answers';
export { createLiveSources, LIVE_CACHE_KEY, type LiveOptions, type LiveSources } from './client';
