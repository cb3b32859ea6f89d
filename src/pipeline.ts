import { extractArticle, type Article } from './article/extract';
import { analyzeText, MAX_ANALYZED_CHARS, type AnalyzeOptions } from './entities/extract';
import type { Analysis } from './entities/types';

export interface PageResult extends Analysis {
  article: Article;
}


/**
 * The whole pipeline on a document: article text, then entities and the AI decision. Used by the
 * CLI in Node; the extension runs the same two halves in the page (article) and the background
 * (analysis).
 */
export function analyzeDocument(doc: Document, opts: AnalyzeOptions = {}): PageResult {
  const article = extractArticle(doc);
  // Not an article (a front page, a search page): nothing to say, as in the extension.
  if (!article.isArticle) return { article, isAI: false, aiScore: 0, entities: [] };
  return { article, ...analyzeText(article.text.slice(0, MAX_ANALYZED_CHARS), article.title, opts) };
}
