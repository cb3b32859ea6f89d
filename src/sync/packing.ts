/**
 * The reader's small state (settings, per-site choices, follows, entity notes, knowledge-base
 * additions) packed into the browser's own sync area (`storage.sync`: Chrome Sync, Firefox Sync),
 * within its quotas, and read back.
 *
 * Both browsers hold storage.sync to the same limits: 102,400 bytes in all, 8,192 bytes per item
 * (key plus its JSON), 512 items (Chrome: https://developer.chrome.com/docs/extensions/reference/api/storage#property-sync ;
 * Firefox: https://developer.mozilla.org/en-US/docs/Mozilla/Add-ons/WebExtensions/API/storage/sync).
 * A write past them fails whole, so we measure first.
 *
 * pack():
 * 1. Each section is a list of entries (one follow, one entity note, one added entity …), in the
 *    order of SECTIONS: what a reader misses most on a new machine comes first.
 * 2. Entries are laid into items of at most ITEM_BYTES, as `<section>.<n>`.
 * 3. Items are kept while the total stays within TOTAL_BYTES (a margin under the quota for the
 *    index item); an entry that is larger than an item alone, or that comes after the budget ran
 *    out, is not synced and is named with why, for the options page to say.
 */

/** storage.sync's per-item quota (QUOTA_BYTES_PER_ITEM in both browsers). */
export const QUOTA_ITEM = 8192;
/** storage.sync's total quota (QUOTA_BYTES). */
export const QUOTA_TOTAL = 102_400;
/** Items are filled to this, leaving room for JSON's brackets and commas added when joining. */
const ITEM_BYTES = QUOTA_ITEM - 64;
/** What the sections may use in all: the rest is the index item and a margin for rounding. */
const TOTAL_BYTES = QUOTA_TOTAL - 2048;
export const INDEX_KEY = 'lens.index';

/** In order of what matters most on another machine. */
export const SECTIONS = ['settings', 'sites', 'follows', 'entityNotes', 'kb'] as const;
export type Section = (typeof SECTIONS)[number];
/** How a section is named to the reader. */
export const SECTION_NAMES: Record<Section, string> = {
  settings: 'settings',
  sites: 'per-site choices',
  follows: 'follows',
  entityNotes: 'notes on entities',
  kb: 'knowledge-base additions',
};

export interface Entry {
  /** How the reader would name it ("note on Qwen", "follow: Nvidia export rules"). */
  label: string;
  value: unknown;
}

export interface NotSynced {
  section: Section;
  label: string;
  why: string;
}

export interface Packed {
  /** Every key to write to storage.sync (the index included). */
  items: Record<string, unknown>;
  notSynced: NotSynced[];
  /** Bytes the items take by the browsers' measure. */
  bytes: number;
}

const encoder = new TextEncoder();
/** An item's size as the quota counts it: its key plus the JSON of its value, in UTF-8 bytes. */
export const itemBytes = (key: string, value: unknown): number => encoder.encode(key).length + encoder.encode(JSON.stringify(value)).length;

/**
 * `written` names this copy (the time it was written); `parent` names the copy its writer had merged
 * before writing it, so a reader of it knows what the writer had seen (src/sync/merge.ts).
 */
export function pack(sections: Partial<Record<Section, Entry[]>>, written: string, parent?: string): Packed {
  const items: Record<string, unknown> = {};
  const notSynced: NotSynced[] = [];
  const counts: Partial<Record<Section, number>> = {};
  let total = 0;
  let full = false;
  for (const section of SECTIONS) {
    const entries = sections[section] ?? [];
    let n = 0;
    let chunk: unknown[] = [];
    let chunkBytes = 2;
    const close = () => {
      if (!chunk.length) return;
      const key = `lens.${section}.${n}`;
      items[key] = chunk;
      total += itemBytes(key, chunk);
      n++;
      chunk = [];
      chunkBytes = 2;
    };
    for (const e of entries) {
      const size = encoder.encode(JSON.stringify(e.value)).length + 1;
      if (size + 2 + `lens.${section}.000`.length > ITEM_BYTES) {
        notSynced.push({ section, label: e.label, why: `larger than one sync item (${Math.ceil(size / 1024)} KB; the browser allows 8 KB)` });
        continue;
      }
      if (full || total + chunkBytes + size + 32 > TOTAL_BYTES) {
        full = true;
        notSynced.push({ section, label: e.label, why: 'the browser’s sync space (100 KB for all of it) is full with what comes before it' });
        continue;
      }
      if (chunkBytes + size > ITEM_BYTES - `lens.${section}.${n}`.length) close();
      chunk.push(e.value);
      chunkBytes += size;
    }
    close();
    counts[section] = n;
  }
  items[INDEX_KEY] = parent ? { v: 1, written, parent, counts } : { v: 1, written, counts };
  total += itemBytes(INDEX_KEY, items[INDEX_KEY]);
  return { items, notSynced, bytes: total };
}

/** The sections read back from what storage.sync holds (`get(null)`), or null when it holds none of ours. */
export function unpack(stored: Record<string, unknown>): { written: string; parent: string | null; sections: Partial<Record<Section, unknown[]>> } | null {
  const index = stored[INDEX_KEY] as { v?: unknown; written?: unknown; parent?: unknown; counts?: Record<string, unknown> } | undefined;
  if (!index || index.v !== 1 || typeof index.written !== 'string' || typeof index.counts !== 'object' || index.counts === null) return null;
  const sections: Partial<Record<Section, unknown[]>> = {};
  for (const section of SECTIONS) {
    const n = index.counts[section];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 512) continue;
    const list: unknown[] = [];
    for (let i = 0; i < n; i++) {
      const chunk = stored[`lens.${section}.${i}`];
      // a chunk missing (another machine is still writing): the section is left as it is here
      if (!Array.isArray(chunk)) {
        list.length = 0;
        break;
      }
      list.push(...chunk);
    }
    if (n === 0 || list.length) sections[section] = list;
  }
  return { written: index.written, parent: typeof index.parent === 'string' && index.parent.length <= 40 ? index.parent : null, sections };
}

/** Keys of ours in storage.sync that a new pack no longer uses (to remove after writing it). */
export function staleKeys(stored: Record<string, unknown>, packed: Packed): string[] {
  return Object.keys(stored).filter((k) => k.startsWith('lens.') && !(k in packed.items));
}
