/**
 * The reading history as the library page sees it: one light entry per article read (no links,
 * fingerprints or claims), and the one rule for which article a highlight was made in.
 */
import type { AnnotationRecord, HistoryRecord } from '../storage/db';

/** An article from the reading history, as the library needs it. */
export interface LibraryArticle {
  /** Canonical URL (the history's key). */
  url: string;
  /** Every address it was read under. */
  urls: string[];
  title: string;
  outlet: string | null;
  /** Published, else first read (ISO). */
  date: string;
  /** First read (ISO): when it joined the reader's history, and so its thread. */
  read: string;
  thread: string;
  /** With its type and how often the article names it: the entity filter keeps real entities only (filterEntity). */
  entities: { key: string; name: string; type: string; count: number }[];
}

export function toLibraryArticle(r: HistoryRecord): LibraryArticle {
  return {
    url: r.url,
    urls: r.urls,
    title: r.title,
    outlet: r.outlet,
    date: r.published ?? r.read,
    read: r.read,
    thread: r.thread,
    // an entity with no mention left (a later extraction) says nothing about the article
    entities: r.entities.filter((e) => e.count > 0).map(({ key, name, type, count }) => ({ key, name, type, count })),
  };
}

/**
 * Finds the history article a highlight belongs to. Both are stored under the same canonical URL
 * (canonicalUrl() of the page's canonical link), so that decides; failing that, any address the
 * highlight was seen under that the article was also read under (an AMP copy, a syndicated one).
 */
export function articleFinder<A extends Pick<LibraryArticle, 'url' | 'urls'>>(articles: readonly A[]): (a: Pick<AnnotationRecord, 'url' | 'urls'>) => A | undefined {
  const byCanonical = new Map<string, A>();
  const byAddress = new Map<string, A>();
  for (const x of articles) {
    byCanonical.set(x.url, x);
    for (const u of x.urls) if (!byAddress.has(u)) byAddress.set(u, x);
  }
  return (a) => {
    const direct = byCanonical.get(a.url);
    if (direct) return direct;
    for (const u of [a.url, ...a.urls]) {
      const found = byCanonical.get(u) ?? byAddress.get(u);
      if (found) return found;
    }
    return undefined;
  };
}
