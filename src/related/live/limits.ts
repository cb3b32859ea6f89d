/** How often the live sources may be asked, how long answers keep, how large they may be. */
import type { LiveSourceId } from './sources';

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

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

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
