import { extractArticle, type Article } from './article/extract';
import { analyzeText, MAX_ANALYZED_CHARS, type AnalyzeOptions } from './entities/extract';
import type { Analysis } from './entities/types';

export interface PageResult extends Analysis {
  article: Article;
}


/**
 * The whole pipeline on a document: article text, then entities and the AI decision. Used by the
 * CLI in Node; the extension runs the same two halves in the page (article) and the background
 * (analysis). The document is spent: Readability works on it in place, so pass a fresh parse.
 */
export function analyzeDocument(doc: Document, opts: AnalyzeOptions = {}): PageResult {
  // The document is ours (parsed for this call): Readability may spend it, and a non-article is not read.
  const article = extractArticle(doc, null, { onlyArticles: true, consume: true });
  // Not an article (a front page, a search page): nothing to say, as in the extension.
  if (!article.isArticle) return { article, isAI: false, aiScore: 0, entities: [] };
  return { article, ...analyzeText(article.text.slice(0, MAX_ANALYZED_CHARS), article.title, opts) };
}
