/**
 * Stage two's article, read without Readability in the page: the page is written out in slices
 * (src/article/serialize.ts, a few ms each) and the background reads the article from that copy
 * (src/article/offpage.ts). Readability's passes, 100–200 ms at a stretch on a big page, run there.
 */
import { call } from '../shared/messaging';
import { pageHtmlSteps } from '../../src/article/serialize';
import { runInSlices, Superseded, type Slicer } from '../../src/article/slices';
import type { Article } from '../../src/article/extract';
import type { ContentToBackground } from '../../src/messaging/protocol';

/** The article of `doc` (or of its one story `scope`); throws Superseded when a newer run took over meanwhile. */
export async function readArticle(doc: Document, scope: Element | null, slicer: Slicer, current: () => boolean): Promise<Article> {
  const html = await runInSlices(pageHtmlSteps(doc, { scope, base: doc.baseURI }), slicer, current);
  const article = await call<ContentToBackground, 'page:extract'>('page:extract', { html });
  if (!current()) throw new Superseded();
  return article;
}
