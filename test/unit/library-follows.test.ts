// fake-indexeddb's globals (IDBRequest, IDBKeyRange …) for idb
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { describe as describeSel } from '../../src/annotate/anchor';
import { openUserDb, type AnnotationRecord, type FollowRecord, type HistoryRecord } from '../../src/storage/db';
import { HistoryStore } from '../../src/storage/history-store';
import { followedViews } from '../../src/library/follows';

const rec = (slug: string, over: Partial<HistoryRecord>): HistoryRecord => {
  const url = `https://news.example/${slug}`;
  return {
    id: slug,
    url,
    urls: [url],
    host: 'news.example',
    title: `Title of ${slug}`,
    outlet: 'Frontier Wire',
    published: null,
    read: '2026-11-01T10:00:00.000Z',
    lastRead: '2026-11-01T10:00:00.000Z',
    entities: [{ key: 'anthropic', name: 'Anthropic', type: 'company', count: 3 }],
    links: [],
    fingerprint: '',
    thread: 't-distill',
    ...over,
  };
};

// a story read over a month (in a different order than it was published), plus an unrelated article
const records = [
  rec('accuse', { published: '2026-10-19T09:15:00Z', read: '2026-11-01T10:00:00.000Z' }),
  rec('deny', { published: '2026-10-22T06:40:00Z', read: '2026-10-30T10:00:00.000Z', outlet: null }),
  rec('sue', { published: '2026-11-03T17:30:00Z', read: '2026-11-10T10:00:00.000Z' }),
  // no published date: dated by its first reading
  rec('settle', { published: null, read: '2026-11-24T12:00:00.000Z' }),
  rec('fab', { thread: 't-chips', entities: [{ key: 'tsmc', name: 'TSMC', type: 'company', count: 2 }], published: '2026-10-24T13:20:00Z', read: '2026-11-20T10:00:00.000Z' }),
  // mentions Anthropic only in passing, then not at all after a re-read: not an Anthropic article
  rec('gone', { thread: 't-other', entities: [{ key: 'anthropic', name: 'Anthropic', type: 'company', count: 0 }], read: '2026-11-25T10:00:00.000Z' }),
];
const follow = (key: string, name: string, seen: string): FollowRecord => ({ key, kind: key.startsWith('thread:') ? 'thread' : 'entity', name, since: '2026-11-02T00:00:00.000Z', seen });
const ann = (id: string, url: string, created: string, quote = 'a quote'): AnnotationRecord => ({
  id,
  url,
  urls: [url],
  title: '',
  fingerprint: '',
  selectors: describeSel(quote, 0, quote.length),
  note: `note ${id}`,
  tags: [],
  created,
  updated: created,
});
const annotations = [
  ann('on-sue', 'https://news.example/sue', '2026-11-10T10:05:00.000Z'),
  ann('on-accuse-2', 'https://news.example/accuse', '2026-11-02T10:00:00.000Z'),
  ann('on-accuse-1', 'https://news.example/accuse', '2026-11-01T10:05:00.000Z'),
  ann('on-fab', 'https://news.example/fab', '2026-11-20T10:05:00.000Z'),
  // made on an AMP address that the history knows only as one of the article's addresses
  ann('on-settle-amp', 'https://amp.news.example/settle', '2026-11-24T12:05:00.000Z'),
];
records[3]!.urls.push('https://amp.news.example/settle');

describe('followed threads and entities', () => {
  const views = followedViews([follow('entity:tsmc', 'TSMC', '2026-11-02T00:00:00.000Z'), follow('thread:t-distill', 'Anthropic – Alibaba', '2026-11-05T00:00:00.000Z')], records, annotations);
  const thread = views[0]!;
  const entity = views[1]!;

  it('a followed thread: its articles in date order with outlet and title, whatever order they were read in', () => {
    expect(thread.key).toBe('thread:t-distill');
    expect(thread.articles.map((a) => [a.title, a.outlet, a.date])).toEqual([
      ['Title of accuse', 'Frontier Wire', '2026-10-19T09:15:00Z'],
      ['Title of deny', null, '2026-10-22T06:40:00Z'],
      ['Title of sue', 'Frontier Wire', '2026-11-03T17:30:00Z'],
      ['Title of settle', 'Frontier Wire', '2026-11-24T12:00:00.000Z'],
    ]);
  });

  it('counts as unread the articles that joined after the reader last looked (by first reading, not publication)', () => {
    expect(thread.articles.map((a) => a.unread)).toEqual([false, false, true, true]);
    expect(thread.unread).toBe(2);
  });

  it("the reader's highlights in the thread's articles, matched by canonical URL or another address, in timeline order", () => {
    expect(thread.annotations.map((a) => a.id)).toEqual(['on-accuse-1', 'on-accuse-2', 'on-sue', 'on-settle-amp']);
  });

  it('a followed entity: the articles that mention it, with their highlights and unread count', () => {
    expect(entity).toMatchObject({ key: 'entity:tsmc', kind: 'entity', name: 'TSMC', unread: 1 });
    expect(entity.articles.map((a) => a.url)).toEqual(['https://news.example/fab']);
    expect(entity.annotations.map((a) => a.id)).toEqual(['on-fab']);
  });

  it('an entity mentioned no more is not counted; threads come before entities', () => {
    const v = followedViews([follow('entity:anthropic', 'Anthropic', '2026-12-01T00:00:00.000Z'), follow('thread:t-chips', 'TSMC', '2026-12-01T00:00:00.000Z')], records, []);
    expect(v.map((x) => x.key)).toEqual(['thread:t-chips', 'entity:anthropic']);
    expect(v[1]!.articles.map((a) => a.url.split('/').pop())).toEqual(['accuse', 'deny', 'sue', 'settle']);
    expect(v[1]!.unread).toBe(0);
  });

  it('a follow whose articles were forgotten stays listed, empty, so it can be unfollowed', () => {
    expect(followedViews([follow('thread:t-gone', 'Old story', '2026-11-01T00:00:00.000Z')], records, annotations)).toEqual([
      { key: 'thread:t-gone', kind: 'thread', name: 'Old story', since: '2026-11-02T00:00:00.000Z', seen: '2026-11-01T00:00:00.000Z', articles: [], unread: 0, annotations: [] },
    ]);
  });

  it('looking at a follow (markSeen) clears its unread count, and a later article counts again', async () => {
    const store = new HistoryStore(await openUserDb(new IDBFactory()));
    for (const r of records) await store.put(r);
    await store.follow(follow('thread:t-distill', 'Anthropic – Alibaba', '2026-11-05T00:00:00.000Z'));
    const now = async () => followedViews(await store.follows(), (await store.all()).records, [])[0]!;
    expect((await now()).unread).toBe(2);
    expect(await store.markSeen('thread:t-distill', '2026-11-25T00:00:00.000Z')).toBe(true);
    expect((await now()).unread).toBe(0);
    await store.put(rec('appeal', { read: '2026-11-26T08:00:00.000Z' }));
    expect((await now()).articles.filter((a) => a.unread).map((a) => a.title)).toEqual(['Title of appeal']);
  });
});
