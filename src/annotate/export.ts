/**
 * Annotations in and out: W3C Web Annotation JSON-LD (the shape Hypothesis exports, so either tool
 * can read the other's), Markdown per article for note apps, and the checks an import passes before
 * anything is stored (all or nothing, first problem named).
 */
import type { AnnotationRecord } from '../storage/db';
import type { Selector } from './anchor';

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
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isDate = (v: unknown) => typeof v === 'string' && !Number.isNaN(Date.parse(v));

/** Reads a JSON-LD export (a collection, a list, or one annotation) back into records, or names the first problem. */
export function fromWebAnnotations(data: unknown): Checked<AnnotationRecord[]> {
  const items = Array.isArray(data) ? data : isObj(data) && Array.isArray(data.items) ? data.items : isObj(data) && data.type === 'Annotation' ? [data] : null;
  if (!items) return { ok: false, error: 'the file holds no Web Annotations (expected an AnnotationCollection, a list, or one Annotation)' };
  const out: AnnotationRecord[] = [];
  for (const [i, w] of items.entries()) {
    const at = `items[${i}]`;
    if (!isObj(w) || w.type !== 'Annotation') return { ok: false, error: `${at}.type: must be "Annotation"` };
    if (typeof w.id !== 'string' || !w.id) return { ok: false, error: `${at}.id: missing` };
    if (!isDate(w.created)) return { ok: false, error: `${at}.created: must be a date` };
    const target = w.target;
    if (!isObj(target) || typeof target.source !== 'string' || !/^https?:\/\//.test(target.source)) return { ok: false, error: `${at}.target.source: must be an http(s) address` };
    const selectors = target.selector;
    if (!Array.isArray(selectors)) return { ok: false, error: `${at}.target.selector: must be a list` };
    const quote = selectors.find((s) => isObj(s) && s.type === 'TextQuoteSelector') as Record<string, unknown> | undefined;
    if (!quote || typeof quote.exact !== 'string' || !quote.exact) return { ok: false, error: `${at}.target.selector: needs a TextQuoteSelector with the quoted text` };
    const pos = selectors.find((s) => isObj(s) && s.type === 'TextPositionSelector') as Record<string, unknown> | undefined;
    const bodies = Array.isArray(w.body) ? w.body : w.body ? [w.body] : [];
    if (!bodies.every((b) => isObj(b) && typeof b.value === 'string')) return { ok: false, error: `${at}.body: every body needs a text value` };
    const extra = isObj(w['ai-news-lens:article']) ? (w['ai-news-lens:article'] as Record<string, unknown>) : {};
    out.push({
      id: w.id.replace(/^urn:uuid:/, ''),
      url: target.source,
      urls: Array.isArray(extra.urls) ? (extra.urls as unknown[]).filter((u): u is string => typeof u === 'string') : [target.source],
      title: typeof extra.title === 'string' ? extra.title : '',
      fingerprint: typeof extra.fingerprint === 'string' ? extra.fingerprint : '',
      selectors: [
        { type: 'TextQuoteSelector', exact: quote.exact, prefix: typeof quote.prefix === 'string' ? quote.prefix : '', suffix: typeof quote.suffix === 'string' ? quote.suffix : '' },
        ...(pos && Number.isInteger(pos.start) && Number.isInteger(pos.end) ? [{ type: 'TextPositionSelector' as const, start: pos.start as number, end: pos.end as number }] : []),
      ],
      note: (bodies as { value: string; purpose?: string }[]).filter((b) => b.purpose !== 'tagging').map((b) => b.value).join('\n\n'),
      tags: (bodies as { value: string; purpose?: string }[]).filter((b) => b.purpose === 'tagging').map((b) => b.value),
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
