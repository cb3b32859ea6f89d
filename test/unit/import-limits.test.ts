import { describe, expect, it } from 'vitest';
import { KB_ENTITIES } from '../../src/kb/index';
import { fromWebAnnotations, toCollection } from '../../src/annotate/export';
import { describe as describeSel } from '../../src/annotate/anchor';
import { checkBackup, makeBackup } from '../../src/storage/backup';
import { checkUserKb, emptyUserKb } from '../../src/kb/user';
import { migrate } from '../../src/storage/settings';
import { isWebUrl, LIMITS, prototypeKeyProblem } from '../../src/storage/limits';
import { validators } from '../../src/messaging/protocol';
import type { AnnotationRecord, HistoryRecord } from '../../src/storage/db';

/** Issue #11, finding 7: every import bounded like the in-page saves, no prototype keys, http(s) links, no duplicates. */
const shipped = new Set(KB_ENTITIES.map((e) => e.id));
const TEXT = 'Anthropic accused Alibaba of distilling its Claude models.';
const ann = (over: Partial<AnnotationRecord> = {}): AnnotationRecord => ({
  id: '5f0c1f55-2a35-4f4b-9f59-0d7e6c2b9a11',
  url: 'https://news.example/a',
  urls: ['https://news.example/a'],
  title: 'A',
  fingerprint: 'x1',
  selectors: describeSel(TEXT, 18, 25),
  note: 'n',
  tags: ['t'],
  created: '2026-11-25T10:00:00.000Z',
  updated: '2026-11-25T10:00:00.000Z',
  ...over,
});
const jsonld = (list: AnnotationRecord[]) => JSON.parse(JSON.stringify(toCollection(list))) as { items: Record<string, unknown>[] };
const rec = (over: Partial<HistoryRecord> = {}): HistoryRecord => ({
  id: 'h-1',
  url: 'https://news.example/a',
  urls: ['https://news.example/a'],
  host: 'news.example',
  title: 'Story',
  outlet: null,
  published: null,
  read: '2026-11-01T10:00:00.000Z',
  lastRead: '2026-11-01T10:00:00.000Z',
  entities: [{ key: 'anthropic', name: 'Anthropic', type: 'company', count: 2 }],
  links: [{ href: 'https://www.reuters.com/a', text: 'Reuters' }],
  fingerprint: 'abc',
  thread: 't-1',
  claims: [{ kind: 'accused', actor: 'anthropic', actorName: 'Anthropic', target: null, targetName: null, sentence: TEXT }],
  ...over,
});
const backup = (history: unknown[] = [rec()]) =>
  JSON.parse(
    JSON.stringify(
      makeBackup({ settings: migrate({ version: 2, sites: {}, prefs: {} }), knowledge: emptyUserKb(), annotations: [ann()], entityNotes: [{ entityKey: 'qwen', name: 'Qwen', note: 'x', updated: '2026-11-25T10:00:00.000Z' }], reading: { history: history as HistoryRecord[], follows: [] } }),
    ),
  ) as Record<string, unknown>;
const entity = (over: Record<string, unknown> = {}) => ({ id: 'user-x', type: 'model', name: 'X', aliases: [{ text: 'X' }], summary: 'A model someone made.', links: {}, asOf: '2026-11-25', ...over });
const err = (r: { ok: boolean; error?: string }) => (r.ok ? 'accepted' : r.error);

describe('the limits are the in-page ones', () => {
  const save = (exact: string, prefix = '') => validators['ann:save']!({ url: 'https://a.example/', canonical: null, title: 't', fingerprint: 'f', selectors: [{ type: 'TextQuoteSelector', exact, prefix, suffix: '' }, { type: 'TextPositionSelector', start: 0, end: 1 }] });
  it.each([
    ['quote', () => save('q'.repeat(LIMITS.quote)), () => save('q'.repeat(LIMITS.quote + 1))],
    ['context', () => save('q', 'p'.repeat(LIMITS.context)), () => save('q', 'p'.repeat(LIMITS.context + 1))],
    ['note', () => validators['ann:update']!({ id: 'a', note: 'n'.repeat(LIMITS.note), tags: [] }), () => validators['ann:update']!({ id: 'a', note: 'n'.repeat(LIMITS.note + 1), tags: [] })],
    ['id', () => validators['ann:update']!({ id: 'i'.repeat(LIMITS.id), note: '', tags: [] }), () => validators['ann:update']!({ id: 'i'.repeat(LIMITS.id + 1), note: '', tags: [] })],
    ['tag', () => validators['ann:update']!({ id: 'a', note: '', tags: ['t'.repeat(LIMITS.tag)] }), () => validators['ann:update']!({ id: 'a', note: '', tags: ['t'.repeat(LIMITS.tag + 1)] })],
  ])('%s: what the page may save, an import may hold, and no more', (_name, ok, over) => {
    expect(ok()).toBe(true);
    expect(over()).toBe(false);
  });
});

describe('prototypeKeyProblem', () => {
  it.each([
    ['an own __proto__ key from JSON.parse', '{"a":{"b":[{"__proto__":{"x":1}}]}}', 'a.b[0].__proto__: not allowed as a key'],
    ['constructor', '{"facts":{"constructor":"x"}}', 'facts.constructor: not allowed as a key'],
    ['prototype', '[{"prototype":1}]', '[0].prototype: not allowed as a key'],
    ['too deep a nesting', '['.repeat(40) + ']'.repeat(40), expect.stringContaining('nested more than 32 levels deep')],
  ])('refuses %s', (_name, json, problem) => {
    expect(prototypeKeyProblem(JSON.parse(json))).toEqual(problem);
  });
  it('accepts ordinary data, and the words as values', () => {
    expect(prototypeKeyProblem(JSON.parse('{"a":["__proto__","constructor"],"b":{"proto":1,"c":null}}'))).toBeNull();
  });
  it('walks a deep file without overflowing its own stack', () => {
    expect(prototypeKeyProblem(JSON.parse('['.repeat(50_000) + ']'.repeat(50_000)))).toContain('nested');
  });
});

describe('isWebUrl', () => {
  it.each(['https://a.example/x', 'http://a.example'])('accepts %s', (u) => expect(isWebUrl(u)).toBe(true));
  it.each(['javascript:alert(1)', 'data:text/html,x', 'https://a.example/ x', `https://a.example/${'x'.repeat(LIMITS.url)}`, 42])('refuses %s', (u) => expect(isWebUrl(u)).toBe(false));
});

describe('JSON-LD import', () => {
  it('accepts its own export, and one at every limit', () => {
    expect(fromWebAnnotations(jsonld([ann()]))).toEqual({ ok: true, value: [ann()] });
    const full = ann({ id: 'i'.repeat(LIMITS.id), note: 'n'.repeat(LIMITS.note), tags: Array.from({ length: LIMITS.tags }, (_, i) => `${i}`.padEnd(LIMITS.tag, 't')), selectors: describeSel('q'.repeat(LIMITS.quote), 0, LIMITS.quote) });
    expect(err(fromWebAnnotations(jsonld([full])))).toBe('accepted');
  });

  const withItem = (change: (w: Record<string, unknown>) => void, list = [ann()]) => {
    const data = jsonld(list);
    change(data.items[data.items.length - 1]!);
    return data;
  };
  it.each([
    ['an id over 100 characters', withItem((w) => (w.id = `urn:uuid:${'a'.repeat(101)}`)), 'items[0].id: longer than 100 characters'],
    ['an id with spaces', withItem((w) => (w.id = 'a b')), 'items[0].id: must be printable characters without spaces'],
    ['a quote over 10,000 characters', withItem((w) => (((w.target as { selector: { exact?: string }[] }).selector[0]!.exact = 'q'.repeat(10_001)))), 'items[0].target.selector[0].exact: longer than 10000 characters'],
    ['a note over 20,000 characters', withItem((w) => ((w.body as { value: string }[])[0]!.value = 'n'.repeat(20_001))), 'items[0].body: the note is longer than 20000 characters'],
    ['a tag over 60 characters', withItem((w) => ((w.body as { value: string }[])[1]!.value = 't'.repeat(61))), 'items[0].body[1].value: a tag longer than 60 characters'],
    ['a javascript: source', withItem((w) => ((w.target as { source: string }).source = 'javascript:alert(1)')), 'items[0].target.source: must be an http(s) address of at most 2048 characters'],
    ['a javascript: address among the urls', withItem((w) => ((w['ai-news-lens:article'] as { urls: string[] }).urls = ['javascript:alert(1)'])), 'items[0].ai-news-lens:article.urls[0]: must be an http(s) address'],
    ['an unknown field in the extension data', withItem((w) => ((w['ai-news-lens:article'] as Record<string, unknown>).junk = 'x'.repeat(3_000_000))), 'items[0].ai-news-lens:article: junk: unknown field'],
    ['a __proto__ key', JSON.parse(JSON.stringify(jsonld([ann()])).replace('"selector":', '"__proto__":{"polluted":true},"selector":')), 'items[0].target.__proto__: not allowed as a key'],
    ['the same id twice', jsonld([ann(), ann({ note: 'other' })]), 'items[1].id: the same as items[0]'],
    ['the same id twice, once as a urn', withItem((w) => (w.id = '5f0c1f55-2a35-4f4b-9f59-0d7e6c2b9a11'), [ann(), ann({ id: 'urn:uuid:5f0c1f55-2a35-4f4b-9f59-0d7e6c2b9a11' })]), 'items[1].id: the same as items[0]'],
  ])('refuses %s, naming it', (_name, data, problem) => {
    expect(fromWebAnnotations(data)).toEqual({ ok: false, error: problem });
  });
  it('keeps only the context a save in the page keeps (the nearest 64 characters)', () => {
    const data = withItem((w) => {
      const q = (w.target as { selector: Record<string, string>[] }).selector[0]!;
      q.prefix = `${'x'.repeat(500)}NEAR`;
      q.suffix = `NEAR${'y'.repeat(500)}`;
    });
    const r = fromWebAnnotations(data);
    const q = r.ok ? r.value[0]!.selectors[0]! : null;
    expect(q).toMatchObject({ prefix: expect.stringMatching(/^x{60}NEAR$/), suffix: expect.stringMatching(/^NEARy{60}$/) });
  });
});

describe('backup restore', () => {
  it('accepts a backup with history, claims and follows', () => {
    expect(err(checkBackup(backup(), shipped))).toBe('accepted');
  });
  it.each([
    ['a javascript: link in the history', () => backup([rec({ links: [{ href: 'javascript:alert(1)', text: 'x' }] })]), 'history[0].links[0].href: must be an http(s) address'],
    ['claims that are not claims', () => backup([rec({ claims: [null, 42] })]), 'history[0].claims[0] must be a claim object'],
    ['a claim of an unknown kind', () => backup([rec({ claims: [{ kind: 'hacked', actor: 'a', actorName: 'A', target: null, targetName: null, sentence: 's' }] })]), expect.stringContaining('history[0].claims[0].kind: must be one of')],
    ['a multi-megabyte extra field on a record', () => backup([{ ...rec(), extra: 'x'.repeat(3_000_000) }]), 'history[0].extra: unknown field'],
    ['a title longer than the page could send', () => backup([rec({ title: 't'.repeat(LIMITS.title + 1) })]), 'history[0].title: longer than 2000 characters'],
    ['an unknown top-level field', () => ({ ...backup(), payload: 'x' }), 'payload: unknown field'],
    ['a __proto__ key in the settings', () => JSON.parse(JSON.stringify(backup()).replace('"sites":{}', '"sites":{"__proto__":{"enabled":false}}')), 'settings.sites.__proto__: not allowed as a key'],
    ['two notes on one entity', () => ({ ...backup(), entityNotes: [{ entityKey: 'qwen', name: 'Qwen', note: 'a', updated: 'x' }, { entityKey: 'qwen', name: 'Qwen', note: 'b', updated: 'x' }] }), 'entityNotes[1].entityKey: the same as entityNotes[0]'],
    ['an entity note over 20,000 characters', () => ({ ...backup(), entityNotes: [{ entityKey: 'qwen', name: 'Qwen', note: 'n'.repeat(20_001), updated: 'x' }] }), 'entityNotes[0].note: longer than 20000 characters'],
    ['an annotation id over 100 characters', () => {
      const b = backup();
      (b.annotations as { items: { id: string }[] }).items[0]!.id = 'a'.repeat(101);
      return b;
    }, 'annotations: items[0].id: longer than 100 characters'],
  ])('refuses %s, naming it', (_name, data, problem) => {
    expect(checkBackup(data(), shipped)).toEqual({ ok: false, error: problem });
  });
});

describe('knowledge-base additions', () => {
  it('accepts an entity with facts', () => {
    expect(err(checkUserKb({ version: 1, entities: [entity({ facts: { released: '2026', params: 7, open: true } })] }, shipped))).toBe('accepted');
  });
  it.each([
    ['a __proto__ fact', '{"version":1,"entities":[{"id":"user-x","type":"model","name":"X","aliases":[{"text":"X"}],"summary":"A model someone made.","links":{},"asOf":"2026-11-25","facts":{"__proto__":"x"}}]}', 'entities[0].facts.__proto__: not allowed as a key'],
    ['a __proto__ summary id', '{"version":1,"summaries":{"__proto__":"A summary of ten or more."}}', 'summaries.__proto__: not allowed as a key'],
    ['a constructor link', '{"version":1,"entities":[{"id":"user-x","type":"model","name":"X","aliases":[{"text":"X"}],"summary":"A model someone made.","links":{"constructor":"https://a.example"},"asOf":"2026-11-25"}]}', 'entities[0].links.constructor: not allowed as a key'],
  ])('refuses %s', (_name, json, problem) => {
    expect(checkUserKb(JSON.parse(json), shipped)).toEqual({ ok: false, error: problem });
  });
  it.each([
    ['a fact name that is not a word', entity({ facts: { 'a b': 'x' } }), 'entities[0].facts.a b: not allowed as a fact name (a word of letters and digits)'],
    ['a fact over 280 characters', entity({ facts: { maker: 'x'.repeat(281) } }), 'entities[0].facts.maker: longer than 280 characters'],
    ['a javascript: link', entity({ links: { source: 'javascript:alert(1)' } }), 'entities[0].links.source: must be an http or https address'],
    ['201 aliases', entity({ aliases: Array.from({ length: 201 }, (_, i) => ({ text: `X${i}` })) }), 'entities[0].aliases: must list 1 to 200 names'],
  ])('refuses %s', (_name, e, problem) => {
    expect(checkUserKb({ version: 1, entities: [e] }, shipped)).toEqual({ ok: false, error: problem });
  });
});
