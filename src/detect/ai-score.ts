import type { CompiledKb } from '../entities/compiled';
import type { KbEntity } from '../kb/types';

/**
 * How strongly an article is about the AI industry, from its own words: AI terms and the
 * AI-industry entities it names. Each distinct signal counts with diminishing returns, so one
 * passing "AI" in a phone review stays low while a story full of labs and models scores high.
 */

/** Evidence E at which the score reaches 1 - 1/e; 0.5 (the decision line) is at E ≈ 0.69·SCALE. */
const SCALE = 8;
/** Score at or above which an article counts as about AI. */
export const AI_THRESHOLD = 0.5;
/** Title words count this much more than body words: the headline says what the story is about. */
const TITLE_WEIGHT = 2;

export interface EvidenceItem {
  type: string;
  kb?: KbEntity;
  start: number;
  end: number;
}

export function scoreAI(ck: CompiledKb, text: string, title: string, evidence: EvidenceItem[]): { score: number; isAI: boolean } {
  const counts = new Map<string, { w: number; n: number }>();
  const add = (key: string, w: number, n = 1): void => {
    if (w <= 0) return;
    const c = counts.get(key) ?? { w, n: 0 };
    c.n += n;
    counts.set(key, c);
  };
  for (const t of ck.aiTerms) {
    const n = countMatches(t.re, text);
    const nt = countMatches(t.re, title);
    if (n + nt) add(t.re.source, t.w, n + nt * TITLE_WEIGHT);
  }
  for (const e of evidence) {
    const kind = e.kb?.facts?.['kind'];
    const w = ck.typeWeights[`${e.type}:${kind}`] ?? ck.typeWeights[e.type] ?? 0;
    add(e.kb ? e.kb.id : text.slice(e.start, e.end), w);
  }
  let E = 0;
  // Diminishing returns: the first mention counts fully, repeats add the log of their count.
  for (const { w, n } of counts.values()) E += w * (1 + Math.log(n));
  const score = 1 - Math.exp(-E / SCALE);
  return { score: Math.round(score * 1000) / 1000, isAI: score >= AI_THRESHOLD };
}

function countMatches(re: RegExp, s: string): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(s)) n++;
  return n;
}
