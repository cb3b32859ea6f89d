// fake-indexeddb's globals (IDBRequest …) for idb; each test still opens its own IDBFactory
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { AnnotationStore, canonicalUrl, fingerprint, openUserDb, type AnnotationRecord } from '../../src/storage/db';
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
    expect(db.version).toBe(2);
    expect(await db.get('annotations', 'old')).toEqual(record({ id: 'old', note: 'written by v1' }));
    expect([...db.objectStoreNames].sort()).toEqual(['annotations', 'entityNotes']);
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
