// fake-indexeddb's globals (IDBRequest, IDBKeyRange …) for idb; each test opens its own IDBFactory
import 'fake-indexeddb/auto';
import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fingerprint, openUserDb, StorageFullError, type FollowRecord, type HistoryRecord, type UserDb } from '../../src/storage/db';
import { HistoryStore, isFollowRecord, isHistoryRecord, MAX_LINKS, toHistoryArticle } from '../../src/storage/history-store';
import { History } from '../../src/related/history';

const rec = (over: Partial<HistoryRecord> = {}): HistoryRecord => {
  const url = over.url ?? 'https://news.example/story';
  return {
    id: 'h1',
    url,
    urls: [url],
    host: new URL(url).hostname,
    title: 'Anthropic accuses Alibaba of distilling Claude',
    outlet: 'News Example',
    published: '2026-11-01T08:00:00Z',
    read: '2026-11-02T10:00:00.000Z',
    lastRead: '2026-11-02T10:00:00.000Z',
    entities: [
      { key: 'anthropic', name: 'Anthropic', type: 'org', count: 4 },
      { key: 'org:Alibaba Cloud', name: 'Alibaba Cloud', type: 'org', count: 1 },
    ],
    links: [{ href: 'https://www.reuters.com/a', text: 'Reuters reported' }],
    fingerprint: fingerprint('Anthropic accused Alibaba of distilling'),
    thread: 't-aaa',
    ...over,
  };
};

const open = async () => {
  const factory = new IDBFactory();
  const db = await openUserDb(factory);
  return { factory, db, store: new HistoryStore(db) };
};

/** Writes a value past the store's checks, as a damaged disk or a buggy build would. */
const raw = (db: UserDb, value: unknown) => db.put('history', value as HistoryRecord);

describe('reading history records', () => {
  it('stores a reading durably: another connection sees it once put() resolved', async () => {
    const { factory, store } = await open();
    const saved = await store.put(rec());
    expect(saved).toEqual(rec());
    const other = new HistoryStore(await openUserDb(factory));
    expect(await other.byUrl('https://news.example/story')).toEqual(rec());
    expect(await other.byUrl('https://news.example/other')).toBeUndefined();
  });

  it('a re-read updates the record: id, thread and first read stay; lastRead, addresses and content update', async () => {
    const { store } = await open();
    await store.put(rec());
    // a second tab's reading of the same story, with its own fresh id and a thread it guessed
    const again = rec({
      id: 'h2',
      thread: 't-bbb',
      urls: ['https://amp.news.example/story/amp'],
      title: 'Anthropic accuses Alibaba (updated)',
      read: '2026-11-09T09:00:00.000Z',
      lastRead: '2026-11-09T09:00:00.000Z',
      entities: [{ key: 'qwen', name: 'Qwen', type: 'product', count: 2 }],
    });
    const saved = await store.put(again);
    expect(saved).toMatchObject({ id: 'h1', thread: 't-aaa', read: '2026-11-02T10:00:00.000Z', lastRead: '2026-11-09T09:00:00.000Z', title: 'Anthropic accuses Alibaba (updated)' });
    expect(saved.urls).toEqual(['https://news.example/story', 'https://amp.news.example/story/amp']);
    expect(saved.entities).toEqual(again.entities);
    const { records, skipped } = await store.all();
    expect(skipped).toBe(0);
    expect(records).toEqual([saved]);
  });

  it('a late-arriving older reading never moves lastRead back', async () => {
    const { store } = await open();
    await store.put(rec({ lastRead: '2026-11-10T00:00:00.000Z' }));
    const saved = await store.put(rec({ id: 'h9', read: '2026-11-05T00:00:00.000Z', lastRead: '2026-11-05T00:00:00.000Z' }));
    expect(saved).toMatchObject({ id: 'h1', read: '2026-11-02T10:00:00.000Z', lastRead: '2026-11-10T00:00:00.000Z' });
  });

  it('the same id under a new canonical URL updates that record', async () => {
    const { store } = await open();
    await store.put(rec());
    const saved = await store.put(rec({ url: 'https://news.example/story-renamed', thread: 't-zzz', read: '2026-11-03T00:00:00.000Z', lastRead: '2026-11-03T00:00:00.000Z' }));
    expect(saved).toMatchObject({ id: 'h1', thread: 't-aaa', url: 'https://news.example/story-renamed' });
    expect((await store.all()).records).toHaveLength(1);
  });

  it('keeps stored claims when a reading brings none, and caps outbound links', async () => {
    const { store } = await open();
    await store.put(rec({ claims: [{ text: 'Alibaba distilled Claude' }] }));
    const links = Array.from({ length: 250 }, (_, i) => ({ href: `https://x.example/${i}`, text: `${i}` }));
    const saved = await store.put(rec({ id: 'h2', links }));
    expect(saved.claims).toEqual([{ text: 'Alibaba distilled Claude' }]);
    expect(saved.links).toHaveLength(MAX_LINKS);
    expect((await store.byUrl(saved.url))!.links[0]).toEqual(links[0]);
  });

  it('refuses to write a malformed record, and stores nothing', async () => {
    const { store } = await open();
    await expect(store.put({ ...rec(), read: 'yesterday' })).rejects.toThrow(TypeError);
    await expect(store.put({ ...rec(), url: 'javascript:alert(1)' })).rejects.toThrow(TypeError);
    await expect(store.put({ ...rec(), thread: '' })).rejects.toThrow(TypeError);
    expect(await store.all()).toEqual({ records: [], skipped: 0 });
  });

  it('lists records in reading order', async () => {
    const { store } = await open();
    await store.put(rec({ id: 'late', url: 'https://news.example/c', read: '2026-11-03T00:00:00Z', lastRead: '2026-11-03T00:00:00Z' }));
    await store.put(rec({ id: 'early', url: 'https://news.example/a', read: '2026-11-01T00:00:00Z', lastRead: '2026-11-04T00:00:00Z' }));
    await store.put(rec({ id: 'mid', url: 'https://news.example/b', read: '2026-11-02T00:00:00.000Z', lastRead: '2026-11-02T00:00:00.000Z' }));
    expect((await store.all()).records.map((r) => r.id)).toEqual(['early', 'mid', 'late']);
  });
});

describe('damaged history records', () => {
  const damaged: [string, unknown][] = [
    ['only an id', { id: 'd1' }],
    ['missing thread', (({ thread: _, ...r }) => r)(rec({ id: 'd2', url: 'https://news.example/d2' }))],
    ['entities a string', rec({ id: 'd3', url: 'https://news.example/d3', entities: 'garbage' as never })],
    ['read a number', rec({ id: 'd4', url: 'https://news.example/d4', read: 1_700_000_000 as never })],
    ['lastRead not a date', rec({ id: 'd5', url: 'https://news.example/d5', lastRead: 'last tuesday' })],
    ['outlet a number', rec({ id: 'd6', url: 'https://news.example/d6', outlet: 5 as never })],
    ['an entity count NaN', rec({ id: 'd7', url: 'https://news.example/d7', entities: [{ key: 'a', name: 'A', type: 'org', count: Number.NaN }] })],
    ['a link without href', rec({ id: 'd8', url: 'https://news.example/d8', links: [{ text: 'x' }] as never })],
    ['a javascript: url', rec({ id: 'd9', url: 'javascript:alert(1)' })],
    ['urls holding a number', rec({ id: 'd10', url: 'https://news.example/d10', urls: [42] as never })],
    ['claims not an array', rec({ id: 'd11', url: 'https://news.example/d11', claims: 'x' as never })],
    ['the whole record nested in a string field', { id: 'd12', url: JSON.stringify(rec()) }],
  ];

  it.each(damaged)('%s is not a history record', (_, v) => {
    expect(isHistoryRecord(v)).toBe(false);
  });

  it.each([['a string', 'garbage'], ['null', null], ['a number', 42], ['an array', [rec()]], ['undefined', undefined]])('%s is not a history record', (_, v) => {
    expect(isHistoryRecord(v)).toBe(false);
  });

  it('are skipped and counted by all(), never thrown; byUrl() does not return them', async () => {
    const { db, store } = await open();
    await store.put(rec());
    for (const [, v] of damaged) await raw(db, v);
    let result: Awaited<ReturnType<HistoryStore['all']>> | undefined;
    await expect((async () => (result = await store.all()))()).resolves.toBeDefined();
    expect(result!.records).toEqual([rec()]);
    expect(result!.skipped).toBe(damaged.length);
    expect(await store.byUrl('https://news.example/d3')).toBeUndefined();
  });

  it('a reading of a URL whose stored record is damaged replaces it', async () => {
    const { db, store } = await open();
    await raw(db, { ...rec({ id: 'broken' }), entities: 'garbage' });
    const saved = await store.put(rec({ id: 'fresh' }));
    expect(saved.id).toBe('fresh');
    expect(await store.all()).toEqual({ records: [saved], skipped: 0 });
  });
});

describe('forgetting', () => {
  const site = (id: string, url: string, over: Partial<HistoryRecord> = {}) => rec({ id, url, urls: [url], host: new URL(url).hostname, ...over });

  it("forgetSite removes that site's readings only, including stories merely read there", async () => {
    const { db, store } = await open();
    await store.put(site('a1', 'https://a.example/1'));
    await store.put(site('a2', 'https://a.example/2'));
    await store.put(site('b1', 'https://b.example/1'));
    await store.put(site('sub', 'https://blog.a.example/1'));
    // a story whose canonical address is on c.example, read as a syndicated copy on a.example
    await store.put(site('c1', 'https://c.example/1', { urls: ['https://c.example/1', 'https://a.example/syndicated/c1'] }));
    await raw(db, { id: 'dmg', host: 'a.example', title: 7 });
    expect(await store.forgetSite('www.A.example')).toBe(4);
    expect((await store.all()).records.map((r) => r.id).sort()).toEqual(['b1', 'sub']);
    expect((await store.all()).skipped).toBe(0);
    expect(await store.forgetSite('nowhere.example')).toBe(0);
  });

  it('forgetAll removes every record and the thread follows, and keeps entity follows', async () => {
    const { db, store } = await open();
    await store.put(rec());
    await store.put(rec({ id: 'h2', url: 'https://news.example/2' }));
    await raw(db, { id: 'dmg' });
    await store.follow(follow('thread:t-aaa'));
    await store.follow(follow('entity:anthropic'));
    expect(await store.forgetAll()).toBe(3);
    expect(await store.all()).toEqual({ records: [], skipped: 0 });
    expect((await store.follows()).map((f) => f.key)).toEqual(['entity:anthropic']);
  });

  it('prune deletes records last read before the retention period, by lastRead not first read', async () => {
    const { db, store } = await open();
    const now = new Date('2026-12-01T00:00:00.000Z');
    await store.put(rec({ id: 'old', url: 'https://n.example/old', read: '2026-09-01T00:00:00Z', lastRead: '2026-10-01T00:00:00Z' }));
    await store.put(rec({ id: 'reread', url: 'https://n.example/reread', read: '2026-09-01T00:00:00Z', lastRead: '2026-11-20T00:00:00Z' }));
    await store.put(rec({ id: 'recent', url: 'https://n.example/recent', read: '2026-11-25T00:00:00Z', lastRead: '2026-11-25T00:00:00Z' }));
    // just past / just inside the 30-day boundary, in both ISO spellings
    await store.put(rec({ id: 'edge-out', url: 'https://n.example/eo', read: '2026-10-31T23:59:59Z', lastRead: '2026-10-31T23:59:59Z' }));
    await store.put(rec({ id: 'edge-in', url: 'https://n.example/ei', read: '2026-11-01T00:00:00Z', lastRead: '2026-11-01T00:00:00Z' }));
    await raw(db, { id: 'dmg', read: '2020-01-01T00:00:00Z' });
    expect(await store.prune(30, now)).toBe(2);
    const { records, skipped } = await store.all();
    expect(records.map((r) => r.id).sort()).toEqual(['edge-in', 'recent', 'reread']);
    expect(skipped).toBe(1);
    expect(await store.prune(Number.POSITIVE_INFINITY, now)).toBe(0);
    await expect(store.prune(0, now)).rejects.toThrow(RangeError);
    await expect(store.prune(Number.NaN, now)).rejects.toThrow(RangeError);
  });
});

const follow = (key: string, over: Partial<FollowRecord> = {}): FollowRecord => ({
  key,
  kind: key.startsWith('thread:') ? 'thread' : 'entity',
  name: key.slice(key.indexOf(':') + 1),
  since: '2026-11-01T00:00:00.000Z',
  seen: '2026-11-01T00:00:00.000Z',
  ...over,
});

describe('follows', () => {
  it('follow, list, follow again (a rename), mark seen, unfollow', async () => {
    const { store } = await open();
    await store.follow(follow('thread:t-aaa', { name: 'Anthropic – Alibaba' }));
    await store.follow(follow('entity:anthropic', { name: 'Anthropic' }));
    expect((await store.follows()).map((f) => f.key)).toEqual(['entity:anthropic', 'thread:t-aaa']);

    // following again renames it but does not reset since/seen (the unread count)
    const again = await store.follow(follow('thread:t-aaa', { name: 'Distillation dispute', since: '2026-11-20T00:00:00Z', seen: '2026-11-20T00:00:00Z' }));
    expect(again).toEqual(follow('thread:t-aaa', { name: 'Distillation dispute' }));

    expect(await store.markSeen('thread:t-aaa', new Date('2026-11-15T00:00:00Z'))).toBe(true);
    // an older look reported late does not move it back
    expect(await store.markSeen('thread:t-aaa', '2026-11-10T00:00:00Z')).toBe(true);
    expect((await store.follows()).find((f) => f.key === 'thread:t-aaa')!.seen).toBe('2026-11-15T00:00:00.000Z');
    expect(await store.markSeen('thread:nope', new Date())).toBe(false);
    await expect(store.markSeen('thread:t-aaa', 'soon')).rejects.toThrow(TypeError);

    expect(await store.unfollow('thread:t-aaa')).toBe(true);
    expect(await store.unfollow('thread:t-aaa')).toBe(false);
    expect((await store.follows()).map((f) => f.key)).toEqual(['entity:anthropic']);
  });

  it('refuses malformed follows and skips damaged stored ones', async () => {
    const { db, store } = await open();
    await expect(store.follow(follow('thread:t-1', { kind: 'entity' }))).rejects.toThrow(TypeError);
    await expect(store.follow(follow('thread:'))).rejects.toThrow(TypeError);
    await expect(store.follow(follow('entity:x', { since: 'now' }))).rejects.toThrow(TypeError);
    expect(isFollowRecord('entity:x')).toBe(false);
    await store.follow(follow('entity:x'));
    await db.put('follows', { key: 'entity:y', kind: 'entity' } as FollowRecord);
    expect((await store.follows()).map((f) => f.key)).toEqual(['entity:x']);
  });
});

describe('when the browser is out of space', () => {
  afterEach(() => vi.restoreAllMocks());

  it('a write fails with StorageFullError and leaves what was saved before', async () => {
    const { store } = await open();
    await store.put(rec());
    await store.follow(follow('entity:a'));
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('quota', 'QuotaExceededError');
    });
    await expect(store.put(rec({ id: 'h2', url: 'https://news.example/2' }))).rejects.toBeInstanceOf(StorageFullError);
    await expect(store.follow(follow('entity:b'))).rejects.toBeInstanceOf(StorageFullError);
    await expect(store.markSeen('entity:a', '2026-12-01T00:00:00Z')).rejects.toBeInstanceOf(StorageFullError);
    vi.restoreAllMocks();
    expect((await store.all()).records).toEqual([rec()]);
    expect(await store.follows()).toEqual([follow('entity:a')]);
  });
});

describe('a write that fails half-way', () => {
  afterEach(() => vi.restoreAllMocks());

  it('forgetSite deletes all of the site or, on an error, nothing', async () => {
    const { store } = await open();
    for (const i of [1, 2, 3]) await store.put(rec({ id: `a${i}`, url: `https://a.example/${i}`, host: 'a.example' }));
    const del = IDBCursor.prototype.delete;
    let calls = 0;
    vi.spyOn(IDBCursor.prototype, 'delete').mockImplementation(function (this: IDBCursor) {
      if (++calls === 2) throw new DOMException('disk went away', 'UnknownError');
      return del.call(this);
    });
    await expect(store.forgetSite('a.example')).rejects.toThrow('disk went away');
    vi.restoreAllMocks();
    expect((await store.all()).records).toHaveLength(3);
  });
});

describe('history rebuilt from storage', () => {
  it('replaying stored records into a new History gives the same threads under the same ids', async () => {
    const { factory, store } = await open();
    const original = new History();
    const days = ['01', '02', '05', '06', '10', '20'];
    const keys = [
      ['anthropic', 'alibaba', 'claude', 'qwen', 'distillation'],
      ['nvidia', 'bis', 'commerce', 'huawei', 'export-controls'],
      ['alibaba', 'anthropic', 'qwen', 'reuters'],
      ['met-office', 'coast-road'],
      ['nvidia', 'bis', 'china-sales', 'huawei'],
      ['anthropic', 'alibaba', 'distillation', 'commerce', 'claude'],
    ];
    for (const [i, ks] of keys.entries()) {
      const when = `2026-11-${days[i]}T09:00:00.000Z`;
      const r = rec({ id: `r${i}`, url: `https://news.example/${i}`, published: when, read: when, lastRead: when, entities: ks.map((k) => ({ key: k, name: k, type: 'org', count: 2 })), thread: 'pending' });
      const a = toHistoryArticle(r);
      original.add(a);
      await store.put({ ...r, thread: original.assign(a).id });
    }

    const reloaded = new History();
    const { records } = await new HistoryStore(await openUserDb(factory)).all();
    for (const r of records) reloaded.restore(toHistoryArticle(r), r.thread);
    expect([...reloaded.threads.keys()].sort()).toEqual([...original.threads.keys()].sort());
    for (const r of records) {
      expect(reloaded.thread(r.id)!.articles).toEqual(original.thread(r.id)!.articles);
      expect(reloaded.thread(r.id)!.name).toBe(original.thread(r.id)!.name);
    }
    expect(original.thread('r5')!.articles).toEqual(['r0', 'r2', 'r5']);
  });
});
