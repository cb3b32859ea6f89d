/**
 * The article read from the page's written copy (./serialize.ts), in the background: Readability's
 * passes (100–200 ms at a stretch on a big page, in one piece) run there, not in the page.
 *
 * The copy is parsed with linkedom, the DOM the command line and the evaluation tools use, so the
 * extension and `ai-news-lens annotate` read a page the same way. It needs no DOM of the browser's:
 * it runs in Chrome's service worker as in Firefox's background page, with no offscreen document and
 * no permission for one.
 */
import { parseHTML } from 'linkedom/worker';
import { extractArticle, type Article } from './extract';
import { SCOPE_ATTR } from './serialize';

/** The article of a page written out by pageHtmlSteps; the story it marked, when it marked one. */
export function articleFromHtml(html: string): Article {
  const doc = parseHTML(html).document as unknown as Document;
  const scope = doc.querySelector(`[${SCOPE_ATTR}]`);
  scope?.removeAttribute(SCOPE_ATTR);
  // the parsed copy is ours to spend: Readability changes it in place instead of cloning it again
  return extractArticle(doc, scope, { consume: true });
}
