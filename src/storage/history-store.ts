/**
 * The reading history and follows (schema v3, see db.ts) as stored records.
 *
 * Identity is the canonical URL (a unique index): put() merges a re-read into the existing record
 * inside its own transaction, so two tabs reading the same story at once still end in one record
 * with one id and one thread. Every write is one strict-durability transaction that resolves after
 * commit and aborts as a whole on any failure. Reads check each record's shape: a record damaged
 * on disk, or written by a buggy build, is skipped and counted rather than breaking the history.
 */
import type { IDBPTransaction } from 'idb';
import type { HistoryArticle } from '../related/history';
import { CLAIM_KINDS } from '../related/claims';
import { isObj, isText, isWebUrl as isBoundedUrl, LIMITS, textProblem, unknownField } from './limits';
import { storageError, type FollowRecord, type HistoryRecord, type UserDb, type UserSchema } from './db';

/** Outbound links kept per article: enough for "cited reports", bounded for link-farm pages. */
export const MAX_LINKS = 100;
/** Addresses kept per article (the latest ones): AMP, syndicated copies, a few tracking variants. */
export const MAX_URLS = 20;

type Stores = ('history' | 'follows')[];
type Tx<S extends Stores> = IDBPTransaction<UserSchema, S, 'readwrite'>;

const isStr = (v: unknown): v is string => typeof v === 'string';
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
/** Date.parse alone accepts "1" or "May"; history dates drive retention and sorting, so ISO only. */
const isIso = (v: unknown): v is string => typeof v === 'string' && ISO.test(v) && !Number.isNaN(Date.parse(v));
/** Addresses are shown as links: only web addresses, never `javascript:` from a damaged record. */
const isWebUrl = (v: unknown): v is string => typeof v === 'string' && /^https?:\/\/[^\s]+$/i.test(v);

const isEntity = (v: unknown): v is HistoryRecord['entities'][number] =>
  isObj(v) && nonEmpty(v.key) && isStr(v.name) && isStr(v.type) && typeof v.count === 'number' && Number.isFinite(v.count) && v.count >= 0;
const isLink = (v: unknown): v is HistoryRecord['links'][number] => isObj(v) && isStr(v.href) && isStr(v.text);

/** The first item of a list that fails `ok`, as `[i]`, or null when all pass. */
const badItem = (v: unknown[], ok: (x: unknown) => boolean): string | null => {
  const i = v.findIndex((x) => !ok(x));
  return i < 0 ? null : `[${i}]`;
};

/**
 * What is wrong with a value as a stored history record, named by field (`published: …`), or null
 * when it is one. Unknown extra fields are allowed. A backup restore reports this text.
 */
export function historyRecordProblem(v: unknown): string | null {
  if (!isObj(v)) return 'must be an object';
  if (!nonEmpty(v.id)) return 'id: must be a non-empty text';
  if (!isWebUrl(v.url)) return 'url: must be an http(s) address';
  if (!Array.isArray(v.urls)) return 'urls: must be a list';
  const url = badItem(v.urls, isWebUrl);
  if (url) return `urls${url}: must be an http(s) address`;
  if (!nonEmpty(v.host)) return 'host: must be a non-empty text';
  if (!isStr(v.title)) return 'title: must be a text';
  if (!(v.outlet === null || isStr(v.outlet))) return 'outlet: must be a text or null';
  if (!(v.published === null || isIso(v.published))) return 'published: must be an ISO date or null';
  if (!isIso(v.read)) return 'read: must be an ISO date';
  if (!isIso(v.lastRead)) return 'lastRead: must be an ISO date';
  if (!Array.isArray(v.entities)) return 'entities: must be a list';
  const entity = badItem(v.entities, isEntity);
  if (entity) return `entities${entity}: needs a key, a name, a type and a count of at least 0`;
  if (!Array.isArray(v.links)) return 'links: must be a list';
  const link = badItem(v.links, isLink);
  if (link) return `links${link}: needs href and text`;
  if (!isStr(v.fingerprint)) return 'fingerprint: must be a text';
  if (!nonEmpty(v.thread)) return 'thread: must be a non-empty text';
  if (!(v.claims === undefined || Array.isArray(v.claims))) return 'claims: must be a list';
  return null;
}

/** Strict shape check of a stored history record (unknown extra fields are allowed). */
export function isHistoryRecord(v: unknown): v is HistoryRecord {
  return historyRecordProblem(v) === null;
}

/** What is wrong with a value as a stored follow, named by field, or null when it is one. */
export function followProblem(v: unknown): string | null {
  if (!isObj(v)) return 'must be an object';
  if (v.kind !== 'thread' && v.kind !== 'entity') return 'kind: must be "thread" or "entity"';
  if (!(isStr(v.key) && v.key.startsWith(`${v.kind}:`) && v.key.length > v.kind.length + 1)) return `key: must be "${v.kind}:" and an id`;
  if (!isStr(v.name)) return 'name: must be a text';
  if (!isIso(v.since)) return 'since: must be an ISO date';
  if (!isIso(v.seen)) return 'seen: must be an ISO date';
  return null;
}

/** Strict shape check of a stored follow; the kind must agree with the key's prefix. */
export function isFollowRecord(v: unknown): v is FollowRecord {
  return followProblem(v) === null;
}

/* Checks for records that come from a file (a backup restore), stricter than the reads above: */
/* bounded like what the extension itself stores, links http(s) only, no field it does not know. */

const HISTORY_FIELDS = ['id', 'url', 'urls', 'host', 'title', 'outlet', 'published', 'read', 'lastRead', 'entities', 'links', 'fingerprint', 'thread', 'claims'] as const;
const CLAIM_FIELDS = ['kind', 'actor', 'actorName', 'target', 'targetName', 'sentence'] as const;
/** Entities and claims kept per article: far above what an article yields (the extractor caps its text). */
const MAX_ENTITIES = 2000;
const MAX_CLAIMS = 500;
const IMPORT = { id: 100, host: 253, title: LIMITS.title, outlet: 500, key: LIMITS.entityKey, name: LIMITS.name, type: 40, sentence: 400 } as const;

/** The first problem with a claim read back from a file, or null. */
function claimProblem(c: unknown): string | null {
  if (!isObj(c)) return 'must be a claim object';
  const unknown = unknownField(c, CLAIM_FIELDS);
  if (unknown) return unknown;
  if (!(CLAIM_KINDS as readonly unknown[]).includes(c.kind)) return `kind: must be one of ${CLAIM_KINDS.join(', ')}`;
  if (!isText(c.actor, IMPORT.key, 1)) return `actor: must be 1 to ${IMPORT.key} characters`;
  if (!isText(c.actorName, IMPORT.name, 1)) return `actorName: must be 1 to ${IMPORT.name} characters`;
  if (!(c.target === null || isText(c.target, IMPORT.key, 1))) return `target: must be null or 1 to ${IMPORT.key} characters`;
  if (!(c.targetName === null || isText(c.targetName, IMPORT.name, 1))) return `targetName: must be null or 1 to ${IMPORT.name} characters`;
  if (!isText(c.sentence, IMPORT.sentence, 1)) return `sentence: must be 1 to ${IMPORT.sentence} characters`;
  return null;
}

/**
 * What is wrong with a value as a history record from a backup file, or null: historyRecordProblem,
 * and then every text bounded, every link an http(s) address, claims shaped as the extension makes
 * them, and no field the record does not have.
 */
export function historyImportProblem(v: unknown): string | null {
  const shape = historyRecordProblem(v);
  if (shape) return shape;
  const r = v as Record<string, unknown> & HistoryRecord;
  const unknown = unknownField(r, HISTORY_FIELDS);
  if (unknown) return unknown;
  if (!isText(r.id, IMPORT.id)) return `id: ${textProblem(r.id, IMPORT.id)}`;
  if (!isBoundedUrl(r.url)) return `url: longer than ${LIMITS.url} characters`;
  if (r.urls.length > LIMITS.urls) return `urls: more than ${LIMITS.urls} addresses`;
  const longUrl = r.urls.findIndex((u) => !isBoundedUrl(u));
  if (longUrl >= 0) return `urls[${longUrl}]: longer than ${LIMITS.url} characters`;
  if (!isText(r.host, IMPORT.host)) return `host: ${textProblem(r.host, IMPORT.host)}`;
  if (!isText(r.title, IMPORT.title)) return `title: ${textProblem(r.title, IMPORT.title)}`;
  if (r.outlet !== null && !isText(r.outlet, IMPORT.outlet)) return `outlet: ${textProblem(r.outlet, IMPORT.outlet)}`;
  if (!isText(r.fingerprint, LIMITS.fingerprint)) return `fingerprint: ${textProblem(r.fingerprint, LIMITS.fingerprint)}`;
  if (!isText(r.thread, IMPORT.id)) return `thread: ${textProblem(r.thread, IMPORT.id)}`;
  if (r.entities.length > MAX_ENTITIES) return `entities: more than ${MAX_ENTITIES}`;
  for (const [i, e] of r.entities.entries()) {
    const bad = unknownField(e as unknown as Record<string, unknown>, ['key', 'name', 'type', 'count']);
    if (bad) return `entities[${i}].${bad}`;
    if (!isText(e.key, IMPORT.key) || !isText(e.name, IMPORT.name) || !isText(e.type, IMPORT.type)) return `entities[${i}]: key, name or type too long (at most ${IMPORT.key}, ${IMPORT.name} and ${IMPORT.type} characters)`;
  }
  if (r.links.length > MAX_LINKS) return `links: more than ${MAX_LINKS}`;
  for (const [i, l] of r.links.entries()) {
    const bad = unknownField(l as unknown as Record<string, unknown>, ['href', 'text']);
    if (bad) return `links[${i}].${bad}`;
    if (!isBoundedUrl(l.href)) return `links[${i}].href: must be an http(s) address`;
    if (!isText(l.text, LIMITS.linkText)) return `links[${i}].text: ${textProblem(l.text, LIMITS.linkText)}`;
  }
  if (r.claims !== undefined) {
    if (r.claims.length > MAX_CLAIMS) return `claims: more than ${MAX_CLAIMS}`;
    for (const [i, c] of r.claims.entries()) {
      const problem = claimProblem(c);
      if (problem) return `claims[${i}]${problem.startsWith('must') ? ' ' : '.'}${problem}`;
    }
  }
  return null;
}

/** What is wrong with a value as a follow from a backup file, or null: followProblem, bounded, no unknown field. */
export function followImportProblem(v: unknown): string | null {
  const shape = followProblem(v);
  if (shape) return shape;
  const f = v as Record<string, unknown> & FollowRecord;
  const unknown = unknownField(f, ['key', 'kind', 'name', 'since', 'seen']);
  if (unknown) return unknown;
  if (!isText(f.key, 400)) return `key: ${textProblem(f.key, 400)}`;
  if (!isText(f.name, LIMITS.entityKey)) return `name: ${textProblem(f.name, LIMITS.entityKey)}`;
  return null;
}

/** Hosts compared as canonicalUrl() writes them: lower case, without www./amp./m. */
export const siteOf = (host: string): string => host.trim().toLowerCase().replace(/^(www|amp|m)\./, '');

const hostOf = (url: unknown): string | null => {
  if (!isStr(url)) return null;
  try {
    return siteOf(new URL(url).hostname);
  } catch {
    return null;
  }
};

const time = (iso: string): number => Date.parse(iso);
const earlier = (a: string, b: string) => (time(b) < time(a) ? b : a);
const later = (a: string, b: string) => (time(b) > time(a) ? b : a);

/** The record as History indexes it: dated by publication, else by first reading. */
export function toHistoryArticle(r: HistoryRecord): HistoryArticle {
  return { id: r.id, url: r.url, title: r.title, outlet: r.outlet, date: r.published ?? r.read, entities: r.entities.map(({ key, name, count }) => ({ key, name, count })) };
}

export class HistoryStore {
  constructor(private readonly db: UserDb) {}

  /**
   * One readwrite transaction with strict durability: resolves after commit; on any error the
   * whole transaction is aborted (nothing half-written) and a quota refusal becomes StorageFullError.
   */
  private async write<S extends Stores, T>(stores: S, work: (tx: Tx<S>) => Promise<T>): Promise<T> {
    const tx = this.db.transaction(stores, 'readwrite', { durability: 'strict' } as IDBTransactionOptions) as unknown as Tx<S>;
    try {
      const [result] = await Promise.all([work(tx), tx.done]);
      return result;
    } catch (e) {
      try {
        tx.abort();
      } catch {
        // already committed or aborted: nothing left to undo
      }
      throw storageError(e);
    }
  }

  /**
   * Saves a reading. If the canonical URL (or the id) is already stored, this is a re-read: the
   * stored id, thread and first `read` stay, `lastRead` advances, addresses are merged and the rest
   * (title, entities, links …) is taken from this reading, the newer extraction. Resolves with the
   * record as stored, whose id and thread the caller should use from then on.
   */
  async put(rec: HistoryRecord): Promise<HistoryRecord> {
    const input: HistoryRecord = { ...rec, links: rec.links.slice(0, MAX_LINKS), urls: [...new Set([rec.url, ...rec.urls])].slice(-MAX_URLS) };
    if (!isHistoryRecord(input)) throw new TypeError('not a valid history record');
    return this.write(['history'], async (tx) => {
      const store = tx.objectStore('history');
      const byUrl: unknown = await store.index('url').get(input.url);
      const old: unknown = byUrl ?? (await store.get(input.id));
      let next = input;
      if (isHistoryRecord(old)) {
        next = {
          ...input,
          id: old.id,
          thread: old.thread,
          read: earlier(old.read, input.read),
          lastRead: later(old.lastRead, input.lastRead),
          urls: [...new Set([...old.urls, ...input.urls])].slice(-MAX_URLS),
        };
        // a later step's claims are not lost because this reading did not extract any
        if (input.claims === undefined && old.claims !== undefined) next.claims = old.claims;
      } else if (isObj(old) && isStr(old.id) && old.id !== input.id) {
        // a damaged record holding this URL: replaced, or the unique index would refuse the new one
        await store.delete(old.id);
      }
      await store.put(next);
      return next;
    });
  }

  /** The record of a canonical URL, if stored and intact. */
  async byUrl(url: string): Promise<HistoryRecord | undefined> {
    const r: unknown = await this.db.getFromIndex('history', 'url', url);
    return isHistoryRecord(r) ? r : undefined;
  }

  /** Every intact record, in reading order (first `read`, then id); damaged ones are counted in `skipped`. */
  async all(): Promise<{ records: HistoryRecord[]; skipped: number }> {
    // the whole store, not the `read` index: a record missing `read` would be absent from the index
    // and so silently neither returned nor counted
    const raw: unknown[] = await this.db.getAll('history');
    const records = raw.filter(isHistoryRecord);
    records.sort((a, b) => time(a.read) - time(b.read) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { records, skipped: raw.length - records.length };
  }

  /**
   * Forgets every reading on a site (www./amp./m. ignored; subdomains are other sites): records
   * whose canonical URL is there, and those merely read there (a syndicated copy), since the visit
   * itself is what the reader asked to forget. Scans the store, damaged records included; returns
   * how many records were deleted.
   */
  async forgetSite(host: string): Promise<number> {
    const site = siteOf(host);
    if (!site) return 0;
    return this.write(['history'], async (tx) => {
      let n = 0;
      for await (const cursor of tx.objectStore('history')) {
        const v: unknown = cursor.value;
        const r = isObj(v) ? v : {};
        const hosts = [isStr(r.host) ? siteOf(r.host) : null, hostOf(r.url), ...(Array.isArray(r.urls) ? r.urls.map(hostOf) : [])];
        if (hosts.includes(site)) {
          await cursor.delete();
          n++;
        }
      }
      return n;
    });
  }

  /**
   * Forgets the whole reading history, and the thread follows with it: a thread exists only over
   * the history, so those would be left pointing at nothing. Entity follows are the reader's own
   * choice of subjects, independent of what was read, and stay. Returns the records deleted.
   */
  async forgetAll(): Promise<number> {
    return this.write(['history', 'follows'], async (tx) => {
      const history = tx.objectStore('history');
      const n = await history.count();
      await history.clear();
      const follows = tx.objectStore('follows');
      for await (const cursor of follows) {
        const v: unknown = cursor.value;
        if (!(isObj(v) && v.kind === 'entity' && isFollowRecord(v))) await cursor.delete();
      }
      return n;
    });
  }

  /**
   * Deletes the records last read more than `retentionDays` before `now`; returns how many. A
   * record's first `read` is never after its `lastRead`, so only those first read before the cutoff
   * can qualify, and the `read` index narrows the scan to them.
   */
  async prune(retentionDays: number, now: Date = new Date()): Promise<number> {
    if (Number.isNaN(retentionDays) || retentionDays <= 0) throw new RangeError('retentionDays must be a positive number of days');
    if (!Number.isFinite(retentionDays)) return 0;
    const cutoff = now.getTime() - retentionDays * 86_400_000;
    // ISO strings sort as times only in one format ("…:00Z" after "…:00.000Z"): a day's slack on the
    // index bound, and the exact comparison on parsed times below
    const bound = new Date(cutoff + 86_400_000).toISOString();
    return this.write(['history'], async (tx) => {
      let n = 0;
      for await (const cursor of tx.objectStore('history').index('read').iterate(IDBKeyRange.upperBound(bound))) {
        const v: unknown = cursor.value;
        // a damaged record has no trustworthy date: left for all() to skip, not guessed at here
        if (isHistoryRecord(v) && time(v.lastRead) < cutoff) {
          await cursor.delete();
          n++;
        }
      }
      return n;
    });
  }

  /** Every intact follow (damaged ones are left out), by key. */
  async follows(): Promise<FollowRecord[]> {
    const raw: unknown[] = await this.db.getAll('follows');
    return raw.filter(isFollowRecord);
  }

  /**
   * Follows a thread or entity. Following again only renames it: `since` and `seen` stay, so a
   * second click does not reset the unread count. Resolves with the follow as stored.
   */
  async follow(rec: FollowRecord): Promise<FollowRecord> {
    if (!isFollowRecord(rec)) throw new TypeError('not a valid follow');
    return this.write(['follows'], async (tx) => {
      const old: unknown = await tx.objectStore('follows').get(rec.key);
      const next: FollowRecord = isFollowRecord(old) ? { ...old, name: rec.name } : { ...rec };
      await tx.objectStore('follows').put(next);
      return next;
    });
  }

  /** Stops following; resolves with whether it was followed. */
  async unfollow(key: string): Promise<boolean> {
    return this.write(['follows'], async (tx) => {
      const had = (await tx.objectStore('follows').count(key)) > 0;
      await tx.objectStore('follows').delete(key);
      return had;
    });
  }

  /**
   * Records that the reader looked at a follow at `when`. Never moves `seen` back, so a slow tab
   * reporting an older look cannot resurrect unread articles. Resolves false if not followed.
   */
  async markSeen(key: string, when: string | Date = new Date()): Promise<boolean> {
    const iso = typeof when === 'string' ? when : when.toISOString();
    if (!isIso(iso)) throw new TypeError('markSeen: `when` must be an ISO time');
    return this.write(['follows'], async (tx) => {
      const old: unknown = await tx.objectStore('follows').get(key);
      if (!isFollowRecord(old)) return false;
      await tx.objectStore('follows').put({ ...old, seen: later(old.seen, iso) });
      return true;
    });
  }
}
