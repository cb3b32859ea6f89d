/**
 * Offline-first sync of the reader's annotations with a Hypothesis server.
 *
 * Every create, edit and deletion is first written to the outbox (IndexedDB, one entry per
 * annotation: a later change replaces an earlier one) in the same moment the annotation itself is
 * saved; `flush()` sends what is due, oldest first. So a change made offline, or while the server is
 * down, waits on disk and goes out when the server answers, and a service worker that is stopped
 * mid-way loses nothing.
 *
 * flush(), per entry:
 * 1. create: POST the annotation; keep which server annotation it became and its `updated`.
 * 2. update: GET the server's copy first. Unchanged since we last agreed → PATCH ours. Changed
 *    (another device, Hypothesis's own client) → a conflict: the later of the server's `updated`
 *    and our edit's time wins; the losing note and tags are kept as a revision the reader can put
 *    back. Gone from the server → created again (the reader's edit is not thrown away).
 * 3. delete: DELETE it (already gone counts as done).
 * On failure: a refused token (401/403) stops everything and says so; a 429 waits as long as the
 * server asks; a 5xx or no answer waits backoff(attempts), and after MAX_ATTEMPTS the entry stops
 * (kept, shown, sent again when the reader asks); any other 4xx stops that entry with its reason.
 *
 * pull(uris) reads the reader's annotations of a page (and the chosen group's): the reader's own
 * become (or update) local annotations, unless a local change of the same one is still waiting (the
 * push decides that conflict); ones deleted on the server are deleted here; other members' are kept
 * apart, read only, with their author.
 */
import { AnnotationStore, type AnnotationRecord, type OutboxRecord, type RemoteRecord, type RevisionRecord, type SyncLinkRecord, type UserDb } from '../storage/db';
import { backoff, SyncError, type Client } from './client';
import { fromHypothesis, ONLY_ME, toHypothesis, type Destination, type Pulled } from './hypothesis';

/** Sends of one change before it stops and waits for the reader (about 17 minutes of backoff in all). */
export const MAX_ATTEMPTS = 8;

export interface SyncStatus {
  /** Changes waiting to go (including stopped ones). */
  pending: number;
  /** Changes that stopped (refused, or too many tries), with why. */
  stopped: { id: string; op: OutboxRecord['op']; error: string }[];
  /** The failure that stops all sync (a refused token), or the last passing one; null when all is well. */
  error: { kind: SyncError['kind']; message: string } | null;
  /** ISO time the server last took or gave something. */
  lastSync: string | null;
  /** Server annotations skipped as not valid (their reason), in the last pull. */
  skipped: string[];
}

export interface EngineDeps {
  db: UserDb;
  /** The client for the current settings; null while sync is off. */
  client: () => Client | null;
  destination: () => Destination | null;
  now?: () => number;
  /** Asks to be flushed again in `ms` (the background sets a timer). */
  schedule?: (ms: number) => void;
  /** A refused token: the background pauses sync and tells the options page. */
  onAuthError?: (message: string) => void;
  /** Local annotations changed by a pull or a conflict (pages redraw). */
  onChanged?: (ids: string[]) => void;
}

export function createEngine(d: EngineDeps) {
  const now = d.now ?? Date.now;
  const iso = () => new Date(now()).toISOString();
  const store = new AnnotationStore(d.db);
  const status: Omit<SyncStatus, 'pending' | 'stopped'> = { error: null, lastSync: null, skipped: [] };
  let flushing: Promise<void> | null = null;
  let rerun: Promise<void> | null = null;

  const link = (id: string) => d.db.get('syncLinks', id);
  const keepRevision = (r: Omit<RevisionRecord, 'key' | 'kept'>) => d.db.add('syncRevisions', { ...r, kept: iso() } as RevisionRecord);
  const sameText = (a: { note: string; tags: string[] }, b: { note: string; tags: string[] }) => a.note === b.note && a.tags.join('\u0000') === b.tags.join('\u0000');

  /** Records a change to send; called right after the annotation itself was saved or deleted. */
  async function queue(id: string, change: 'save' | 'delete'): Promise<void> {
    const tx = d.db.transaction(['syncOutbox', 'syncLinks'], 'readwrite', { durability: 'strict' } as IDBTransactionOptions);
    const [had, linked] = await Promise.all([tx.objectStore('syncOutbox').get(id), tx.objectStore('syncLinks').get(id)]);
    const fresh = (op: OutboxRecord['op']): OutboxRecord => ({ id, op, rev: (had?.rev ?? 0) + 1, queued: had?.queued ?? iso(), attempts: 0, nextAt: 0, error: null, stopped: false });
    if (change === 'delete') {
      // never sent: nothing to delete on the server
      if (!linked) await tx.objectStore('syncOutbox').delete(id);
      else await tx.objectStore('syncOutbox').put(fresh('delete'));
    } else {
      await tx.objectStore('syncOutbox').put(fresh(linked ? 'update' : 'create'));
    }
    await tx.done;
  }

  async function sendOne(e: OutboxRecord, client: Client, to: Destination): Promise<void> {
    const linked = await link(e.id);
    if (e.op === 'delete') {
      if (linked) {
        try {
          await client.delete(linked.remoteId);
        } catch (err) {
          if (!(err instanceof SyncError && err.kind === 'gone')) throw err;
        }
        await d.db.delete('syncLinks', e.id);
      }
      return;
    }
    const local = await d.db.get('annotations', e.id);
    if (!local) return; // deleted since; its delete entry replaced this one or it was never sent
    // an edit changes the text, never where the copy lives: it stays in the group it was first sent to
    const keep = async (remote: { id: string; updated: unknown }, group = linked?.group ?? to.group) => {
      await d.db.put('syncLinks', { id: e.id, remoteId: remote.id, serverUpdated: String(remote.updated), group } satisfies SyncLinkRecord);
    };
    if (!linked) {
      await keep(await client.create(toHypothesis(local, to)) as { id: string; updated: string });
      return;
    }
    let server: Record<string, unknown>;
    try {
      server = await client.get(linked.remoteId);
    } catch (err) {
      if (!(err instanceof SyncError && err.kind === 'gone')) throw err;
      // deleted on the server (another device) after this edit was made here: the edit is kept, made again
      await d.db.delete('syncLinks', e.id);
      await keep(await client.create(toHypothesis(local, to)) as { id: string; updated: string }, to.group);
      return;
    }
    const draft = toHypothesis(local, to);
    const patch = { text: draft.text, tags: draft.tags, target: draft.target, document: draft.document };
    if (server.updated === linked.serverUpdated) {
      await keep(await client.update(linked.remoteId, patch) as { id: string; updated: string });
      return;
    }
    // changed on the server since we last agreed: the later change wins, the other is kept
    const theirs = fromHypothesis(server, to.userid);
    if (!theirs.ok) {
      await keep(await client.update(linked.remoteId, patch) as { id: string; updated: string });
      return;
    }
    const serverTime = Date.parse(theirs.value.remote.updated);
    if (serverTime > Date.parse(local.updated)) {
      if (!sameText(local, theirs.value.record)) await keepRevision({ annotationId: e.id, note: local.note, tags: local.tags, from: 'browser', written: local.updated });
      await store.put({ ...local, note: theirs.value.record.note, tags: theirs.value.record.tags, updated: theirs.value.record.updated });
      await keep(theirs.value.remote);
      d.onChanged?.([e.id]);
    } else {
      if (!sameText(local, theirs.value.record)) await keepRevision({ annotationId: e.id, note: theirs.value.record.note, tags: theirs.value.record.tags, from: 'server', written: theirs.value.remote.updated });
      await keep(await client.update(linked.remoteId, patch) as { id: string; updated: string });
    }
  }

  async function flushNow(): Promise<void> {
    const client = d.client();
    const to = d.destination();
    if (!client || !to) return;
    const waiting = (await d.db.getAll('syncOutbox')).filter((e) => !e.stopped).sort((a, b) => a.queued.localeCompare(b.queued));
    for (const e of waiting) {
      // in order: one that waits for the server holds back those after it
      if (e.nextAt > now()) {
        d.schedule?.(e.nextAt - now());
        return;
      }
      try {
        await sendOne(e, client, to);
        // removed only if no newer change of it arrived while this one was on its way
        const tx = d.db.transaction('syncOutbox', 'readwrite');
        const current = await tx.store.get(e.id);
        if (current && current.rev === e.rev) await tx.store.delete(e.id);
        else if (current && e.op === 'create' && current.op === 'create') await tx.store.put({ ...current, op: 'update' });
        await tx.done;
        status.lastSync = iso();
        if (status.error?.kind !== 'auth') status.error = null;
      } catch (err) {
        // turned off while this was on its way: the change is not this run's to mark
        if (!d.client()) return;
        const se = err instanceof SyncError ? err : new SyncError('invalid', err instanceof Error ? err.message : String(err));
        if (se.kind === 'auth') {
          status.error = { kind: 'auth', message: se.message };
          d.onAuthError?.(se.message);
          return;
        }
        const attempts = e.attempts + 1;
        const stops = se.kind === 'refused' || se.kind === 'invalid' || attempts >= MAX_ATTEMPTS;
        const wait = se.kind === 'rate' ? (se.retryAfterMs ?? backoff(attempts)) : backoff(attempts);
        const message = stops && attempts >= MAX_ATTEMPTS && !(se.kind === 'refused' || se.kind === 'invalid') ? `${se.message} Gave up after ${attempts} tries; it is kept here.` : se.message;
        const cur = await d.db.get('syncOutbox', e.id);
        // a newer change that arrived meanwhile starts afresh; otherwise this one waits (or stops) with its reason
        if (cur && cur.rev === e.rev) await d.db.put('syncOutbox', { ...e, attempts, nextAt: now() + wait, error: message, stopped: stops });
        status.error = { kind: se.kind, message };
        if (stops) continue;
        // the server is down, offline or busy: the rest would fail alike; all wait, in order
        d.schedule?.(wait);
        return;
      }
    }
  }

  /**
   * Sends what is due; one flush at a time. A call while one runs gets one more run after it (shared
   * by every call meanwhile), since a change queued after the running one read the outbox is not in it.
   */
  function flush(): Promise<void> {
    if (flushing) {
      rerun ??= flushing.then(() => {
        rerun = null;
        return flush();
      });
      return rerun;
    }
    flushing = flushNow().finally(() => {
      flushing = null;
    });
    return flushing;
  }

  /** Merges the server's annotations of these page addresses (canonical first); returns the local ids that changed. */
  async function pull(uris: string[] | null): Promise<string[]> {
    const client = d.client();
    const to = d.destination();
    if (!client || !to) return [];
    const rows = new Map<string, unknown>();
    const ask = async (q: { uri?: string; user?: string; group?: string }) => {
      for (const r of await client.search(q)) if (typeof (r as { id?: unknown })?.id === 'string') rows.set((r as { id: string }).id, r);
    };
    for (const uri of uris ?? [null]) {
      await ask({ ...(uri ? { uri } : {}), user: to.userid });
      if (uri && to.group !== ONLY_ME) await ask({ uri, group: to.group });
    }
    status.lastSync = iso();
    const skipped: string[] = [];
    const changed: string[] = [];
    const seenRemote = new Set<string>();
    const pending = new Map((await d.db.getAll('syncOutbox')).map((e) => [e.id, e]));
    for (const raw of rows.values()) {
      const p = fromHypothesis(raw, to.userid);
      if (!p.ok) {
        skipped.push(`${String((raw as { id?: unknown }).id).slice(0, 64)}: ${p.error}`);
        continue;
      }
      seenRemote.add(p.value.remote.id);
      if (!p.value.mine) {
        await d.db.put('syncRemote', { id: p.value.remote.id, url: p.value.record.url, record: p.value.record, user: p.value.remote.user, displayName: p.value.remote.displayName, group: p.value.remote.group, serverUpdated: p.value.remote.updated } satisfies RemoteRecord);
        continue;
      }
      const id = await mergeOwn(p.value, pending);
      if (id) changed.push(id);
    }
    status.skipped = skipped;
    // the reader's annotations of these pages that the server no longer has were deleted elsewhere
    const scope = uris ? new Set(uris) : null;
    for (const l of await d.db.getAll('syncLinks')) {
      if (seenRemote.has(l.remoteId) || pending.has(l.id)) continue;
      const local = await d.db.get('annotations', l.id);
      if (local && scope && !local.urls.some((u) => scope.has(u)) && !scope.has(local.url)) continue;
      if (local) {
        await store.delete(l.id);
        changed.push(l.id);
      }
      await d.db.delete('syncLinks', l.id);
    }
    if (uris) {
      for (const uri of uris) for (const r of await d.db.getAllFromIndex('syncRemote', 'url', uri)) if (!seenRemote.has(r.id)) await d.db.delete('syncRemote', r.id);
    }
    if (changed.length) d.onChanged?.(changed);
    return changed;
  }

  /** One of the reader's own server annotations into the local store; the id if it changed anything. */
  async function mergeOwn(p: Pulled, pending: Map<string, OutboxRecord>): Promise<string | null> {
    const byRemote = await d.db.getFromIndex('syncLinks', 'remoteId', p.remote.id);
    const id = byRemote?.id ?? p.record.id;
    // a local change of it still waits: the push compares the two (and keeps the loser)
    if (pending.has(id)) return null;
    const known = byRemote ?? (await link(id));
    if (known && known.serverUpdated === p.remote.updated && (await d.db.get('annotations', id))) return null;
    const local = await d.db.get('annotations', id);
    const next: AnnotationRecord = local ? { ...local, note: p.record.note, tags: p.record.tags, selectors: p.record.selectors, updated: p.record.updated } : { ...p.record, id };
    const unchanged = local && sameText(local, next) && JSON.stringify(local.selectors) === JSON.stringify(next.selectors);
    if (!unchanged) await store.put(next);
    await d.db.put('syncLinks', { id, remoteId: p.remote.id, serverUpdated: p.remote.updated, group: p.remote.group });
    return unchanged ? null : id;
  }

  return {
    queue,
    flush,
    pull,
    /** Puts stopped changes back in line (the reader pressed "Send again", or gave a new token). */
    async retryAll(): Promise<void> {
      for (const e of await d.db.getAll('syncOutbox')) await d.db.put('syncOutbox', { ...e, stopped: false, attempts: 0, nextAt: 0, error: null });
      status.error = null;
    },
    async status(): Promise<SyncStatus> {
      const all = await d.db.getAll('syncOutbox');
      return { ...status, pending: all.length, stopped: all.filter((e) => e.stopped).map((e) => ({ id: e.id, op: e.op, error: e.error ?? '' })) };
    },
    /** Other members' annotations of a page, read only. */
    othersFor: async (uris: string[]): Promise<RemoteRecord[]> => (await Promise.all(uris.map((u) => d.db.getAllFromIndex('syncRemote', 'url', u)))).flat(),
    othersAll: () => d.db.getAll('syncRemote'),
    revisions: () => d.db.getAll('syncRevisions'),
    /** Puts a kept text back as the annotation's note and tags (the current one is kept in its place); the change is then sent. */
    async restoreRevision(key: number): Promise<AnnotationRecord | null> {
      const r = await d.db.get('syncRevisions', key);
      const a = r && (await d.db.get('annotations', r.annotationId));
      if (!r || !a) return null;
      await keepRevision({ annotationId: a.id, note: a.note, tags: a.tags, from: 'browser', written: a.updated });
      const next = await store.put({ ...a, note: r.note, tags: r.tags, updated: iso() });
      await d.db.delete('syncRevisions', key);
      await queue(a.id, 'save');
      return next;
    },
    /** Ids of the reader's annotations that are on the server (for "remove the server copies"). */
    linked: () => d.db.getAll('syncLinks'),
    /** Sync turned off: forgets what was waiting and which server annotation each was (the annotations stay). */
    async forget(): Promise<void> {
      const tx = d.db.transaction(['syncOutbox', 'syncLinks', 'syncRemote'], 'readwrite');
      await Promise.all([tx.objectStore('syncOutbox').clear(), tx.objectStore('syncLinks').clear(), tx.objectStore('syncRemote').clear(), tx.done]);
      status.error = null;
      status.skipped = [];
    },
  };
}

export type Engine = ReturnType<typeof createEngine>;
