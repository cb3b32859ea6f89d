import { scoreAI } from '../detect/ai-score';
import { defaultCompiledKb, type CompiledKb } from './compiled';
import { decide, type ContextEnv } from './context';
import { sentenceSpans, spanIndexAt, type Span } from './sentences';
import { tokenize, type Token } from './tokens';
import type { Analysis, Entity, NlpTagger, Reason } from './types';
import { chipCandidates, cuedModelCandidates, knownCandidates, modelCandidates, orgCandidates, patternCandidates } from './names';
import { creditCandidates, followsFirstName, isPartOfPersonName, joinSurnames, personCandidates, tagWhereNeeded, titledCandidates, TITLES } from './people';
import { Claims, isAiEntity, type Candidate } from './candidate';
import { NOT_NAMES, ROLE_WORDS } from './words';

/** Tunables, each with its reason. */
/** Text beyond this is not analysed for entities: bounded time on 200,000-word pages. */
export const MAX_ANALYZED_CHARS = 200_000;

export interface AnalyzeOptions {
  compiled?: CompiledKb;
  /** Finds people (and other names) the rules cannot; compromise in production. Optional so the fast path can run alone. */
  nlp?: NlpTagger;
  /** Whether a word is a common first name ("Michael Bloomberg" is a person, not the outlet). */
  isFirstName?: (word: string) => boolean;
  /** Whether a word is an ordinary word, never a name ("Though" before "Trump"). */
  isCommonWord?: (word: string) => boolean;
}

/**
 * Finds the entities of an article and decides whether it is about the AI industry.
 *
 * 1. Tokenise once; split sentences for locality checks.
 * 2. Knowledge-base aliases through the compiled matcher.
 * 3. Versioned model names by shape: a family prefix plus versions and tier words ("Qwen3.7-Max", "Claude Opus 4.5");
 *    chip codes by shape next to their maker, family or a chip word ("Nvidia B400", "Ascend 950PR").
 * 4. Decide every known name on its own context (context.ts): a bare name that ends an earlier full
 *    name is that name ("GitHub Copilot … Copilot"); rules of the alias, jurisdiction, namesakes,
 *    names glued into longer ones and dates may steer it, refuse it, or make it an unlinked person.
 * 5. Score the article for AI evidence (terms + unambiguous entities + ambiguous ones with a local cue).
 *    Keep ambiguous aliases only with evidence, and never when they are a person's first name ("Claude Monet").
 * 6. Policies by pattern, organisations by their head word, bylines and credits, people by the NLP
 *    tagger, on text not yet claimed; names the context refused keep the refusal in their `why`.
 * 7. Merge mentions into entities: one per knowledge-base id or per normalised name; surnames join full names.
 */
export function analyzeText(text: string, title: string, opts: AnalyzeOptions = {}): Analysis {
  const ck = opts.compiled ?? defaultCompiledKb();
  const tokens = tokenize(text);
  const sentences = sentenceSpans(text);
  const sentenceStarts = sentenceStartTokens(tokens, sentences);

  const kbHits = knownCandidates(ck, text, tokens);
  const models = modelCandidates(ck, text, tokens, sentenceStarts);
  const chips = chipCandidates(ck, text, tokens, [...models, ...kbHits]);
  const selected = select([...models, ...chips, ...kbHits]);
  selected.push(...cuedModelCandidates(text, tokens, selected));
  selected.sort((a, b) => a.start - b.start);
  corefer(selected, text);
  const refused = new Map<number, Reason>();
  const primary = inContext(selected, text, tokens, sentences, ck, opts, refused);

  // Sentences that hold an unambiguous AI-industry entity: evidence for an ambiguous name there.
  const aiSentences = new Set(primary.filter((o) => !o.ambiguous && isAiEntity(o)).map((o) => spanIndexAt(sentences, o.start)));
  const present = new Set(primary.map((c) => c.kb?.id).filter((id): id is string => !!id));
  const localCue = (c: Candidate): boolean => {
    const si = spanIndexAt(sentences, c.start);
    if (aiSentences.has(si)) return true;
    // Names that vouch for each other: "Anthropic" and "Claude" in one story (its maker, its family).
    if (c.kb && [...(ck.related.get(c.kb.id) ?? [])].some((id) => present.has(id))) return true;
    const s = sentences[si]!;
    return ck.localAiCues.test(text.slice(s.start, c.start) + ' ' + text.slice(c.end, s.end));
  };
  const personContext = (c: Candidate): boolean => c.first === c.last && c.kb?.type !== 'person' && isPartOfPersonName(tokens, c.first, text, ck, opts.isFirstName);

  const evidence = primary.filter((c) => !c.ambiguous || (!personContext(c) && localCue(c)));
  const { score, isAI, why } = scoreAI(ck, text, title, evidence);
  const kept = primary.filter((c) => (c.ambiguous ? isAI && !personContext(c) : !(opts.isFirstName && c.first === c.last && c.kb?.type !== 'person' && followsFirstName(tokens, c.first, text, ck, opts.isFirstName))));

  const claims = new Claims(tokens.length);
  for (const c of kept) claims.add(c);
  for (const c of [...patternCandidates(ck, ck.agencyPatterns, 'agency', text, tokens), ...patternCandidates(ck, ck.policyPatterns, 'policy', text, tokens)]) {
    // "the Trump administration" is the agency, not a mention of the person inside it; "the H20 export ban",
    // "Senate Bill 1234" and "the G7 Code of Conduct" are the rules, not the chip, chamber or group named in them.
    const inside = claims.overlapping(c);
    const swallows = (o: Candidate) => o.type === 'person' || (c.type === 'policy' && (o.type === 'hardware' || o.type === 'agency' || o.type === 'organization'));
    if (inside.every((o) => swallows(o) && o.first >= c.first && o.last <= c.last && o.last - o.first < c.last - c.first)) {
      for (const o of inside) claims.remove(o);
      claims.add(c);
    }
  }
  for (const c of orgCandidates(ck, text, tokens, sentenceStarts)) {
    // "Senate Judiciary Committee" is a committee, not a mention of the Senate inside it.
    const inside = claims.overlapping(c);
    // Only when the head word lies outside the known name: "US Justice Department" stays the Justice Department.
    const h = c.headAt ?? -1;
    const swallow = (c.type === 'agency' || c.type === 'organization') && inside.length > 0 && inside.every((o) => (o.type === 'agency' || o.type === 'organization') && o.first >= c.first && o.last <= c.last && (h < o.first || h > o.last));
    if (swallow) for (const o of inside) claims.remove(o);
    claims.addIfFree(c);
  }
  for (const c of [...creditCandidates(ck, text, tokens), ...titledCandidates(ck, text, tokens)]) claims.addIfFree(c);
  if (opts.nlp) {
    const spans = tagWhereNeeded(opts.nlp, text, tokens, sentences, claims);
    for (const c of personCandidates(spans, text, tokens, ck)) claims.addIfFree(c);
  }
  joinSurnames(claims, tokens, text, refused);
  const claimed = claims.all();
  for (const c of claimed) {
    for (let i = c.first; i <= c.last; i++) {
      const why = refused.get(i);
      if (why && !(c.notes ??= []).includes(why)) c.notes.push(why);
    }
  }
  return { isAI, aiScore: score, aiWhy: why, entities: merge(claimed, text) };
}

/**
 * Coreference to the last full name: a bare ambiguous name that ends an earlier, longer name of
 * another entity is that entity ("GitHub Copilot … Copilot" is GitHub Copilot, not Microsoft Copilot).
 */
function corefer(cands: Candidate[], text: string): void {
  // The latest longer name ending in each word sequence ("Copilot" → GitHub Copilot), and where each entity was last named in full.
  const byTail = new Map<string, Candidate>();
  const lastFull = new Map<string, number>();
  for (const c of cands) {
    if (!c.kb) continue;
    const mention = text.slice(c.start, c.end);
    const f = c.ambiguous ? byTail.get(mention) : undefined;
    if (f && f.kb!.id !== c.kb.id && f.start > (lastFull.get(c.kb.id) ?? -1)) {
      Object.assign(c, { kb: f.kb, type: f.type, name: f.kb!.name, ambiguous: false, familyId: f.familyId, notes: ['context:coreference'] });
      continue;
    }
    if (c.last <= c.first) continue;
    lastFull.set(c.kb.id, c.start);
    for (const name of [mention, c.kb.name]) {
      const words = name.split(' ');
      for (let k = 1; k < words.length; k++) byTail.set(words.slice(k).join(' '), c);
    }
  }
}

/** Titles and role words, for the context rules: built once. */
let titleWords: Set<string> | undefined;

/**
 * Step 4: each knowledge-base mention decided on its own context (see `decide` in context.ts).
 * Refused mentions leave the list (their tokens remember why, for whatever else is found there);
 * steered ones link to the entity the context names; namesakes become unlinked people.
 */
function inContext(cands: Candidate[], text: string, tokens: Token[], sentences: Span[], ck: CompiledKb, opts: AnalyzeOptions, refused: Map<number, Reason>): Candidate[] {
  const env: ContextEnv = {
    text,
    tokens,
    kb: ck.kb,
    rules: ck.context,
    orgHeads: ck.orgHeads,
    notNames: NOT_NAMES,
    titles: (titleWords ??= new Set([...TITLES, ...ROLE_WORDS])),
    isKnownName: (w) => ck.aliases.startsWith(w),
    isFirstName: opts.isFirstName,
    isCommonWord: opts.isCommonWord,
  };
  const out: Candidate[] = [];
  for (const c of cands) {
    if (!c.kb || c.notes?.includes('context:coreference')) {
      out.push(c);
      continue;
    }
    const v = decide({ ...c, kb: c.kb, ambiguous: !!c.ambiguous, sentence: sentences[spanIndexAt(sentences, c.start)]! }, env);
    const why: Reason = `context:${v.why ?? 'kept'}`;
    if (v.kind === 'keep') out.push(c);
    else if (v.kind === 'steer') out.push({ ...c, kb: v.to, name: v.to.name, type: v.to.type, ambiguous: false, notes: [why] });
    else if (v.kind === 'namesake') {
      out.push({ start: tokens[v.first]!.start, end: c.end, first: v.first, last: c.last, type: 'person', why, notes: [`context:not-${c.kb.id}`] });
    } else for (let i = c.first; i <= c.last; i++) refused.set(i, `context:${v.why}-not-${c.kb.id}`);
  }
  return out;
}

/** Token indexes that begin a sentence or a line: a capital there says nothing about being a name. */
function sentenceStartTokens(tokens: Token[], sentences: Span[]): Set<number> {
  const starts = new Set<number>();
  let s = 0;
  for (let i = 0; i < tokens.length; i++) {
    while (s < sentences.length - 1 && sentences[s + 1]!.start <= tokens[i]!.start) s++;
    // the first token at or after the sentence start begins it
    if (i === 0 || tokens[i - 1]!.start < sentences[s]!.start) starts.add(i);
  }
  return starts;
}

/** Longest first, then knowledge base before patterns; overlapping losers dropped. */
function select(cands: Candidate[]): Candidate[] {
  const rank = (c: Candidate): number => (c.kb ? 0 : 1);
  const sorted = cands.slice().sort((a, b) => b.end - b.start - (a.end - a.start) || rank(a) - rank(b) || a.start - b.start);
  const chosen = new Claims(sorted.reduce((n, c) => Math.max(n, c.last + 1), 0));
  for (const c of sorted) chosen.addIfFree(c);
  return chosen.all().sort((a, b) => a.start - b.start);
}


const normName = (s: string): string => s.toLowerCase().replace(/[’']s$/, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** Which named policies a description can stand for, by its head noun. */
const POLICY_HEADS: [RegExp, RegExp][] = [
  [/\bbill$/, /\b(?:SB|AB|HB|H\.R\.|S\.|Bill|Act)\b/],
  [/\b(?:law|act)$/, /\b(?:Act|Law)\b/],
  [/\border$/, /\bOrder\b/],
  [/\b(?:rules?|ban|controls|restrictions|directive|regulations?)$/, /\b(?:Rule|Rules|[Ee]xport|Controls|Directive|Regulation)\b/],
];

function merge(cands: Candidate[], text: string): Entity[] {
  const byKey = new Map<string, Entity>();
  const keyOf = (c: Candidate, name: string) => (c.kb ? `kb:${c.kb.id}` : `${c.type}:${normName(name)}`);
  const named = cands.filter((c) => c.type === 'policy' && !c.descriptive);
  const namedKeys = new Set(named.map((c) => keyOf(c, c.name ?? text.slice(c.start, c.end))));
  for (const c of cands.sort((a, b) => a.start - b.start)) {
    const mentionText = text.slice(c.start, c.end);
    let name = c.name ?? mentionText;
    let key = keyOf(c, name);
    if (c.descriptive && namedKeys.size === 1) {
      const target = named[0]!;
      const targetName = target.name ?? text.slice(target.start, target.end);
      if (POLICY_HEADS.some(([head, fits]) => head.test(mentionText) && fits.test(targetName))) {
        name = targetName;
        key = keyOf(target, targetName);
      }
    }
    let e = byKey.get(key);
    if (!e) {
      e = { name, type: c.type, kbId: key.startsWith('kb:') ? key.slice(3) : null, mentions: [], why: [] };
      if (c.familyId !== undefined) e.familyId = c.familyId;
      if (c.makerId) e.makerId = c.makerId;
      byKey.set(key, e);
    }
    const first = !e.mentions.length;
    e.mentions.push({ text: mentionText, start: c.start, end: c.end });
    for (const w of [c.why, ...(c.notes ?? [])]) if (!e.why.includes(w)) e.why.push(w);
    // A role holds only while every mention is in a byline or a credit: a reporter quoted in the story is a person of it.
    if (first && c.role) e.role = c.role;
    else if (e.role !== c.role) delete e.role;
  }
  return [...byKey.values()];
}
