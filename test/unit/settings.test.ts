import { describe, expect, it } from 'vitest';
import { SettingsStore, migrate, liveBase, type KeyValue } from '../../src/storage/settings';
import { validators } from '../../src/messaging/protocol';

const DEFAULTS = { marks: 'first', history: true, notify: false, retentionDays: 0, live: { news: false, wiki: false }, liveBases: {} };

const memory = (init: Record<string, unknown> = {}): KeyValue & { data: Record<string, unknown> } => {
  const data = { ...init };
  return { data, get: async (k) => structuredClone(data[k]), set: async (k, v) => void (data[k] = structuredClone(v)) };
};

describe('settings', () => {
  it('defaults a site to on, expanded, on the right at 360px, and remembers each per site', async () => {
    const s = new SettingsStore(memory());
    expect(await s.site('a.example')).toEqual({ collapsed: false, enabled: true, side: 'right', width: 360 });
    await s.updateSite('a.example', { collapsed: true, side: 'left', width: 420 });
    expect(await s.site('a.example')).toEqual({ collapsed: true, enabled: true, side: 'left', width: 420 });
    expect(await s.site('b.example')).toEqual({ collapsed: false, enabled: true, side: 'right', width: 360 });
  });

  it('keeps widths within bounds', async () => {
    const s = new SettingsStore(memory());
    expect((await s.updateSite('a.example', { width: 5 })).width).toBe(280);
    expect((await s.updateSite('a.example', { width: 9000 })).width).toBe(640);
  });

  it('does not lose a change when two arrive at once', async () => {
    const s = new SettingsStore(memory());
    await Promise.all([s.updateSite('a.example', { collapsed: true }), s.updateSite('a.example', { side: 'left' }), s.updatePrefs({ marks: 'all' })]);
    expect(await s.site('a.example')).toMatchObject({ collapsed: true, side: 'left' });
    expect(await s.prefs()).toEqual({ ...DEFAULTS, marks: 'all' });
  });

  it('data written by schema v1 opens under the current schema with the same meaning', () => {
    const v1 = { version: 1, sites: { 'a.example': { collapsed: true, enabled: false }, 'b.example': { collapsed: false, enabled: true } } };
    expect(migrate(v1)).toEqual({
      version: 2,
      sites: { 'a.example': { collapsed: true, enabled: false, side: 'right', width: 360 }, 'b.example': { collapsed: false, enabled: true, side: 'right', width: 360 } },
      prefs: DEFAULTS,
    });
  });

  it('repairs junk instead of failing', () => {
    expect(migrate('garbage')).toEqual({ version: 2, sites: {}, prefs: DEFAULTS });
    expect(migrate({ version: 2, sites: { x: null }, prefs: { marks: 'loud' } })).toEqual({ version: 2, sites: { x: { collapsed: false, enabled: true, side: 'right', width: 360 } }, prefs: DEFAULTS });
  });
});

describe('reading history preference', () => {
  it('is on unless the reader turned it off, and an off stays off', () => {
    expect(migrate({ version: 2, sites: {}, prefs: { marks: 'all' } }).prefs.history).toBe(true);
    expect(migrate({ version: 2, sites: {}, prefs: { marks: 'all', history: false } }).prefs.history).toBe(false);
  });
});

describe('live sources and retention preferences', () => {
  it('are off and keep-forever by default, also for settings saved before they existed', () => {
    expect(migrate({ version: 2, sites: {}, prefs: { marks: 'all', history: true } }).prefs).toMatchObject({ live: { news: false, wiki: false }, liveBases: {}, retentionDays: 0 });
    expect(migrate({ version: 1, sites: {} }).prefs.live).toEqual({ news: false, wiki: false });
  });

  it('turn one source on without touching the other, and only exactly true turns a source on', async () => {
    const s = new SettingsStore(memory());
    await s.updatePrefs({ live: { news: true } as never });
    expect((await s.prefs()).live).toEqual({ news: true, wiki: false });
    await s.updatePrefs({ live: { wiki: true } as never });
    expect((await s.prefs()).live).toEqual({ news: true, wiki: true });
    expect(migrate({ version: 2, sites: {}, prefs: { live: { news: 'yes', wiki: 1 } } }).prefs.live).toEqual({ news: false, wiki: false });
  });

  it('accept another server only as a bare http(s) origin', () => {
    expect(liveBase('https://mirror.example.org')).toBe('https://mirror.example.org');
    expect(liveBase('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080');
    for (const bad of ['javascript:alert(1)', 'ftp://x.example', 'https://u:p@x.example', 'https://x.example/path', 'https://x.example/?q=1', 'not a url', 42, null]) expect(liveBase(bad)).toBeNull();
    expect(migrate({ version: 2, sites: {}, prefs: { liveBases: { news: 'javascript:alert(1)', wiki: 'https://w.example' } } }).prefs.liveBases).toEqual({ wiki: 'https://w.example' });
  });

  it('keep retention to the offered choices', () => {
    expect(migrate({ version: 2, sites: {}, prefs: { retentionDays: 90 } }).prefs.retentionDays).toBe(90);
    expect(migrate({ version: 2, sites: {}, prefs: { retentionDays: 3 } }).prefs.retentionDays).toBe(0);
  });

  it('a prefs:set message is refused unless every field is known and valid', () => {
    const ok = validators['prefs:set'];
    expect(ok({ patch: { live: { news: true } } })).toBe(true);
    expect(ok({ patch: { liveBases: { wiki: 'https://w.example' } } })).toBe(true);
    expect(ok({ patch: { retentionDays: 365 } })).toBe(true);
    expect(ok({ patch: { live: { gdelt: true } } })).toBe(false);
    expect(ok({ patch: { live: { news: 'true' } } })).toBe(false);
    expect(ok({ patch: { liveBases: { news: 'file:///etc' } } })).toBe(false);
    expect(ok({ patch: { retentionDays: -1 } })).toBe(false);
    expect(ok({ patch: { theme: 'dark' } })).toBe(false);
  });
});
