/**
 * Our annotation ⇄ Hypothesis annotation: what we send is an AnnotationCreate by the published API,
 * what the server hands back (the same thing plus its own fields) reads back to the very record we
 * had, and anything a hostile server or another group member could send is refused with its reason.
 */
import { describe, expect, it } from 'vitest';
import { fromHypothesis, MARKER, ONLY_ME, REMOTE_PREFIX, toHypothesis, type HypothesisDraft } from '../../src/sync/hypothesis';
import type { AnnotationRecord } from '../../src/storage/db';
import { annotationCreateSchema, annotationSchema, describeErrors } from '../support/hypothesis-spec';

const ME = 'acct:reader@hypothes.is';
const record: AnnotationRecord = {
  id: '3f0c6a52-9d1e-4b7a-a3c2-0c8e6f1d2b45',
  url: 'https://www.news.example/2026/chips',
  urls: ['https://www.news.example/2026/chips', 'https://amp.news.example/2026/chips'],
  title: 'Export rules tighten on AI chips',
  fingerprint: 'a1b2c3d4',
  selectors: [
    { type: 'TextQuoteSelector', exact: 'the H20 is no longer', prefix: 'Officials said ', suffix: ' allowed to ship' },
    { type: 'TextPositionSelector', start: 120, end: 140 },
  ],
  note: 'Contradicts **last week**’s guidance — see thread.\nSecond line & <b>not html</b>',
  tags: ['export controls', 'nvidia'],
  created: '2026-12-01T09:00:00.000Z',
  updated: '2026-12-02T10:30:00.000Z',
};

/** The annotation as h would store and return it: our draft plus the server's own fields. */
function served(d: HypothesisDraft, over: Record<string, unknown> = {}) {
  return {
    id: 'Kq2zW8mXEeyabc123', created: '2026-12-05T08:00:00.000000+00:00', updated: '2026-12-05T08:00:00.000000+00:00', user: ME,
    ...d, links: { html: 'https://hypothes.is/a/Kq2zW8mXEeyabc123' }, hidden: false, moderation_status: 'APPROVED', flagged: false, actions: [],
    user_info: { display_name: 'Reader' },
    ...over,
  };
}

describe('toHypothesis → server → fromHypothesis', () => {
  it('is an AnnotationCreate by the published API, and the server’s answer an Annotation', () => {
    const d = toHypothesis(record, { userid: ME, group: ONLY_ME });
    expect(annotationCreateSchema(d), describeErrors(annotationCreateSchema)).toBe(true);
    expect(annotationSchema(served(d)), describeErrors(annotationSchema)).toBe(true);
  });

  it('gives back the very record: quote, position, note, tags, dates, id, title, addresses, fingerprint', () => {
    const back = fromHypothesis(served(toHypothesis(record, { userid: ME, group: ONLY_ME })), ME);
    expect(back).toMatchObject({ ok: true, value: { record, mine: true, remote: { id: 'Kq2zW8mXEeyabc123', updated: '2026-12-05T08:00:00.000000+00:00', displayName: 'Reader' } } });
  });

  it.each([
    ['no note, no tags', { note: '', tags: [] }],
    ['a quote at the very start (no prefix)', { selectors: [{ type: 'TextQuoteSelector' as const, exact: 'Beijing', prefix: '', suffix: ' said' }, { type: 'TextPositionSelector' as const, start: 0, end: 7 }] }],
    ['a quote alone, no position', { selectors: [{ type: 'TextQuoteSelector' as const, exact: '数据中心', prefix: '新的', suffix: '将' }] }],
    ['the longest note and quote a save allows', { note: 'n'.repeat(20_000), selectors: [{ type: 'TextQuoteSelector' as const, exact: 'q'.repeat(10_000), prefix: '', suffix: '' }] }],
    ['fifty tags', { tags: Array.from({ length: 50 }, (_, i) => `tag ${i}`) }],
    ['a title with ampersands and quotes', { title: 'Q&A: “what is an AI chip?”' }],
  ])('is lossless with %s', (_n, over) => {
    const r = { ...record, ...over } as AnnotationRecord;
    expect(fromHypothesis(served(toHypothesis(r, { userid: ME, group: ONLY_ME })), ME)).toMatchObject({ ok: true, value: { record: r } });
  });

  it('is private to the reader for Only me, and readable by the group when one is chosen', () => {
    expect(toHypothesis(record, { userid: ME, group: ONLY_ME }).permissions.read).toEqual([ME]);
    expect(toHypothesis(record, { userid: ME, group: 'g7Xk2' })).toMatchObject({ group: 'g7Xk2', permissions: { read: ['group:g7Xk2'], update: [ME], delete: [ME] } });
  });

  it('keeps our fields in a selector the server stores as given', () => {
    const sel = toHypothesis(record, { userid: ME, group: ONLY_ME }).target[0]!.selector.at(-1);
    expect(sel).toMatchObject({ type: 'FragmentSelector', conformsTo: MARKER });
  });
});

describe('an annotation made elsewhere', () => {
  it('in Hypothesis’s own client (Range, Position and Quote selectors, no marker) gets a server-named id and the server’s dates', () => {
    const raw = served(toHypothesis(record, { userid: ME, group: ONLY_ME }));
    raw.target = [{ source: record.url, selector: [{ type: 'RangeSelector', startContainer: '/div[1]/p[3]', endContainer: '/div[1]/p[3]', startOffset: 4, endOffset: 24 } as never, ...record.selectors] }];
    const r = fromHypothesis(raw, ME);
    expect(r).toMatchObject({ ok: true, value: { mine: true, record: { id: `${REMOTE_PREFIX}Kq2zW8mXEeyabc123`, selectors: record.selectors, created: raw.created, updated: raw.updated, fingerprint: '' } } });
  });

  it('by another group member may not take one of our ids (it would overwrite the reader’s note)', () => {
    const raw = served(toHypothesis(record, { userid: ME, group: 'g7Xk2' }), { user: 'acct:colleague@hypothes.is', user_info: { display_name: 'A Colleague' } });
    const r = fromHypothesis(raw, ME);
    expect(r).toMatchObject({ ok: true, value: { mine: false, record: { id: `${REMOTE_PREFIX}Kq2zW8mXEeyabc123` }, remote: { user: 'acct:colleague@hypothes.is', displayName: 'A Colleague' } } });
  });
});

describe('hostile server data is refused with a reason', () => {
  const good = () => served(toHypothesis(record, { userid: ME, group: ONLY_ME })) as Record<string, unknown>;
  it.each([
    ['a javascript: address', { uri: 'javascript:alert(1)' }, /^uri:/],
    ['a data: target', { target: [{ source: 'data:text/html,x', selector: record.selectors }] }, /^target\[0\]\.source/],
    ['no id', { id: undefined }, /^id:/],
    ['an id with a path in it', { id: '../../etc' }, /^id:/],
    ['no user', { user: undefined }, /^user:/],
    ['no dates', { updated: undefined }, /^updated:/],
    ['a note past the limit', { text: 'x'.repeat(20_001) }, /^text:/],
    ['a note that is not text', { text: { html: '<img onerror>' } }, /^text:/],
    ['a tag past the limit', { tags: ['t'.repeat(61)] }, /^tags\[0\]/],
    ['too many tags', { tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, /^tags:/],
    ['a quote past the limit', { target: [{ selector: [{ type: 'TextQuoteSelector', exact: 'q'.repeat(10_001) }] }] }, /TextQuoteSelector/],
    ['no quote (a page note)', { target: [{ source: record.url }] }, /TextQuoteSelector/],
    ['no target', { target: undefined }, /^target:/],
    ['a negative position', { target: [{ selector: [record.selectors[0], { type: 'TextPositionSelector', start: -5, end: 3 }] }] }, /TextPositionSelector/],
    ['a position ending before it starts', { target: [{ selector: [record.selectors[0], { type: 'TextPositionSelector', start: 9, end: 3 }] }] }, /TextPositionSelector/],
  ])('%s', (_n, over, reason) => {
    const r = fromHypothesis({ ...good(), ...over }, ME);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(reason);
  });

  it('a __proto__ key anywhere', () => {
    const raw = JSON.parse(JSON.stringify(good()).replace('"links":{', '"links":{"__proto__":{"polluted":1},'));
    expect(fromHypothesis(raw, ME)).toEqual({ ok: false, error: 'links.__proto__: not allowed as a key' });
  });

  it('a long display name is cut, never refused', () => {
    const r = fromHypothesis({ ...good(), user_info: { display_name: 'N'.repeat(5000) } }, ME);
    expect(r.ok && r.value.remote.displayName).toHaveLength(120);
  });
});
