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
const bytes = (k: string, v: unknown) => new TextEncoder().encode(k + JSON.stringify(v)).length;
vi.mock('../../extension/shared/browser', () => ({
  api: {
    runtime: { id: 'ourid', getURL: (p: string) => `chrome-extension://ourid/${p}`, onMessage: { addListener: (l: (m: unknown, s: unknown) => unknown) => listeners.push(l) } },
    storage: {
      onChanged: { addListener: () => undefined },
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
    refollow: async (f) => void follows.push(f),
    entityNotes: async () => [...notes.values()],
    setEntityNote: async (n) => void notes.set(n.entityKey, n),
    userKb: async () => kb,
    setUserKb: async (d) => {
      kb = d as typeof kb;
      return { ok: true };
    },
  });
  return { settings, follows, notes, sync, kb: () => kb };
}
const library = { id: 'ourid', url: 'chrome-extension://ourid/options/options.html', frameId: 0, tab: { id: 9, url: 'chrome-extension://ourid/options/options.html' } };
/** The reader changed something on the options page: the listener schedules the write; timers run it. */
async function changed() {
  for (const l of listeners) l({ kind: 'prefs:set', payload: { patch: {} } }, library);
  await vi.advanceTimersByTimeAsync(5_000);
}

beforeEach(() => {
  for (const k of Object.keys(cloud)) delete cloud[k];
  listeners.length = 0;
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

  it('a message from no one of ours writes nothing', async () => {
    const a = machine();
    a.sync.start();
    for (const l of listeners) l({ kind: 'prefs:set', payload: {} }, { id: 'evil', url: 'chrome-extension://evil/x.html' });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(cloud).toEqual({});
  });
});
