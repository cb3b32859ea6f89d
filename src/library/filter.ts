/**
 * Which of the reader's highlights the library shows: full-text search, site, tag, an entity of
 * the article (from the reading history) and when it was highlighted, all combined. The filter
 * also travels in the page's address (its hash), so a reload or a bookmark keeps it.
 */
import MiniSearch from 'minisearch';
import type { AnnotationRecord } from '../storage/db';

export const DATE_PRESETS = ['any', '7d', '30d', '365d', 'range'] as const;
export type DatePreset = (typeof DATE_PRESETS)[number];

export interface AnnotationFilter {
  /** Full-text query over quote, note, title and tags. */
  q: string;
  /** Host name of the article, as siteOf() gives it. */
  site: string;
  tag: string;
  /** Entity key (knowledge-base id or `type:name`) the highlight's article mentions. */
  entity: string;
  /** When it was highlighted: any time, the last 7/30/365 days, or between `from` and `to`. */
  date: DatePreset;
  /** Local calendar days `YYYY-MM-DD`, inclusive; either may be empty (open-ended). */
  from: string;
  to: string;
}

export const NO_FILTER: AnnotationFilter = { q: '', site: '', tag: '', entity: '', date: 'any', from: '', to: '' };

const PRESET_DAYS: Record<'7d' | '30d' | '365d', number> = { '7d': 7, '30d': 30, '365d': 365 };
const DAY_MS = 86_400_000;
/** Longest text kept from an address: the filter values are short, and an address can be anything. */
const MAX_VALUE = 300;

export const quoteOf = (a: AnnotationRecord): string => a.selectors.find((s) => s.type === 'TextQuoteSelector')?.exact ?? '';

/**
 * A link that opens the article scrolled to the quote (a text fragment, where the browser supports
 * them); undefined when the stored address is not a web address, so it is never made a link.
 */
export function quoteLink(a: AnnotationRecord): string | undefined {
  if (!/^https?:\/\//i.test(a.url)) return undefined;
  return `${a.url.replace(/#.*$/, '')}#:~:text=${encodeURIComponent(quoteOf(a).slice(0, 300))}`;
}

/** The host an annotation's article is on (the site filter's value). */
export function siteOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

/** A local calendar day `YYYY-MM-DD` as [year, month index, day], or null if there is no such day. */
function parseDay(s: string): [number, number, number] | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const t = new Date(y, mo, d);
  // 2026-02-31 would roll over to March
  return t.getFullYear() === y && t.getMonth() === mo && t.getDate() === d ? [y, mo, d] : null;
}

/** The local calendar day (`YYYY-MM-DD`) of an ISO time, as the date filter counts days; '' if it is no time. */
export function dayOf(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${String(d.getFullYear()).padStart(4, '0')}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export type DateBounds = { from: number; to: number } | { error: string } | null;

/**
 * The times (ms) a highlight's creation must fall between, inclusive, or null for any time. A
 * preset counts back from `now` and is open towards the future (a clock set back must not hide
 * today's highlights); a range runs from the start of its first local day to the end of its last.
 */
export function dateBounds(f: Pick<AnnotationFilter, 'date' | 'from' | 'to'>, now: Date): DateBounds {
  if (f.date === 'any') return null;
  if (f.date !== 'range') return { from: now.getTime() - PRESET_DAYS[f.date] * DAY_MS, to: Number.POSITIVE_INFINITY };
  const from = f.from ? parseDay(f.from) : null;
  const to = f.to ? parseDay(f.to) : null;
  if (f.from && !from) return { error: `“${f.from}” is not a date` };
  if (f.to && !to) return { error: `“${f.to}” is not a date` };
  if (!from && !to) return null;
  // the end is the start of the next day, less a millisecond: DST days are not 24 hours long
  const bounds = { from: from ? new Date(from[0], from[1], from[2]).getTime() : Number.NEGATIVE_INFINITY, to: to ? new Date(to[0], to[1], to[2] + 1).getTime() - 1 : Number.POSITIVE_INFINITY };
  if (bounds.from > bounds.to) return { error: 'the start date is after the end date' };
  return bounds;
}

/** A full-text index of the highlights: quote, note, article title and tags; prefix and small typos match. */
export function searchIndex(list: readonly AnnotationRecord[]): (query: string) => Set<string> | null {
  const ms = new MiniSearch<{ id: string; quote: string; note: string; title: string; tags: string }>({ fields: ['quote', 'note', 'title', 'tags'], searchOptions: { prefix: true, fuzzy: 0.2 } });
  ms.addAll(list.map((a) => ({ id: a.id, quote: quoteOf(a), note: a.note, title: a.title, tags: a.tags.join(' ') })));
  return (query) => (query.trim() ? new Set(ms.search(query).map((r) => r.id as string)) : null);
}

export interface FilterContext {
  /** Ids matching the text query, or null when there is none (see searchIndex). */
  hits: ReadonlySet<string> | null;
  /** The history article a highlight was made in (see articleFinder), for its entities. */
  articleOf: (a: AnnotationRecord) => { entities: { key: string }[] } | undefined;
  now: Date;
}

/**
 * The highlights every part of the filter lets through, in the order given. A highlight whose
 * article is not in the reading history has no known entities, so an entity filter leaves it out.
 * A date range that cannot be met (an impossible day, start after end) shows nothing and says why.
 */
export function filterAnnotations(list: readonly AnnotationRecord[], f: AnnotationFilter, ctx: FilterContext): { shown: AnnotationRecord[]; error: string | null } {
  const bounds = dateBounds(f, ctx.now);
  if (bounds && 'error' in bounds) return { shown: [], error: bounds.error };
  const shown = list.filter((a) => {
    if (ctx.hits && !ctx.hits.has(a.id)) return false;
    if (f.site && siteOf(a.url) !== f.site) return false;
    if (f.tag && !a.tags.includes(f.tag)) return false;
    if (f.entity && !ctx.articleOf(a)?.entities.some((e) => e.key === f.entity)) return false;
    if (bounds) {
      const t = Date.parse(a.created);
      if (Number.isNaN(t) || t < bounds.from || t > bounds.to) return false;
    }
    return true;
  });
  return { shown, error: null };
}

/**
 * A name the knowledge base does not know must be named this often in one article to be offered:
 * names found only by their shape (a capitalised pair, a surname) that an article uses once or
 * twice are mostly bylines, photo credits and places taken for people, not who the story is about.
 */
export const SHAPE_MIN_MENTIONS = 3;
/** Types never offered unless the knowledge base knows the entry: an unknown "outlet" is a credit line ("Reuters/Photo"), not a subject. */
const NEVER_BY_SHAPE = new Set(['outlet']);

/**
 * Whether an article's entity is a real one to filter by. The history records, for each entity,
 * its key (the knowledge-base id, or `type:name` for a name the knowledge base does not hold),
 * its type and how many times the article names it. Rule:
 * 1. an entity of the knowledge base is offered (its entries are reviewed, typed, never a byline);
 * 2. a name found only by its shape is offered when the article names it SHAPE_MIN_MENTIONS times
 *    or more, and never as an outlet;
 * 3. anything else (a byline, a credit, a place taken for a person, a one-off name) is left out.
 */
export function filterEntity(e: { key: string; name: string; type?: string; count?: number }): boolean {
  const known = e.type === undefined || e.key !== `${e.type}:${e.name}`;
  if (known) return true;
  if (NEVER_BY_SHAPE.has(e.type!)) return false;
  return (e.count ?? 0) >= SHAPE_MIN_MENTIONS;
}

/**
 * The entities the entity filter offers: the real ones (filterEntity) of the articles the reader
 * highlighted in, each with how many highlights it would show, most first (then by name).
 */
export function entityOptions(
  list: readonly AnnotationRecord[],
  articleOf: (a: AnnotationRecord) => { entities: { key: string; name: string; type?: string; count?: number }[] } | undefined,
): { key: string; name: string; count: number }[] {
  const byKey = new Map<string, { key: string; name: string; count: number }>();
  for (const a of list) {
    for (const e of articleOf(a)?.entities ?? []) {
      if (!filterEntity(e)) continue;
      const o = byKey.get(e.key) ?? { key: e.key, name: e.name, count: 0 };
      o.count++;
      byKey.set(e.key, o);
    }
  }
  return [...byKey.values()].sort((x, y) => y.count - x.count || x.name.localeCompare(y.name));
}

/**
 * The type-ahead over the filter's entities: names that start with what was typed first, then
 * names with a word that does, then any other containing it; case and accents ignored.
 */
export function matchEntities<E extends { name: string }>(options: readonly E[], typed: string, limit = 8): E[] {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const q = fold(typed.trim());
  if (!q) return options.slice(0, limit);
  const rank = (name: string): number => {
    const n = fold(name);
    if (n.startsWith(q)) return 0;
    if (n.split(/[\s\-–.]+/).some((w) => w.startsWith(q))) return 1;
    return n.includes(q) ? 2 : -1;
  };
  return options
    .map((o, i) => ({ o, i, r: rank(o.name) }))
    .filter((x) => x.r >= 0)
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .slice(0, limit)
    .map((x) => x.o);
}

/** The filter as an address hash (`#entity=qwen&date=30d`); only what differs from no filter. */
export function filterToHash(f: AnnotationFilter): string {
  const p = new URLSearchParams();
  for (const k of Object.keys(NO_FILTER) as (keyof AnnotationFilter)[]) {
    const v = f[k];
    // a range's days only mean something with the range selected
    if ((k === 'from' || k === 'to') && f.date !== 'range') continue;
    if (v && v !== NO_FILTER[k]) p.set(k, v);
  }
  const s = p.toString();
  return s ? `#${s}` : '';
}

/** Reads a filter back from an address hash; anything unknown or malformed is left at "no filter". */
export function filterFromHash(hash: string): AnnotationFilter {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const text = (k: string) => (p.get(k) ?? '').slice(0, MAX_VALUE);
  const date = p.get('date');
  const f: AnnotationFilter = {
    q: text('q'),
    site: text('site'),
    tag: text('tag'),
    entity: text('entity'),
    date: (DATE_PRESETS as readonly string[]).includes(date ?? '') ? (date as DatePreset) : 'any',
    from: '',
    to: '',
  };
  if (f.date === 'range') {
    f.from = parseDay(text('from')) ? text('from') : '';
    f.to = parseDay(text('to')) ? text('to') : '';
  }
  return f;
}
