import nlp from 'compromise';
import { KB_ENTITIES } from '../kb/index';
import type { EntityType } from '../kb/types';
import type { NlpSpan, NlpTagger } from './types';

interface OffsetJson {
  offset: { start: number; length: number };
}
type Lexicon = Record<string, string | string[] | undefined>;

const lexicon = (nlp.world() as { model: { one: { lexicon: Lexicon } } }).model.one.lexicon;
const NAME_TAG = /^(?:FirstName|MaleName|FemaleName)$/;
const isNameTag = (tag: string | string[] | undefined) => (Array.isArray(tag) ? tag.some((t) => NAME_TAG.test(t)) : !!tag && NAME_TAG.test(tag));
/** First names as compromise knew them before our plugin re-tags words like "Claude" as models. */
const FIRST_NAMES = new Set(Object.keys(lexicon).filter((w) => isNameTag(lexicon[w])));

/** Whether compromise's lexicon lists the word as a first name ("Michael", "Claude"). */
export function isFirstName(word: string): boolean {
  return FIRST_NAMES.has(word.toLowerCase());
}

/** Tags of words that are names of people or places, not ordinary words. */
const PROPER_TAG = /^(?:FirstName|MaleName|FemaleName|LastName|Person|Place|City|Country|Region|Organization|ProperNoun)$/;
/** Ordinary words as compromise knew them before our plugin ("though", "meanwhile", "critics"). */
const COMMON_WORDS = new Set(
  Object.keys(lexicon).filter((w) => {
    const tag = lexicon[w];
    const tags = Array.isArray(tag) ? tag : tag ? [tag] : [];
    return tags.length > 0 && !tags.some((t) => PROPER_TAG.test(t));
  }),
);

/** Whether compromise's lexicon lists the word as an ordinary word, never a name ("Though" before "Trump" is no first name). */
export function isCommonWord(word: string): boolean {
  return COMMON_WORDS.has(word.toLowerCase());
}

/** Our tags, under compromise's own: an AI model is a proper noun that is never a person. */
const TAGS = {
  AiModel: { isA: 'ProperNoun', not: ['Person', 'Place'] },
  AiCompany: { isA: 'Organization', not: ['Person', 'Place'] },
  NewsOutlet: { isA: 'Organization', not: ['Person', 'Place'] },
  Agency: { isA: 'Organization', not: ['Person', 'Place'] },
  LegalInstrument: { isA: 'ProperNoun', not: ['Person', 'Place'] },
};
const TAG_OF: Partial<Record<EntityType, keyof typeof TAGS>> = {
  model: 'AiModel',
  company: 'AiCompany',
  outlet: 'NewsOutlet',
  agency: 'Agency',
  organization: 'Agency',
  policy: 'LegalInstrument',
};

/**
 * The knowledge base's words as a compromise plugin: every alias of a non-person entity is tagged
 * with our type, so the tagger never reads "Claude" or "Anthropic" as someone's name when it looks
 * for people around them. Ambiguous aliases are left out: their sense depends on the article.
 */
export function kbPlugin() {
  const words: Record<string, string> = {};
  for (const e of KB_ENTITIES) {
    const tag = TAG_OF[e.type];
    if (!tag) continue;
    for (const a of e.aliases) if (!a.ambiguous) words[a.text.toLowerCase()] = tag;
  }
  return { tags: TAGS, words };
}
nlp.plugin(kbPlugin());

/**
 * The compromise tagger: people. It is the expensive pass, so it runs in the background context,
 * never in the page, only on articles that passed the gate, and only on the windows of text the
 * rules left unexplained (see `tagWhereNeeded` in extract.ts).
 */
export const compromiseTagger: NlpTagger = (text) => {
  const doc = nlp(text);
  const spans: NlpSpan[] = [];
  for (const p of doc.people().json({ offset: true }) as OffsetJson[]) {
    spans.push({ start: p.offset.start, end: p.offset.start + p.offset.length, kind: 'person' });
  }
  return spans;
};

/** The analysis options that use compromise: people around unexplained names, first names. */
export const compromiseOptions = { nlp: compromiseTagger, isFirstName, isCommonWord };
