/**
 * The reader's small state through the browser's own sync (`storage.sync`: Chrome Sync, Firefox
 * Sync), packed within its quotas by src/sync/packing.ts.
 *
 * Written a few seconds after the reader changes one of them (a message that changes them passes
 * by the listener `start` adds, which only looks and never answers), and read back when the
 * background starts and when another machine's copy arrives. Reading merges entry by entry against
 * the base this machine kept at its last agreement with the copy (src/sync/merge.ts), so what the
 * reader removed or changed on one machine (an unfollow, a cleared note, a dropped alias, a site
 * switched back on) is removed or changed on the others, and what is new on each is kept; every write
 * merges first, so it never undoes another machine's change it has not yet seen. Knowledge-base
 * additions go through the same checks as a file, refused whole on any problem.
 *
 * Not synced: the live sources and notifications switches (each needs the browser's permission on
 * that machine, and a live source sends article names out); the sync token (never). In Chrome the
 * area is closed to content scripts (setAccessLevel); Firefox cannot close it (bug 1724754), so there
 * the reader's own writing (follows, entity notes, knowledge-base additions) is not put in it, and
 * the options page says so.
 */
import { api, isFirefox } from '../shared/browser';
import { isEnvelope } from '../../src/messaging/protocol';
import { migrate, type SettingsStore, type SiteSettings } from '../../src/storage/settings';
import { SECTIONS, pack, staleKeys, unpack, type Entry, type NotSynced, type Section } from '../../src/sync/packing';
import { baseOf, digest, kbFromItems, kbItems, keyedFollows, keyedKb, keyedNotes, mergeEntries, type Base, type KbItem, type Keyed } from '../../src/sync/merge';
import type { KeyValue } from '../../src/storage/settings';
import type { EntityNoteRecord, FollowRecord } from '../../src/storage/db';
import type { UserKb } from '../../src/kb/user';
import { senderKind } from '../shared/messaging';

/** Changes are written this long after the last one (a burst of edits is one write; Chrome allows 120 writes a minute). */
const WRITE_AFTER_MS = 3_000;
/** Messages that change what is synced here. */
const CHANGES = new Set(['prefs:set', 'site:set', 'userKb:set', 'follows:unfollow', 'follows:restore', 'companion:follow', 'companion:entityNote', 'companion:correct', 'backup:restore']);
/** Preferences that travel (the others need a permission on each machine). */
const SYNCED_PREFS = ['marks', 'history', 'retentionDays'] as const;
/** Sections kept out of storage.sync in Firefox, where content scripts can read it. */
const PRIVATE: readonly Section[] = ['follows', 'entityNotes', 'kb'];

interface Sources {
  settings: SettingsStore;
  follows: () => Promise<FollowRecord[]>;
  refollow: (f: unknown) => Promise<unknown>;
  unfollow: (key: string) => Promise<unknown>;
  entityNotes: () => Promise<EntityNoteRecord[]>;
  setEntityNote: (n: EntityNoteRecord) => Promise<void>;
  userKb: () => Promise<UserKb>;
  setUserKb: (data: unknown) => Promise<{ ok: boolean }>;
  /** Where what the merge remembers is kept (the extension's own database). */
  base: KeyValue;
}

/** What this machine remembers of the copies it read and wrote (src/sync/merge.ts). */
const MEMORY_KEY = 'browserSync.copies';
/** Copies remembered: enough for a few machines writing in turn before one of them reads. */
const KEEP_COPIES = 8;

const isStr = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const isEntityNote = (v: unknown): v is EntityNoteRecord => {
  const n = v as EntityNoteRecord;
  return typeof v === 'object' && v !== null && isStr(n.entityKey, 300) && isStr(n.name, 200) && isStr(n.note, 20_000) && isStr(n.updated, 40) && !Number.isNaN(Date.parse(n.updated));
};

export function createBrowserSync(s: Sources) {
  let notSynced: NotSynced[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastWritten: string | null = null;
  const area = api.storage.sync;
  // Chrome: only the extension's own pages and worker may read it (Firefox has no such switch)
  const closed = (area as { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> }).setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).then(
    () => true,
    () => false,
  ) ?? Promise.resolve(false);

  async function sections(): Promise<Partial<Record<Section, Entry[]>>> {
    const all = await s.settings.all();
    const prefs = Object.fromEntries(SYNCED_PREFS.map((k) => [k, all.prefs[k]]));
    const kb = await s.userKb();
    return {
      settings: [{ label: 'reading preferences', value: prefs }],
      sites: Object.entries(all.sites).map(([host, site]) => ({ label: host, value: { host, site } })),
      follows: (await s.follows()).map((f) => ({ label: f.name, value: f })),
      entityNotes: (await s.entityNotes()).map((n) => ({ label: `note on ${n.name}`, value: n })),
      kb: [
        ...kb.entities.map((e) => ({ label: `added entity ${e.name}`, value: { k: 'entity', v: e } })),
        ...kb.aliases.map((a) => ({ label: `extra name ${a.text}`, value: { k: 'alias', v: a } })),
        ...kb.hidden.map((h) => ({ label: `hidden ${h}`, value: { k: 'hidden', v: h } })),
        ...Object.entries(kb.summaries).map(([id, text]) => ({ label: `summary of ${id}`, value: { k: 'summary', id, v: text } })),
        ...kb.corrections.map((c) => ({ label: `correction of ${c.name}`, value: { k: 'correction', v: c } })),
      ],
    };
  }

  /** What would be written now, and what would not fit or may not go. */
  async function plan(parent?: string) {
    const all = await sections();
    const privateOut: NotSynced[] = [];
    if (isFirefox || !(await closed)) {
      for (const section of PRIVATE) {
        for (const e of all[section] ?? []) privateOut.push({ section, label: e.label, why: 'kept out of Firefox’s sync area, which the extension’s scripts in web pages could read' });
        delete all[section];
      }
    }
    // names this copy: the time, and a random part so two machines writing in the same millisecond differ
    const written = `${new Date().toISOString()}~${crypto.getRandomValues(new Uint32Array(1))[0]!.toString(36)}`;
    const packed = pack(all, written, parent);
    notSynced = [...privateOut, ...packed.notSynced];
    return { packed, written };
  }

  /** Every synced entry here, section by section, as the merge compares them. */
  async function keyedHere(): Promise<Record<Section, Keyed<unknown>[]>> {
    const all = await s.settings.all();
    return {
      settings: SYNCED_PREFS.map((k) => ({ key: k, version: digest(all.prefs[k]), value: { k, v: all.prefs[k] } })),
      sites: Object.entries(all.sites).map(([host, site]) => ({ key: host, version: digest(site), value: { host, site } })),
      follows: keyedFollows(await s.follows()),
      entityNotes: keyedNotes(await s.entityNotes()),
      kb: keyedKb(kbItems(await s.userKb())),
    };
  }

  /** The synced copy's entries, section by section (a section the copy does not carry is absent). */
  function keyedThere(sec: Partial<Record<Section, unknown[]>>): Partial<Record<Section, Keyed<unknown>[]>> {
    const out: Partial<Record<Section, Keyed<unknown>[]>> = {};
    if (sec.settings) {
      // written as one entry of every synced preference
      const prefs = (sec.settings[0] ?? {}) as Record<string, unknown>;
      out.settings = SYNCED_PREFS.filter((k) => Object.hasOwn(prefs, k)).map((k) => ({ key: k, version: digest(prefs[k]), value: { k, v: prefs[k] } }));
    }
    if (sec.sites) {
      out.sites = sec.sites.flatMap((x) => {
        const { host, site } = (x ?? {}) as { host?: unknown; site?: SiteSettings };
        return isStr(host, 253) && /^[a-z0-9.-]+(?::\d+)?$/i.test(host) && site && typeof site === 'object' ? [{ key: host, version: digest(site), value: { host, site } }] : [];
      });
    }
    if (sec.follows) out.follows = keyedFollows(sec.follows.filter((f): f is FollowRecord => !!f && typeof (f as FollowRecord).key === 'string' && typeof (f as FollowRecord).since === 'string'));
    if (sec.entityNotes) out.entityNotes = keyedNotes(sec.entityNotes.filter(isEntityNote));
    if (sec.kb) out.kb = keyedKb(sec.kb);
    return out;
  }

  /** What this machine remembers of the copies it last read or wrote, and which one it merged last. */
  interface Memory {
    copies: { written: string; base: Partial<Record<Section, Base>> }[];
    merged: string | null;
  }
  const loadMemory = async (): Promise<Memory | null> => {
    const m = (await s.base.get(MEMORY_KEY)) as Memory | undefined;
    return m && typeof m === 'object' && Array.isArray(m.copies) ? m : null;
  };
  const remember = (mem: Memory, written: string, sec: Partial<Record<Section, Keyed<unknown>[]>>): void => {
    const base = Object.fromEntries(Object.entries(sec).map(([k, list]) => [k, baseOf(list)])) as Partial<Record<Section, Base>>;
    mem.copies = [...mem.copies.filter((c) => c.written !== written), { written, base }].slice(-KEEP_COPIES);
  };

  /**
   * Merges the synced copy into this machine (src/sync/merge.ts): against the copy its writer had
   * merged (its parent, if this machine remembers it), entries removed or changed there are removed
   * or changed here, and what is new on either side stays. Resolves true when the copy lacks
   * something of this machine's (so it should be written).
   */
  async function read(): Promise<boolean> {
    const got = unpack((await area.get(null)) as Record<string, unknown>);
    // nothing of ours there yet (it may still be coming down)
    if (!got) return false;
    const kept = await loadMemory();
    const mem: Memory = kept ?? { copies: [], merged: null };
    // the copy this machine wrote, or one it merged already
    if (got.written === lastWritten || got.written === mem.merged) return false;
    const ancestor = got.parent ? mem.copies.find((c) => c.written === got.parent)?.base : undefined;
    const here = await keyedHere();
    const there = keyedThere(got.sections);
    let behind = false;
    let refused = false;
    for (const section of SECTIONS) {
      const theirs = there[section];
      if (!theirs) continue;
      const m = mergeEntries(ancestor?.[section] ?? null, here[section], theirs, kept === null);
      if ((m.put.length || m.remove.length) && !(await apply(section, m.result, m.put, new Set(m.remove)))) {
        refused = true;
        continue;
      }
      const copy = new Map(theirs.map((e) => [e.key, e.version]));
      behind ||= m.result.length !== copy.size || m.result.some((e) => copy.get(e.key) !== e.version);
    }
    remember(mem, got.written, there);
    // a section refused here (it failed the checks) is not counted as merged, so a write from here cannot pass for its removal
    if (!refused) mem.merged = got.written;
    await s.base.set(MEMORY_KEY, mem);
    return behind;
  }

  /** Makes this machine hold `result` for one section; false when the change was refused (nothing changed). */
  async function apply(section: Section, result: Keyed<unknown>[], put: unknown[], gone: Set<string>): Promise<boolean> {
    if (section === 'settings' || section === 'sites') {
      const all = await s.settings.all();
      const prefs = { ...all.prefs } as Record<string, unknown>;
      const sites = { ...all.sites };
      if (section === 'settings') for (const e of result) prefs[(e.value as { k: string }).k] = (e.value as { v: unknown }).v;
      else {
        for (const host of gone) delete sites[host];
        for (const e of result) sites[e.key] = (e.value as { site: SiteSettings }).site;
      }
      // through migrate: a field that is not what it should be is dropped, not stored
      await s.settings.replaceAll(migrate({ version: 2, prefs, sites }));
      return true;
    }
    if (section === 'follows') {
      for (const key of gone) await s.unfollow(key);
      for (const f of put) await s.refollow(f);
      return true;
    }
    if (section === 'entityNotes') {
      const mine = new Map((await s.entityNotes()).map((n) => [n.entityKey, n]));
      for (const key of gone) {
        const n = mine.get(key);
        if (n) await s.setEntityNote({ ...n, note: '', updated: new Date().toISOString() });
      }
      for (const n of put as EntityNoteRecord[]) await s.setEntityNote(n);
      return true;
    }
    // the same checks as a knowledge-base file: refused whole on any problem, and then nothing changes
    return (await s.setUserKb(kbFromItems(result.map((e) => e.value as KbItem)))).ok;
  }

  async function write(): Promise<void> {
    // what another machine changed since is taken in first, so this write cannot undo it
    await read();
    const mem: Memory = (await loadMemory()) ?? { copies: [], merged: null };
    const { packed, written } = await plan(mem.merged ?? undefined);
    const stored = (await area.get(null)) as Record<string, unknown>;
    await area.set(packed.items);
    const stale = staleKeys(stored, packed);
    if (stale.length) await area.remove(stale);
    lastWritten = written;
    // remembered as written: an entry that did not fit is not in it, so it is never taken for removed elsewhere
    remember(mem, written, keyedThere(unpack(packed.items)?.sections ?? {}));
    mem.merged = written;
    await s.base.set(MEMORY_KEY, mem);
  }

  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void write().catch((e: unknown) => console.warn('AI News Lens: browser sync not written:', e instanceof Error ? e.message : e)), WRITE_AFTER_MS);
  };

  return {
    /** What storage.sync does not carry (for the options page), as of the last write. */
    notSynced: () => notSynced,
    /** Starts: reads another machine's copy, writes ours, and follows changes from both sides. */
    start() {
      const onMessage = (m: unknown, sender: Parameters<typeof senderKind>[0]): undefined => {
        if (isEnvelope(m) && CHANGES.has(m.kind) && senderKind(sender)) schedule();
        return undefined;
      };
      api.runtime.onMessage.addListener(onMessage);
      // another machine's copy arrived: merge it, and write back what it lacks of this machine's
      const take = () =>
        read()
          .then((behind) => behind && schedule())
          .catch((e: unknown) => console.warn('AI News Lens: browser sync not read:', e instanceof Error ? e.message : e));
      api.storage.onChanged.addListener((_changes, name) => {
        if (name === 'sync') void take();
      });
      // written only once a copy exists or the reader changes something here: a new profile never
      // overwrites the copy the browser is still bringing down with its defaults
      void take()
        .then(() => plan())
        .catch(() => undefined);
    },
  };
}
