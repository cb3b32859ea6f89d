import { describe, expect, it } from 'vitest';
import { describe as describeSel } from '../../src/annotate/anchor';
import type { AnnotationRecord, HistoryRecord } from '../../src/storage/db';
import { articleFinder, toLibraryArticle } from '../../src/library/articles';
import { dateBounds, dayOf, entityOptions, filterAnnotations, filterEntity, matchEntities, SHAPE_MIN_MENTIONS, filterFromHash, filterToHash, NO_FILTER, quoteLink, searchIndex, type AnnotationFilter } from '../../src/library/filter';

/** Local times, so the calendar-day tests mean the same in any time zone. */
const at = (y: number, m: number, d: number, h = 12) => new Date(y, m - 1, d, h).toISOString();
const NOW = new Date(2026, 10, 26, 9); // 26 Nov 2026, 09:00 local

const ann = (id: string, over: Partial<AnnotationRecord> & { quote?: string } = {}): AnnotationRecord => {
  const quote = over.quote ?? 'a quoted sentence';
  return {
    id,
    url: 'https://news.example/a',
    urls: ['https://news.example/a'],
    title: 'An article',
    fingerprint: 'f',
    selectors: describeSel(quote, 0, quote.length),
    note: '',
    tags: [],
    created: at(2026, 11, 25),
    updated: at(2026, 11, 25),
    ...over,
  };
};

const rec = (url: string, entities: [string, string][], over: Partial<HistoryRecord> = {}): HistoryRecord => ({
  id: url,
  url,
  urls: [url],
  host: new URL(url).host,
  title: url,
  outlet: null,
  published: null,
  read: at(2026, 11, 1),
  lastRead: at(2026, 11, 1),
  entities: entities.map(([key, name]) => ({ key, name, type: 'company', count: 2 })),
  links: [],
  fingerprint: '',
  thread: 't-1',
  ...over,
});

// three articles read; highlights in two of them, one on an article never recorded (history off then)
const history = [
  rec('https://news.example/distill', [
    ['anthropic', 'Anthropic'],
    ['alibaba', 'Alibaba'],
  ]),
  rec('https://news.example/chips', [['tsmc', 'TSMC']], { urls: ['https://news.example/chips', 'https://amp.news.example/chips/amp'] }),
  rec('https://other.example/x', [['anthropic', 'Anthropic']]),
];
const list: AnnotationRecord[] = [
  ann('old-distill', { url: 'https://news.example/distill', urls: ['https://news.example/distill'], quote: 'Anthropic accused Alibaba', created: at(2025, 6, 1), tags: ['dispute'] }),
  ann('new-distill', { url: 'https://news.example/distill', urls: ['https://news.example/distill'], quote: 'millions of automated queries', note: 'compare with **Qwen** logs', created: at(2026, 11, 24) }),
  // made on the AMP copy before the canonical link was known: found by the address it was read under
  ann('amp-chips', { url: 'https://amp.news.example/chips/amp', urls: ['https://amp.news.example/chips/amp'], quote: 'a third Arizona fab', created: at(2026, 11, 18), tags: ['chips'] }),
  ann('unrecorded', { url: 'https://elsewhere.example/y', urls: ['https://elsewhere.example/y'], quote: 'Anthropic said nothing', created: at(2026, 11, 26, 8) }),
];
const articleOf = articleFinder(history.map(toLibraryArticle));
const run = (f: Partial<AnnotationFilter>, now = NOW) => {
  const filter = { ...NO_FILTER, ...f };
  const r = filterAnnotations(list, filter, { hits: searchIndex(list)(filter.q), articleOf, now });
  return { ids: r.shown.map((a) => a.id), error: r.error };
};

describe('library filters', () => {
  it('no filter shows everything, in the order given', () => {
    expect(run({})).toEqual({ ids: ['old-distill', 'new-distill', 'amp-chips', 'unrecorded'], error: null });
  });

  it.each<[string, Partial<AnnotationFilter>, string[]]>([
    ['an entity of the article (found by canonical URL)', { entity: 'alibaba' }, ['old-distill', 'new-distill']],
    ['an entity of an article found by another address it was read under', { entity: 'tsmc' }, ['amp-chips']],
    ['an entity: a highlight whose article is not in the history has none (even if its quote names it)', { entity: 'anthropic' }, ['old-distill', 'new-distill']],
    ['an entity no highlight has', { entity: 'openai' }, []],
    ['the last 7 days', { date: '7d' }, ['new-distill', 'unrecorded']],
    ['the last 30 days', { date: '30d' }, ['new-distill', 'amp-chips', 'unrecorded']],
    ['the last 365 days', { date: '365d' }, ['new-distill', 'amp-chips', 'unrecorded']],
    ['a range of whole local days, both ends included', { date: 'range', from: '2026-11-18', to: '2026-11-24' }, ['new-distill', 'amp-chips']],
    ['a range open at the start', { date: 'range', to: '2025-12-31' }, ['old-distill']],
    ['a range open at the end', { date: 'range', from: '2026-11-25' }, ['unrecorded']],
    ['a single day', { date: 'range', from: '2026-11-18', to: '2026-11-18' }, ['amp-chips']],
    ['the day before a highlight', { date: 'range', from: '2026-11-17', to: '2026-11-17' }, []],
    ['a range with no days is no filter', { date: 'range' }, ['old-distill', 'new-distill', 'amp-chips', 'unrecorded']],
    ['entity and date combined', { entity: 'alibaba', date: '30d' }, ['new-distill']],
    ['entity, tag and text combined', { entity: 'anthropic', tag: 'dispute', q: 'accused' }, ['old-distill']],
    ['text in a note, with a typo', { q: 'qwenn' }, ['new-distill']],
    ['site and date combined', { site: 'news.example', date: 'range', from: '2025-01-01', to: '2025-12-31' }, ['old-distill']],
  ])('%s', (_why, f, ids) => {
    expect(run(f)).toEqual({ ids, error: null });
  });

  it('counts a preset back from now and keeps a highlight dated a little in the future (a clock set back)', () => {
    const later = [ann('future', { created: at(2026, 11, 27) })];
    expect(filterAnnotations(later, { ...NO_FILTER, date: '7d' }, { hits: null, articleOf, now: NOW }).shown).toHaveLength(1);
    // 7 days and one hour before now is out; 6 days and 23 hours is in
    const edge = [ann('out', { created: new Date(NOW.getTime() - 7 * 86_400_000 - 3_600_000).toISOString() }), ann('in', { created: new Date(NOW.getTime() - 7 * 86_400_000 + 3_600_000).toISOString() })];
    expect(filterAnnotations(edge, { ...NO_FILTER, date: '7d' }, { hits: null, articleOf, now: NOW }).shown.map((a) => a.id)).toEqual(['in']);
  });

  it.each<[Partial<AnnotationFilter>, string]>([
    [{ date: 'range', from: '2026-11-24', to: '2026-11-20' }, 'the start date is after the end date'],
    [{ date: 'range', from: '2026-02-31' }, '“2026-02-31” is not a date'],
    [{ date: 'range', to: '24/11/2026' }, '“24/11/2026” is not a date'],
  ])('an impossible range shows nothing and says why: %j', (f, error) => {
    expect(run(f)).toEqual({ ids: [], error });
  });

  it('names a highlight\'s day as the range counts days (local), so what is shown can be typed back', () => {
    expect(dayOf(at(2026, 11, 18, 23))).toBe('2026-11-18');
    expect(dayOf(at(2026, 1, 2, 0))).toBe('2026-01-02');
    expect(dayOf('never')).toBe('');
    expect(run({ date: 'range', from: dayOf(list[2]!.created), to: dayOf(list[2]!.created) }).ids).toEqual(['amp-chips']);
  });

  it('a range ends at the end of its last local day', () => {
    const b = dateBounds({ date: 'range', from: '2026-11-20', to: '2026-11-20' }, NOW);
    expect(b).toEqual({ from: new Date(2026, 10, 20).getTime(), to: new Date(2026, 10, 21).getTime() - 1 });
  });

  it('offers the entities of the highlighted articles, most highlights first', () => {
    expect(entityOptions(list, articleOf)).toEqual([
      { key: 'alibaba', name: 'Alibaba', count: 2 },
      { key: 'anthropic', name: 'Anthropic', count: 2 },
      { key: 'tsmc', name: 'TSMC', count: 1 },
    ]);
  });

  it('an entity with no mention left in its article is not one of its entities', () => {
    const r = rec('https://news.example/distill', [['anthropic', 'Anthropic']]);
    r.entities.push({ key: 'openai', name: 'OpenAI', type: 'company', count: 0 });
    expect(toLibraryArticle(r).entities).toEqual([{ key: 'anthropic', name: 'Anthropic', type: 'company', count: 2 }]);
  });
});

describe('the entity filter offers real entities only', () => {
  it.each<[string, { key: string; name: string; type: string; count: number }, boolean]>([
    ['a knowledge-base company named once', { key: 'tsmc', name: 'TSMC', type: 'company', count: 1 }, true],
    ['a knowledge-base person named once', { key: 'jensen-huang', name: 'Jensen Huang', type: 'person', count: 1 }, true],
    ['a reporter from the byline (a person by shape, named once)', { key: 'person:Jane Reporter', name: 'Jane Reporter', type: 'person', count: 1 }, false],
    ['a photo credit (named once)', { key: 'person:Sam Lens', name: 'Sam Lens', type: 'person', count: 1 }, false],
    ['a place taken for a person, named twice', { key: 'person:Santa Clara', name: 'Santa Clara', type: 'person', count: 2 }, false],
    ['an unknown outlet, however often', { key: 'outlet:Reuters Photo', name: 'Reuters Photo', type: 'outlet', count: 9 }, false],
    ['a person the story is about, not in the knowledge base, named often', { key: 'person:Ada Chen', name: 'Ada Chen', type: 'person', count: SHAPE_MIN_MENTIONS }, true],
    ['a model found by its shape, named often', { key: 'model:Qwen3.7-Max', name: 'Qwen3.7-Max', type: 'model', count: 4 }, true],
    ['a model found by its shape, named once', { key: 'model:Foo-2', name: 'Foo-2', type: 'model', count: 1 }, false],
  ])('%s', (_, e, offered) => {
    expect(filterEntity(e)).toBe(offered);
  });

  it('leaves bylines and one-off names out of the options a reader sees', () => {
    const lib = history.map(toLibraryArticle);
    lib[0]!.entities.push({ key: 'person:Jane Reporter', name: 'Jane Reporter', type: 'person', count: 1 });
    const find = articleFinder(lib);
    expect(entityOptions(list, find).map((o) => o.key)).toEqual(['alibaba', 'anthropic', 'tsmc']);
  });

  it('type-ahead: names starting with what was typed first, then a word of the name, then anywhere; accents and case ignored', () => {
    const names = ['OpenAI', 'Alibaba Group', 'Anthropic', 'Mistral AI', 'Zhipu AI', 'Qwen', 'Nvidia', 'Jensen Huang', 'Sébastien Bubeck'].map((name) => ({ name }));
    expect(matchEntities(names, 'ai').map((o) => o.name)).toEqual(['Mistral AI', 'Zhipu AI', 'OpenAI']);
    expect(matchEntities(names, 'seb').map((o) => o.name)).toEqual(['Sébastien Bubeck']);
    expect(matchEntities(names, 'HUANG').map((o) => o.name)).toEqual(['Jensen Huang']);
    expect(matchEntities(names, 'xyz')).toEqual([]);
    expect(matchEntities(names, '', 3)).toHaveLength(3);
  });
});

describe('a link to the quote', () => {
  it('opens the article at the quote, for web addresses only', () => {
    expect(quoteLink(ann('x', { url: 'https://news.example/a#top', quote: 'Alibaba & Qwen' }))).toBe('https://news.example/a#:~:text=Alibaba%20%26%20Qwen');
    expect(quoteLink(ann('x', { url: 'javascript:alert(1)' }))).toBeUndefined();
  });
});

describe('the filter in the address', () => {
  it('round-trips every part, and leaves out what is not set', () => {
    const f: AnnotationFilter = { q: 'distil & co', site: 'news.example', tag: 'a tag', entity: 'org:Alibaba Cloud', date: 'range', from: '2026-11-01', to: '2026-11-24' };
    expect(filterFromHash(filterToHash(f))).toEqual(f);
    expect(filterToHash(NO_FILTER)).toBe('');
    expect(filterToHash({ ...NO_FILTER, date: '30d' })).toBe('#date=30d');
    // days without the range selected mean nothing and are not kept
    expect(filterToHash({ ...NO_FILTER, date: '7d', from: '2026-11-01' })).toBe('#date=7d');
  });

  it.each<[string, Partial<AnnotationFilter>]>([
    ['', {}],
    ['#date=forever&entity=qwen', { entity: 'qwen' }],
    ['#date=range&from=2026-13-01&to=2026-11-24', { date: 'range', to: '2026-11-24' }],
    ['#date=7d&from=2026-11-01', { date: '7d' }],
    ['#%E0%A4%A&q=ok', { q: 'ok' }],
    ['#q=' + 'x'.repeat(5000), { q: 'x'.repeat(300) }],
  ])('reads a hand-edited or damaged address as far as it makes sense: case %#', (hash, f) => {
    expect(filterFromHash(hash)).toEqual({ ...NO_FILTER, ...f });
  });
});
