/**
 * The reader's small state through the browser's own sync (`storage.sync`: Chrome Sync, Firefox
 * Sync), packed within its quotas by src/sync/packing.ts.
 *
 * Written a few seconds after the reader changes one of them (a message that changes them passes
 * by the listener `start` adds, which only looks and never answers), and read back when the background starts and when another machine's copy arrives:
 * reading preferences and per-site choices are taken from the newer copy; follows and notes on
 * entities are added or updated one by one (a newer note wins); knowledge-base additions are taken
 * whole when this browser has none of its own (a new machine), through the same checks as a file.
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
import { pack, staleKeys, unpack, type Entry, type NotSynced, type Section } from '../../src/sync/packing';
import type { EntityNoteRecord, FollowRecord } from '../../src/storage/db';
import type { UserKb } from '../../src/kb/user';
import { senderKind } from '../shared/messaging';

/** Changes are written this long after the last one (a burst of edits is one write; Chrome allows 120 writes a minute). */
const WRITE_AFTER_MS = 3_000;
/** Messages that change what is synced here. */
const CHANGES = new Set(['prefs:set', 'site:set', 'userKb:set', 'follows:unfollow', 'follows:restore', 'panel:follow', 'companion:follow', 'panel:entityNote', 'companion:entityNote', 'panel:correct', 'backup:restore']);
/** Preferences that travel (the others need a permission on each machine). */
const SYNCED_PREFS = ['marks', 'history', 'retentionDays'] as const;
/** Sections kept out of storage.sync in Firefox, where content scripts can read it. */
const PRIVATE: readonly Section[] = ['follows', 'entityNotes', 'kb'];

interface Sources {
  settings: SettingsStore;
  follows: () => Promise<FollowRecord[]>;
  refollow: (f: unknown) => Promise<unknown>;
  entityNotes: () => Promise<EntityNoteRecord[]>;
  setEntityNote: (n: EntityNoteRecord) => Promise<void>;
  userKb: () => Promise<UserKb>;
  setUserKb: (data: unknown) => Promise<{ ok: boolean }>;
}

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
  async function plan() {
    const all = await sections();
    const privateOut: NotSynced[] = [];
    if (isFirefox || !(await closed)) {
      for (const section of PRIVATE) {
        for (const e of all[section] ?? []) privateOut.push({ section, label: e.label, why: 'kept out of Firefox’s sync area, which the extension’s scripts in web pages could read' });
        delete all[section];
      }
    }
    const written = new Date().toISOString();
    const packed = pack(all, written);
    notSynced = [...privateOut, ...packed.notSynced];
    return { packed, written };
  }

  async function write(): Promise<void> {
    const { packed, written } = await plan();
    const stored = (await area.get(null)) as Record<string, unknown>;
    await area.set(packed.items);
    const stale = staleKeys(stored, packed);
    if (stale.length) await area.remove(stale);
    lastWritten = written;
  }

  async function read(): Promise<void> {
    const got = unpack((await area.get(null)) as Record<string, unknown>);
    if (!got || got.written === lastWritten) return;
    const { sections: sec } = got;
    const settings = sec.settings?.[0] as Record<string, unknown> | undefined;
    const all = await s.settings.all();
    if (settings || sec.sites) {
      const prefs = { ...all.prefs, ...Object.fromEntries(SYNCED_PREFS.filter((k) => settings && k in settings).map((k) => [k, settings![k]])) };
      const sites = { ...all.sites };
      for (const x of sec.sites ?? []) {
        const { host, site } = (x ?? {}) as { host?: unknown; site?: SiteSettings };
        if (isStr(host, 253) && /^[a-z0-9.-]+(?::\d+)?$/i.test(host) && site && typeof site === 'object') sites[host] = site;
      }
      // through migrate: a field that is not what it should be is dropped, not stored
      await s.settings.replaceAll(migrate({ version: 2, prefs, sites }));
    }
    if (sec.follows) {
      const have = new Set((await s.follows()).map((f) => f.key));
      for (const f of sec.follows) if (!have.has((f as FollowRecord)?.key)) await s.refollow(f);
    }
    if (sec.entityNotes) {
      const mine = new Map((await s.entityNotes()).map((n) => [n.entityKey, n]));
      for (const n of sec.entityNotes) if (isEntityNote(n) && n.note && (!mine.has(n.entityKey) || Date.parse(mine.get(n.entityKey)!.updated) < Date.parse(n.updated))) await s.setEntityNote(n);
    }
    if (sec.kb?.length) {
      const kb = await s.userKb();
      const empty = !kb.entities.length && !kb.aliases.length && !kb.hidden.length && !Object.keys(kb.summaries).length && !kb.corrections.length;
      if (empty) {
        const next: Record<string, unknown> = { version: 2, entities: [], aliases: [], hidden: [], summaries: {}, corrections: [] };
        for (const x of sec.kb as { k?: string; v?: unknown; id?: string }[]) {
          if (x?.k === 'entity') (next.entities as unknown[]).push(x.v);
          else if (x?.k === 'alias') (next.aliases as unknown[]).push(x.v);
          else if (x?.k === 'hidden') (next.hidden as unknown[]).push(x.v);
          else if (x?.k === 'correction') (next.corrections as unknown[]).push(x.v);
          else if (x?.k === 'summary' && typeof x.id === 'string') Object.defineProperty(next.summaries, x.id, { value: x.v, enumerable: true, writable: true, configurable: true });
        }
        // the same checks as a knowledge-base file: refused whole on any problem
        await s.setUserKb(next);
      }
    }
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
      api.storage.onChanged.addListener((_changes, name) => {
        if (name === 'sync') void read().catch(() => undefined);
      });
      // written only when the reader changes something here: a new profile never overwrites the
      // copy the browser is still bringing down with its defaults
      void read()
        .catch((e: unknown) => console.warn('AI News Lens: browser sync not read:', e instanceof Error ? e.message : e))
        .then(() => plan())
        .catch(() => undefined);
    },
  };
}
