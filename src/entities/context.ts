import type { KbEntity, KnowledgeBase } from '../kb/index';
import raw from '../../assets/rules/context.json';
import type { Span } from './sentences';
import type { Token } from './tokens';

/**
 * Context rules: every mention of a known name is checked against the words around it before it is
 * linked. A page being about AI says nothing about whether "Haiku" in "Nest and Haiku" is Claude, or
 * whether "Senate" in "the California Senate" is the U.S. Senate; the phrase, the sentence and the
 * entity it would be do. The words are data (assets/rules/context.json); this file is the method.
 */

/** Tunables, each with its reason. */
/** Words looked at before a mention for a jurisdiction: "the Indian Supreme Court", "South Korea's AI Act". */
const JURISDICTION_WORDS_BEFORE = 3;
/** Legal suffixes that name the same company, so they never make a known name part of another one ("Nvidia Corp"). */
const SAME_COMPANY_SUFFIXES = new Set(['Inc', 'Ltd', 'LLC', 'PLC', 'Co', 'GmbH', 'SA', 'AG', 'Corp']);

/** What the context says about one mention. `why` is the rule's key, shown as `context:<key>`. */
export type Verdict =
  | { kind: 'keep'; why?: string }
  | { kind: 'refuse'; why: string }
  | { kind: 'steer'; why: string; to: KbEntity }
  /** A relative or namesake of a known person: an unlinked person from token `first` ("Kimbal Musk"). */
  | { kind: 'namesake'; why: string; first: number };

interface AliasRule {
  entity: string;
  aliases?: string[];
  requireInSentence?: RegExp;
  refuseInSentence?: RegExp;
  refuseAfter?: RegExp;
  key: string;
}

export interface ContextRules {
  /** Longest place words first, each with its jurisdiction and its words as the tokenizer writes them ("U.S" for "U.S."). */
  places: { words: string[]; tokenWords: string[]; jurisdiction: string }[];
  /** Indexes into `places` by the text of their last word in either form: only these can end at a given token. */
  placesByLast: Map<string, number[]>;
  /** Indexes of one-word places written with dots ("U.S."), which the tokenizer splits and are compared on the text. */
  dottedPlaces: number[];
  nameHeads: Set<string>;
  notFirstNames: Set<string>;
  placeFirstWords: Set<string>;
  productNouns: Set<string>;
  aliasRules: Map<string, AliasRule[]>;
}

export function compileContextRules(): ContextRules {
  const places: ContextRules['places'] = [];
  for (const [jurisdiction, words] of Object.entries(raw.jurisdictions)) {
    if (jurisdiction.startsWith('_') || !Array.isArray(words)) continue;
    for (const w of words) {
      const ws = w.split(' ');
      places.push({ words: ws, tokenWords: ws.map((x) => x.replace(/\.$/, '').replace(/\./g, '')), jurisdiction });
    }
  }
  places.sort((a, b) => b.words.length - a.words.length);
  const placesByLast = new Map<string, number[]>();
  const dottedPlaces: number[] = [];
  places.forEach((p, i) => {
    const last = p.words.length - 1;
    for (const form of new Set([p.words[last]!, p.tokenWords[last]!])) placesByLast.set(form, [...(placesByLast.get(form) ?? []), i]);
    if (p.words.length === 1 && p.words[0]!.includes('.')) dottedPlaces.push(i);
  });
  const aliasRules = new Map<string, AliasRule[]>();
  for (const r of raw.aliasRules as Record<string, unknown>[]) {
    const re = (k: string) => (typeof r[k] === 'string' ? new RegExp(r[k]) : undefined);
    const rule: AliasRule = {
      entity: r['entity'] as string,
      aliases: r['aliases'] as string[] | undefined,
      requireInSentence: re('requireInSentence'),
      refuseInSentence: re('refuseInSentence'),
      refuseAfter: re('refuseAfter'),
      key: r['key'] as string,
    };
    aliasRules.set(rule.entity, [...(aliasRules.get(rule.entity) ?? []), rule]);
  }
  return {
    places,
    placesByLast,
    dottedPlaces,
    nameHeads: new Set(raw.nameHeads.words),
    notFirstNames: new Set(raw.notFirstNames.words),
    placeFirstWords: new Set(raw.notPersons.placeFirstWords),
    productNouns: new Set(raw.notPersons.productNouns),
    aliasRules,
  };
}

/** What a check needs to know about the article and the extractor's word lists. */
export interface ContextEnv {
  text: string;
  tokens: Token[];
  kb: KnowledgeBase;
  rules: ContextRules;
  orgHeads: Map<string, string>;
  /** Words that are never names on their own, and titles ("CEO", "Mayor"). */
  notNames: Set<string>;
  titles: Set<string>;
  /** Whether a word begins some knowledge-base alias ("Google" before "Gemini"). */
  isKnownName: (word: string) => boolean;
  isFirstName?: (word: string) => boolean;
  isCommonWord?: (word: string) => boolean;
}

export interface ContextMention {
  start: number;
  end: number;
  first: number;
  last: number;
  kb: KbEntity;
  ambiguous: boolean;
  /** The sentence the mention is in. */
  sentence: Span;
}

const yearOf = (v: unknown): number | null => (typeof v === 'string' || typeof v === 'number' ? Number(/^\d{4}/.exec(String(v))?.[0] ?? NaN) || null : null);

/**
 * Decides one knowledge-base mention on its own context.
 *
 * 1. Rules of the alias (data): required or forbidden words in the sentence or right after it.
 * 2. Jurisdiction: a place word right before a body or a law of another jurisdiction steers to the
 *    entity of that jurisdiction with the same words ("Europe's Chips Act"), or leaves it unlinked.
 * 3. A person's surname right after another first name is a relative or a namesake ("Kimbal Musk").
 * 4. An ambiguous name glued to more name words is part of another name: a head word or a number
 *    after it ("Orion Labs", "Fortune 500", "MIT License"), a capitalised name word before it
 *    ("Xbox One X"). Place heads do this to any name ("SAP Center").
 * 5. An ambiguous name in a sentence whose years all come before the entity existed ("© Thinking
 *    Machines Corporation, 1989").
 */
export function decide(m: ContextMention, env: ContextEnv): Verdict {
  const { text, tokens, rules } = env;
  const e = m.kb;
  const mention = text.slice(m.start, m.end);
  const sentence = text.slice(m.sentence.start, m.sentence.end);
  const after = text.slice(m.end, Math.min(text.length, m.end + 40));
  const gapAfter = (i: number) => (tokens[i + 1] ? text.slice(tokens[i]!.end, tokens[i + 1]!.start) : '');

  // 1. The alias's own rules.
  for (const r of rules.aliasRules.get(e.id) ?? []) {
    if (r.aliases && !r.aliases.includes(mention)) continue;
    if (r.requireInSentence && !r.requireInSentence.test(sentence.slice(0, m.start - m.sentence.start) + ' ' + sentence.slice(m.end - m.sentence.start))) return { kind: 'refuse', why: r.key };
    if (r.refuseInSentence?.test(sentence)) return { kind: 'refuse', why: r.key };
    if (r.refuseAfter?.test(after)) return { kind: 'refuse', why: r.key };
  }

  // 2. Jurisdiction words right before a body or a law.
  const own = e.facts?.['jurisdiction'];
  if (typeof own === 'string' && own !== 'International') {
    const place = placeBefore(m, env);
    if (place && place !== own) {
      const to = sameWordsIn(env.kb, e, mention, place);
      return to ? { kind: 'steer', why: `jurisdiction-${slug(place)}`, to } : { kind: 'refuse', why: `jurisdiction-${slug(place)}` };
    }
  }

  const prev = tokens[m.first - 1];
  const next = tokens[m.last + 1];
  const prevGlued = !!prev && !prev.possessive && text.slice(prev.end, tokens[m.first]!.start) === ' ';
  const nextGlued = !!next && !tokens[m.last]!.possessive && gapAfter(m.last) === ' ';
  const nameWord = (t: Token) => /^\p{Lu}/u.test(t.text) && !env.notNames.has(t.text) && !env.titles.has(t.text.replace(/\.$/, ''));

  // 3. A known person's surname after someone else's first name.
  if (e.type === 'person' && m.first === m.last && prevGlued && nameWord(prev) && /^\p{Lu}\p{Ll}+$/u.test(prev.text)) {
    const ownFirst = e.name.split(' ')[0];
    // Another first name: a known one, or a word no list knows as anything else ("Kimbal").
    const common = !!env.isCommonWord?.(prev.text) || /^\p{Lu}\p{Ll}+(?:ing|ed|ly|ers|ists)$/u.test(prev.text);
    const isOther = prev.text !== ownFirst && !rules.notFirstNames.has(prev.text) && !env.isKnownName(prev.text) && (!!env.isFirstName?.(prev.text) || !common);
    if (isOther) {
      // "Chan Zuckerberg Initiative": more name words after it make it an organisation, not a person.
      if (nextGlued && /^\p{Lu}/u.test(next.text)) return { kind: 'refuse', why: 'part-of-longer-name' };
      return { kind: 'namesake', why: 'other-first-name', first: m.first - 1 };
    }
  }

  // 4. Glued to more name words.
  if (nextGlued && rules.nameHeads.has(next.text)) return { kind: 'refuse', why: 'part-of-longer-name' };
  // "Musk Foundation", "Trump Administration": a surname before an organisation's head names the organisation.
  if (e.type === 'person' && m.first === m.last && nextGlued && env.orgHeads.has(next.text.replace(/\.$/, ''))) return { kind: 'refuse', why: 'part-of-longer-name' };
  if (m.ambiguous) {
    const head = next ? next.text.replace(/\.$/, '') : '';
    // "Llama AI model", "o1 AI models": "AI" before a lower-case noun describes the name; it does not extend it.
    const describes = head === 'AI' && /^\s+\p{Ll}/u.test(text.slice(next?.end ?? 0, (next?.end ?? 0) + 3));
    if (nextGlued && env.orgHeads.has(head) && !SAME_COMPANY_SUFFIXES.has(head) && !describes) return { kind: 'refuse', why: 'part-of-longer-name' };
    if (nextGlued && /^\d[\d,.]*$/.test(next.text) && e.type !== 'agency' && e.type !== 'model') return { kind: 'refuse', why: 'followed-by-number' };
    if (prevGlued && nameWord(prev) && !env.isKnownName(prev.text) && e.type !== 'person') {
      const before = tokens[m.first - 2];
      // A capitalised word that begins the sentence may be capitalised only for that ("Yesterday Congress").
      const startsSentence = prev.start <= m.sentence.start + 1 || !before || before.end < m.sentence.start;
      const inName = before && !before.possessive && text.slice(before.end, prev.start) === ' ' && /^\p{Lu}/u.test(before.text) && !env.notNames.has(before.text);
      // An ordinary word describes the name ("the Republican Senate"); it does not make a longer one.
      const describes = rules.notFirstNames.has(prev.text) || !!env.isCommonWord?.(prev.text);
      if (inName || (!startsSentence && !describes)) return { kind: 'refuse', why: 'part-of-longer-name' };
    }
  }

  // 5. Years that come before the entity existed.
  if (m.ambiguous) {
    const since = yearOf(e.facts?.['founded']) ?? yearOf(e.facts?.['released']);
    const years = [...sentence.matchAll(/\b(1[6-9]\d\d|20\d\d)\b/g)].map((x) => Number(x[1]));
    if (since && years.length && years.every((y) => y < since)) return { kind: 'refuse', why: 'before-it-existed' };
  }
  return { kind: 'keep' };
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/** The jurisdiction named by the few words right before a mention, within its sentence. */
function placeBefore(m: ContextMention, env: ContextEnv): string | null {
  const { tokens, text, rules } = env;
  for (let back = 1; back <= JURISDICTION_WORDS_BEFORE; back++) {
    const end = m.first - back;
    if (end < 0 || tokens[end]!.start < m.sentence.start) return null;
    // Only words joined by spaces lead to the mention: a comma or a full stop ends the phrase.
    const gap = text.slice(tokens[end]!.end, tokens[end + 1]!.start);
    if (!/^(?:['’]s)?\.? $/.test(gap)) return null;
    // Only places whose last word is this token's (or dotted ones) can end here; the first in `places` order wins.
    const byLast = rules.placesByLast.get(tokens[end]!.text);
    const candidates = byLast ? [...byLast, ...rules.dottedPlaces].sort((a, b) => a - b) : rules.dottedPlaces;
    for (const pi of candidates) {
      const p = rules.places[pi]!;
      const from = end - p.words.length + 1;
      if (from < 0) continue;
      if (p.words.every((w, k) => tokens[from + k]!.text === p.tokenWords[k] || tokens[from + k]!.text === w)) return p.jurisdiction;
      // "U.S." is split into "U", "S" by the tokenizer.
      if (p.words.length === 1 && p.words[0]!.includes('.') && text.slice(tokens[end]!.start - p.words[0]!.length + 2, tokens[end]!.end + 1) === p.words[0]) return p.jurisdiction;
    }
  }
  return null;
}

/** The entity of the same type in `jurisdiction` whose name or an alias holds every word of the mention. */
function sameWordsIn(kb: KnowledgeBase, e: KbEntity, mention: string, jurisdiction: string): KbEntity | undefined {
  const words = mention.toLowerCase().split(/\s+/);
  const fits = kb.entities.filter(
    (o) => o.type === e.type && o.facts?.['jurisdiction'] === jurisdiction && [o.name, ...o.aliases.map((a) => a.text)].some((n) => words.every((w) => n.toLowerCase().split(/\s+/).includes(w))),
  );
  return fits.length === 1 ? fits[0] : undefined;
}

/**
 * A name the NLP tagger reads as a person that its words or its neighbours say is a place or a
 * product: a place's first word ("Santa Clara"), a place's head ("SAP Center"), a product noun right
 * after it ("the Vera Rubin platform"). Returns the reason, or null for a person.
 */
export function notAPerson(words: string[], nextWord: string | undefined, rules: ContextRules): string | null {
  if (rules.placeFirstWords.has(words[0]!)) return 'place-name';
  if (rules.nameHeads.has(words[words.length - 1]!)) return 'place-name';
  if (nextWord && rules.productNouns.has(nextWord)) return 'product-name';
  return null;
}
