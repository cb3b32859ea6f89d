import { describe, expect, it } from 'vitest';
import { KB_ENTITIES } from '../../src/kb/index';
import { checkUserKb, emptyUserKb } from '../../src/kb/user';
import {
  confirmedEntity,
  dismissLearned,
  emptyLearned,
  findStatements,
  learnedLine,
  observeArticle,
  provisional,
  removeLearned,
  type ObserveInput,
  type SeenEntity,
} from '../../src/kb/learned';

/**
 * Learned from your reading (issue #15), with sentences of our own: what the text states about a
 * name the knowledge base does not know becomes a provisional entry, shown from the second article
 * on, confirmed into the reader's additions or dismissed for good.
 */
const known: Record<string, string> = { alibaba: 'alibaba', mistral: 'mistral-ai', anthropic: 'anthropic' };
const resolve = (n: string) => ({ id: known[n.toLowerCase()] ?? null, name: n });
const kbIds = new Set(KB_ENTITIES.map((e) => e.id));
const statements = (t: string) => findStatements(t, resolve).map(({ sentence: _s, ...o }) => o);

describe('what the text states', () => {
  it.each([
    ["Alibaba's Qwen3.7-Max beat rivals on coding tests, the company said on Monday.", [{ name: 'Qwen3.7-Max', type: 'model', maker: { id: 'alibaba', name: 'Alibaba' } }]],
    ["Mistral's new Corvex 3 model answers in eleven languages.", [{ name: 'Corvex 3', type: 'model', maker: { id: 'mistral-ai', name: 'Mistral' } }]],
    ['Corvex 3, a new open model from Mistral, ships next week.', [{ name: 'Corvex 3', type: 'model', maker: { id: 'mistral-ai', name: 'Mistral' } }]],
    ['Nordvik, a Paris-based startup, raised $40 million on Tuesday.', [{ name: 'Nordvik', type: 'company', basedIn: 'Paris' }]],
    ['Nordvik, an AI start-up, hired forty engineers.', [{ name: 'Nordvik', type: 'company' }]],
    [
      'Nordvik, a Paris-based startup, raised $40 million. Its chief executive, Lena Ostrova, said the money would go to chips.',
      [
        { name: 'Nordvik', type: 'company', basedIn: 'Paris' },
        { name: 'Lena Ostrova', type: 'person', role: 'chief executive', leads: { id: null, name: 'Nordvik' } },
      ],
    ],
    ['Anthropic said its chief executive, Tomas Reyes, would testify.', [{ name: 'Tomas Reyes', type: 'person', role: 'chief executive', leads: { id: 'anthropic', name: 'Anthropic' } }]],
    ['Tomas Reyes, the chief executive of Nordvik, declined to comment.', [{ name: 'Tomas Reyes', type: 'person', role: 'chief executive', leads: { id: null, name: 'Nordvik' } }]],
  ])('%s', (text, want) => {
    expect(statements(text)).toEqual(want);
  });

  // false positives: nothing is stated about a name here
  it.each([
    "The company's Chief Financial Officer left in March.",
    "Alibaba's Cloud Intelligence unit grew fast.",
    'On Monday, a spokesperson said the startup would not comment.',
    'Its chief executive said nothing.',
    'However, a lab in Paris disagreed.',
  ])('nothing learned from: %s', (text) => {
    expect(statements(text)).toEqual([]);
  });
});

const A = 'https://www.news.example/2026/12/01/corvex';
const B = 'https://www.other.example/ai/corvex-review';
const read = (url: string, at: string, text: string, entities: SeenEntity[] = []): ObserveInput => ({
  url,
  title: `Story at ${new URL(url).host}`,
  at,
  text,
  entities: [{ name: 'Mistral', type: 'company', kbId: 'mistral-ai', mentionTexts: ['Mistral'] }, ...entities],
  isKnown: (n) => ['mistral', 'anthropic', 'alibaba'].includes(n.toLowerCase()),
  companyId: (n) => known[n.toLowerCase()] ?? null,
});
const first = "Mistral's new Corvex 3 model answers in eleven languages, the company said.";
const second = 'Corvex 3, a new open model from Mistral, was slower than rivals in our tests.';

describe('provisional entries', () => {
  it('appear after the second article naming an unknown model, with the maker from the text and the sentences as evidence', () => {
    let s = observeArticle(emptyLearned(), read(A, '2026-11-18T09:00:00Z', first));
    expect(provisional(s, () => false)).toEqual([]);
    // the same article read again is still one article
    s = observeArticle(s, read(A, '2026-11-19T09:00:00Z', first));
    expect(provisional(s, () => false)).toEqual([]);
    s = observeArticle(s, read(B, '2026-12-02T09:00:00Z', second));
    const [e, ...rest] = provisional(s, () => false);
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ name: 'Corvex 3', type: 'model', maker: { id: 'mistral-ai', name: 'Mistral' }, firstSeen: '2026-11-18T09:00:00Z' });
    expect(e!.articles.map((a) => a.url)).toEqual([A, B]);
    expect(e!.evidence).toEqual([
      { sentence: first, url: A },
      { sentence: second, url: B },
    ]);
    expect(learnedLine(e!, 'en-GB')).toBe('From your reading · seen in 2 articles since 18 Nov 2026');
  });

  it('a model found by its shape alone is learned too; a name the knowledge base knows never is', () => {
    const shaped = [{ name: 'Qwen3.9-Ultra', type: 'model', kbId: null, familyId: 'qwen', mentionTexts: ['Qwen3.9-Ultra'] }];
    let s = observeArticle(emptyLearned(), read(A, '2026-11-18T09:00:00Z', 'Qwen3.9-Ultra topped the chart this week.', shaped));
    s = observeArticle(s, read(B, '2026-11-20T09:00:00Z', 'Testers compared Qwen3.9-Ultra with older models.', shaped));
    expect(provisional(s, () => false).map((e) => e.name)).toEqual(['Qwen3.9-Ultra']);
    // once the knowledge base knows it (a pack, the reader's addition), it is not shown as provisional
    expect(provisional(s, (n) => n === 'Qwen3.9-Ultra')).toEqual([]);
    const s2 = observeArticle(emptyLearned(), read(A, '2026-11-18T09:00:00Z', "Mistral's Anthropic 4 rumour spread.", []));
    expect(Object.keys(s2.entries)).toEqual(['anthropic 4']);
  });

  it('Dismiss removes the entry, and the name does not come back from later articles', () => {
    let s = observeArticle(emptyLearned(), read(A, '2026-11-18T09:00:00Z', first));
    s = observeArticle(s, read(B, '2026-12-02T09:00:00Z', second));
    s = dismissLearned(s, 'corvex 3');
    expect(provisional(s, () => false)).toEqual([]);
    s = observeArticle(s, read('https://third.example/x', '2026-12-03T09:00:00Z', first));
    s = observeArticle(s, read('https://fourth.example/y', '2026-12-04T09:00:00Z', second));
    expect(provisional(s, () => false)).toEqual([]);
    expect(s.entries['corvex 3']).toBeUndefined();
  });

  it('Confirm makes it a reader addition: a model by the maker the text gave, which the reader data check accepts', () => {
    let s = observeArticle(emptyLearned(), read(A, '2026-11-18T09:00:00Z', first));
    s = observeArticle(s, read(B, '2026-12-02T09:00:00Z', second));
    const e = provisional(s, () => false)[0]!;
    const made = confirmedEntity(e, kbIds, kbIds, '2026-12-07');
    if (!made.ok) throw new Error(made.error);
    expect(made.value).toMatchObject({ id: 'user-corvex-3', type: 'model', name: 'Corvex 3', facts: { maker: 'mistral-ai' }, links: { source: A } });
    expect(made.value.summary).toBe('From your reading: a model by Mistral, first seen 2026-11-18 in "Story at www.news.example".');
    expect(checkUserKb({ ...emptyUserKb(), entities: [made.value] }, kbIds).ok).toBe(true);
    expect(removeLearned(s, e.key).entries[e.key]).toBeUndefined();
  });

  it('a confirmed person leads the company the text named, when the knowledge base knows it', () => {
    const text = 'Anthropic said its chief executive, Tomas Reyes, would testify.';
    const entities = [{ name: 'Anthropic', type: 'company', kbId: 'anthropic', mentionTexts: ['Anthropic'] }];
    let s = observeArticle(emptyLearned(), read(A, '2026-11-18T09:00:00Z', text, entities));
    s = observeArticle(s, read(B, '2026-11-19T09:00:00Z', text, entities));
    const made = confirmedEntity(provisional(s, () => false)[0]!, kbIds, kbIds, '2026-12-07');
    if (!made.ok) throw new Error(made.error);
    expect(made.value).toMatchObject({ type: 'person', relations: [{ type: 'leads', target: 'anthropic' }], facts: { org: 'anthropic', role: 'chief executive' } });
    expect(checkUserKb({ ...emptyUserKb(), entities: [made.value] }, kbIds).ok).toBe(true);
  });
});

describe('in the background, with the knowledge base the reader uses', async () => {
  const { createKbService } = await import('../../extension/background/kb');
  const { createLearned } = await import('../../extension/background/learned');
  const memory = () => {
    const m = new Map<string, unknown>();
    return { get: async (k: string) => m.get(k), set: async (k: string, v: unknown) => void m.set(k, structuredClone(v)) };
  };
  const mistral = KB_ENTITIES.find((e) => e.type === 'company' && e.aliases.some((a) => a.text === 'Mistral'))!;
  const entities = [{ name: mistral.name, type: 'company', kbId: mistral.id, mentionTexts: ['Mistral'] }];

  it('two articles make a provisional entry; Confirm adds it to the reader additions with its maker, Dismiss keeps a name away', async () => {
    const kv = memory();
    const kb = createKbService(kv);
    const learned = createLearned(kv, kb);
    await learned.observe({ url: A, title: 'First story', text: first, entities });
    expect(await learned.list()).toEqual([]);
    await learned.observe({ url: B, title: 'Second story', text: second, entities });
    const [entry] = await learned.list();
    expect(entry).toMatchObject({ name: 'Corvex 3', type: 'model', maker: { id: mistral.id } });
    expect(await learned.confirm(entry!.key)).toEqual({ ok: true, id: 'user-corvex-3' });
    expect((await kb.getUser()).entities).toMatchObject([{ id: 'user-corvex-3', type: 'model', facts: { maker: mistral.id } }]);
    expect((await kb.card({ id: 'user-corvex-3' }))?.name).toBe('Corvex 3');
    // known now (the reader's addition): neither listed nor learned again
    await learned.observe({ url: 'https://third.example/c', title: 'Third', text: first, entities });
    expect(await learned.list()).toEqual([]);

    await learned.observe({ url: A, title: 'First story', text: 'Nordvik, a Paris-based startup, raised $40 million.', entities });
    await learned.observe({ url: B, title: 'Second story', text: 'Nordvik, an AI start-up, hired forty engineers.', entities });
    expect((await learned.list()).map((e) => [e.name, e.basedIn])).toEqual([['Nordvik', 'Paris']]);
    await learned.dismiss('nordvik');
    await learned.observe({ url: 'https://fourth.example/d', title: 'Fourth', text: 'Nordvik, a Paris-based startup, grew.', entities });
    expect(await learned.list()).toEqual([]);
  });
});
