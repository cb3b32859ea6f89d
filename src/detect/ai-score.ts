import type { CompiledKb } from '../entities/compiled';
import type { KbEntity } from '../kb/types';

/**
 * How strongly an article is about the AI industry, from its own words. Evidence comes in two
 * tiers (assets/rules/detection.json): AI evidence says AI by itself (AI terms in our languages,
 * AI labs, models, AI policies); context evidence is what AI stories share with every tech,
 * finance or politics story (big tech, chips, clouds, politicians, hardware words). Context only
 * adds to AI evidence, so a gadget list naming Microsoft nineteen times with Nvidia, Intel and
 * GPUs scores zero, while a story full of labs and models scores high.
 */

/** Evidence E at which the score reaches 1 - 1/e; 0.5 (the decision line) is at E ≈ 0.69·SCALE. */
const SCALE = 8;
/** Score at or above which an article counts as about AI. */
export const AI_THRESHOLD = 0.5;
/** Title words count this much more than body words: the headline says what the story is about. */
const TITLE_WEIGHT = 2;
/**
 * Context evidence adds at most this share of the AI evidence: it supports a story that is about
 * AI ("Microsoft" in a story on OpenAI's cloud deal) but cannot make one out of a product review.
 */
const CONTEXT_SHARE = 0.5;
/**
 * A story is about AI when AI runs through it, not when one paragraph of a long trend list or
 * review touches it. AI evidence is scaled by the share of the story's paragraphs that hold any,
 * up to this share (above it the evidence counts fully). Most AI stories name AI, a lab or a
 * model in well over half their paragraphs; a phone review with an "AI features" section, a
 * tenth.
 */
const FULL_SPREAD = 0.3;
/** Paragraphs shorter than this (captions, datelines, share prompts) are not counted for spread. */
const MIN_PARAGRAPH_CHARS = 80;
/** With fewer counted paragraphs than this the spread says little: a short story counts fully. */
const MIN_PARAGRAPHS_FOR_SPREAD = 4;

export interface EvidenceItem {
  type: string;
  kb?: KbEntity;
  start: number;
  end: number;
}

/** One signal that went into the score: a term or an entity, its tier, how often, what it added. */
export interface Signal {
  signal: string;
  tier: 'ai' | 'context';
  n: number;
  w: number;
}

/** Why the score is what it is: the numbers and the signals behind them (strongest first). */
export interface AiWhy {
  /** AI evidence before the spread factor. */
  ai: number;
  /** Share of counted paragraphs with AI evidence (1 when the headline has some or the story is short). */
  spread: number;
  /** Context evidence found, and how much of it counted. */
  context: number;
  contextCounted: number;
  signals: Signal[];
}

export interface AiScore {
  score: number;
  isAI: boolean;
  why: AiWhy;
}

/**
 * Scores an article.
 *
 * 1. Count each AI term (detection.json) in the body and, weighted, in the title.
 * 2. Count each entity found (knowledge-base id or surface text), weighted by its type and kind.
 * 3. Sort each signal into its tier: AI evidence or context.
 * 4. Sum each tier with diminishing returns: a signal's first mention counts fully, repeats add
 *    the log of their count.
 * 5. Scale AI evidence by its spread over the paragraphs; add context up to CONTEXT_SHARE of it.
 * 6. Map the evidence to [0, 1).
 */
export function scoreAI(ck: CompiledKb, text: string, title: string, evidence: EvidenceItem[]): AiScore {
  const signals = new Map<string, Signal>();
  const paragraphStarts = paragraphsOf(text);
  const aiParagraphs = new Set<number>();
  let titleHasAI = false;
  const add = (key: string, label: string, tier: Signal['tier'], w: number, n: number): void => {
    if (w <= 0 || n <= 0) return;
    const s = signals.get(key) ?? { signal: label, tier, n: 0, w };
    s.n += n;
    signals.set(key, s);
  };
  // 1. terms
  for (const [ti, t] of ck.aiTerms.entries()) {
    const at = matchStarts(t.re, text);
    const nt = matchStarts(t.re, title).length;
    // Named by the form the story uses ("artificial intelligence", "大模型"), not by the pattern.
    const label = at.length ? text.slice(at[0]!, at[0]! + firstLength(t.re, text, at[0]!)) : (nt ? t.once.exec(title)?.[0] : undefined) ?? t.label;
    if (t.tier === 'ai') {
      for (const i of at) aiParagraphs.add(paragraphAt(paragraphStarts, i));
      if (nt) titleHasAI = true;
    }
    add(`term:${ti}`, label, t.tier, t.w, at.length + nt * TITLE_WEIGHT);
  }
  // 2–3. entities
  for (const e of evidence) {
    const { w, tier } = entityWeight(ck, e);
    if (w <= 0) continue;
    if (tier === 'ai') aiParagraphs.add(paragraphAt(paragraphStarts, e.start));
    const name = e.kb ? e.kb.name : text.slice(e.start, e.end);
    add(e.kb ? `kb:${e.kb.id}` : `name:${name}`, name, tier, w, 1);
  }
  // 4. tiers
  let ai = 0;
  let context = 0;
  for (const s of signals.values()) {
    const v = s.w * (1 + Math.log(s.n));
    if (s.tier === 'ai') ai += v;
    else context += v;
  }
  // 5. spread and context
  // A headline with AI evidence makes AI the story's subject: its spread counts fully.
  const counted = paragraphStarts.map((_, i) => i).filter((i) => paragraphLength(text, paragraphStarts, i) >= MIN_PARAGRAPH_CHARS);
  let spread = 1;
  if (!titleHasAI && counted.length >= MIN_PARAGRAPHS_FOR_SPREAD) spread = counted.filter((i) => aiParagraphs.has(i)).length / counted.length;
  const aiCounted = ai * Math.min(1, spread / FULL_SPREAD);
  const contextCounted = Math.min(context, CONTEXT_SHARE * aiCounted);
  // 6. score
  const score = 1 - Math.exp(-(aiCounted + contextCounted) / SCALE);
  const why: AiWhy = {
    ai: round(ai),
    spread: round(spread),
    context: round(context),
    contextCounted: round(contextCounted),
    signals: [...signals.values()].sort((a, b) => b.w * (1 + Math.log(b.n)) - a.w * (1 + Math.log(a.n))),
  };
  return { score: Math.round(score * 1000) / 1000, isAI: score >= AI_THRESHOLD, why };
}

/** An entity's weight and tier, from detection.json: by id, then by `type:kind`, then by type. */
function entityWeight(ck: CompiledKb, e: EvidenceItem): { w: number; tier: Signal['tier'] } {
  const d = ck.detection;
  const kind = e.kb?.facts?.['kind'];
  const key = `${e.type}:${kind}`;
  const w = d.entityWeights[key] ?? d.entityWeights[e.type] ?? 0;
  if (e.kb && d.contextIds.has(e.kb.id)) return { w, tier: 'context' };
  if (e.type === 'person') {
    // A person is AI evidence when they work at an AI lab or AI startup, context otherwise.
    const org = e.kb?.facts?.['org'];
    const orgKind = typeof org === 'string' ? ck.kb.byId.get(org)?.facts?.['kind'] : undefined;
    return { w, tier: typeof orgKind === 'string' && d.aiPersonOrgKinds.has(orgKind) ? 'ai' : 'context' };
  }
  return { w, tier: d.contextKinds.has(key) || d.contextKinds.has(e.type) ? 'context' : 'ai' };
}

/** A one-line account of a score, for the `why` field of `annotate --json`. */
export function describeScore(score: number, why: AiWhy, top = 8): string {
  const list = (tier: Signal['tier']) =>
    why.signals
      .filter((s) => s.tier === tier)
      .slice(0, top)
      .map((s) => `${s.signal}×${s.n}`)
      .join(', ') || 'none';
  return (
    `score ${score} (${score >= AI_THRESHOLD ? '≥' : '<'} ${AI_THRESHOLD}): AI evidence ${why.ai} [${list('ai')}]` +
    ` × spread ${why.spread} (share of paragraphs with AI evidence, full at ${FULL_SPREAD})` +
    ` + context ${why.contextCounted} of ${why.context} [${list('context')}] (at most ${CONTEXT_SHARE}× the AI evidence)`
  );
}

const round = (x: number): number => Math.round(x * 100) / 100;

function matchStarts(re: RegExp, s: string): number[] {
  re.lastIndex = 0;
  const out: number[] = [];
  for (let m = re.exec(s); m; m = re.exec(s)) {
    out.push(m.index);
    if (!m[0]) re.lastIndex++;
  }
  return out;
}

function firstLength(re: RegExp, s: string, at: number): number {
  re.lastIndex = at;
  const m = re.exec(s);
  return m ? m[0].length : 0;
}

/** Start offsets of the text's paragraphs (separated by a blank line, as blockText writes them). */
function paragraphsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n\n'); i >= 0; i = text.indexOf('\n\n', i + 2)) starts.push(i + 2);
  return starts;
}

function paragraphLength(text: string, starts: number[], i: number): number {
  return (i + 1 < starts.length ? starts[i + 1]! - 2 : text.length) - starts[i]!;
}

/** Index of the paragraph that holds an offset (binary search). */
function paragraphAt(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
