/**
 * "Learned from your reading" in the background (src/kb/learned.ts): each AI article recorded in
 * the reading history adds what it states about names the knowledge base does not know; the options
 * page lists the entries seen in two articles or more, and confirms (a reader addition) or
 * dismisses them. Kept in the extension's own IndexedDB with the reader's other data; nothing is sent.
 */
import { LEARNED_KEY, confirmedEntity, dismissLearned, emptyLearned, findStatements, migrateLearned, observeArticle, provisional, removeLearned, type LearnedEntry, type LearnedStore, type SeenEntity } from '../../src/kb/learned';
import type { KeyValue } from '../../src/storage/settings';
import type { createKbService } from './kb';

export function createLearned(kv: KeyValue, kb: ReturnType<typeof createKbService>) {
  /** Writes run one after another, so two articles analysed at once cannot overwrite each other. */
  let queue: Promise<unknown> = Promise.resolve();
  const change = <T>(f: (s: LearnedStore) => Promise<{ store: LearnedStore; out: T }>): Promise<T> => {
    const next = queue.then(async () => {
      const { store, out } = await f(migrateLearned(await kv.get(LEARNED_KEY)));
      await kv.set(LEARNED_KEY, store);
      return out;
    });
    queue = next.catch(() => undefined);
    return next;
  };
  const knownNames = async (store: LearnedStore) => {
    const known = new Set<string>();
    for (const e of Object.values(store.entries)) if (await kb.byName(e.name)) known.add(e.name);
    return (n: string) => known.has(n);
  };

  return {
    /** Learns from one article the reader read (its address from the browser, its text and entities from the analysis). */
    observe(article: { url: string; title: string; text: string; entities: readonly SeenEntity[] }): Promise<void> {
      return change(async (store) => {
        // the knowledge base is asked by name before the pure step, which takes plain functions
        const lookups = new Map<string, { known: boolean; company: string | null }>();
        const ask = async (name: string) => {
          const e = await kb.byName(name);
          lookups.set(name, { known: !!e, company: e && (e.type === 'company' || e.type === 'organization') ? e.id : null });
        };
        const candidate = new Set<string>();
        for (const o of findStatements(article.text, (n) => ({ id: null, name: n }))) {
          candidate.add(o.name);
          if (o.maker) candidate.add(o.maker.name);
          if (o.leads) candidate.add(o.leads.name);
        }
        for (const e of article.entities) if (!e.kbId && e.type === 'model') candidate.add(e.name);
        for (const n of candidate) await ask(n);
        const input = {
          ...article,
          at: new Date().toISOString(),
          isKnown: (n: string) => lookups.get(n)?.known ?? false,
          companyId: (n: string) => lookups.get(n)?.company ?? null,
        };
        return { store: observeArticle(store, input), out: undefined };
      });
    },
    async list(): Promise<LearnedEntry[]> {
      const store = migrateLearned(await kv.get(LEARNED_KEY));
      return provisional(store, await knownNames(store));
    },
    /** *Confirm*: a reader addition made from the entry (checked with the rest of their data), and the entry gone. */
    confirm(key: string): Promise<{ ok: true; id: string } | { ok: false; error: string }> {
      return change<{ ok: true; id: string } | { ok: false; error: string }>(async (store) => {
        const entry = store.entries[key];
        if (!entry) return { store, out: { ok: false as const, error: 'That entry is no longer there.' } };
        const user = await kb.getUser();
        const known = await kb.knownIds();
        const made = confirmedEntity(entry, new Set([...known, ...user.entities.map((e) => e.id)]), known, new Date().toISOString().slice(0, 10));
        if (!made.ok) return { store, out: made };
        const saved = await kb.setUser({ ...user, entities: [...user.entities, made.value] });
        if (!saved.ok) return { store, out: saved };
        return { store: removeLearned(store, key), out: { ok: true as const, id: made.value.id } };
      });
    },
    /** *Dismiss*: gone, and not learned again. */
    dismiss(key: string): Promise<{ ok: true }> {
      return change(async (store) => ({ store: dismissLearned(store, key), out: { ok: true as const } }));
    },
    /** Forgets everything learned (the reader forgot their reading history); what they dismissed stays dismissed. */
    forget(): Promise<void> {
      return change(async (store) => ({ store: { ...emptyLearned(), dismissed: store.dismissed }, out: undefined }));
    },
  };
}
