import { analyzeText, MAX_ANALYZED_CHARS } from '../../src/entities/extract';
import { defaultCompiledKb } from '../../src/entities/compiled';
import { compromiseOptions } from '../../src/entities/nlp';
import { toCards } from '../../src/analysis/cards';
import type { AnalyzeRequest, AnalyzeResponse } from '../../src/messaging/protocol';

/** The heavy half of the pipeline, in the background context: the page never loads compromise. */
export function createAnalyzer() {
  return {
    analyze(req: AnalyzeRequest): AnalyzeResponse {
      const t0 = performance.now();
      const compiled = defaultCompiledKb();
      const a = analyzeText(req.text.slice(0, MAX_ANALYZED_CHARS), req.title, { compiled, ...compromiseOptions });
      return { isAI: a.isAI, aiScore: a.aiScore, entities: toCards(a, compiled.kb), ms: Math.round(performance.now() - t0) };
    },
  };
}
