/**
 * Annotations in and out: W3C Web Annotation JSON-LD (the shape Hypothesis exports, so either tool
 * can read the other's), Markdown per article for note apps, and the checks an import passes before
 * anything is stored (all or nothing, first problem named).
 */
import type { AnnotationRecord } from '../storage/db';
import type { Selector } from './anchor';
import { isObj, isText, isWebUrl, LIMITS, prototypeKeyProblem, textProblem, unknownField } from '../storage/limits';

export interface WebAnnotation {
  '@context': 'http://www.w3.org/ns/anno.jsonld';
  id: string;
  type: 'Annotation';
  created: string;
  modified: string;
  body: { type: 'TextualBody'; value: string; format?: string; purpose: 'commenting' | 'tagging' }[];
  target: { source: string; selector: Selector[] };
  /** Extension data kept for a lossless round trip (other readers ignore unknown terms). */
  'ai-news-lens:article'?: { title: string; fingerprint: string; urls: string[] };
}

export interface AnnotationCollection {
  '@context': 'http://www.w3.org/ns/anno.jsonld';
  type: 'AnnotationCollection';
  label: string;
  total: number;
  items: WebAnnotation[];
}

const urn = (id: string) => (id.startsWith('urn:uuid:') ? id : `urn:uuid:${id}`);

export function toWebAnnotation(a: AnnotationRecord): WebAnnotation {
  return {
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    id: urn(a.id),
    type: 'Annotation',
    created: a.created,
    modified: a.updated,
    body: [
      ...(a.note ? [{ type: 'TextualBody' as const, value: a.note, format: 'text/markdown', purpose: 'commenting' as const }] : []),
      ...a.tags.map((t) => ({ type: 'TextualBody' as const, value: t, purpose: 'tagging' as const })),
    ],
    target: { source: a.url, selector: a.selectors },
    'ai-news-lens:article': { title: a.title, fingerprint: a.fingerprint, urls: a.urls },
  };
}

export function toCollection(list: AnnotationRecord[]): AnnotationCollection {
  return { '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationCollection', label: 'AI News Lens annotations', total: list.length, items: list.map(toWebAnnotation) };
}

type Checked<T> = { ok: true; value: T } | { ok: false; error: string };
const isDate = (v: unknown) => isText(v, LIMITS.date, 1) && !Number.isNaN(Date.parse(v));
type Body = { value: string; purpose?: string };

/**
 * Reads a JSON-LD export (a collection, a list, or one annotation) back into records, or names the
 * first problem. Held to the in-page limits (src/storage/limits.ts): ids, quotes, notes and tags
 * no longer than a save in the page could make them, http(s) addresses only, no prototype keys,
 * every id once. Terms other tools add (creator, generator …) are read past and not stored.
 */
export function fromWebAnnotations(data: unknown): Checked<AnnotationRecord[]> {
  const items = Array.isArray(data) ? data : isObj(data) && Array.isArray(data.items) ? data.items : isObj(data) && data.type === 'Annotation' ? [data] : null;
  if (!items) return { ok: false, error: 'the file holds no Web Annotations (expected an AnnotationCollection, a list, or one Annotation)' };
  const unsafe = prototypeKeyProblem(data);
  if (unsafe) return { ok: false, error: unsafe };
  if (items.length > LIMITS.records) return { ok: false, error: `items: more than ${LIMITS.records} annotations` };
  const out: AnnotationRecord[] = [];
  const seen = new Map<string, number>();
  for (const [i, w] of items.entries()) {
    const at = `items[${i}]`;
    const bad = (field: string, problem: string): Checked<never> => ({ ok: false, error: `${at}.${field}: ${problem}` });
    if (!isObj(w) || w.type !== 'Annotation') return bad('type', 'must be "Annotation"');
    if (typeof w.id !== 'string' || !w.id) return bad('id', 'missing');
    const id = w.id.replace(/^urn:uuid:/, '');
    if (id.length > LIMITS.id) return bad('id', `longer than ${LIMITS.id} characters`);
    if (!/^[\x21-\x7e]+$/.test(id)) return bad('id', 'must be printable characters without spaces');
    if (seen.has(id)) return bad('id', `the same as items[${seen.get(id)}]`);
    seen.set(id, i);
    if (!isDate(w.created)) return bad('created', 'must be a date');
    if (w.modified !== undefined && !isDate(w.modified)) return bad('modified', 'must be a date');
    const target = w.target;
    if (!isObj(target) || !isWebUrl(target.source)) return bad('target.source', `must be an http(s) address of at most ${LIMITS.url} characters`);
    const selectors = target.selector;
    if (!Array.isArray(selectors) || selectors.length > 10) return bad('target.selector', 'must be a list of at most 10 selectors');
    const qi = selectors.findIndex((s) => isObj(s) && s.type === 'TextQuoteSelector');
    const quote = selectors[qi] as Record<string, unknown> | undefined;
    if (!quote || typeof quote.exact !== 'string' || !quote.exact) return bad('target.selector', 'needs a TextQuoteSelector with the quoted text');
    if (quote.exact.length > LIMITS.quote) return bad(`target.selector[${qi}].exact`, `longer than ${LIMITS.quote} characters`);
    for (const side of ['prefix', 'suffix'] as const) {
      if (quote[side] !== undefined && !isText(quote[side], LIMITS.quote)) return bad(`target.selector[${qi}].${side}`, textProblem(quote[side], LIMITS.quote));
    }
    const pos = selectors.find((s) => isObj(s) && s.type === 'TextPositionSelector') as Record<string, unknown> | undefined;
    const bodies = Array.isArray(w.body) ? w.body : w.body ? [w.body] : [];
    if (bodies.length > LIMITS.tags + 1) return bad('body', `more than ${LIMITS.tags + 1} bodies`);
    for (const [j, b] of bodies.entries()) if (!isObj(b) || typeof b.value !== 'string') return bad(`body[${j}]`, 'every body needs a text value');
    const note = (bodies as Body[]).filter((b) => b.purpose !== 'tagging').map((b) => b.value).join('\n\n');
    if (note.length > LIMITS.note) return bad('body', `the note is longer than ${LIMITS.note} characters`);
    const tags = (bodies as Body[]).filter((b) => b.purpose === 'tagging').map((b) => b.value);
    if (tags.length > LIMITS.tags) return bad('body', `more than ${LIMITS.tags} tags`);
    const longTag = (bodies as Body[]).findIndex((b) => b.purpose === 'tagging' && b.value.length > LIMITS.tag);
    if (longTag >= 0) return bad(`body[${longTag}].value`, `a tag longer than ${LIMITS.tag} characters`);
    const extra = w['ai-news-lens:article'];
    if (extra !== undefined && !isObj(extra)) return bad('ai-news-lens:article', 'must be an object');
    const art = extra ?? {};
    const unknown = unknownField(art, ['title', 'fingerprint', 'urls']);
    if (unknown) return bad('ai-news-lens:article', unknown);
    if (art.title !== undefined && !isText(art.title, LIMITS.title)) return bad('ai-news-lens:article.title', textProblem(art.title, LIMITS.title));
    if (art.fingerprint !== undefined && !isText(art.fingerprint, LIMITS.fingerprint)) return bad('ai-news-lens:article.fingerprint', textProblem(art.fingerprint, LIMITS.fingerprint));
    if (art.urls !== undefined) {
      if (!Array.isArray(art.urls) || art.urls.length > LIMITS.urls) return bad('ai-news-lens:article.urls', `must be a list of at most ${LIMITS.urls} addresses`);
      const u = art.urls.findIndex((x) => !isWebUrl(x));
      if (u >= 0) return bad(`ai-news-lens:article.urls[${u}]`, 'must be an http(s) address');
    }
    out.push({
      id,
      url: target.source,
      urls: Array.isArray(art.urls) ? (art.urls as string[]) : [target.source],
      title: typeof art.title === 'string' ? art.title : '',
      fingerprint: typeof art.fingerprint === 'string' ? art.fingerprint : '',
      selectors: [
        // context beyond what a save in the page keeps adds nothing to anchoring: the nearest characters are kept
        { type: 'TextQuoteSelector', exact: quote.exact, prefix: typeof quote.prefix === 'string' ? quote.prefix.slice(-LIMITS.context) : '', suffix: typeof quote.suffix === 'string' ? quote.suffix.slice(0, LIMITS.context) : '' },
        ...(pos && Number.isSafeInteger(pos.start) && Number.isSafeInteger(pos.end) && (pos.start as number) >= 0 && (pos.end as number) > (pos.start as number)
          ? [{ type: 'TextPositionSelector' as const, start: pos.start as number, end: pos.end as number }]
          : []),
      ],
      note,
      tags,
      created: w.created as string,
      updated: isDate(w.modified) ? (w.modified as string) : (w.created as string),
    });
  }
  return { ok: true, value: out };
}

/** One article's annotations as Markdown: a heading with the link, each quote as a block quote, notes and tags under it. */
export function toMarkdown(list: AnnotationRecord[]): string {
  const byUrl = new Map<string, AnnotationRecord[]>();
  for (const a of list) byUrl.set(a.url, [...(byUrl.get(a.url) ?? []), a]);
  const md: string[] = [];
  for (const [url, items] of byUrl) {
    md.push(`## [${(items[0]!.title || url).replace(/[[\]]/g, '')}](${url})`, '');
    for (const a of items.sort((x, y) => pos(x) - pos(y))) {
      const quote = a.selectors.find((s) => s.type === 'TextQuoteSelector');
      if (quote?.type === 'TextQuoteSelector') md.push(...quote.exact.split('\n').map((l) => `> ${l}`), '');
      if (a.note) md.push(a.note, '');
      if (a.tags.length) md.push(a.tags.map((t) => `#${t.replace(/\s+/g, '-')}`).join(' '), '');
    }
  }
  return md.join('\n');
}
const pos = (a: AnnotationRecord) => {
  const p = a.selectors.find((s) => s.type === 'TextPositionSelector');
  return p?.type === 'TextPositionSelector' ? p.start : 0;
};
