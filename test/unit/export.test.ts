import { describe, expect, it } from 'vitest';
import { fromWebAnnotations, toCollection, toMarkdown } from '../../src/annotate/export';
import { describe as describeSel } from '../../src/annotate/anchor';
import type { AnnotationRecord } from '../../src/storage/db';

const TEXT = 'Anthropic accused Alibaba of distilling its Claude models on an industrial scale.';
const rec = (over: Partial<AnnotationRecord> = {}): AnnotationRecord => ({
  id: '5f0c1f55-2a35-4f4b-9f59-0d7e6c2b9a11', url: 'https://news.example/story', urls: ['https://news.example/story', 'https://amp.news.example/story/amp'], title: 'Lab accuses rival',
  fingerprint: 'abc123', selectors: describeSel(TEXT, 18, 25), note: 'Watch **this** [link](https://example.org)', tags: ['dispute', 'distillation'],
  created: '2026-11-25T10:00:00.000Z', updated: '2026-11-25T11:00:00.000Z', ...over,
});

describe('Web Annotation export and import', () => {
  it('exports the W3C shape: @context, TextualBody for the note and each tag, target with both selectors', () => {
    const c = toCollection([rec()]);
    const a = c.items[0]!;
    expect(a['@context']).toBe('http://www.w3.org/ns/anno.jsonld');
    expect(a.id).toMatch(/^urn:uuid:/);
    expect(a.body).toEqual([
      { type: 'TextualBody', value: 'Watch **this** [link](https://example.org)', format: 'text/markdown', purpose: 'commenting' },
      { type: 'TextualBody', value: 'dispute', purpose: 'tagging' },
      { type: 'TextualBody', value: 'distillation', purpose: 'tagging' },
    ]);
    expect(a.target.selector.map((s) => s.type)).toEqual(['TextQuoteSelector', 'TextPositionSelector']);
  });

  it('export → import round-trips losslessly', () => {
    const list = [rec(), rec({ id: '9a3b1c2d-0000-4000-8000-000000000001', note: '', tags: [] })];
    expect(fromWebAnnotations(JSON.parse(JSON.stringify(toCollection(list))))).toEqual({ ok: true, value: list });
  });

  it('reads a Hypothesis-style annotation (no extension fields)', () => {
    const h = { type: 'Annotation', id: 'https://hyp.example/a/1', created: '2026-01-01T00:00:00Z', body: [{ type: 'TextualBody', value: 'note', purpose: 'commenting' }], target: { source: 'https://x.example/a', selector: [{ type: 'TextQuoteSelector', exact: 'quoted' }] } };
    const r = fromWebAnnotations([h]);
    expect(r.ok && r.value[0]).toMatchObject({ url: 'https://x.example/a', note: 'note', selectors: [{ exact: 'quoted', prefix: '', suffix: '' }] });
  });

  it.each([
    [{}, 'holds no Web Annotations'],
    [[{ type: 'Note' }], 'items[0].type'],
    [[{ type: 'Annotation', id: 'x', created: 'yesterday' }], 'items[0].created'],
    [[{ type: 'Annotation', id: 'x', created: '2026-01-01', target: { source: 'javascript:alert(1)', selector: [] } }], 'items[0].target.source'],
    [[{ type: 'Annotation', id: 'x', created: '2026-01-01', target: { source: 'https://a.example', selector: [] } }], 'TextQuoteSelector'],
  ])('refuses %j naming the first problem', (data, problem) => {
    const r = fromWebAnnotations(data);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(problem);
  });

  it('Markdown per article: linked heading, quotes in reading order, notes, tags', () => {
    const md = toMarkdown([rec({ selectors: describeSel(TEXT, 44, 50) }), rec({ id: 'b', note: 'first', tags: [] })]);
    expect(md).toContain('## [Lab accuses rival](https://news.example/story)');
    expect(md.indexOf('> Alibaba')).toBeLessThan(md.indexOf('> Claude'));
    expect(md).toContain('#dispute #distillation');
  });
});

import { parseNote } from '../../src/annotate/markdown';
describe('notes in Markdown', () => {
  it('keeps raw HTML as text and only http(s) links as links', () => {
    const [block] = parseNote('<img src=x onerror=alert(1)> **bold** [ok](https://a.example) [bad](javascript:alert(1))');
    expect(block![0]).toEqual({ t: 'text', v: '<img src=x onerror=alert(1)> ' });
    expect(block).toContainEqual({ t: 'strong', v: 'bold' });
    expect(block!.filter((x) => x.t === 'link')).toEqual([{ t: 'link', v: 'ok', href: 'https://a.example' }]);
    expect(block!.map((x) => x.v).join('')).toContain('[bad](javascript:alert(1');
  });
  it('splits paragraphs on blank lines', () => {
    expect(parseNote('one\n\ntwo *it*')).toEqual([[{ t: 'text', v: 'one' }], [{ t: 'text', v: 'two ' }, { t: 'em', v: 'it' }]]);
  });
});
