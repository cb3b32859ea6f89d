import { analyzeText, MAX_ANALYZED_CHARS } from '../../src/entities/extract';
import type { CompiledKb } from '../../src/entities/compiled';
import { compromiseOptions } from '../../src/entities/nlp';
import { toCards } from '../../src/analysis/cards';
import type { AnalyzeRequest, AnalyzeResponse } from '../../src/messaging/protocol';

/** The heavy half of the pipeline, in the background context: the page never loads compromise. */
export function createAnalyzer(compiled: () => Promise<CompiledKb>) {
  return {
    async analyze(req: AnalyzeRequest): Promise<AnalyzeResponse> {
      const t0 = performance.now();
      const ck = await compiled();
      const a = analyzeText(req.text.slice(0, MAX_ANALYZED_CHARS), req.title, { compiled: ck, ...compromiseOptions });
      return { isAI: a.isAI, aiScore: a.aiScore, entities: toCards(a, ck.kb), ms: Math.round(performance.now() - t0) };
    },
  };
}
