// fake-indexeddb's globals (IDBRequest, IDBKeyRange …) for idb
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { KB_ENTITIES } from '../../src/kb/index';
import { BACKUP_FORMAT, checkBackup, makeBackup, type BackupParts, type ReadingParts } from '../../src/storage/backup';
import { emptyUserKb } from '../../src/kb/user';
import { describe as describeSel } from '../../src/annotate/anchor';
import { migrate } from '../../src/storage/settings';
import { AnnotationStore, openUserDb, type HistoryRecord } from '../../src/storage/db';
import { HistoryStore, toHistoryArticle } from '../../src/storage/history-store';
import { History } from '../../src/related/history';

const shipped = new Set(KB_ENTITIES.map((e) => e.id));
const TEXT = 'Anthropic accused Alibaba of distilling its Claude models.';
const article = (slug: string, over: Partial<HistoryRecord> = {}): HistoryRecord => ({
  id: `h-${slug}`,
  url: `https://news.example/${slug}`,
  urls: [`https://news.example/${slug}`, `https://amp.news.example/${slug}/amp`],
  host: 'news.example',
  title: `Story ${slug}`,
  outlet: 'Frontier Wire',
  published: '2026-10-19T09:15:00.000Z',
  read: '2026-11-01T10:00:00.000Z',
  lastRead: '2026-11-03T10:00:00.000Z',
  entities: [
    { key: 'anthropic', name: 'Anthropic', type: 'company', count: 4 },
    { key: 'org:Alibaba Cloud', name: 'Alibaba Cloud', type: 'organization', count: 1 },
  ],
  links: [{ href: 'https://www.reuters.com/a', text: 'Reuters reported' }],
  fingerprint: 'abc123',
  thread: 't-0a1b2c3d4e5f6a7b8c',
  claims: [{ kind: 'accused', actor: 'anthropic', actorName: 'Anthropic', target: 'alibaba', targetName: 'Alibaba', sentence: TEXT }],
  ...over,
});
const reading: ReadingParts = {
  history: [article('accuse'), article('deny', { id: 'h-deny', published: null, read: '2026-11-02T10:00:00.000Z', lastRead: '2026-11-02T10:00:00.000Z', claims: undefined })],
  follows: [
    { key: 'thread:t-0a1b2c3d4e5f6a7b8c', kind: 'thread', name: 'Anthropic – Alibaba', since: '2026-11-01T11:00:00.000Z', seen: '2026-11-01T12:00:00.000Z' },
    { key: 'entity:org:Alibaba Cloud', kind: 'entity', name: 'Alibaba Cloud', since: '2026-11-01T11:00:00.000Z', seen: '2026-11-02T12:00:00.000Z' },
  ],
};
// the JSON round trip drops `claims: undefined`, as the database would
delete reading.history[1]!.claims;
const parts = {
  settings: migrate({ version: 2, sites: { 'news.example': { collapsed: true, enabled: true, side: 'left', width: 400 } }, prefs: { marks: 'all' } }),
  knowledge: { ...emptyUserKb(), aliases: [{ entityId: 'qwen', text: 'Tongyi' }], hidden: ['reuters'] },
  annotations: [
    { id: '5f0c1f55-2a35-4f4b-9f59-0d7e6c2b9a11', url: 'https://news.example/a', urls: ['https://news.example/a'], title: 'A', fingerprint: 'x1', selectors: describeSel(TEXT, 18, 25), note: 'n', tags: ['t'], created: '2026-11-25T10:00:00.000Z', updated: '2026-11-25T10:00:00.000Z' },
  ],
  entityNotes: [{ entityKey: 'qwen', name: 'Qwen', note: "watch Qwen's licensing", updated: '2026-11-25T10:00:00.000Z' }],
  reading,
} satisfies BackupParts;
const file = () => JSON.parse(JSON.stringify(makeBackup(parts))) as Record<string, unknown>;

describe('full backup', () => {
  it('round-trips everything the reader made, reading history and follows included', () => {
    expect(checkBackup(file(), shipped)).toEqual({ ok: true, value: parts });
  });

  it('a version 1 backup (before history was backed up) still restores, and says it has no history', () => {
    const old: Record<string, unknown> = { ...file(), version: 1 };
    delete old.history;
    delete old.follows;
    expect(checkBackup(old, shipped)).toEqual({ ok: true, value: { ...parts, reading: null } });
  });

  it.each([
    [{}, 'not an AI News Lens backup'],
    [{ format: BACKUP_FORMAT, version: 3 }, 'version: must be 1 or 2'],
    [{ ...file(), knowledge: { version: 1, hidden: ['nope'] } }, 'knowledge: hidden[0]'],
    [{ ...file(), annotations: { items: [{ type: 'Annotation', id: 'x', created: 'never' }] } }, 'annotations: items[0].created'],
    [{ ...file(), entityNotes: [{ entityKey: 1 }] }, 'entityNotes[0]'],
    // a version 2 file must carry its history: a missing one is a damaged file, not an old one
    [{ ...file(), history: undefined }, 'history: must be a list'],
    [{ ...file(), history: [reading.history[0], 'x'] }, 'history[1] must be an object'],
    [{ ...file(), history: [reading.history[0], { ...reading.history[1], published: 'last Tuesday' }] }, 'history[1].published: must be an ISO date or null'],
    [{ ...file(), history: [{ ...reading.history[0], url: 'javascript:alert(1)' }] }, 'history[0].url: must be an http(s) address'],
    [{ ...file(), history: [{ ...reading.history[0], urls: ['https://a.example/', 'ftp://b.example/'] }] }, 'history[0].urls[1]: must be an http(s) address'],
    [{ ...file(), history: [{ ...reading.history[0], entities: [{ key: 'x', name: 'X', type: 'company', count: -1 }] }] }, 'history[0].entities[0]: needs a key, a name, a type and a count'],
    [{ ...file(), history: [{ ...reading.history[0], thread: '' }] }, 'history[0].thread'],
    [{ ...file(), history: [reading.history[0], { ...reading.history[1], id: reading.history[0]!.id }] }, 'history[1].id: the same as history[0]'],
    [{ ...file(), history: [reading.history[0], { ...reading.history[1], url: reading.history[0]!.url }] }, 'history[1].url: the same article as history[0]'],
    [{ ...file(), follows: 'all of them' }, 'follows: must be a list'],
    [{ ...file(), follows: [{ ...reading.follows[0], kind: 'story' }] }, 'follows[0].kind'],
    [{ ...file(), follows: [{ ...reading.follows[0], key: 'entity:anthropic' }] }, 'follows[0].key: must be "thread:" and an id'],
    [{ ...file(), follows: [reading.follows[0], { ...reading.follows[1], seen: '' }] }, 'follows[1].seen: must be an ISO date'],
    [{ ...file(), follows: [reading.follows[0], reading.follows[0]] }, 'follows[1].key: the same as follows[0]'],
  ])('refuses a broken file, naming the part and the first problem: %#', (data, problem) => {
    const r = checkBackup(JSON.parse(JSON.stringify(data)), shipped);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(problem);
  });
});

describe('restoring a backup into the database', () => {
  const fill = async () => {
    const db = await openUserDb(new IDBFactory());
    const annotations = new AnnotationStore(db);
    const history = new HistoryStore(db);
    await history.put(article('other', { id: 'h-other', thread: 't-other' }));
    await history.follow({ key: 'thread:t-other', kind: 'thread', name: 'Other', since: '2026-11-05T00:00:00.000Z', seen: '2026-11-05T00:00:00.000Z' });
    return { db, annotations, history };
  };

  it('replaces the history and follows with the backup’s, losslessly: the same records, threads and unread state', async () => {
    const { annotations, history } = await fill();
    const checked = checkBackup(file(), shipped);
    if (!checked.ok) throw new Error(checked.error);
    await annotations.replaceAll(checked.value.annotations, checked.value.entityNotes, checked.value.reading);
    expect((await history.all()).records).toEqual(reading.history);
    expect(await history.follows()).toEqual([...reading.follows].sort((a, b) => (a.key < b.key ? -1 : 1)));
    expect(await annotations.all()).toEqual(parts.annotations);
    // the story thread rebuilt from the restored records is the one the follow names
    const index = new History();
    for (const r of (await history.all()).records) index.restore(toHistoryArticle(r), r.thread);
    expect(index.threadArticles('t-0a1b2c3d4e5f6a7b8c').map((a) => a.id)).toEqual(['h-accuse', 'h-deny']);
  });

  it('an older backup leaves the reading history and follows as they are', async () => {
    const { annotations, history } = await fill();
    const before = { records: (await history.all()).records, follows: await history.follows() };
    await annotations.replaceAll(parts.annotations, parts.entityNotes, null);
    expect({ records: (await history.all()).records, follows: await history.follows() }).toEqual(before);
    expect(await annotations.all()).toEqual(parts.annotations);
  });

  it('all or nothing: a write failing half-way leaves every store as it was', async () => {
    const { db, annotations, history } = await fill();
    const before = { records: (await history.all()).records, follows: await history.follows(), annotations: await annotations.all() };
    // passed the check, but the database refuses it (a record without its key), after other puts went through
    const bad = { history: [...reading.history, { ...reading.history[0]!, id: undefined } as unknown as HistoryRecord], follows: reading.follows };
    await expect(annotations.replaceAll(parts.annotations, parts.entityNotes, bad)).rejects.toThrow();
    expect({ records: (await history.all()).records, follows: await history.follows(), annotations: await annotations.all() }).toEqual(before);
    db.close();
  });
});
