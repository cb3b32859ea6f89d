/**
 * What the reader follows, as the library shows it: each followed story thread or entity with its
 * articles in date order, how many joined since the reader last looked, and the reader's own
 * highlights in those articles.
 */
import type { AnnotationRecord, FollowRecord, HistoryRecord } from '../storage/db';
import { articleFinder, toLibraryArticle, type LibraryArticle } from './articles';

export interface FollowedArticle {
  url: string;
  title: string;
  outlet: string | null;
  /** Published, else first read (ISO): the timeline's order. */
  date: string;
  /** Joined after the reader last looked at this follow. */
  unread: boolean;
}

export interface FollowedView {
  key: string;
  kind: 'thread' | 'entity';
  name: string;
  since: string;
  seen: string;
  /** Oldest first. */
  articles: FollowedArticle[];
  unread: number;
  /** The reader's highlights in these articles, in timeline order (then as made). */
  annotations: AnnotationRecord[];
}

const time = (iso: string) => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
};

/** The articles a follow covers: a thread's members, or every article that mentions the entity. */
function covered(f: FollowRecord, articles: readonly LibraryArticle[]): LibraryArticle[] {
  const id = f.key.slice(f.kind.length + 1);
  return f.kind === 'thread' ? articles.filter((a) => a.thread === id) : articles.filter((a) => a.entities.some((e) => e.key === id));
}

/**
 * One view per follow. An article is unread when it joined the reader's history (its first
 * reading, which is when it joined its thread) after the follow's `seen`. Follows come threads
 * first, then entities; within each, the one with the most recent article first; a follow whose
 * articles are all gone (history forgotten) is kept, empty, so it can still be unfollowed.
 */
export function followedViews(follows: readonly FollowRecord[], records: readonly HistoryRecord[], annotations: readonly AnnotationRecord[]): FollowedView[] {
  const articles = records.map(toLibraryArticle);
  const articleOf = articleFinder(articles);
  const views = follows.map((f): FollowedView & { latest: number } => {
    const seen = time(f.seen);
    const mine = covered(f, articles).sort((x, y) => time(x.date) - time(y.date) || time(x.read) - time(y.read));
    const order = new Map(mine.map((a, i) => [a.url, i]));
    const inThem = annotations
      .map((a) => ({ a, at: order.get(articleOf(a)?.url ?? '') }))
      .filter((x): x is { a: AnnotationRecord; at: number } => x.at !== undefined)
      .sort((x, y) => x.at - y.at || time(x.a.created) - time(y.a.created))
      .map((x) => x.a);
    const list = mine.map((a) => ({ url: a.url, title: a.title, outlet: a.outlet, date: a.date, unread: time(a.read) > seen }));
    return {
      key: f.key,
      kind: f.kind,
      name: f.name,
      since: f.since,
      seen: f.seen,
      articles: list,
      unread: list.filter((a) => a.unread).length,
      annotations: inThem,
      latest: mine.reduce((m, a) => Math.max(m, time(a.date) === Number.POSITIVE_INFINITY ? 0 : time(a.date)), 0),
    };
  });
  views.sort((x, y) => (x.kind === y.kind ? y.latest - x.latest || x.name.localeCompare(y.name) : x.kind === 'thread' ? -1 : 1));
  return views.map(({ latest: _latest, ...v }) => v);
}
