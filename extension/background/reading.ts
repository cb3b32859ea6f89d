/**
 * The reader's history of AI articles, in the background: each AI article read is recorded (unless
 * the reader turned history off), put into a story thread, and checked against what the reader
 * follows. The in-memory index is rebuilt from the database on first use; corrupted records are
 * skipped and counted, never fatal.
 */
import { api } from '../shared/browser';
import { openUserDb, type FollowRecord, type HistoryRecord } from '../../src/storage/db';
import { HistoryStore, isFollowRecord, toHistoryArticle } from '../../src/storage/history-store';
import { History } from '../../src/related/history';
import { extractClaims, type Claim } from '../../src/related/claims';
import type { PageRecord } from './pages';
import type { ReadingState } from '../../src/messaging/protocol';

export function createReading(factory: IDBFactory) {
  let db: Promise<HistoryStore> | null = null;
  let ready: Promise<{ store: HistoryStore; index: History; skipped: number }> | null = null;
  let lastPruned = 0;
  // one connection for the worker's life; the index is rebuilt from it whenever the history changed wholesale
  const storeOnly = () => (db ??= openUserDb(factory).then((d) => new HistoryStore(d)));
  const open = () =>
    (ready ??= storeOnly().then(async (store) => {
      const index = new History();
      const { records, skipped } = await store.all();
      for (const r of records) index.restore(toHistoryArticle(r), r.thread);
      if (skipped) console.warn(`AI News Lens: ${skipped} reading-history record(s) could not be read and were skipped.`);
      return { store, index, skipped };
    }));

  return {
    /**
     * Records an AI article just read; returns whether it continues a followed thread or mentions a
     * followed entity (for the badge).
     */
    async record(page: PageRecord, text: string): Promise<{ id: string; followed: string | null }> {
      const { store, index } = await open();
      const now = new Date().toISOString();
      const claims: Claim[] = extractClaims(text, page.entities);
      const old = await store.byUrl(page.canonical);
      const draft: HistoryRecord = {
        id: old?.id ?? crypto.randomUUID(),
        url: page.canonical,
        urls: [page.url],
        host: new URL(page.canonical).host,
        title: page.title,
        outlet: page.outlet,
        published: page.published && !Number.isNaN(Date.parse(page.published)) ? new Date(page.published).toISOString() : null,
        read: now,
        lastRead: now,
        entities: page.entities.map((e) => ({ key: e.key, name: e.name, type: e.type, count: e.count })),
        links: page.links.filter((l) => /^https?:/i.test(l.href)),
        fingerprint: page.fingerprint,
        thread: old?.thread ?? 'pending',
        claims,
      };
      const article = toHistoryArticle(draft);
      index.add(article);
      const thread = old ? index.restore(article, old.thread) : index.assign(article);
      const stored = await store.put({ ...draft, thread: thread.id });
      let followed: string | null = null;
      if (!old) {
        const follows = await store.follows();
        const keys = new Set(page.entities.map((e) => `entity:${e.key}`));
        // a followed thread this article just joined, or a followed entity it names
        followed = follows.find((f) => f.key === `thread:${thread.id}` || keys.has(f.key))?.name ?? null;
      }
      return { id: stored.id, followed };
    },

    /** What the frame shows under "Related" for this article: history, thread, follows. */
    async state(page: PageRecord): Promise<ReadingState> {
      const { store, index, skipped } = await open();
      const rec = await store.byUrl(page.canonical);
      const follows = await store.follows();
      const followed = new Set(follows.map((f) => f.key));
      const entities = page.entities.slice(0, 6).map((e) => ({ key: e.key, name: e.name, followed: followed.has(`entity:${e.key}`) }));
      if (!rec) return { recorded: false, related: [], thread: null, entities, skipped };
      const related = index.related({ id: rec.id, entities: toHistoryArticle(rec).entities }, 8).map((r) => {
        const a = index.articles.get(r.id)!;
        return { url: r.url, title: r.title, outlet: a.outlet, date: a.date, shared: r.shared, score: r.score };
      });
      const t = index.thread(rec.id);
      const thread = t
        ? {
            id: t.id,
            name: t.name,
            followed: followed.has(`thread:${t.id}`),
            articles: index.threadArticles(t.id).map((a) => ({ url: a.url, title: a.title, outlet: a.outlet, date: a.date, current: a.id === rec.id })),
          }
        : null;
      return { recorded: true, related, thread, entities, skipped, claims: (rec.claims ?? []) as Claim[] };
    },

    async follow(kind: 'thread' | 'entity', key: string, name: string, on: boolean): Promise<void> {
      const { store } = await open();
      const full = `${kind}:${key}`;
      const now = new Date().toISOString();
      if (on) await store.follow({ key: full, kind, name, since: now, seen: now });
      else await store.unfollow(full);
    },

    /** Every intact history record, in reading order. */
    async records(): Promise<HistoryRecord[]> {
      const { store } = await open();
      return (await store.all()).records;
    },

    async follows(): Promise<FollowRecord[]> {
      return (await storeOnly()).follows();
    },

    /** The reader looked at a follow now: its articles so far stop counting as unread. */
    async markSeen(key: string): Promise<boolean> {
      return (await storeOnly()).markSeen(key, new Date());
    },

    /** Stops following; resolves with the follow as it was, so it can be put back exactly. */
    async unfollow(key: string): Promise<FollowRecord | null> {
      const store = await storeOnly();
      const old = (await store.follows()).find((f) => f.key === key) ?? null;
      await store.unfollow(key);
      return old;
    },

    /** Puts a follow back with its own `since` and `seen` (undo of an unfollow). */
    async refollow(rec: unknown): Promise<{ ok: true } | { ok: false; error: string }> {
      if (!isFollowRecord(rec)) return { ok: false, error: 'that is not a follow this extension wrote' };
      await (await storeOnly()).follow(rec);
      return { ok: true };
    },

    async forgetSite(host: string): Promise<number> {
      const { store } = await open();
      const n = await store.forgetSite(host);
      ready = null; // rebuild the index without them
      return n;
    },
    /** The history was replaced from outside (a backup restore): the index is rebuilt on next use. */
    reset(): void {
      ready = null;
    },
    async forgetAll(): Promise<number> {
      const { store } = await open();
      const n = await store.forgetAll();
      ready = null;
      return n;
    },
    /** Forgets articles last read more than `days` ago (0 keeps everything); returns how many. */
    async prune(days: number): Promise<number> {
      lastPruned = Date.now();
      if (days <= 0) return 0;
      const { store } = await open();
      const n = await store.prune(days);
      if (n > 0) ready = null;
      return n;
    },
    /** `prune`, at most once a day per background lifetime: called as articles are read. */
    async pruneNow(days: number): Promise<number> {
      return days > 0 && Date.now() - lastPruned > 86_400_000 ? this.prune(days) : 0;
    },
  };
}

/**
 * Badge for an article that continues something the reader follows; with `notify` (the reader's
 * opt-in, and the browser's permission) a system notification too, naming the article.
 */
export async function signalFollowed(tabId: number, name: string, notify: { title: string } | null = null): Promise<void> {
  await api.action.setBadgeText({ tabId, text: '★' }).catch(() => undefined);
  await api.action.setBadgeBackgroundColor({ tabId, color: '#c2410c' }).catch(() => undefined);
  await api.action.setTitle({ tabId, title: `AI News Lens: new in “${name}”, which you follow` }).catch(() => undefined);
  // without the permission (the reader took it back) `notifications` is absent: the badge is enough
  if (!notify) return;
  try {
    await api.notifications.create(`followed-${tabId}`, { type: 'basic', iconUrl: api.runtime.getURL('icons/icon-128.png'), title: `New in “${name}”`, message: notify.title || 'An article you opened continues a story you follow.' });
  } catch {
    // no permission any more: the badge says it
  }
}
