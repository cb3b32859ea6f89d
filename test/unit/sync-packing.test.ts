/**
 * The small state in storage.sync: packed within the browsers' quotas (8 KB an item, 100 KB in
 * all), read back whole, and what does not fit named with why.
 */
import { describe, expect, it } from 'vitest';
import { INDEX_KEY, itemBytes, pack, QUOTA_ITEM, QUOTA_TOTAL, staleKeys, unpack, type Entry } from '../../src/sync/packing';

const note = (i: number, size = 200): Entry => ({ label: `note on entity ${i}`, value: { entityKey: `e${i}`, name: `Entity ${i}`, note: 'n'.repeat(size), updated: '2026-12-07T10:00:00Z' } });
const within = (items: Record<string, unknown>) => {
  for (const [k, v] of Object.entries(items)) expect(itemBytes(k, v), k).toBeLessThanOrEqual(QUOTA_ITEM);
  expect(Object.entries(items).reduce((s, [k, v]) => s + itemBytes(k, v), 0)).toBeLessThanOrEqual(QUOTA_TOTAL);
  expect(Object.keys(items).length).toBeLessThanOrEqual(512);
};

describe('storage.sync packing', () => {
  it('a usual reader’s state fits whole and reads back the same', () => {
    const sections = {
      settings: [{ label: 'settings', value: { prefs: { marks: 'all', history: true } } }],
      sites: [{ label: 'news.example', value: { host: 'news.example', enabled: false } }],
      follows: [{ label: 'follow: Nvidia', value: { key: 'entity:nvidia', kind: 'entity', name: 'Nvidia' } }],
      entityNotes: Array.from({ length: 30 }, (_, i) => note(i)),
    };
    const p = pack(sections, '2026-12-07T10:00:00Z');
    expect(p.notSynced).toEqual([]);
    within(p.items);
    const back = unpack(p.items)!;
    expect(back.written).toBe('2026-12-07T10:00:00Z');
    expect(back.sections.entityNotes).toEqual(sections.entityNotes.map((e) => e.value));
    expect(back.sections.settings).toEqual([sections.settings[0]!.value]);
    expect(back.sections.kb).toEqual([]);
  });

  it('entries are split across items of at most 8 KB, with multi-byte text measured in bytes', () => {
    const wide = Array.from({ length: 40 }, (_, i) => ({ label: `n${i}`, value: { note: '数据中心'.repeat(100) + i } }));
    const p = pack({ entityNotes: wide }, 'w');
    expect(p.notSynced).toEqual([]);
    within(p.items);
    expect(Object.keys(p.items).filter((k) => k.startsWith('lens.entityNotes.')).length).toBeGreaterThan(5);
    expect(unpack(p.items)!.sections.entityNotes).toEqual(wide.map((w) => w.value));
  });

  it('one entry larger than an item is not synced, and says why; the rest are', () => {
    const p = pack({ entityNotes: [note(1), note(2, 9000), note(3)] }, 'w');
    expect(p.notSynced).toEqual([{ section: 'entityNotes', label: 'note on entity 2', why: expect.stringMatching(/larger than one sync item \(9 KB; the browser allows 8 KB\)/) }]);
    expect(unpack(p.items)!.sections.entityNotes).toHaveLength(2);
  });

  it('past 100 KB, what comes first (settings, follows) is kept and the rest is named', () => {
    const p = pack({ settings: [{ label: 'settings', value: { x: 1 } }], follows: [{ label: 'follow: Qwen', value: { key: 'entity:qwen' } }], entityNotes: Array.from({ length: 200 }, (_, i) => note(i, 1000)), kb: [{ label: 'added entity Acme', value: { id: 'user-acme' } }] }, 'w');
    within(p.items);
    const back = unpack(p.items)!;
    expect(back.sections.settings).toHaveLength(1);
    expect(back.sections.follows).toHaveLength(1);
    const kept = back.sections.entityNotes!.length;
    expect(kept).toBeGreaterThan(80);
    expect(kept).toBeLessThan(100);
    expect(p.notSynced).toHaveLength(200 - kept + 1);
    expect(p.notSynced.at(-1)).toEqual({ section: 'kb', label: 'added entity Acme', why: expect.stringMatching(/sync space \(100 KB for all of it\) is full/) });
  });

  it('a section with a chunk missing (another machine mid-write) is left out, not half read', () => {
    const p = pack({ entityNotes: Array.from({ length: 60 }, (_, i) => note(i)) }, 'w');
    const partial = { ...p.items };
    delete partial['lens.entityNotes.1'];
    expect(unpack(partial)!.sections.entityNotes).toBeUndefined();
  });

  it('reads nothing from a sync area without our index, and names the keys a smaller pack leaves behind', () => {
    expect(unpack({ other: 1 })).toBeNull();
    expect(unpack({ [INDEX_KEY]: { v: 2 } })).toBeNull();
    const big = pack({ entityNotes: Array.from({ length: 60 }, (_, i) => note(i)) }, 'w');
    const small = pack({ entityNotes: [note(1)] }, 'w2');
    expect(staleKeys({ ...big.items, 'someone.else': 1 }, small)).toEqual(Object.keys(big.items).filter((k) => k.startsWith('lens.entityNotes.') && k !== 'lens.entityNotes.0'));
  });
});
