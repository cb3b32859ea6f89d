import nlp from 'compromise';
import type { NlpSpan, NlpTagger } from './types';

interface OffsetJson {
  offset: { start: number; length: number };
}

/**
 * The compromise tagger: people for now. It is the expensive pass (tens of ms per article), so it
 * runs in the background context, never in the page, and only on articles that passed the gate.
 */
export const compromiseTagger: NlpTagger = (text) => {
  const doc = nlp(text);
  const spans: NlpSpan[] = [];
  for (const p of doc.people().json({ offset: true }) as OffsetJson[]) {
    spans.push({ start: p.offset.start, end: p.offset.start + p.offset.length, kind: 'person' });
  }
  return spans;
};

const lexicon = (nlp.world() as { model: { one: { lexicon: Record<string, string | string[] | undefined> } } }).model.one.lexicon;
const NAME_TAG = /^(?:FirstName|MaleName|FemaleName)$/;

/** Whether compromise's lexicon lists the word as a first name ("Michael", "Claude"). */
export function isFirstName(word: string): boolean {
  const tag = lexicon[word.toLowerCase()];
  return Array.isArray(tag) ? tag.some((t) => NAME_TAG.test(t)) : !!tag && NAME_TAG.test(tag);
}

/** The analysis options that use compromise: people around unexplained names, first names. */
export const compromiseOptions = { nlp: compromiseTagger, isFirstName };
