import { AnnotationStore, canonicalUrl, openUserDb } from '../../src/storage/db';
import type { AnnotationDraft } from '../../src/messaging/protocol';

/** The reader's annotations, in the extension's own IndexedDB (opened on first use). */
export function createAnnotations(factory: IDBFactory) {
  let store: Promise<AnnotationStore> | null = null;
  const open = () => (store ??= openUserDb(factory).then((db) => new AnnotationStore(db)));
  return {
    /** Resolves after the write committed: the page is told "saved" only then. */
    async save(d: AnnotationDraft): Promise<{ id: string }> {
      const now = new Date().toISOString();
      const url = canonicalUrl(d.url, d.canonical);
      const id = crypto.randomUUID();
      await (await open()).put({ id, url, urls: [...new Set([url, d.url])], title: d.title, fingerprint: d.fingerprint, selectors: d.selectors, note: '', tags: [], created: now, updated: now });
      return { id };
    },
    /** Selectors only: the reader's notes and tags stay in the extension. */
    async forPage(q: { url: string; canonical: string | null; fingerprint: string }) {
      const list = await (await open()).forArticle(canonicalUrl(q.url, q.canonical), q.fingerprint);
      return list.map((a) => ({ id: a.id, selectors: a.selectors }));
    },
  };
}
