import { AnnotationStore, canonicalUrl, openUserDb, type AnnotationRecord } from '../../src/storage/db';
import { fromWebAnnotations, toCollection } from '../../src/annotate/export';
import type { AnnotationDraft } from '../../src/messaging/protocol';
import { madeOn } from '../../src/annotate/identity';

/** The reader's annotations, in the extension's own IndexedDB (opened on first use). */
export function createAnnotations(factory: IDBFactory) {
  let store: Promise<AnnotationStore> | null = null;
  const open = () => (store ??= openUserDb(factory).then((db) => new AnnotationStore(db)));
  return {
    /** Resolves after the write committed: the page is told "saved" only then. */
    /**
     * A new highlight. With `key` (chosen by the page's content script for one press of Highlight)
     * a repeat of the same save, sent again because the first answer was lost, stores nothing new
     * and answers the same id; a key naming any other highlight is refused.
     */
    async save(d: AnnotationDraft & { key?: string }): Promise<{ id: string }> {
      const now = new Date().toISOString();
      const url = canonicalUrl(d.url, d.canonical);
      const id = d.key ?? crypto.randomUUID();
      const record: AnnotationRecord = { id, url, urls: [...new Set([url, d.url])], title: d.title, fingerprint: d.fingerprint, selectors: d.selectors, note: '', tags: [], created: now, updated: now };
      const store = await open();
      if (!d.key) await store.put(record);
      else if (!(await store.add(record))) {
        const was = await store.get(id);
        if (!was || was.url !== url || JSON.stringify(was.selectors) !== JSON.stringify(d.selectors)) throw new Error('refused: that key names another highlight');
      }
      return { id };
    },
    async list(): Promise<AnnotationRecord[]> {
      return (await (await open()).all()).reverse();
    },
    async update(id: string, note: string, tags: string[]): Promise<AnnotationRecord | null> {
      const store = await open();
      const found = (await store.all()).find((a) => a.id === id);
      if (!found) return null;
      return store.put({ ...found, note, tags: [...new Set(tags.map((t) => t.trim()).filter(Boolean))], updated: new Date().toISOString() });
    },
    async delete(id: string): Promise<{ ok: true }> {
      await (await open()).delete(id);
      return { ok: true };
    },
    /** Checks every record (through the Web Annotation reader, the same gate as an import) before writing any. */
    async restore(records: unknown[]): Promise<{ ok: true; count: number } | { ok: false; error: string }> {
      const asAnnotations = records.every((r) => typeof r === 'object' && r !== null && (r as { type?: unknown }).type === 'Annotation');
      let checked: ReturnType<typeof fromWebAnnotations>;
      try {
        checked = fromWebAnnotations(asAnnotations ? records : toCollection(records as AnnotationRecord[]).items);
      } catch {
        return { ok: false, error: 'the records are not annotations this extension wrote' };
      }
      if (!checked.ok) return checked;
      await (await open()).putAll(checked.value);
      return { ok: true, count: checked.value.length };
    },
    store: open,
    /**
     * Selectors only (the reader's notes and tags stay in the extension), and only of highlights
     * made on `sites`: the page's own site, or another the reader chose in the frame. A page that
     * copies another site's story, or names it as canonical, gets nothing of it.
     */
    async forPage(q: { url: string; canonical: string | null; fingerprint: string }, sites: (string | null)[]) {
      const list = await (await open()).forArticle(canonicalUrl(q.url, q.canonical), q.fingerprint);
      return list.filter((a) => sites.some((s) => madeOn(a, s))).map((a) => ({ id: a.id, selectors: a.selectors }));
    },
  };
}
