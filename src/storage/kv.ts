/**
 * The small records of the extension (settings and the site list, the reader's knowledge-base
 * additions, the live-source cache) in an IndexedDB database of the extension's origin. That
 * origin's IndexedDB is read by the background and the extension's pages only: a content script
 * runs in the page's origin and has no way to it, whereas `storage.local` is open to content
 * scripts (in Firefox always; in Chrome unless restricted with `setAccessLevel`).
 *
 * Records kept by an earlier version in `storage.local` are moved on first open (copied in one
 * transaction, then removed there); a record already here wins over an old copy.
 */
import { wrap, type IDBPDatabase } from 'idb';
import type { KeyValue } from './settings';

export const KV_DB_NAME = 'ai-news-lens-kv';
const STORE = 'kv';

/** The old home of these records (`browser.storage.local`), as far as the move needs it. */
export interface LegacyArea {
  get(keys: null): Promise<Record<string, unknown>>;
  remove(keys: string[]): Promise<void>;
}

function open(factory: IDBFactory): Promise<IDBPDatabase> {
  const request = factory.open(KV_DB_NAME, 1);
  request.addEventListener('upgradeneeded', () => {
    request.result.createObjectStore(STORE);
  });
  return wrap(request) as unknown as Promise<IDBPDatabase>;
}

/** Copies every record of `legacy` that is not here yet, then empties `legacy` of them; returns how many moved. */
export async function moveFrom(db: IDBPDatabase, legacy: LegacyArea): Promise<number> {
  const old = await legacy.get(null);
  const keys = Object.keys(old);
  if (!keys.length) return 0;
  const tx = db.transaction(STORE, 'readwrite', { durability: 'strict' } as IDBTransactionOptions);
  let moved = 0;
  for (const k of keys) {
    if ((await tx.store.getKey(k)) !== undefined) continue;
    await tx.store.put(old[k], k);
    moved++;
  }
  await tx.done;
  // removed only once the copy is on disk: a failure above leaves the old records where they were
  await legacy.remove(keys);
  return moved;
}

/** The key-value seam (see settings.ts) over the extension's own IndexedDB, moving old `storage.local` records in first. */
export function createKv(factory: IDBFactory, legacy: LegacyArea | null): KeyValue {
  const ready = open(factory).then(async (db) => {
    if (legacy) {
      await moveFrom(db, legacy).catch((e: unknown) => console.warn('AI News Lens: old settings not moved yet:', e instanceof Error ? e.message : e));
    }
    return db;
  });
  return {
    get: async (key) => (await ready).get(STORE, key),
    set: async (key, value) => {
      const db = await ready;
      const tx = db.transaction(STORE, 'readwrite', { durability: 'strict' } as IDBTransactionOptions);
      await Promise.all([tx.store.put(value, key), tx.done]);
    },
  };
}
