/**
 * Sync with a Hypothesis server (issue #16), in the background: keeps the server, token and group
 * in the extension's own IndexedDB (the kv store; never storage.local, never a backup), queues
 * each change of an annotation as it is saved, pulls a page's annotations when the page asks for
 * its highlights, and answers the options page. Off until the reader turns it on; turning it off
 * aborts every request in flight at once.
 */
import { openUserDb, type AnnotationRecord } from '../../src/storage/db';
import type { KeyValue } from '../../src/storage/settings';
import { createClient, SyncError, type Group } from '../../src/sync/client';
import { createEngine, type Engine } from '../../src/sync/engine';
import { ONLY_ME, userName } from '../../src/sync/hypothesis';
import type { NotSynced } from '../../src/sync/packing';
import type { SyncView } from '../../src/messaging/protocol';
import { madeOn } from '../../src/annotate/identity';
import type { createAnnotations } from './annotations';

export const SYNC_KEY = 'sync';
export const DEFAULT_SERVER = 'https://hypothes.is';
/** A page's annotations are asked for again only after this long (a reload, the page asking twice). */
const PULL_AGAIN_MS = 10_000;

interface SyncConfig {
  server: string;
  token: string | null;
  userid: string | null;
  displayName: string | null;
  group: string;
  groups: Group[];
  on: boolean;
  /** Why sync stopped, when only the reader can fix it (a refused token). */
  paused: string | null;
}
const initial = (): SyncConfig => ({ server: DEFAULT_SERVER, token: null, userid: null, displayName: null, group: ONLY_ME, groups: [], on: false, paused: null });

type Annotations = ReturnType<typeof createAnnotations>;

/**
 * A wake-up that outlives the worker: the browser stops an idle background after about 30 s, and
 * its timers with it, so a retry due later is also set as an alarm (`alarms` API), which starts the
 * background again when due. Wired to `api.alarms` in index.ts.
 */
export interface Wake {
  at(when: number): void;
  clear(): void;
}
/** The browser's alarms fire at most this often (Chrome 120+: 30 s); a sooner retry is left to the timer alone. */
export const ALARM_MIN_MS = 30_000;
export const SYNC_ALARM = 'sync-retry';

export function createSync(o: { factory: IDBFactory; kv: KeyValue; fetch: typeof fetch; pageChanged: (tabId: number) => void; notSynced?: () => NotSynced[]; wake?: Wake }) {
  let config: SyncConfig | null = null;
  let stop = new AbortController();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const pulledAt = new Map<string, number>();
  const load = async (): Promise<SyncConfig> => (config ??= { ...initial(), ...((await o.kv.get(SYNC_KEY)) as Partial<SyncConfig> | undefined) });
  const save = async (next: SyncConfig) => {
    config = next;
    await o.kv.set(SYNC_KEY, next);
  };
  const active = () => !!config && config.on && !config.paused && !!config.token && !!config.userid;
  const client = () => (active() ? createClient({ base: config!.server, token: config!.token!, fetch: o.fetch, signal: stop.signal }) : null);

  let engine: Promise<Engine> | null = null;
  const open = () =>
    (engine ??= openUserDb(o.factory).then((db) =>
      createEngine({
        db,
        client,
        destination: () => (active() ? { userid: config!.userid!, group: config!.group } : null),
        schedule: (ms) => {
          if (timer) clearTimeout(timer);
          timer = setTimeout(() => void flush(), Math.max(1000, ms));
          // the timer dies with the worker: a later wait is also an alarm, which wakes it
          if (ms >= ALARM_MIN_MS) o.wake?.at(Date.now() + ms);
        },
        onAuthError: (message) => void load().then((c) => save({ ...c, paused: message })),
      }),
    ));
  const flush = async () => {
    await load();
    if (!active()) return;
    await (await open()).flush().catch((e: unknown) => console.warn('AI News Lens: sync:', e instanceof Error ? e.message : e));
  };

  /** A change of one annotation, after it was stored: queued on disk, then sent when the server answers. */
  async function changed(id: string, change: 'save' | 'delete'): Promise<void> {
    await load();
    if (!active() && !config?.paused) return;
    // queued while paused (a refused token) too: nothing is lost until the reader gives a new one
    await (await open()).queue(id, change);
    void flush();
  }

  async function view(): Promise<SyncView> {
    const c = await load();
    const e = await open();
    const db = await openUserDb(o.factory);
    const revisions = await Promise.all(
      (await e.revisions()).map(async (r) => {
        const a = await db.get('annotations', r.annotationId);
        const quote = a?.selectors.find((s) => s.type === 'TextQuoteSelector');
        return { key: r.key!, annotationId: r.annotationId, quote: quote && 'exact' in quote ? quote.exact.slice(0, 200) : '', note: r.note, tags: r.tags, from: r.from, written: r.written };
      }),
    );
    db.close();
    const others = (await e.othersAll()).map((r) => {
      const q = r.record.selectors.find((s) => s.type === 'TextQuoteSelector');
      return { id: r.id, url: r.url, title: r.record.title, quote: q && 'exact' in q ? q.exact.slice(0, 300) : '', note: r.record.note, author: r.displayName ?? userName(r.user) };
    });
    return {
      on: c.on,
      server: c.server,
      hasToken: !!c.token,
      userid: c.userid,
      displayName: c.displayName,
      group: c.group,
      groups: c.groups,
      paused: c.paused,
      status: await e.status(),
      revisions,
      others,
      notSynced: o.notSynced?.() ?? [],
    };
  }

  return {
    changed,
    /** The page in `tabId` shows `urls`: pull their annotations (at most every PULL_AGAIN_MS), redraw if any changed. */
    async page(tabId: number | null, urls: string[]): Promise<void> {
      await load();
      if (!active()) return;
      const key = urls.join(' ');
      if (Date.now() - (pulledAt.get(key) ?? 0) < PULL_AGAIN_MS) return;
      pulledAt.set(key, Date.now());
      const e = await open();
      const before = (await e.othersFor(urls)).length;
      try {
        const ids = await e.pull(urls);
        await e.flush();
        if (tabId !== null && (ids.length || (await e.othersFor(urls)).length !== before)) o.pageChanged(tabId);
      } catch (err) {
        if (err instanceof SyncError && err.kind === 'auth') await save({ ...(await load()), paused: err.message });
      }
    },
    /** Other members' highlights of this page, made on `sites`, as the page draws them (selectors only). */
    async othersForPage(urls: string[], sites: (string | null)[]): Promise<{ id: string; selectors: AnnotationRecord['selectors'] }[]> {
      await load();
      if (!active()) return [];
      return (await (await open()).othersFor(urls)).filter((r) => sites.some((s) => madeOn(r.record, s))).map((r) => ({ id: r.record.id, selectors: r.record.selectors }));
    },
    view,
    async connect(server: string, token: string): Promise<{ ok: true; view: SyncView } | { ok: false; error: string }> {
      const probe = createClient({ base: server, token, fetch: o.fetch });
      try {
        const profile = await probe.profile();
        const groups = await probe.groups();
        const c = await load();
        const sameAccount = c.userid === profile.userid && c.server === server;
        await save({ ...c, server, token, userid: profile.userid, displayName: profile.displayName, groups, group: groups.some((g) => g.id === c.group) ? c.group : ONLY_ME, paused: null, on: sameAccount && c.on });
        if (sameAccount && c.on) {
          await (await open()).retryAll();
          void flush();
        }
        return { ok: true, view: await view() };
      } catch (e) {
        return { ok: false, error: e instanceof Error ? e.message : String(e) };
      }
    },
    async set(req: { on?: boolean; group?: string; removeServerCopies?: boolean }, annotations: Annotations): Promise<{ ok: true; view: SyncView } | { ok: false; error: string }> {
      let c = await load();
      if (req.group !== undefined) {
        if (req.group !== ONLY_ME && !c.groups.some((g) => g.id === req.group)) return { ok: false, error: 'That group is not one of yours on this server: check the token again to refresh the list.' };
        c = { ...c, group: req.group };
        await save(c);
      }
      const e = await open();
      if (req.on === true && !c.on) {
        if (!c.token || !c.userid) return { ok: false, error: 'Check your developer token first.' };
        stop = new AbortController();
        await save({ ...c, on: true, paused: null });
        // everything kept so far goes up once; then the reader's annotations come down for the library
        for (const a of await annotations.list()) await e.queue(a.id, 'save');
        await e.flush();
        await e.pull(null).catch(() => undefined);
      }
      if (req.on === false && c.on) {
        // every request in flight stops now, and nothing new starts (a send that fails now records nothing)
        config = { ...c, on: false };
        stop.abort();
        if (timer) clearTimeout(timer);
        o.wake?.clear();
        const problems: string[] = [];
        if (req.removeServerCopies && c.token) {
          const remover = createClient({ base: c.server, token: c.token, fetch: o.fetch });
          for (const l of await e.linked()) {
            try {
              await remover.delete(l.remoteId);
            } catch (err) {
              if (!(err instanceof SyncError && err.kind === 'gone')) problems.push(err instanceof Error ? err.message : String(err));
            }
          }
        }
        await e.forget();
        await save({ ...c, on: false, paused: null });
        stop = new AbortController();
        if (problems.length) return { ok: false, error: `Sync is off. ${problems.length} of your annotations could not be removed from ${new URL(c.server).host}: ${problems[0]}` };
      }
      return { ok: true, view: await view() };
    },
    async now(): Promise<SyncView> {
      await load();
      if (active()) {
        const e = await open();
        await e.retryAll();
        await e.flush();
        await e.pull(null).catch(() => undefined);
      }
      return view();
    },
    async restoreRevision(key: number): Promise<{ ok: boolean }> {
      const done = await (await open()).restoreRevision(key);
      void flush();
      return { ok: !!done };
    },
    flush,
  };
}

export type Sync = ReturnType<typeof createSync>;

/**
 * The annotations service with each change also handed to sync: saves, edits, deletions, restores,
 * re-attachments (through `store().put`) and whole-backup restores (`store().replaceAll`) from the
 * page, the companion and the library.
 */
export function withSync(a: Annotations, sync: Sync): Annotations {
  return {
    ...a,
    async save(d) {
      const r = await a.save(d);
      await sync.changed(r.id, 'save');
      return r;
    },
    async update(id, note, tags) {
      const r = await a.update(id, note, tags);
      if (r) await sync.changed(id, 'save');
      return r;
    },
    async delete(id) {
      const r = await a.delete(id);
      await sync.changed(id, 'delete');
      return r;
    },
    async restore(records) {
      const r = await a.restore(records);
      if (r.ok) for (const x of records) if (typeof x === 'object' && x !== null && typeof (x as { id?: unknown }).id === 'string') await sync.changed(String((x as { id: string }).id).replace(/^urn:uuid:/, ''), 'save');
      return r;
    },
    async store() {
      const s = await a.store();
      const put = s.put.bind(s);
      const replaceAll = s.replaceAll.bind(s);
      return Object.assign(Object.create(s) as typeof s, {
        put: async (r: AnnotationRecord) => {
          const out = await put(r);
          await sync.changed(r.id, 'save');
          return out;
        },
        // a whole backup restored: its highlights go up like any save (server copies of ones it lacks stay, and come back down)
        replaceAll: async (...args: Parameters<typeof s.replaceAll>) => {
          await replaceAll(...args);
          for (const r of args[0]) await sync.changed(r.id, 'save');
        },
      });
    },
  };
}
