import { analyzeText, MAX_ANALYZED_CHARS } from '../../src/entities/extract';
import type { CompiledKb } from '../../src/entities/compiled';
import { compromiseOptions } from '../../src/entities/nlp';
import { toCards } from '../../src/analysis/cards';
import type { AnalyzeRequest, AnalyzeResponse } from '../../src/messaging/protocol';
import { citedReports, siteIndex, siteOutlet, type SiteIndex } from '../../src/related/cited';
import { aboutCompanies, outletTies } from '../../src/kb/ties';
import { storyKind } from '../../src/related/story';
import { correctAnalysis, type Correction } from '../../src/kb/corrections';

/** The heavy half of the pipeline, in the background context: the page never loads compromise. */
export function createAnalyzer(compiled: () => Promise<CompiledKb>, corrections: () => Promise<readonly Correction[]> = async () => []) {
  let sites: { for: CompiledKb; idx: SiteIndex } | null = null;
  return {
    /**
     * `site`: the registrable site of the tab's address as the browser reported it, for the reader's "not on this site" corrections.
     * `kb`: another knowledge base than the reader's (the page's own view, see kb.pageCompiled).
     */
    async analyze(req: AnalyzeRequest, site: string | null = null, kb?: CompiledKb): Promise<AnalyzeResponse> {
      const t0 = performance.now();
      const ck = kb ?? (await compiled());
      const found = analyzeText(req.text.slice(0, MAX_ANALYZED_CHARS), req.title, { compiled: ck, ...compromiseOptions });
      const a = correctAnalysis(found, await corrections(), site);
      if (sites?.for !== ck) sites = { for: ck, idx: siteIndex(ck.kb.entities) };
      return {
        isAI: a.isAI,
        aiScore: a.aiScore,
        entities: toCards(a, ck.kb),
        story: a.isAI ? storyKind(req.title, req.text) : null,
        cited: citedReports(req.links, req.url, sites.idx),
        // the outlet by the tab's address (bindPage), never by what the page says it is
        ties: a.isAI ? outletTies(ck.kb, siteOutlet(req.url, sites.idx)?.id ?? null, aboutCompanies(ck.kb, a.entities)) : [],
        ms: Math.round(performance.now() - t0),
      };
    },
  };
}
