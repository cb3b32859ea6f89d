/**
 * The background's sync service (extension/background/sync.ts) with the checked stand-in: the
 * token goes in and never comes back out, turning on sends what was kept, turning off stops every
 * request at once and removes the server copies only when asked.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ONLY_ME } from '../../src/sync/hypothesis';
import { ALARM_MIN_MS, createSync, SYNC_KEY, withSync, type Wake } from '../../extension/background/sync';
import { createAnnotations } from '../../extension/background/annotations';
import { createFakeHypothesis, type FakeHypothesis } from '../support/hypothesis-fake';

const BASE = 'https://hypothes.is';
const TOKEN = '6879-unitTestTokenAbc';
let server: FakeHypothesis;
let kv: Map<string, unknown>;
beforeEach(() => {
  server = createFakeHypothesis({ users: [{ token: TOKEN, userid: 'acct:reader@hypothes.is', displayName: 'Reader', groups: ['team1'] }], groups: { team1: 'Newsroom' } });
  kv = new Map();
});
afterEach(() => expect(server.violations).toEqual([]));

function setup(fetchImpl?: typeof fetch, wake?: Wake) {
  const factory = new IDBFactory();
  const changedTabs: number[] = [];
  const sync = createSync({ factory, kv: { get: async (k) => kv.get(k), set: async (k, v) => void kv.set(k, v) }, fetch: fetchImpl ?? server.fetchAt(BASE), pageChanged: (t) => changedTabs.push(t), wake });
  const annotations = withSync(createAnnotations(factory), sync);
  return { sync, annotations, changedTabs };
}
const draft = { url: 'https://www.news.example/a', canonical: null, title: 'A', fingerprint: 'fp', selectors: [{ type: 'TextQuoteSelector' as const, exact: 'some quote', prefix: '', suffix: '' }] };

describe('the background sync service', () => {
  it('keeps the token in its own record and never answers with it', async () => {
    const { sync } = setup();
    const r = await sync.connect(BASE, TOKEN);
    expect(r).toMatchObject({ ok: true, view: { hasToken: true, userid: 'acct:reader@hypothes.is', displayName: 'Reader', groups: [{ id: 'team1', name: 'Newsroom' }], on: false } });
    expect(JSON.stringify(r)).not.toContain(TOKEN);
    expect(JSON.stringify(await sync.view())).not.toContain(TOKEN);
    expect((kv.get(SYNC_KEY) as { token: string }).token).toBe(TOKEN);
  });

  it('a wrong token is refused with what to do, and nothing is kept', async () => {
    const { sync } = setup();
    const r = await sync.connect(BASE, 'not-the-token-at-all');
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/refused the developer token/) });
    expect(kv.get(SYNC_KEY)).toBeUndefined();
  });

  it('off: saves send nothing; on: what was kept goes up; a group not of the reader’s is refused', async () => {
    const { sync, annotations } = setup();
    await annotations.save(draft);
    expect(server.log).toEqual([]);
    expect(await sync.set({ on: true }, annotations)).toMatchObject({ ok: false, error: 'Check your developer token first.' });
    await sync.connect(BASE, TOKEN);
    expect(await sync.set({ group: 'someone-elses' }, annotations)).toMatchObject({ ok: false });
    expect(await sync.set({ group: 'team1' }, annotations)).toMatchObject({ ok: true, view: { group: 'team1' } });
    await sync.set({ on: true }, annotations);
    expect([...server.annotations.values()]).toMatchObject([{ group: 'team1', permissions: { read: ['group:team1'] } }]);
    await annotations.save({ ...draft, selectors: [{ type: 'TextQuoteSelector', exact: 'another', prefix: '', suffix: '' }] });
    await sync.flush();
    expect(server.annotations.size).toBe(2);
  });

  it('off, removing the server copies: they go from the server and stay here', async () => {
    const { sync, annotations } = setup();
    await annotations.save(draft);
    await sync.connect(BASE, TOKEN);
    await sync.set({ on: true }, annotations);
    expect(server.annotations.size).toBe(1);
    expect(await sync.set({ on: false, removeServerCopies: true }, annotations)).toMatchObject({ ok: true, view: { on: false } });
    expect(server.annotations.size).toBe(0);
    expect(await annotations.list()).toHaveLength(1);
    // and nothing more is asked
    const asked = server.log.length;
    await annotations.save(draft);
    await sync.flush();
    expect(server.log.length).toBe(asked);
  });

  it('off, keeping them: the server copies stay', async () => {
    const { sync, annotations } = setup();
    await annotations.save(draft);
    await sync.connect(BASE, TOKEN);
    await sync.set({ on: true }, annotations);
    await sync.set({ on: false, removeServerCopies: false }, annotations);
    expect(server.annotations.size).toBe(1);
  });

  it('turning off aborts a request in flight at once', async () => {
    const real = server.fetchAt(BASE);
    let hang = false;
    let aborted = false;
    const f = (async (u: string, init: RequestInit) => {
      if (!hang) return real(u, init);
      return new Promise((_r, reject) => init.signal!.addEventListener('abort', () => ((aborted = true), reject(new DOMException('aborted', 'AbortError')))));
    }) as unknown as typeof fetch;
    const { sync, annotations } = setup(f);
    await sync.connect(BASE, TOKEN);
    await sync.set({ on: true }, annotations);
    hang = true;
    const saving = annotations.save(draft);
    await saving;
    // the push is now waiting on the server
    await new Promise((r) => setTimeout(r, 10));
    await sync.set({ on: false }, annotations);
    expect(aborted).toBe(true);
  });

  it('a retry due after the worker may have stopped is also an alarm, which wakes it; off clears it', async () => {
    const real = server.fetchAt(BASE);
    // the server limits the reader's sends for two minutes, then answers again
    let limited = true;
    const f = (async (u: string, init: RequestInit) => {
      if (limited && (init.method ?? 'GET') === 'POST') return new Response('{"status":"failure","reason":"slow down"}', { status: 429, headers: { 'retry-after': '120', 'content-type': 'application/json' } });
      return real(u, init);
    }) as unknown as typeof fetch;
    const alarms: number[] = [];
    let cleared = 0;
    const { sync, annotations } = setup(f, { at: (when) => alarms.push(when), clear: () => cleared++ });
    await sync.connect(BASE, TOKEN);
    await sync.set({ on: true }, annotations);
    const before = Date.now();
    await annotations.save(draft);
    await sync.flush();
    // one alarm, about two minutes on (not sooner than the server asked)
    expect(alarms.length).toBeGreaterThanOrEqual(1);
    const due = alarms.at(-1)! - before;
    expect(due).toBeGreaterThanOrEqual(120_000 - 50);
    expect(due).toBeLessThan(130_000);
    expect(server.annotations.size).toBe(0);
    limited = false;
    await sync.set({ on: false }, annotations);
    expect(cleared).toBe(1);
  });

  it('a first retry a few seconds away stays a timer: no alarm for it', async () => {
    const real = server.fetchAt(BASE);
    let down = true;
    const f = (async (u: string, init: RequestInit) => (down && (init.method ?? 'GET') === 'POST' ? new Response('busy', { status: 503 }) : real(u, init))) as unknown as typeof fetch;
    const alarms: number[] = [];
    const { sync, annotations } = setup(f, { at: (when) => alarms.push(when), clear: () => undefined });
    await sync.connect(BASE, TOKEN);
    await sync.set({ on: true }, annotations);
    await annotations.save(draft);
    await sync.flush();
    expect(alarms).toEqual([]);
    expect(ALARM_MIN_MS).toBe(30_000);
    down = false;
  });

  it('a whole backup restored with sync on sends its highlights up, as any save', async () => {
    const { sync, annotations } = setup();
    await sync.connect(BASE, TOKEN);
    await sync.set({ on: true }, annotations);
    const now = new Date().toISOString();
    const rec = (id: string, exact: string) => ({ id, url: draft.url, urls: [draft.url], title: 'A', fingerprint: 'fp', selectors: [{ type: 'TextQuoteSelector' as const, exact, prefix: '', suffix: '' }], note: `note on ${exact}`, tags: [], created: now, updated: now });
    await (await annotations.store()).replaceAll([rec('11111111-1111-4111-8111-111111111111', 'first quote'), rec('22222222-2222-4222-8222-222222222222', 'second quote')], []);
    await sync.flush();
    expect([...server.annotations.values()].map((a) => a.text).sort()).toEqual(['note on first quote', 'note on second quote']);
  });

  it('a change of group applies to new highlights; an edit of one already sent leaves it where it went', async () => {
    const { sync, annotations } = setup();
    await sync.connect(BASE, TOKEN);
    await sync.set({ group: 'team1' }, annotations);
    await sync.set({ on: true }, annotations);
    const { id } = await annotations.save(draft);
    await sync.flush();
    await sync.set({ group: ONLY_ME }, annotations);
    await annotations.update(id, 'edited after the change', []);
    await annotations.save({ ...draft, selectors: [{ type: 'TextQuoteSelector', exact: 'a later quote', prefix: '', suffix: '' }] });
    await sync.flush();
    const copies = [...server.annotations.values()];
    expect(copies).toHaveLength(2);
    expect(copies.find((a) => a.text === 'edited after the change')).toMatchObject({ group: 'team1', permissions: { read: ['group:team1'] } });
    expect(copies.find((a) => a.text !== 'edited after the change')).toMatchObject({ permissions: { read: ['acct:reader@hypothes.is'] } });
  });
});

