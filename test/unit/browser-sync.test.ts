/**
 * The small state through storage.sync (extension/background/browser-sync.ts), with the browser's
 * sync area faked as the quotas make it (a write past 8 KB an item or 100 KB in all fails whole):
 * a change is written within the quotas, a second machine takes it, and in Firefox the reader's own
 * writing stays out of an area content scripts can read, and the options page is told why.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

type Area = Record<string, unknown>;
const cloud: Area = {};
let firefox = false;
const listeners: ((m: unknown, s: unknown) => unknown)[] = [];
/** storage.onChanged listeners of every machine (they share the one area, as devices share a sync account). */
const arrived: ((changes: unknown, area: string) => void)[] = [];
const bytes = (k: string, v: unknown) => new TextEncoder().encode(k + JSON.stringify(v)).length;
vi.mock('../../extension/shared/browser', () => ({
  api: {
    runtime: { id: 'ourid', getURL: (p: string) => `chrome-extension://ourid/${p}`, onMessage: { addListener: (l: (m: unknown, s: unknown) => unknown) => listeners.push(l) } },
    storage: {
      onChanged: { addListener: (l: (c: unknown, a: string) => void) => arrived.push(l) },
      sync: {
        get: async () => structuredClone(cloud),
        set: async (items: Area) => {
          const next = { ...cloud, ...items };
          for (const [k, v] of Object.entries(items)) if (bytes(k, v) > 8192) throw new Error(`QUOTA_BYTES_PER_ITEM quota exceeded: ${k}`);
          if (Object.entries(next).reduce((s, [k, v]) => s + bytes(k, v), 0) > 102_400) throw new Error('QUOTA_BYTES quota exceeded');
          Object.assign(cloud, structuredClone(items));
        },
        remove: async (keys: string[]) => keys.forEach((k) => delete cloud[k]),
        get setAccessLevel() {
          return firefox ? undefined : async () => undefined;
        },
      },
    },
  },
  get isFirefox() {
    return firefox;
  },
}));

const { createBrowserSync } = await import('../../extension/background/browser-sync');
const { SettingsStore } = await import('../../src/storage/settings');
const { emptyUserKb } = await import('../../src/kb/user');

function machine() {
  const kv = new Map<string, unknown>();
  const settings = new SettingsStore({ get: async (k) => kv.get(k), set: async (k, v) => void kv.set(k, v) });
  const follows: unknown[] = [];
  const notes = new Map<string, { entityKey: string; name: string; note: string; updated: string }>();
  let kb = emptyUserKb();
  const sync = createBrowserSync({
    settings,
    follows: async () => follows as never,
    refollow: async (f) => {
      const at = follows.findIndex((x) => (x as { key: string }).key === (f as { key: string }).key);
      if (at >= 0) follows.splice(at, 1, f);
      else follows.push(f);
    },
    unfollow: async (key) => {
      const at = follows.findIndex((x) => (x as { key: string }).key === key);
      if (at >= 0) follows.splice(at, 1);
    },
    entityNotes: async () => [...notes.values()],
    setEntityNote: async (n) => void (n.note ? notes.set(n.entityKey, n) : notes.delete(n.entityKey)),
    userKb: async () => kb,
    setUserKb: async (d) => {
      kb = d as typeof kb;
      return { ok: true };
    },
    base: { get: async (k) => kv.get(k), set: async (k, v) => void kv.set(k, v) },
  });
  return { settings, follows, notes, sync, kb: () => kb, setKb: (k: typeof kb) => void (kb = k) };
}
const library = { id: 'ourid', url: 'chrome-extension://ourid/options/options.html', frameId: 0, tab: { id: 9, url: 'chrome-extension://ourid/options/options.html' } };
/** The reader changed something on the options page: the listener schedules the write; timers run it. */
async function changed() {
  for (const l of listeners) l({ kind: 'prefs:set', payload: { patch: {} } }, library);
  await vi.advanceTimersByTimeAsync(5_000);
}
/** The browser brings the copy another machine wrote to every machine (onChanged 'sync'), and their writes back run. */
async function delivered() {
  for (const l of arrived) l({}, 'sync');
  await vi.advanceTimersByTimeAsync(5_000);
  for (const l of arrived) l({}, 'sync');
  await vi.advanceTimersByTimeAsync(5_000);
}
const follow = (key: string, name: string) => ({ key, kind: 'entity', name, since: '2026-12-01T00:00:00.000Z', seen: '2026-12-01T00:00:00.000Z' });

beforeEach(() => {
  for (const k of Object.keys(cloud)) delete cloud[k];
  listeners.length = 0;
  arrived.length = 0;
  firefox = false;
  vi.useFakeTimers();
});

describe('storage.sync', () => {
  it('a change is written within the quotas, and another machine takes preferences, sites, follows, notes and additions', async () => {
    const a = machine();
    a.sync.start();
    await a.settings.updatePrefs({ marks: 'all', retentionDays: 90, notify: true, live: { news: true, wiki: false } });
    await a.settings.updateSite('news.example', { enabled: false });
    a.follows.push({ key: 'entity:nvidia', kind: 'entity', name: 'Nvidia', since: '2026-12-01T00:00:00.000Z', seen: '2026-12-01T00:00:00.000Z' });
    a.notes.set('qwen', { entityKey: 'qwen', name: 'Qwen', note: 'watch the licence', updated: '2026-12-02T00:00:00.000Z' });
    await changed();
    expect(Object.keys(cloud)).toContain('lens.index');

    const b = machine();
    b.sync.start();
    await vi.advanceTimersByTimeAsync(100);
    const prefs = await b.settings.prefs();
    expect(prefs).toMatchObject({ marks: 'all', retentionDays: 90 });
    // switches that need a permission on each machine do not travel
    expect(prefs.notify).toBe(false);
    expect(prefs.live.news).toBe(false);
    expect((await b.settings.site('news.example')).enabled).toBe(false);
    expect(b.follows).toMatchObject([{ key: 'entity:nvidia' }]);
    expect(b.notes.get('qwen')?.note).toBe('watch the licence');
    expect(b.sync.notSynced()).toEqual([]);
  });

  it('too much to fit: what fits is written, the rest is named for the options page, and no write fails', async () => {
    const a = machine();
    a.sync.start();
    for (let i = 0; i < 300; i++) a.notes.set(`e${i}`, { entityKey: `e${i}`, name: `Entity ${i}`, note: 'n'.repeat(600), updated: '2026-12-02T00:00:00.000Z' });
    await changed();
    const out = a.sync.notSynced();
    expect(out.length).toBeGreaterThan(100);
    expect(out[0]).toMatchObject({ section: 'entityNotes', why: expect.stringMatching(/100 KB/) });
    expect(Object.keys(cloud).length).toBeGreaterThan(5);
  });

  it('in Firefox the reader’s follows, notes and additions stay out of the area, and the options page is told why', async () => {
    firefox = true;
    const a = machine();
    a.sync.start();
    a.notes.set('qwen', { entityKey: 'qwen', name: 'Qwen', note: 'private', updated: '2026-12-02T00:00:00.000Z' });
    await changed();
    expect(JSON.stringify(cloud)).not.toContain('private');
    expect(a.sync.notSynced()).toEqual([{ section: 'entityNotes', label: 'note on Qwen', why: expect.stringMatching(/Firefox’s sync area, which the extension’s scripts in web pages could read/) }]);
  });

  it("a correction made in the companion is written (it is one of the reader's knowledge-base additions)", async () => {
    const a = machine();
    a.sync.start();
    const kb = emptyUserKb();
    kb.aliases.push({ entityId: 'nvidia', text: 'Team Green' });
    a.setKb(kb);
    const companion = { id: 'ourid', url: 'chrome-extension://ourid/sidepanel/sidepanel.html' };
    for (const l of listeners) l({ kind: 'companion:correct', payload: { tabId: 4, correction: { kind: 'itIs', name: 'Team Green', entityId: 'nvidia' } } }, companion);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(JSON.stringify(cloud)).toContain('Team Green');
  });

  it('a message from no one of ours writes nothing', async () => {
    const a = machine();
    a.sync.start();
    for (const l of listeners) l({ kind: 'prefs:set', payload: {} }, { id: 'evil', url: 'chrome-extension://evil/x.html' });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(cloud).toEqual({});
  });

  it('what the reader removes on one machine is removed on the other: an unfollow, a cleared note, a dropped alias, a site switched back on', async () => {
    const a = machine();
    a.sync.start();
    a.follows.push(follow('entity:nvidia', 'Nvidia'), follow('entity:tsmc', 'TSMC'));
    a.notes.set('qwen', { entityKey: 'qwen', name: 'Qwen', note: 'watch the licence', updated: '2026-12-02T00:00:00.000Z' });
    await a.settings.updateSite('news.example', { enabled: false });
    const kb = emptyUserKb();
    kb.aliases.push({ entityId: 'nvidia', text: 'Team Green' }, { entityId: 'tsmc', text: 'the fab' });
    a.setKb(kb);
    await changed();
    const b = machine();
    b.sync.start();
    await vi.advanceTimersByTimeAsync(100);
    expect(b.follows.map((f) => (f as { key: string }).key).sort()).toEqual(['entity:nvidia', 'entity:tsmc']);

    expect(b.kb().aliases.map((x) => x.text).sort()).toEqual(['Team Green', 'the fab']);

    // on A: unfollow TSMC, clear the note, drop an alias, switch the site back on
    a.follows.splice(1, 1);
    a.setKb({ ...a.kb(), aliases: a.kb().aliases.filter((x) => x.text !== 'the fab') });
    a.notes.delete('qwen');
    await a.settings.replaceAll({ version: 2, prefs: await a.settings.prefs(), sites: {} });
    await changed();
    await delivered();
    expect(b.follows.map((f) => (f as { key: string }).key)).toEqual(['entity:nvidia']);
    expect(b.notes.has('qwen')).toBe(false);
    expect((await b.settings.site('news.example')).enabled).toBe(true);
    expect(b.kb().aliases.map((x) => x.text)).toEqual(['Team Green']);
    // and nothing comes back to A from B's older state
    expect(a.follows.map((f) => (f as { key: string }).key)).toEqual(['entity:nvidia']);
    expect(a.notes.has('qwen')).toBe(false);
  });

  it('changes made on two machines before either saw the other’s are both kept; a note edited on one is not lost to a delete on the other', async () => {
    const a = machine();
    a.sync.start();
    a.follows.push(follow('entity:nvidia', 'Nvidia'));
    a.notes.set('qwen', { entityKey: 'qwen', name: 'Qwen', note: 'first', updated: '2026-12-02T00:00:00.000Z' });
    await changed();
    const b = machine();
    b.sync.start();
    await vi.advanceTimersByTimeAsync(100);
    expect(b.notes.get('qwen')?.note).toBe('first');

    // A deletes the note and follows Arm; B, not yet seeing it, edits the note and follows Intel
    a.notes.delete('qwen');
    a.follows.push(follow('entity:arm', 'Arm'));
    b.notes.set('qwen', { entityKey: 'qwen', name: 'Qwen', note: 'edited on B', updated: '2026-12-03T00:00:00.000Z' });
    b.follows.push(follow('entity:intel', 'Intel'));
    await changed(); // both write, each merging the copy first
    await delivered();
    for (const m of [a, b]) {
      expect(m.follows.map((f) => (f as { key: string }).key).sort()).toEqual(['entity:arm', 'entity:intel', 'entity:nvidia']);
      expect(m.notes.get('qwen')?.note).toBe('edited on B');
    }
  });

  it('a new machine takes the reader’s preferences over its own defaults, and an entry that did not fit is never taken for removed', async () => {
    const a = machine();
    a.sync.start();
    await a.settings.updatePrefs({ marks: 'all', retentionDays: 90 });
    await changed();
    const b = machine();
    b.sync.start();
    await vi.advanceTimersByTimeAsync(100);
    expect(await b.settings.prefs()).toMatchObject({ marks: 'all', retentionDays: 90 });

    // B has notes too large to sync: after B writes and A's copy comes back, they are still on B
    b.notes.set('big', { entityKey: 'big', name: 'Big', note: 'n'.repeat(9_000), updated: '2026-12-02T00:00:00.000Z' });
    await changed();
    await delivered();
    expect(b.sync.notSynced()).toMatchObject([{ section: 'entityNotes', label: 'note on Big' }]);
    expect(b.notes.has('big')).toBe(true);
  });
});
