/**
 * Merging the reader's small state between machines through storage.sync, deletions included.
 *
 * storage.sync holds one copy, written whole by whichever machine wrote last. Taking entries that
 * copy has and this machine lacks would bring back whatever the reader removed elsewhere (an
 * unfollow, a cleared note, a dropped alias); taking the copy whole would lose what was changed here
 * and not yet written. So a copy names its *parent*, the copy its writer had merged before writing,
 * and each machine remembers the contents of the last few copies it read or wrote (each entry's key
 * and version). The parent's contents are the common ancestor of the copy and of this machine's
 * state, and against it: an entry missing on one side was removed there, an entry that differs was
 * changed there (a three-way merge, as version control does with lines).
 *
 * - Added on either side (not in the ancestor): kept.
 * - Removed on one side, unchanged on the other since the ancestor: removed on both.
 * - Removed on one side, changed on the other since: kept with the change (a note edited on one
 *   machine is never lost to a delete on another made without seeing the edit).
 * - Changed on both sides: the later `time` wins where entries carry one; otherwise this machine's.
 *
 * With no ancestor known (the copy's writer had merged a copy this machine never saw, or this is the
 * first sync here), nothing is removed: entries are only added or updated. On the first sync here,
 * where the two differ with no time to tell, the copy's is taken: a new machine's defaults never
 * override what the reader chose elsewhere. Two machines writing at the same moment, each before the
 * other's copy reached it, are both merged right, because each copy's parent is what its writer saw.
 */

export interface Keyed<T> {
  key: string;
  /** Changes whenever the entry does (an ISO time of the last change, or the JSON of its value). */
  version: string;
  /** When it last changed, where known (ISO time): decides a change made on both sides. */
  time?: string;
  value: T;
}

/** Each entry's version at the last agreement with the synced copy. */
export type Base = Record<string, string>;

export interface Merged<T> {
  /** Entries to write here (new, or changed elsewhere). */
  put: T[];
  /** Keys to remove here (removed elsewhere). */
  remove: string[];
  /** The entries both sides now hold (what to write back, and the base to keep). */
  result: Keyed<T>[];
}

const later = (a: string | undefined, b: string | undefined): boolean => !!a && (!b || Date.parse(a) > Date.parse(b));

/** `base`: the common ancestor's entries, or null when none is known; `first`: the first sync on this machine. */
export function mergeEntries<T>(base: Base | null, local: readonly Keyed<T>[], remote: readonly Keyed<T>[], first = false): Merged<T> {
  const mine = new Map(local.map((e) => [e.key, e]));
  const theirs = new Map(remote.map((e) => [e.key, e]));
  const known = (k: string): boolean => !!base && Object.hasOwn(base, k);
  const put: T[] = [];
  const remove: string[] = [];
  const result: Keyed<T>[] = [];
  for (const key of new Set([...mine.keys(), ...theirs.keys()])) {
    const here = mine.get(key);
    const there = theirs.get(key);
    const was = known(key) ? base![key] : undefined;
    if (here && there) {
      if (here.version === there.version) result.push(here);
      else if (was === here.version || (was !== there.version && (later(there.time, here.time) || (first && !here.time)))) {
        put.push(there.value);
        result.push(there);
      } else result.push(here);
    } else if (here) {
      // missing there: removed there (if both had agreed on it and it is unchanged here), or new here
      if (known(key) && was === here.version) remove.push(key);
      else result.push(here);
    } else if (there) {
      // missing here: removed here (unless changed there since), or new there
      if (known(key) && was === there.version) continue;
      put.push(there.value);
      result.push(there);
    }
  }
  return { put, remove, result };
}

/** What a machine remembers of one copy: each entry's key and version. */
export const baseOf = (entries: readonly Keyed<unknown>[]): Base => Object.fromEntries(entries.map((e) => [e.key, e.version]));

/** A short, stable digest of a value's JSON (FNV-1a), so a remembered copy stays small whatever an entry holds. */
export function digest(value: unknown): string {
  const text = JSON.stringify(value) ?? '';
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return `${h.toString(36)}.${text.length.toString(36)}`;
}

// ---- the sections that merge entry by entry ----

/** A follow is the same follow while its `since` stands; `seen` (when the reader last looked) differs per machine and never counts as a change. */
export const keyedFollows = <F extends { key: string; since: string; seen: string }>(list: readonly F[]): Keyed<F>[] =>
  list.map((f) => ({ key: f.key, version: f.since, time: f.seen, value: f }));

export const keyedNotes = <N extends { entityKey: string; updated: string }>(list: readonly N[]): Keyed<N>[] =>
  list.map((n) => ({ key: n.entityKey, version: n.updated, time: n.updated, value: n }));

/** One knowledge-base addition as storage.sync carries it. */
export type KbItem = { k: 'entity' | 'alias' | 'hidden' | 'correction'; v: unknown } | { k: 'summary'; id: string; v: unknown };

interface UserKbShape {
  entities: readonly { id: string }[];
  aliases: readonly { entityId: string; text: string }[];
  hidden: readonly string[];
  summaries: Readonly<Record<string, string>>;
  corrections: readonly unknown[];
}

const kbKey = (x: KbItem): string | null => {
  const v = x.v as { id?: unknown; entityId?: unknown; text?: unknown } | null;
  switch (x.k) {
    case 'entity':
      return typeof v?.id === 'string' ? `entity:${v.id}` : null;
    case 'alias':
      return typeof v?.entityId === 'string' && typeof v.text === 'string' ? `alias:${v.entityId}:${v.text}` : null;
    case 'hidden':
      return typeof x.v === 'string' ? `hidden:${x.v}` : null;
    case 'summary':
      return typeof x.id === 'string' ? `summary:${x.id}` : null;
    case 'correction':
      return `correction:${JSON.stringify(x.v)}`;
    default:
      return null;
  }
};

/** The reader's additions as entries (an edited entity or summary is a changed entry; the rest are there or not). */
export function kbItems(kb: UserKbShape): KbItem[] {
  return [
    ...kb.entities.map((v): KbItem => ({ k: 'entity', v })),
    ...kb.aliases.map((v): KbItem => ({ k: 'alias', v })),
    ...kb.hidden.map((v): KbItem => ({ k: 'hidden', v })),
    ...Object.entries(kb.summaries).map(([id, v]): KbItem => ({ k: 'summary', id, v })),
    ...kb.corrections.map((v): KbItem => ({ k: 'correction', v })),
  ];
}

/** Items as entries; anything that names no entry (another version's shape, damage) is left out. */
export const keyedKb = (items: readonly unknown[]): Keyed<KbItem>[] =>
  items.flatMap((x) => {
    const key = x && typeof x === 'object' ? kbKey(x as KbItem) : null;
    return key ? [{ key, version: digest((x as KbItem).v), value: x as KbItem }] : [];
  });

/** The reader's knowledge-base file made from merged items, for the same checks as an imported file. */
export function kbFromItems(items: readonly KbItem[]): Record<string, unknown> {
  const next = { version: 2, entities: [] as unknown[], aliases: [] as unknown[], hidden: [] as unknown[], summaries: {} as Record<string, unknown>, corrections: [] as unknown[] };
  for (const x of items) {
    if (x.k === 'entity') next.entities.push(x.v);
    else if (x.k === 'alias') next.aliases.push(x.v);
    else if (x.k === 'hidden') next.hidden.push(x.v);
    else if (x.k === 'correction') next.corrections.push(x.v);
    // an id from the copy could be "__proto__": a plain own property, never the prototype
    else if (x.k === 'summary') Object.defineProperty(next.summaries, x.id, { value: x.v, enumerable: true, writable: true, configurable: true });
  }
  return next;
}
