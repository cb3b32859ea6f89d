/**
 * The reader's own data in IndexedDB, in the extension's origin (background and extension pages,
 * never the page's): annotations, notes on entities, the reading history and what the reader
 * follows (v3; its store is in history-store.ts), and what sync to Hypothesis keeps (v4; its stores
 * are in src/sync/store.ts). Versioned schema: `upgrade` runs each
 * step from the stored version to the current one, so data written by any earlier version opens
 * unchanged. A write resolves only when its transaction has committed (durable), so the UI
 * acknowledges nothing that could still be lost. idb wraps IndexedDB's events in promises; that is
 * all it does, which is why it is used rather than a bigger database layer.
 */
import { wrap, type DBSchema, type IDBPDatabase } from 'idb';
import type { Selector } from '../annotate/anchor';

export const DB_NAME = 'ai-news-lens';
export const DB_VERSION = 4;

export interface AnnotationRecord {
  id: string;
  /** Canonical URL of the article (its <link rel=canonical>, else the URL without tracking parameters). */
  url: string;
  /** Every URL it was seen under (AMP, syndicated copies …). */
  urls: string[];
  title: string;
  /** Short hash of the article text, to find the same story at another address. */
  fingerprint: string;
  selectors: Selector[];
  /** Plain text or Markdown, the reader's own. */
  note: string;
  tags: string[];
  created: string;
  updated: string;
}

/** v2: a note the reader attaches to an entity, shown on every article that mentions it. */
export interface EntityNoteRecord {
  /** Knowledge-base id, or `type:name` for an entity the knowledge base does not hold. */
  entityKey: string;
  name: string;
  note: string;
  updated: string;
}

/** v3: one article the reader read. One record per canonical URL: reading it again updates it. */
export interface HistoryRecord {
  /** Stable for the record's life (a random id); a re-read keeps it. */
  id: string;
  /** Canonical URL (see canonicalUrl); unique in the store. */
  url: string;
  /** Every URL it was read under. */
  urls: string[];
  /** Host of the canonical URL, for "forget this site". */
  host: string;
  title: string;
  outlet: string | null;
  /** ISO date the article gives, if it gives one. */
  published: string | null;
  /** ISO time of the first reading; a re-read keeps it. */
  read: string;
  /** ISO time of the latest reading; retention counts from here. */
  lastRead: string;
  /** key: knowledge-base id, or `type:name` for an entity the knowledge base does not hold. */
  entities: { key: string; name: string; type: string; count: number }[];
  /** Outbound links of the article (capped when stored). */
  links: { href: string; text: string }[];
  /** fingerprint() of the article text. */
  fingerprint: string;
  /** Story thread id (History's), fixed when first read so follows and timelines survive reloads. */
  thread: string;
  /** Reserved for extracted claims (a later version); stored as given. */
  claims?: unknown[];
}

/** v3: a story thread or an entity the reader follows. */
export interface FollowRecord {
  /** `thread:<thread id>` or `entity:<entity key>`. */
  key: string;
  kind: 'thread' | 'entity';
  name: string;
  /** ISO time the reader started following. */
  since: string;
  /** ISO time the reader last looked; newer articles count as unread. */
  seen: string;
}

/** v4: a change to send to the sync server, one per annotation (a later change replaces an earlier one). */
export interface OutboxRecord {
  /** The annotation's id (ours). */
  id: string;
  op: 'create' | 'update' | 'delete';
  /** Grows with each change of the annotation: a send finished while a newer change arrived does not remove it. */
  rev: number;
  /** ISO time the change was made (the first of those it stands for). */
  queued: string;
  /** Sends tried so far; the delay before the next grows with it. */
  attempts: number;
  /** Epoch ms before which it is not sent again. */
  nextAt: number;
  /** The last failure, in words, or null. */
  error: string | null;
  /** Given up (a refusal that sending again cannot fix, or too many tries): kept, shown, sent again only when the reader asks. */
  stopped: boolean;
}

/** v4: which server annotation one of ours is, and its server `updated` when we last agreed with it. */
export interface SyncLinkRecord {
  id: string;
  remoteId: string;
  serverUpdated: string;
  group: string;
}

/** v4: a text that lost a conflict, kept so the reader can put it back. */
export interface RevisionRecord {
  key?: number;
  annotationId: string;
  note: string;
  tags: string[];
  /** Where the losing text was: this browser or the server. */
  from: 'browser' | 'server';
  /** ISO time the losing text was written. */
  written: string;
  /** ISO time it was set aside. */
  kept: string;
}

/** v4: another member's annotation in the chosen group, pulled for a page (read only; shown with its author). */
export interface RemoteRecord {
  /** The server's id. */
  id: string;
  url: string;
  record: AnnotationRecord;
  user: string;
  displayName: string | null;
  group: string;
  serverUpdated: string;
}

interface Schema extends DBSchema {
  annotations: { key: string; value: AnnotationRecord; indexes: { url: string; fingerprint: string; updated: string } };
  entityNotes: { key: string; value: EntityNoteRecord };
  history: { key: string; value: HistoryRecord; indexes: { url: string; host: string; read: string; thread: string } };
  follows: { key: string; value: FollowRecord };
  syncOutbox: { key: string; value: OutboxRecord };
  syncLinks: { key: string; value: SyncLinkRecord; indexes: { remoteId: string } };
  syncRevisions: { key: number; value: RevisionRecord; indexes: { annotationId: string } };
  syncRemote: { key: string; value: RemoteRecord; indexes: { url: string } };
}

/** One step per version: `steps[n]` takes the database from version n to n + 1. */
const steps: Record<number, (db: IDBPDatabase<Schema>) => void> = {
  0: (db) => {
    const s = db.createObjectStore('annotations', { keyPath: 'id' });
    s.createIndex('url', 'url');
    s.createIndex('fingerprint', 'fingerprint');
    s.createIndex('updated', 'updated');
  },
  1: (db) => {
    db.createObjectStore('entityNotes', { keyPath: 'entityKey' });
  },
  2: (db) => {
    const h = db.createObjectStore('history', { keyPath: 'id' });
    // unique: two tabs reading the same story at once must end in one record, not two
    h.createIndex('url', 'url', { unique: true });
    h.createIndex('host', 'host');
    h.createIndex('read', 'read');
    h.createIndex('thread', 'thread');
    db.createObjectStore('follows', { keyPath: 'key' });
  },
  3: (db) => {
    db.createObjectStore('syncOutbox', { keyPath: 'id' });
    db.createObjectStore('syncLinks', { keyPath: 'id' }).createIndex('remoteId', 'remoteId', { unique: true });
    db.createObjectStore('syncRevisions', { keyPath: 'key', autoIncrement: true }).createIndex('annotationId', 'annotationId');
    db.createObjectStore('syncRemote', { keyPath: 'id' }).createIndex('url', 'url');
  },
};

export type UserDb = IDBPDatabase<Schema>;
export type { Schema as UserSchema };

/** Opens (creating or upgrading) the database; `factory` is the browser's indexedDB or a test's. */
export function openUserDb(factory: IDBFactory, version = DB_VERSION): Promise<UserDb> {
  const request = factory.open(DB_NAME, version);
  request.addEventListener('upgradeneeded', (ev) => {
    const db = wrap(request.result) as unknown as UserDb;
    for (let v = ev.oldVersion; v < version; v++) steps[v]?.(db);
  });
  return wrap(request) as unknown as Promise<UserDb>;
}

/** Thrown with a message a reader can act on when the browser refuses to store more. */
export class StorageFullError extends Error {
  constructor() {
    super('Your browser has no room left for AI News Lens data. Free some space (or export and delete old annotations); nothing already saved was lost.');
  }
}

/** The browser's quota refusal as a StorageFullError; any other error as it is. */
export function storageError(e: unknown): unknown {
  return e instanceof DOMException && e.name === 'QuotaExceededError' ? new StorageFullError() : e;
}

const durable = async <T>(work: Promise<T>): Promise<T> => {
  try {
    return await work;
  } catch (e) {
    throw storageError(e);
  }
};

export class AnnotationStore {
  constructor(private readonly db: UserDb) {}

  /** Saves an annotation; resolves after the transaction committed. */
  async put(a: AnnotationRecord): Promise<AnnotationRecord> {
    const tx = this.db.transaction('annotations', 'readwrite', { durability: 'strict' } as IDBTransactionOptions);
    await durable(Promise.all([tx.store.put(a), tx.done]));
    return a;
  }

  /** Saves a new annotation unless one with its id is stored already; true when this call stored it. */
  async add(a: AnnotationRecord): Promise<boolean> {
    const tx = this.db.transaction('annotations', 'readwrite', { durability: 'strict' } as IDBTransactionOptions);
    if (await tx.store.get(a.id)) {
      await tx.done;
      return false;
    }
    await durable(Promise.all([tx.store.add(a), tx.done]));
    return true;
  }

  get(id: string): Promise<AnnotationRecord | undefined> {
    return this.db.get('annotations', id);
  }

  /** Several records in one transaction: all are stored, or (on any failure) none. */
  async putAll(list: AnnotationRecord[]): Promise<void> {
    const tx = this.db.transaction('annotations', 'readwrite', { durability: 'strict' } as IDBTransactionOptions);
    await durable(Promise.all([...list.map((a) => tx.store.put(a)), tx.done]));
  }

  allEntityNotes(): Promise<EntityNoteRecord[]> {
    return this.db.getAll('entityNotes');
  }

  /**
   * Replaces the reader's data in one transaction (a backup restore): all or nothing. Annotations
   * and entity notes always; the reading history and follows too when `reading` is given, else they
   * are left as they are (an older backup has none).
   */
  async replaceAll(annotations: AnnotationRecord[], notes: EntityNoteRecord[], reading: { history: HistoryRecord[]; follows: FollowRecord[] } | null = null): Promise<void> {
    type Name = 'annotations' | 'entityNotes' | 'history' | 'follows';
    const names: Name[] = reading ? ['annotations', 'entityNotes', 'history', 'follows'] : ['annotations', 'entityNotes'];
    const tx = this.db.transaction(names, 'readwrite', { durability: 'strict' } as IDBTransactionOptions);
    // settles as the transaction does; awaited below, and never an unhandled rejection after an abort
    const done = tx.done.then(
      () => null,
      (e: unknown) => e ?? new Error('the restore was not saved'),
    );
    const work: Promise<unknown>[] = [];
    try {
      // each request is kept as it is made, so none is left unawaited if a later one throws
      const replace = <T>(store: { clear(): Promise<unknown>; put(v: T): Promise<unknown> }, list: T[]) => {
        work.push(store.clear());
        for (const x of list) work.push(store.put(x));
      };
      replace(tx.objectStore('annotations'), annotations);
      replace(tx.objectStore('entityNotes'), notes);
      if (reading) {
        replace(tx.objectStore('history'), reading.history);
        replace(tx.objectStore('follows'), reading.follows);
      }
      await Promise.all(work);
    } catch (e) {
      // a put can throw at once (a record without its key) after others were queued: undo them all
      try {
        tx.abort();
      } catch {
        // already aborted by the failed request
      }
      await Promise.allSettled(work);
      await done;
      throw storageError(e);
    }
    const failed = await done;
    if (failed) throw storageError(failed);
  }

  async delete(id: string): Promise<void> {
    const tx = this.db.transaction('annotations', 'readwrite', { durability: 'strict' } as IDBTransactionOptions);
    await durable(Promise.all([tx.store.delete(id), tx.done]));
  }

  /** The annotations of one story: by its canonical URL, any URL it was seen under, or its text's fingerprint. */
  async forArticle(url: string, fingerprint: string | null): Promise<AnnotationRecord[]> {
    const byUrl = await this.db.getAllFromIndex('annotations', 'url', url);
    const byPrint = fingerprint ? await this.db.getAllFromIndex('annotations', 'fingerprint', fingerprint) : [];
    const seen = new Map<string, AnnotationRecord>();
    for (const a of [...byUrl, ...byPrint]) seen.set(a.id, a);
    return [...seen.values()];
  }

  all(): Promise<AnnotationRecord[]> {
    return this.db.getAllFromIndex('annotations', 'updated');
  }

  async setEntityNote(n: EntityNoteRecord): Promise<void> {
    const tx = this.db.transaction('entityNotes', 'readwrite', { durability: 'strict' } as IDBTransactionOptions);
    await durable(Promise.all([n.note ? tx.store.put(n) : tx.store.delete(n.entityKey), tx.done]));
  }

  entityNotes(keys: string[]): Promise<(EntityNoteRecord | undefined)[]> {
    return Promise.all(keys.map((k) => this.db.get('entityNotes', k)));
  }
}

export { canonicalUrl, fingerprint } from '../annotate/identity';
