import { describe, expect, it } from 'vitest';
import { SettingsStore, migrate, type KeyValue } from '../../src/storage/settings';

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
    expect(await s.prefs()).toEqual({ marks: 'all', history: true });
  });

  it('data written by schema v1 opens under the current schema with the same meaning', () => {
    const v1 = { version: 1, sites: { 'a.example': { collapsed: true, enabled: false }, 'b.example': { collapsed: false, enabled: true } } };
    expect(migrate(v1)).toEqual({
      version: 2,
      sites: { 'a.example': { collapsed: true, enabled: false, side: 'right', width: 360 }, 'b.example': { collapsed: false, enabled: true, side: 'right', width: 360 } },
      prefs: { marks: 'first', history: true },
    });
  });

  it('repairs junk instead of failing', () => {
    expect(migrate('garbage')).toEqual({ version: 2, sites: {}, prefs: { marks: 'first', history: true } });
    expect(migrate({ version: 2, sites: { x: null }, prefs: { marks: 'loud' } })).toEqual({ version: 2, sites: { x: { collapsed: false, enabled: true, side: 'right', width: 360 } }, prefs: { marks: 'first', history: true } });
  });
});

describe('reading history preference', () => {
  it('is on unless the reader turned it off, and an off stays off', () => {
    expect(migrate({ version: 2, sites: {}, prefs: { marks: 'all' } }).prefs.history).toBe(true);
    expect(migrate({ version: 2, sites: {}, prefs: { marks: 'all', history: false } }).prefs.history).toBe(false);
  });
});
