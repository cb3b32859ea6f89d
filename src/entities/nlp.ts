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
