import { describe, expect, it } from 'vitest';
import { SettingsStore, migrate, type KeyValue } from '../../src/storage/settings';

const memory = (init: Record<string, unknown> = {}): KeyValue & { data: Record<string, unknown> } => {
  const data = { ...init };
  return { data, get: async (k) => data[k], set: async (k, v) => void (data[k] = structuredClone(v)) };
};

describe('settings', () => {
  it('defaults a site to on and expanded, and remembers collapse per site', async () => {
    const s = new SettingsStore(memory());
    expect(await s.site('a.example')).toEqual({ collapsed: false, enabled: true });
    await s.updateSite('a.example', { collapsed: true });
    expect(await s.site('a.example')).toEqual({ collapsed: true, enabled: true });
    expect(await s.site('b.example')).toEqual({ collapsed: false, enabled: true });
  });

  it('opens a stored v1 record unchanged and repairs junk', () => {
    expect(migrate({ version: 1, sites: { 'a.example': { collapsed: true, enabled: false } } })).toEqual({ version: 1, sites: { 'a.example': { collapsed: true, enabled: false } } });
    expect(migrate('garbage')).toEqual({ version: 1, sites: {} });
    expect(migrate({ version: 1, sites: { x: null } })).toEqual({ version: 1, sites: { x: { collapsed: false, enabled: true } } });
  });
});
