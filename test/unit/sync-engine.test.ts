/**
 * Sync with a Hypothesis server, against the stand-in (test/support/hypothesis-fake.ts), which
 * checks every request and response by the published API: changes queue on disk and go out in
 * order, failures wait or stop as the reader would want (never lost, never retried forever),
 * conflicts keep the losing text, and a second browser pulls what the first pushed.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AnnotationStore, openUserDb, type AnnotationRecord, type UserDb } from '../../src/storage/db';
import { backoff, BACKOFF_CAP_MS, createClient, retryAfter, SyncError } from '../../src/sync/client';
import { createEngine, MAX_ATTEMPTS, type Engine } from '../../src/sync/engine';
import { ONLY_ME, REMOTE_PREFIX } from '../../src/sync/hypothesis';
import { createFakeHypothesis, type FakeHypothesis } from '../support/hypothesis-fake';

const BASE = 'https://hypothes.is';
const ME = 'acct:reader@hypothes.is';
const T0 = Date.parse('2026-12-07T10:00:00Z');
const URL1 = 'https://www.news.example/2026/chips';

let t = T0;
let server: FakeHypothesis;
const rec = (id: string, over: Partial<AnnotationRecord> = {}): AnnotationRecord => ({
  id, url: URL1, urls: [URL1], title: 'Chips', fingerprint: 'fp1',
  selectors: [{ type: 'TextQuoteSelector', exact: `quote ${id}`, prefix: 'a ', suffix: ' b' }, { type: 'TextPositionSelector', start: 10, end: 18 }],
  note: '', tags: [], created: new Date(t).toISOString(), updated: new Date(t).toISOString(), ...over,
});

interface Device { db: UserDb; store: AnnotationStore; engine: Engine; fetch: ReturnType<typeof vi.fn>; auth: string[]; schedule: number[]; on: boolean }
async function device(token = 'tok-reader-0001', group = ONLY_ME): Promise<Device> {
  const db = await openUserDb(new IDBFactory());
  const f = vi.fn(server.fetchAt(BASE));
  const dev: Device = { db, store: new AnnotationStore(db), fetch: f, auth: [], schedule: [], on: true, engine: null as never };
  dev.engine = createEngine({
    db,
    client: () => (dev.on ? createClient({ base: BASE, token, fetch: f as typeof fetch, now: () => t }) : null),
    destination: () => (dev.on ? { userid: ME, group } : null),
    now: () => t,
    schedule: (ms) => dev.schedule.push(ms),
    onAuthError: (m) => dev.auth.push(m),
  });
  return dev;
}
const save = async (d: Device, r: AnnotationRecord) => {
  await d.store.put(r);
  await d.engine.queue(r.id, 'save');
};

beforeEach(() => {
  t = T0;
  server = createFakeHypothesis({ users: [{ token: 'tok-reader-0001', userid: ME, displayName: 'Reader', groups: ['team1'] }, { token: 'tok-colleague-01', userid: 'acct:colleague@hypothes.is', displayName: 'A Colleague', groups: ['team1'] }], groups: { team1: 'Newsroom' }, now: () => t });
});
afterEach(() => {
  // every exchange of every test was by the published API
  expect(server.violations).toEqual([]);
});

describe('pushing changes', () => {
  it('a highlight with a note goes out once, and the outbox empties', async () => {
    const a = await device();
    await save(a, rec('h1', { note: 'watch this', tags: ['export'] }));
    expect((await a.engine.status()).pending).toBe(1);
    await a.engine.flush();
    expect([...server.annotations.values()]).toMatchObject([{ text: 'watch this', tags: ['export'], uri: URL1, user: ME, permissions: { read: [ME] } }]);
    expect(await a.engine.status()).toMatchObject({ pending: 0, error: null, stopped: [] });
    await a.engine.flush();
    expect(server.log.filter((l) => l.startsWith('POST'))).toHaveLength(1);
  });

  it('an edit and a deletion follow', async () => {
    const a = await device();
    await save(a, rec('h1'));
    await a.engine.flush();
    t += 60_000;
    await save(a, { ...rec('h1'), note: 'edited', updated: new Date(t).toISOString() });
    await a.engine.flush();
    expect([...server.annotations.values()][0]).toMatchObject({ text: 'edited' });
    await a.store.delete('h1');
    await a.engine.queue('h1', 'delete');
    await a.engine.flush();
    expect(server.annotations.size).toBe(0);
    expect(server.log.at(-1)).toBe('DELETE /api/annotations/fake0001Ann');
  });

  it('a highlight made and deleted before it was sent sends nothing', async () => {
    const a = await device();
    await save(a, rec('h1'));
    await a.store.delete('h1');
    await a.engine.queue('h1', 'delete');
    await a.engine.flush();
    expect(server.log).toEqual([]);
    expect((await a.engine.status()).pending).toBe(0);
  });

  it('with sync off nothing is asked of the server, and changes still wait on disk', async () => {
    const a = await device();
    a.on = false;
    await save(a, rec('h1'));
    await a.engine.flush();
    await a.engine.pull([URL1]);
    expect(a.fetch).not.toHaveBeenCalled();
    expect((await a.engine.status()).pending).toBe(1);
  });

  it('sends the token as a bearer token, never follows a redirect, never sends cookies', async () => {
    const a = await device();
    await save(a, rec('h1'));
    await a.engine.flush();
    const init = a.fetch.mock.calls[0]![1] as RequestInit;
    expect(init).toMatchObject({ redirect: 'error', credentials: 'omit', headers: { authorization: 'Bearer tok-reader-0001' } });
  });
});

describe('when the server does not take a change', () => {
  it('offline: saved and queued, backing off; sent in order when the server returns', async () => {
    const a = await device();
    const online = a.fetch.getMockImplementation()!;
    a.fetch.mockImplementation(async () => {
      throw new TypeError('Failed to fetch');
    });
    await save(a, rec('h1'));
    t += 1;
    await save(a, rec('h2'));
    await a.engine.flush();
    const st = await a.engine.status();
    expect(st).toMatchObject({ pending: 2, stopped: [], error: { kind: 'network' } });
    expect(st.error!.message).toMatch(/Could not reach hypothes\.is/);
    expect(a.schedule).toHaveLength(1);
    // not sent again before its time
    a.fetch.mockImplementation(online);
    await a.engine.flush();
    expect(server.annotations.size).toBe(0);
    t += BACKOFF_CAP_MS;
    await a.engine.flush();
    expect([...server.annotations.values()].map((x) => (x.target as { selector: { exact?: string }[] }[])[0]!.selector[0]!.exact)).toEqual(['quote h1', 'quote h2']);
    expect(await a.engine.status()).toMatchObject({ pending: 0, error: null });
  });

  it('a revoked token stops everything, says what to do, and loses nothing', async () => {
    const a = await device();
    await save(a, rec('h1'));
    await save(a, rec('h2'));
    server.revoke('tok-reader-0001');
    await a.engine.flush();
    expect(a.auth).toHaveLength(1);
    expect(a.auth[0]).toMatch(/refused the developer token.*Paste a new token.*nothing was lost/);
    expect(server.log).toEqual(['POST /api/annotations']);
    expect(await a.engine.status()).toMatchObject({ pending: 2, error: { kind: 'auth' } });
    expect((await a.store.all()).map((r) => r.id).sort()).toEqual(['h1', 'h2']);
  });

  it('429 waits as long as Retry-After says', async () => {
    const a = await device();
    await save(a, rec('h1'));
    server.answerAll({ status: 429, headers: { 'retry-after': '30' } });
    await a.engine.flush();
    expect((await a.db.get('syncOutbox', 'h1'))!.nextAt).toBe(T0 + 30_000);
    expect((await a.engine.status()).error!.message).toMatch(/slow down; trying again in 30 s/);
    server.answerAll(null);
    t += 29_000;
    await a.engine.flush();
    expect(server.annotations.size).toBe(0);
    t += 1_000;
    await a.engine.flush();
    expect(server.annotations.size).toBe(1);
  });

  it('5xx backs off, doubling up to the cap, and stops (kept, shown) after MAX_ATTEMPTS', async () => {
    const a = await device();
    await save(a, rec('h1'));
    server.answerAll({ status: 503 });
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await a.engine.flush();
      t = (await a.db.get('syncOutbox', 'h1'))!.nextAt;
    }
    const st = await a.engine.status();
    expect(st.stopped).toEqual([{ id: 'h1', op: 'create', error: expect.stringMatching(/error 503.*Gave up after 8 tries; it is kept here/) }]);
    expect(server.log).toHaveLength(MAX_ATTEMPTS);
    await a.engine.flush();
    expect(server.log).toHaveLength(MAX_ATTEMPTS);
    // the reader asks: it goes
    server.answerAll(null);
    await a.engine.retryAll();
    await a.engine.flush();
    expect(server.annotations.size).toBe(1);
  });

  it('another 4xx stops that change with the server’s reason, and the next ones still go', async () => {
    const a = await device('tok-reader-0001', 'not-my-group');
    await save(a, rec('h1'));
    await a.engine.flush();
    expect((await a.engine.status()).stopped[0]!.error).toMatch(/refused the change \(error 400\) \(the server said: “group: You may not create annotations in the specified group!”\)/);
  });

  it('an answer that is not JSON names the server as maybe not Hypothesis', async () => {
    const c = createClient({ base: BASE, token: 't', fetch: (async () => new Response('<html>', { status: 200 })) as typeof fetch });
    await expect(c.profile()).rejects.toThrow(/did not answer in JSON: is it a Hypothesis server/);
  });

  it('a request that hangs is given up after the timeout; turning sync off aborts at once', async () => {
    const hang = (async (_u: string, init: RequestInit) => new Promise((_r, reject) => init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))) as unknown as typeof fetch;
    await expect(createClient({ base: BASE, token: 't', fetch: hang, timeoutMs: 20 }).profile()).rejects.toMatchObject({ kind: 'network', message: expect.stringMatching(/No answer from hypothes\.is within 0 s/) });
    const off = new AbortController();
    const p = createClient({ base: BASE, token: 't', fetch: hang, signal: off.signal }).profile();
    off.abort();
    await expect(p).rejects.toMatchObject({ kind: 'network', message: 'Sync was turned off.' });
  });

  it('backoff doubles with jitter and is capped; Retry-After reads seconds and dates', () => {
    expect(backoff(1, () => 0.5)).toBe(2_000);
    expect(backoff(3, () => 0.5)).toBe(8_000);
    expect(backoff(30, () => 1)).toBe(BACKOFF_CAP_MS * 1.2);
    expect(retryAfter('120', T0)).toBe(120_000);
    expect(retryAfter(new Date(T0 + 5_000).toUTCString(), T0)).toBe(5_000);
    expect(retryAfter('soon', T0)).toBeNull();
    expect(retryAfter('999999', T0)).toBe(3_600_000);
    expect(new SyncError('auth', 'x').kind).toBe('auth');
  });
});

describe('conflicts, by the server’s updated time', () => {
  async function edited() {
    const a = await device();
    await save(a, rec('h1', { note: 'first' }));
    await a.engine.flush();
    return a;
  }

  it('a later edit on the server wins; ours is kept as a revision the reader can put back', async () => {
    const a = await edited();
    t += 60_000;
    await save(a, { ...rec('h1'), note: 'mine, offline', updated: new Date(t).toISOString() });
    t += 60_000;
    server.editAsElsewhere('fake0001Ann', { text: 'theirs, later' });
    await a.engine.flush();
    expect((await a.db.get('annotations', 'h1'))!.note).toBe('theirs, later');
    const revs = await a.engine.revisions();
    expect(revs).toMatchObject([{ annotationId: 'h1', note: 'mine, offline', from: 'browser' }]);
    expect(server.log.filter((l) => l.startsWith('PATCH'))).toHaveLength(0);
    // put back: the reader's text returns, the server's is kept in turn, and it is sent
    t += 60_000;
    expect(await a.engine.restoreRevision(revs[0]!.key!)).toMatchObject({ note: 'mine, offline' });
    expect((await a.engine.revisions()).map((r) => r.note)).toEqual(['theirs, later']);
    await a.engine.flush();
    expect(server.annotations.get('fake0001Ann')).toMatchObject({ text: 'mine, offline' });
  });

  it('a later edit here wins; the server’s text is kept as a revision', async () => {
    const a = await edited();
    t += 60_000;
    server.editAsElsewhere('fake0001Ann', { text: 'theirs, earlier', tags: ['x'] });
    t += 60_000;
    await save(a, { ...rec('h1'), note: 'mine, later', updated: new Date(t).toISOString() });
    await a.engine.flush();
    expect(server.annotations.get('fake0001Ann')).toMatchObject({ text: 'mine, later' });
    expect(await a.engine.revisions()).toMatchObject([{ annotationId: 'h1', note: 'theirs, earlier', tags: ['x'], from: 'server' }]);
  });

  it('an edit of one deleted on the server makes it again', async () => {
    const a = await edited();
    server.annotations.clear();
    t += 60_000;
    await save(a, { ...rec('h1'), note: 'still mine', updated: new Date(t).toISOString() });
    await a.engine.flush();
    expect([...server.annotations.values()]).toMatchObject([{ text: 'still mine' }]);
  });
});

describe('a second browser with the same token', () => {
  it('pulls the first one’s highlight with its id, note, tags and dates; an edit and a deletion travel back', async () => {
    const a = await device();
    const b = await device();
    const made = rec('h1', { note: 'from device A', tags: ['nvidia'] });
    await save(a, made);
    await a.engine.flush();
    expect(await b.engine.pull([URL1])).toEqual(['h1']);
    expect(await b.db.get('annotations', 'h1')).toEqual(made);
    // unchanged: a second pull changes nothing
    expect(await b.engine.pull([URL1])).toEqual([]);
    t += 60_000;
    await save(b, { ...made, note: 'edited on B', updated: new Date(t).toISOString() });
    await b.engine.flush();
    await a.engine.pull([URL1]);
    expect((await a.db.get('annotations', 'h1'))!.note).toBe('edited on B');
    await a.store.delete('h1');
    await a.engine.queue('h1', 'delete');
    await a.engine.flush();
    expect(await b.engine.pull([URL1])).toEqual(['h1']);
    expect(await b.db.get('annotations', 'h1')).toBeUndefined();
  });

  it('pulling everything of the reader (the library) takes highlights made in Hypothesis’s own client too', async () => {
    const b = await device();
    server.annotations.set('hyp000001', { id: 'hyp000001', created: '2026-12-06T10:00:00.000000+00:00', updated: '2026-12-06T10:00:00.000000+00:00', user: ME, uri: 'https://other.news.example/x', group: '__world__', text: 'made in the Hypothesis client', tags: [], permissions: { read: [ME] }, target: [{ source: 'https://other.news.example/x', selector: [{ type: 'TextQuoteSelector', exact: 'quoted' }] }], document: { title: ['Other'] }, links: {}, hidden: false, moderation_status: 'APPROVED', flagged: false, actions: [] });
    await b.engine.pull(null);
    expect(await b.db.get('annotations', `${REMOTE_PREFIX}hyp000001`)).toMatchObject({ note: 'made in the Hypothesis client', title: 'Other' });
  });

  it('a colleague’s highlight in the chosen group is kept apart, read only, with its author', async () => {
    const colleague = await device('tok-colleague-01', 'team1');
    await save(colleague, rec('c1', { note: 'colleague note' }));
    await colleague.engine.flush();
    const b = await device('tok-reader-0001', 'team1');
    await b.engine.pull([URL1]);
    expect(await b.db.get('annotations', 'c1')).toBeUndefined();
    expect(await b.engine.othersFor([URL1])).toMatchObject([{ user: 'acct:colleague@hypothes.is', displayName: 'A Colleague', record: { note: 'colleague note', id: `${REMOTE_PREFIX}fake0001Ann` } }]);
  });

  it('a server annotation that fails the checks is skipped with its reason, the rest are taken', async () => {
    const a = await device();
    await save(a, rec('h1'));
    await a.engine.flush();
    const bad = server.annotations.get('fake0001Ann')!;
    server.annotations.set('evil00001', { ...bad, id: 'evil00001', text: 'x'.repeat(20_001) });
    const b = await device();
    await b.engine.pull([URL1]);
    expect((await b.engine.status()).skipped).toEqual(['evil00001: text: longer than 20000 characters, or not a text']);
    expect(await b.db.get('annotations', 'h1')).toBeDefined();
  });
});
