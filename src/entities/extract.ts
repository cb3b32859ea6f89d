import type { EntityType, KbEntity } from '../kb/types';
import { scoreAI } from '../detect/ai-score';
import { defaultCompiledKb, type AliasValue, type CompiledKb } from './compiled';
import { decide, notAPerson, type ContextEnv } from './context';
import { sentenceSpans, spanIndexAt, type Span } from './sentences';
import { isCapitalized, tokenize, type Token } from './tokens';
import { hardwareCodes } from './hardware';
import type { Analysis, Entity, NlpSpan, NlpTagger, Reason } from './types';

/** Tunables, each with its reason. */
/** Text beyond this is not analysed for entities: bounded time on 200,000-word pages. */
export const MAX_ANALYZED_CHARS = 200_000;
/** A capitalised phrase longer than this is a headline or a list, not a name. */
const MAX_NAME_TOKENS = 7;
/** Title words stripped from the front of a person's name ("Commerce Secretary Howard Lutnick"). */
const ROLE_WORDS = new Set([
  'CEO', 'Chief', 'Executive', 'President', 'Vice', 'Chairman', 'Chairwoman', 'Chair', 'Secretary', 'Senator', 'Sen', 'Rep',
  'Representative', 'Gov', 'Governor', 'Judge', 'Justice', 'Minister', 'Commissioner', 'Director', 'Officer', 'Founder',
  'Co-founder', 'Dr', 'Mr', 'Mrs', 'Ms', 'Prof', 'Professor', 'Spokesperson', 'Spokesman', 'Spokeswoman', 'Analyst',
  'Premier', 'Mayor', 'Chancellor', 'Lawmaker', 'Attorney', 'General', 'Head', 'Leader', 'Commerce', 'State', 'Deputy',
  'Former', 'Then', 'Researcher', 'Engineer', 'Scientist', 'Investor', 'Partner', 'Manager', 'CTO', 'CFO', 'COO',
  'Staff', 'Reporter', 'Writer', 'Contributing', 'Editor', 'Correspondent', 'Columnist', 'Photographer',
]);
/** Capitalised words that are never names on their own (sentence starters, dates, section labels). */
const NOT_NAMES = new Set([
  'The', 'A', 'An', 'This', 'That', 'These', 'Those', 'It', 'Its', 'He', 'She', 'They', 'We', 'I', 'In', 'On', 'At', 'For', 'But',
  'And', 'Or', 'If', 'As', 'By', 'With', 'From', 'To', 'Of', 'After', 'Before', 'While', 'When', 'Where', 'What', 'Why', 'How',
  'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday', 'January', 'February', 'March', 'April', 'May',
  'June', 'July', 'August', 'September', 'October', 'November', 'December', 'Key', 'Facts', 'Read', 'More', 'Related',
  'Advertisement', 'Photo', 'Image', 'Getty', 'Updated', 'Published', 'Editor', 'Reporting', 'Writing', 'Editing',
  'Many', 'Some', 'Most', 'Several', 'All', 'Other', 'Others', 'Both', 'Each', 'Every', 'Few', 'Such', 'More', 'Top', 'Leading', 'Rival',
]);
const CONNECTORS = new Set(['of', 'and', 'for', 'on', 'the', '&']);
const VERSION = /^(?:[vV]?\d+(?:\.\d+)*[a-z]?|[A-Z]\d+(?:\.\d+)*[a-z]?)(?:-[\p{L}\p{N}.]+)*$/u;
/** Words before "AI" that make a description, not a company name ("Chinese AI", "US AI"). */
const NOT_AI_COMPANY = /^(?:US|U\.S|UK|EU|American|Chinese|European|British|French|German|Japanese|Korean|Indian|Global|Generative|Open|Biggest|Big|New|Responsible|Sovereign|Agentic|Physical|Enterprise|Consumer|Frontier|Are|Is|The|Its|Our|Their|Silicon|Valley|Western|Asian|African|Domestic|Foreign|Local|Startup|Startups)$/;

interface Candidate {
  start: number;
  end: number;
  first: number;
  last: number;
  type: EntityType;
  why: Reason;
  /** Knowledge-base entity, when linked. */
  kb?: KbEntity;
  ambiguous?: boolean;
  familyId?: string | null;
  makerId?: string | null;
  /** Name to use instead of the mention text (knowledge-base canonical name). */
  name?: string;
  /** A description rather than a name ("the export ban"): joins the article's named policy when there is one. */
  descriptive?: boolean;
  /** Token index of the head word that typed an organisation ("Committee"). */
  headAt?: number;
  /** Context rules that steered or refused a knowledge-base name here (`context:<rule>`), shown in `why`. */
  notes?: Reason[];
  /** A byline or a picture credit, not a person of the story. */
  role?: 'byline' | 'credit';
}

/** Which candidate owns each token: overlap checks in time proportional to a name's length, not to the article's. */
class Claims {
  private readonly owner: Int32Array;
  private readonly list: (Candidate | null)[] = [];

  constructor(tokens: number) {
    this.owner = new Int32Array(tokens).fill(-1);
  }

  isFree(c: Candidate): boolean {
    for (let i = c.first; i <= c.last; i++) if (this.owner[i] !== -1) return false;
    return true;
  }

  covered(i: number): boolean {
    return this.owner[i] !== -1;
  }

  add(c: Candidate): void {
    const id = this.list.push(c) - 1;
    this.owner.fill(id, c.first, c.last + 1);
  }

  addIfFree(c: Candidate): void {
    if (this.isFree(c)) this.add(c);
  }

  overlapping(c: Candidate): Candidate[] {
    const ids = new Set<number>();
    for (let i = c.first; i <= c.last; i++) if (this.owner[i] !== -1) ids.add(this.owner[i]!);
    return [...ids].map((id) => this.list[id]!);
  }

  remove(c: Candidate): void {
    const id = this.list.indexOf(c);
    if (id < 0) return;
    this.list[id] = null;
    this.owner.fill(-1, c.first, c.last + 1);
  }

  all(): Candidate[] {
    return this.list.filter((c): c is Candidate => c !== null);
  }
}

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

/** Name particles that sit between a first name and a surname ("Bill de Blasio"). */
const NAME_PARTICLES = new Set(['de', 'da', 'di', 'del', 'della', 'van', 'von', 'der', 'la', 'le', 'du', 'dos', 'bin', 'al']);

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

function isAiEntity(c: Candidate): boolean {
  if (c.type === 'model' || c.type === 'hardware') return true;
  const kind = c.kb?.facts?.['kind'];
  return c.type === 'company' && (kind === 'ai-lab' || kind === 'startup');
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

function knownCandidates(ck: CompiledKb, text: string, tokens: Token[]): Candidate[] {
  const out: Candidate[] = [];
  const hits = ck.aliases.match(text, tokens);
  for (let i = 0; i < hits.length; i++) {
    const h = hits[i]!;
    // Several entities can share an ambiguous alias; the first listed wins, the rest of the group is skipped.
    if (i > 0 && hits[i - 1]!.start === h.start && hits[i - 1]!.end === h.end) continue;
    const v: AliasValue = h.value;
    out.push({
      start: h.start,
      end: h.end,
      first: h.first,
      last: h.last,
      type: v.entity.type,
      why: 'kb-alias',
      kb: v.entity,
      ambiguous: v.ambiguous,
      name: v.entity.name,
    });
  }
  return out;
}

/** Versioned model names: "Qwen3.7-Max", "GPT-5.1-Codex", "Claude Opus 4.5", "Llama 4 Maverick", "Kimi K2", "o3-mini". */
function modelCandidates(ck: CompiledKb, text: string, tokens: Token[], starts: Set<number>): Candidate[] {
  const out: Candidate[] = [];
  const isTail = (t: Token): boolean => VERSION.test(t.text) || ck.tierWords.has(t.text);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (ck.standaloneModel.test(t.text)) {
      out.push({ start: t.start, end: t.end, first: i, last: i, type: 'model', why: 'pattern:model-version', familyId: 'openai-o-series' });
      continue;
    }
    let family = /[\d-]/.test(t.text) ? ck.familyPrefixes.find((f) => t.text.length > f.prefix.length && t.text.startsWith(f.prefix) && /^[-.]?[vV]?[\p{N}]|^-\p{Lu}/u.test(t.text.slice(f.prefix.length))) : undefined;
    let last = i;
    let hasTail = !!family;
    if (!family) {
      if (!ck.families.startsWithToken(t)) continue;
      const hit = ck.families.matchAt(text, tokens, i, Math.min(tokens.length, i + 3))[0];
      if (!hit) continue;
      family = hit.value;
      last = hit.last;
    }
    // A new sub-brand between the family and a version: "Claude Mythos 5".
    const nx = tokens[last + 1];
    const nx2 = tokens[last + 2];
    if (!hasTail && nx && nx2 && /^\p{Lu}\p{Ll}+$/u.test(nx.text) && !NOT_NAMES.has(nx.text) && /^\d/.test(nx2.text) && VERSION.test(nx2.text) && text.slice(tokens[last]!.end, nx.start) === ' ' && text.slice(nx.end, nx2.start) === ' ' && !tokens[last]!.possessive) {
      last += 2;
      hasTail = true;
    }
    // Extend over version numbers and tier words, without crossing a possessive or punctuation.
    while (last + 1 < tokens.length && !tokens[last]!.possessive && text.slice(tokens[last]!.end, tokens[last + 1]!.start) === ' ' && isTail(tokens[last + 1]!)) {
      last++;
      hasTail = true;
    }
    if (!hasTail) continue;
    const tailTokens = tokens.slice(i, last + 1);
    if (family.needsVersion && !tailTokens.some((x) => /\d/.test(x.text))) continue;
    // A sentence-initial tier word alone ("Pro") is not a tail; require a digit somewhere or two tail tokens.
    if (!tailTokens.some((x) => /\d/.test(x.text)) && last === i + 0 && starts.has(i)) continue;
    out.push({ start: t.start, end: tokens[last]!.end, first: i, last, type: 'model', why: 'pattern:model-version', familyId: family.family, ambiguous: !!family.ambiguous });
    i = last;
  }
  return out;
}

/** Chip codes by shape (src/entities/hardware.ts), on tokens no model name or alias has explained. */
function chipCandidates(ck: CompiledKb, text: string, tokens: Token[], known: Candidate[]): Candidate[] {
  const owned = new Uint8Array(tokens.length);
  // A maker's name and a bare family word ("Ascend") may lead a longer chip name ("Ascend 950PR"); selection keeps the longer.
  for (const c of known) if (c.type !== 'company' && c.kb?.facts?.['kind'] !== 'family') owned.fill(1, c.first, c.last + 1);
  return hardwareCodes(ck.hardware, text, tokens, (i) => owned[i] === 1).map((h) => ({
    start: tokens[h.first]!.start,
    end: tokens[h.last]!.end,
    first: h.first,
    last: h.last,
    type: 'hardware' as const,
    why: 'pattern:hardware-code' as const,
    familyId: h.familyId,
    makerId: h.makerId,
  }));
}

/** Words that introduce a product name right after them: "its new model X", "the chatbot X". */
const MODEL_CUES = new Set(['model', 'models', 'chatbot', 'chatbots', 'assistant', 'assistants', 'LLM', 'LLMs']);

/**
 * Model names without a known family, introduced by context: a capitalised name plus a version
 * after an AI company's possessive ("Anthropic's Fable 5") or a cue word ("flagship models, Fable 5"),
 * and the same shape coordinated with one of those ("Fable 5 and Mythos 5").
 */
function cuedModelCandidates(text: string, tokens: Token[], known: Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  const byLast = new Map(known.map((c) => [c.last, c]));
  const owned = new Uint8Array(tokens.length);
  for (const c of known) owned.fill(1, c.first, c.last + 1);
  const taken = (i: number) => owned[i] === 1 || out.some((c) => c.first <= i && i <= c.last);
  /** A name at token i: one or two capitalised words, then a version with a digit. Returns its last index. */
  const nameAt = (i: number): number => {
    for (let words = 1; words <= 2; words++) {
      const v = tokens[i + words];
      const names = tokens.slice(i, i + words);
      if (!v || names.length < words) return -1;
      if (!names.every((t) => /^\p{Lu}[\p{L}-]*$/u.test(t.text) && !NOT_NAMES.has(t.text) && !t.possessive)) return -1;
      if (/^\d/.test(v.text) && VERSION.test(v.text) && tokens.slice(i, i + words + 1).every((t, k, a) => k === 0 || text.slice(a[k - 1]!.end, t.start) === ' ')) return i + words;
    }
    return -1;
  };
  for (let i = 1; i < tokens.length; i++) {
    const prev = tokens[i - 1]!;
    const gap = text.slice(prev.end, tokens[i]!.start);
    const company = byLast.get(i - 1);
    const cued = (company && company.type === 'company' && prev.possessive && isAiEntity(company)) || (MODEL_CUES.has(prev.text) && /^[,:]? $/.test(gap));
    const coordinated = out.length > 0 && out[out.length - 1]!.last === i - 2 && /^(?:and|or|&)$/.test(prev.text);
    if (!(cued || coordinated) || taken(i)) continue;
    const last = nameAt(i);
    if (last < 0 || taken(last)) continue;
    out.push({ start: tokens[i]!.start, end: tokens[last]!.end, first: i, last, type: 'model', why: 'pattern:model-name' });
    i = last;
  }
  return out;
}

/** Longest first, then knowledge base before patterns; overlapping losers dropped. */
function select(cands: Candidate[]): Candidate[] {
  const rank = (c: Candidate): number => (c.kb ? 0 : 1);
  const sorted = cands.slice().sort((a, b) => b.end - b.start - (a.end - a.start) || rank(a) - rank(b) || a.start - b.start);
  const chosen = new Claims(sorted.reduce((n, c) => Math.max(n, c.last + 1), 0));
  for (const c of sorted) chosen.addIfFree(c);
  return chosen.all().sort((a, b) => a.start - b.start);
}

/**
 * A one-word alias inside a person's name: followed by a capitalised word that is not part of a
 * model name ("Claude Monet"), or preceded by a first name ("Michael Bloomberg").
 */
/** "Michael Bloomberg": a first name right before the word. */
function followsFirstName(tokens: Token[], i: number, text: string, ck: CompiledKb, isFirstName: (w: string) => boolean): boolean {
  const p = tokens[i - 1];
  return !!p && !p.possessive && text.slice(p.end, tokens[i]!.start) === ' ' && /^\p{Lu}\p{Ll}+$/u.test(p.text) && isFirstName(p.text);
}

function isPartOfPersonName(tokens: Token[], i: number, text: string, ck: CompiledKb, isFirstName?: (w: string) => boolean): boolean {
  const t = tokens[i]!;
  if (isFirstName && followsFirstName(tokens, i, text, ck, isFirstName)) return true;
  const n = tokens[i + 1];
  // Only a word that is itself a first name starts a person's name ("Claude Monet", not "Amazon Bedrock").
  if (isFirstName && !isFirstName(t.text)) return false;
  if (!n || t.possessive || text.slice(t.end, n.start) !== ' ') return false;
  if (!/^\p{Lu}\p{Ll}+$/u.test(n.text) || ck.tierWords.has(n.text) || NOT_NAMES.has(n.text)) return false;
  return !ck.aliases.startsWithToken(n);
}

/** "Mayor Bill de Blasio", "Fox News' Bill O'Reilly": a bill name that is a man's first name before his surname. */
function firstNameBill(tokens: Token[], last: number, text: string, ck: CompiledKb): boolean {
  const t = tokens[last]!;
  const n = tokens[last + 1];
  if (t.text !== 'Bill' || !n || t.possessive || text.slice(t.end, n.start) !== ' ') return false;
  if (NAME_PARTICLES.has(n.text)) return /^\p{Lu}/u.test(tokens[last + 2]?.text ?? '');
  return /^\p{Lu}\p{Ll}*(?:['’]\p{Lu})?\p{Ll}/u.test(n.text) && !NOT_NAMES.has(n.text) && !ck.aliases.startsWith(n.text);
}

function patternCandidates(ck: CompiledKb, patterns: RegExp[], type: EntityType, text: string, tokens: Token[]): Candidate[] {
  const out: Candidate[] = [];
  for (const re of patterns) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      let start = m.index;
      const s = m[0].replace(/^(?:the|The|a|an|A|An) /, '');
      start += m[0].length - s.length;
      const span = tokenSpan(tokens, start, m.index + m[0].length);
      if (span && type === 'policy' && firstNameBill(tokens, span.last, text, ck)) continue;
      if (span) out.push({ ...span, type, why: type === 'policy' ? 'pattern:policy' : 'pattern:org-head', descriptive: /(?:^| )\p{Ll}+$/u.test(text.slice(span.start, span.end)) || undefined });
    }
  }
  return out;
}

function tokenSpan(tokens: Token[], start: number, end: number): Pick<Candidate, 'start' | 'end' | 'first' | 'last'> | null {
  // first token ending after `start` (binary search: this runs once per pattern match)
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.end > start) hi = mid;
    else lo = mid + 1;
  }
  const first = lo;
  if (first >= tokens.length || tokens[first]!.start >= end) return null;
  let last = first;
  while (last + 1 < tokens.length && tokens[last + 1]!.start < end) last++;
  return { start: tokens[first]!.start, end: tokens[last]!.end, first, last };
}

/** Capitalised phrases typed by a head word: "Bureau of Industry and Security", "Mistral AI", "Stanford University". */
function orgCandidates(ck: CompiledKb, text: string, tokens: Token[], starts: Set<number>): Candidate[] {
  const out: Candidate[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!isCapitalized(tokens[i]!.text)) continue;
    let j = i;
    const words = [i];
    while (j + 1 < tokens.length && words.length < MAX_NAME_TOKENS) {
      const gap = text.slice(tokens[j]!.end, tokens[j + 1]!.start);
      if (tokens[j]!.possessive || (gap !== ' ' && gap !== ' & ')) break;
      const nx = tokens[j + 1]!;
      if (NOT_NAMES.has(nx.text)) break;
      if (isCapitalized(nx.text)) {
        j++;
        words.push(j);
      } else if (CONNECTORS.has(nx.text)) {
        // "Committee on the CCP", "Department of Commerce": one or two small words between capitalised ones
        let k = j + 2;
        if (k < tokens.length && tokens[k]!.text === 'the' && nx.text !== 'the') k++;
        if (k >= tokens.length || !isCapitalized(tokens[k]!.text) || NOT_NAMES.has(tokens[k]!.text)) break;
        if (!tokens.slice(j + 1, k + 1).every((t, x, a) => text.slice((x ? a[x - 1]! : tokens[j]!).end, t.start) === ' ')) break;
        j = k;
        words.push(j);
      } else break;
    }
    const phrase = tokens.slice(i, j + 1);
    let type: EntityType | undefined;
    let cut = j;
    let headAt = -1;
    for (let k = phrase.length - 1; k >= 0 && !type; k--) {
      const head = ck.orgHeads.get(phrase[k]!.text.replace(/\.$/, ''));
      if (!head) continue;
      // Suffix heads (Inc, Labs, AI, News) must end the name and follow another word; agency/organisation heads can lead ("Department of ...").
      if ((head === 'company' || head === 'outlet') && k === 0) continue;
      type = head;
      headAt = i + k;
      if (head === 'company' || head === 'outlet') cut = i + k;
    }
    let first = i;
    while (first <= cut && (NOT_NAMES.has(tokens[first]!.text) || !isCapitalized(tokens[first]!.text) || (first === i && starts.has(first) && ROLE_WORDS.has(tokens[first]!.text)))) first++;
    // A suffix head needs a name before it ("Mistral AI"), not a description ("Chinese AI").
    if ((type === 'company' || type === 'outlet') && (first >= cut || (tokens[cut]!.text === 'AI' && tokens.slice(first, cut).some((t) => NOT_AI_COMPANY.test(t.text))))) type = undefined;
    // A head word alone ("the Commission") refers back to a name; it is not one.
    if (type && first < cut) {
      out.push({ start: tokens[first]!.start, end: tokens[cut]!.end, first, last: cut, type, why: 'pattern:org-head', headAt });
    }
    i = j;
  }
  return out;
}

/** At most this much text goes to the NLP tagger per article: bounded time on huge pages. */
const MAX_NLP_CHARS = 40_000;
/** Words of context on each side of a name the NLP tagger looks at: enough for "said", "CEO", "Mr". */
const NLP_CONTEXT_WORDS = 4;
const sentenceStartBefore = (sentences: Span[], pos: number): number => sentences[spanIndexAt(sentences, pos)]!.start;

/** Two name-shaped words in a row: what may be a person the rules have not explained. */
const NAME_WORD = /^\p{Lu}\p{Ll}/u;

/**
 * Runs the NLP tagger only around the pairs of capitalised words that nothing has explained yet
 * (a few words of context each, within the sentence), joined into one text, and maps its spans
 * back. Most of a news story is explained by the matcher and the patterns, so this costs a
 * fraction of tagging the whole article.
 */
function tagWhereNeeded(nlp: NlpTagger, text: string, tokens: Token[], sentences: Span[], claims: Claims) {
  const covered = (i: number) => claims.covered(i);
  // Windows of a few words around each unexplained run of capitalised words, merged when they touch.
  const needed: Span[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const a = tokens[i]!;
    const b = tokens[i + 1]!;
    if (covered(i) || covered(i + 1) || !NAME_WORD.test(a.text) || !NAME_WORD.test(b.text) || a.possessive || NOT_NAMES.has(b.text)) continue;
    if (text.slice(a.end, b.start) !== ' ') continue;
    let j = i + 1;
    while (j + 1 < tokens.length && !covered(j + 1) && NAME_WORD.test(tokens[j + 1]!.text) && !tokens[j]!.possessive) j++;
    const from = tokens[Math.max(0, i - NLP_CONTEXT_WORDS)]!.start;
    const to = tokens[Math.min(tokens.length - 1, j + NLP_CONTEXT_WORDS)]!.end;
    const lo = Math.max(from, sentenceStartBefore(sentences, a.start));
    const prev = needed[needed.length - 1];
    if (prev && prev.end >= lo) prev.end = Math.max(prev.end, to);
    else needed.push({ start: lo, end: to });
    i = j;
  }
  if (!needed.length) return [];
  // Each distinct window is tagged once (a name repeated fifty times costs one pass), up to a bound.
  const SEP = '\n\n';
  const where = new Map<string, number[]>();
  for (const sp of needed) {
    const w = text.slice(sp.start, sp.end);
    const list = where.get(w);
    if (list) list.push(sp.start);
    else where.set(w, [sp.start]);
  }
  const windows: { sub: number; text: string }[] = [];
  let at = 0;
  for (const w of where.keys()) {
    if (at + w.length > MAX_NLP_CHARS) break;
    windows.push({ sub: at, text: w });
    at += w.length + SEP.length;
  }
  const out: NlpSpan[] = [];
  let k = 0;
  for (const span of nlp(windows.map((w) => w.text).join(SEP)).sort((a, b) => a.start - b.start)) {
    while (k < windows.length - 1 && span.start >= windows[k + 1]!.sub) k++;
    const w = windows[k]!;
    if (span.start < w.sub || span.end > w.sub + w.text.length) continue;
    for (const orig of where.get(w.text)!) out.push({ ...span, start: span.start - w.sub + orig, end: span.end - w.sub + orig });
  }
  return out.sort((a, b) => a.start - b.start);
}

function personCandidates(spans: NlpSpan[], text: string, tokens: Token[], ck: CompiledKb): Candidate[] {
  const out: Candidate[] = [];
  for (const s of spans) {
    if (s.kind !== 'person') continue;
    const span = tokenSpan(tokens, s.start, s.end);
    if (!span) continue;
    let { first } = span;
    while (first <= span.last && (ROLE_WORDS.has(tokens[first]!.text.replace(/\.$/, '')) || !isCapitalized(tokens[first]!.text))) first++;
    let last = span.last;
    while (last >= first && (!isCapitalized(tokens[last]!.text) || ROLE_WORDS.has(tokens[last]!.text))) last--;
    // A lone word is too often a place or a first name ("San Francisco" → "Francisco"); surnames join later.
    if (last <= first) continue;
    const words = tokens.slice(first, last + 1).map((t) => t.text);
    if (words.some((w) => NOT_NAMES.has(w) || !/^\p{Lu}[\p{Ll}'’-]/u.test(w))) continue;
    // A lone word the knowledge base knows as something else ("Claude" in an AI story) is not a person.
    if (words.length === 1 && ck.aliases.match(words[0]!).length) continue;
    // Places and products the tagger reads as people: "Santa Clara", "SAP Center", "the Vera Rubin platform".
    const nx = tokens[last + 1];
    if (notAPerson(words, nx && text.slice(tokens[last]!.end, nx.start) === ' ' ? nx.text : undefined, ck.context)) continue;
    out.push({ start: tokens[first]!.start, end: tokens[last]!.end, first, last, type: 'person', why: 'nlp:person' });
  }
  return out;
}

/** Titles that stand right before a name: "Magistrate Judge Ona Wang", "CEO Dario Amodei". */
const TITLES = new Set(['CEO', 'Executive', 'Officer', 'Judge', 'Justice', 'Secretary', 'Senator', 'Sen', 'Rep', 'Representative', 'Gov', 'Governor', 'President', 'Chairman', 'Chairwoman', 'Chair', 'Minister', 'Commissioner', 'Director', 'founder', 'co-founder', 'Founder', 'spokesperson', 'spokesman', 'spokeswoman', 'analyst', 'Dr', 'Mr', 'Mrs', 'Ms', 'Prof', 'Professor', 'Premier', 'Chancellor', 'Mayor', 'CTO', 'CFO', 'COO', 'Congressman', 'Congresswoman', 'Congressmember', 'Assemblymember', 'lawmaker', 'economist', 'researcher', 'scientist', 'investor']);

/** People named right after a title. */
function titledCandidates(ck: CompiledKb, text: string, tokens: Token[]): Candidate[] {
  const out: Candidate[] = [];
  const nameWord = (t: Token | undefined) => !!t && /^\p{Lu}\p{Ll}[\p{L}'’-]*$/u.test(t.text) && !NOT_NAMES.has(t.text) && !ROLE_WORDS.has(t.text) && !ck.orgHeads.has(t.text);
  for (let i = 0; i + 2 < tokens.length; i++) {
    if (!TITLES.has(tokens[i]!.text) || tokens[i]!.possessive) continue;
    const gap = (a: number) => text.slice(tokens[a]!.end, tokens[a + 1]!.start);
    // "Dr. Jane Roe": only the title itself may end with an abbreviation dot
    if (!/^\.? $/.test(gap(i)) || !nameWord(tokens[i + 1]) || gap(i + 1) !== ' ' || !nameWord(tokens[i + 2])) continue;
    let last = i + 2;
    if (!tokens[last]!.possessive && nameWord(tokens[last + 1]) && gap(last) === ' ' && (tokens[last + 2] === undefined || !isCapitalized(tokens[last + 2]!.text))) last++;
    if (ck.aliases.match(text.slice(tokens[i + 1]!.start, tokens[last]!.end)).some((h) => h.value.entity.type !== 'person')) continue;
    out.push({ start: tokens[i + 1]!.start, end: tokens[last]!.end, first: i + 1, last, type: 'person', why: 'pattern:title' });
    i = last;
  }
  return out;
}

/** One credited name: two or three capitalised words, a middle initial allowed ("Jane Q. Roe"). */
const CREDIT_NAME = /^\p{Lu}[\p{Ll}'’-]+(?: \p{Lu}\.)?(?: \p{Lu}[\p{Ll}'’-]+){1,2}/u;
/** What may follow a credited name: the end of the credit, or another name of the same credit. */
const CREDIT_END = /^(?:\s*(?:[/|;\n)]|\.(?:\s|$)|$)|\s+(?:in|at|for|from|with|via)\s)/;
const CREDIT_MORE = /^(?:,\s*(?:and\s+)?|\s+(?:and|&)\s+)/;
/** Where a credited reporter filed from, before the next name: "Ann Lee in London and Bo Chen in Beijing". */
const CREDIT_PLACE = /^\s+(?:in|at|from)\s+\p{Lu}[\p{L}'’.-]*(?: \p{Lu}[\p{L}'’.-]*){0,2}/u;

/**
 * Bylines and credits: "By Jane Roe", "Reporting by Jane Roe and John Doe; Editing by Ann Lee",
 * "Photo: Jane Roe/Getty Images". Each name is a person with the role of the line's lead
 * (assets/rules/extraction.json `creditLines`): part of the page, not a person of the story.
 */
function creditCandidates(ck: CompiledKb, text: string, tokens: Token[]): Candidate[] {
  const out: Candidate[] = [];
  const bad = (name: string) => name.split(/ /).some((w) => NOT_NAMES.has(w) || ROLE_WORDS.has(w) || ck.orgHeads.has(w));
  for (const { re, role } of ck.creditLines) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      let at = m.index + m[0].length;
      const found: Candidate[] = [];
      for (;;) {
        const name = CREDIT_NAME.exec(text.slice(at, at + 80))?.[0];
        if (!name) break;
        const place = CREDIT_PLACE.exec(text.slice(at + name.length, at + name.length + 60))?.[0] ?? '';
        const rest = text.slice(at + name.length + place.length, at + name.length + place.length + 12);
        const more = CREDIT_MORE.exec(rest);
        if (!more && !place && !CREDIT_END.test(rest)) break;
        const span = tokenSpan(tokens, at, at + name.length);
        if (span && !bad(name)) found.push({ ...span, type: 'person', why: 'pattern:credit', role });
        if (!more) break;
        at += name.length + place.length + more[0].length;
      }
      out.push(...found);
    }
  }
  return out;
}

/** "Dario Amodei ... Amodei said": a surname alone after the full name joins the person. */
function joinSurnames(claims: Claims, tokens: Token[], text: string, refused: Map<number, Reason>): void {
  const surnames = new Map<string, Candidate>();
  for (const c of claims.all()) {
    if (c.type === 'person' && c.last > c.first) surnames.set(tokens[c.last]!.text, c);
  }
  if (!surnames.size) return;
  for (let i = 0; i < tokens.length; i++) {
    const full = surnames.get(tokens[i]!.text);
    // A surname the context refused stays refused ("Trump Tower" is a building, not Donald Trump again).
    if (!full || full.start > tokens[i]!.start || refused.has(i)) continue;
    claims.addIfFree({ start: tokens[i]!.start, end: tokens[i]!.end, first: i, last: i, type: 'person', why: 'nlp:surname', kb: full.kb, name: full.name ?? text.slice(full.start, full.end) });
  }
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
