// fake-indexeddb's globals (IDBRequest …) for idb; each test still opens its own IDBFactory
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { AnnotationStore, canonicalUrl, DB_VERSION, fingerprint, openUserDb, type AnnotationRecord } from '../../src/storage/db';
import { describe as describeSel } from '../../src/annotate/anchor';

const TEXT = 'Anthropic accused Alibaba of distilling its Claude models on an industrial scale.';
const record = (over: Partial<AnnotationRecord> = {}): AnnotationRecord => ({
  id: 'a1', url: 'https://news.example/story', urls: ['https://news.example/story'], title: 'Story', fingerprint: fingerprint(TEXT),
  selectors: describeSel(TEXT, 18, 25), note: 'watch this', tags: ['dispute'], created: '2026-11-25T10:00:00Z', updated: '2026-11-25T10:00:00Z', ...over,
});

describe('the reader database', () => {
  it('saves, finds by URL or by the text fingerprint of a copy elsewhere, and deletes', async () => {
    const store = new AnnotationStore(await openUserDb(new IDBFactory()));
    await store.put(record());
    expect(await store.forArticle('https://news.example/story', null)).toHaveLength(1);
    expect(await store.forArticle('https://syndicated.example/copy', fingerprint(TEXT.replace('scale.', 'scale!  ')))).toHaveLength(1);
    await store.delete('a1');
    expect(await store.all()).toEqual([]);
  });

  it('data written by schema v1 opens under the current schema unchanged', async () => {
    const factory = new IDBFactory();
    const v1 = await openUserDb(factory, 1);
    await v1.put('annotations', record({ id: 'old', note: 'written by v1' }));
    v1.close();
    const db = await openUserDb(factory);
    expect(db.version).toBe(DB_VERSION);
    expect(DB_VERSION).toBe(4);
    expect(await db.get('annotations', 'old')).toEqual(record({ id: 'old', note: 'written by v1' }));
    expect([...db.objectStoreNames].sort()).toEqual(['annotations', 'entityNotes', 'follows', 'history', 'syncLinks', 'syncOutbox', 'syncRemote', 'syncRevisions']);
    expect(await db.count('history')).toBe(0);
    expect(await db.count('follows')).toBe(0);
  });

  it('data written by schema v2 (annotations and entity notes) opens under v4 unchanged, with empty history and follows', async () => {
    const factory = new IDBFactory();
    const v2 = await openUserDb(factory, 2);
    expect([...v2.objectStoreNames].sort()).toEqual(['annotations', 'entityNotes']);
    const a = [record({ id: 'x1', note: 'written by v2' }), record({ id: 'x2', url: 'https://other.example/b', urls: ['https://other.example/b'], updated: '2026-11-26T10:00:00Z' })];
    const note = { entityKey: 'qwen', name: 'Qwen', note: 'v2 note', updated: '2026-11-25T10:00:00Z' };
    for (const r of a) await v2.put('annotations', r);
    await v2.put('entityNotes', note);
    v2.close();

    const db = await openUserDb(factory);
    expect(db.version).toBe(4);
    expect(await db.getAll('annotations')).toEqual(a);
    expect(await db.getAll('entityNotes')).toEqual([note]);
    // the v1 and v2 indexes are still there and still answer
    expect((await db.getAllFromIndex('annotations', 'url', 'https://other.example/b')).map((r) => r.id)).toEqual(['x2']);
    expect(await new AnnotationStore(db).forArticle('https://news.example/story', null)).toEqual([a[0]]);
    expect([...db.objectStoreNames].sort()).toEqual(['annotations', 'entityNotes', 'follows', 'history', 'syncLinks', 'syncOutbox', 'syncRemote', 'syncRevisions']);
    expect([...db.transaction('history').store.indexNames].sort()).toEqual(['host', 'read', 'thread', 'url']);
    expect(db.transaction('history').store.index('url').unique).toBe(true);
    expect(db.transaction('history').store.keyPath).toBe('id');
    expect(db.transaction('follows').store.keyPath).toBe('key');
    expect(await db.count('history')).toBe(0);
    expect(await db.count('follows')).toBe(0);
    db.close();
    // opening again at the same version runs no step and changes nothing
    const again = await openUserDb(factory);
    expect(await again.getAll('annotations')).toEqual(a);
    expect(await again.getAll('entityNotes')).toEqual([note]);
  });

  it('data written by schema v3 (with history and follows) opens under v4 unchanged, with empty sync stores', async () => {
    const factory = new IDBFactory();
    const v3 = await openUserDb(factory, 3);
    const a = record({ id: 'v3', note: 'written by v3' });
    await v3.put('annotations', a);
    await v3.put('follows', { key: 'entity:qwen', kind: 'entity', name: 'Qwen', since: 'x', seen: 'y' });
    v3.close();
    const db = await openUserDb(factory);
    expect(db.version).toBe(4);
    expect(await db.getAll('annotations')).toEqual([a]);
    expect(await db.count('follows')).toBe(1);
    for (const s of ['syncOutbox', 'syncLinks', 'syncRevisions', 'syncRemote'] as const) expect(await db.count(s), s).toBe(0);
    expect(db.transaction('syncLinks').store.index('remoteId').unique).toBe(true);
    expect(db.transaction('syncRevisions').store.autoIncrement).toBe(true);
    db.close();
  });

  it('keeps notes on entities, and an empty note removes one', async () => {
    const store = new AnnotationStore(await openUserDb(new IDBFactory()));
    await store.setEntityNote({ entityKey: 'qwen', name: 'Qwen', note: "watch Qwen's licensing", updated: 'x' });
    expect((await store.entityNotes(['qwen', 'claude']))[0]?.note).toBe("watch Qwen's licensing");
    await store.setEntityNote({ entityKey: 'qwen', name: 'Qwen', note: '', updated: 'y' });
    expect(await store.entityNotes(['qwen'])).toEqual([undefined]);
  });

  it('a failing write is reported and leaves what was saved before', async () => {
    const factory = new IDBFactory();
    const store = new AnnotationStore(await openUserDb(factory));
    await store.put(record());
    await expect(store.put({ ...record({ id: 'bad' }), selectors: [() => 1] as never })).rejects.toThrow();
    expect((await store.all()).map((a) => a.id)).toEqual(['a1']);
    expect((await openUserDb(factory)).objectStoreNames.contains('annotations')).toBe(true);
  });
});

describe('the same story at another address', () => {
  it.each([
    ['https://www.news.example/story?utm_source=x&utm_medium=y#top', null, 'https://news.example/story'],
    ['https://amp.news.example/story/amp', null, 'https://news.example/story/'],
    ['https://m.news.example/a?id=3&fbclid=zz', null, 'https://news.example/a?id=3'],
    ['https://agg.example/x', 'https://www.news.example/story', 'https://news.example/story'],
  ])('%s → %s', (url, canonical, want) => {
    expect(canonicalUrl(url, canonical)).toBe(want);
  });
});
