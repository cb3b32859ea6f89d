import { describe, expect, it } from 'vitest';
import { History, randomThreadId, type HistoryArticle } from '../../src/related/history';

const art = (id: string, date: string, title: string, keys: string[]): HistoryArticle => ({
  id, url: `https://news.example/${id}`, title, outlet: null, date,
  entities: keys.map((k) => ({ key: k, name: k.replace(/^[a-z]+:/, ''), count: 2 })),
});

// a sequence of our own: one distillation dispute over weeks, one chip-export story, one unrelated
const seq = [
  art('d1', '2026-11-01', 'Anthropic accuses Alibaba of distilling Claude', ['anthropic', 'alibaba', 'claude', 'qwen', 'distillation']),
  art('e1', '2026-11-02', 'US widens AI chip export rules', ['nvidia', 'bis', 'commerce', 'huawei', 'export-controls']),
  art('d2', '2026-11-05', 'Alibaba denies Anthropic claims over Qwen', ['alibaba', 'anthropic', 'qwen', 'reuters']),
  art('w1', '2026-11-06', 'Storm closes coastal roads', ['met-office', 'coast-road']),
  art('e2', '2026-11-10', 'Nvidia says BIS rules cut China sales', ['nvidia', 'bis', 'china-sales', 'huawei']),
  art('d3', '2026-11-20', 'Regulators look at distillation dispute between Anthropic and Alibaba', ['anthropic', 'alibaba', 'distillation', 'commerce', 'claude']),
];

describe('related reading', () => {
  it('a shared rare entity outranks a shared common one', () => {
    const h = new History();
    // "openai" is everywhere; "alibaba" is rare
    for (let i = 0; i < 20; i++) h.add(art(`c${i}`, '2026-10-01', `common ${i}`, ['openai', `x${i}`]));
    h.add(art('rare', '2026-10-02', 'rare one', ['alibaba', 'y']));
    h.add(art('common', '2026-10-02', 'common one', ['openai', 'z']));
    const r = h.related({ id: 'new', entities: art('new', '2026-11-01', 'n', ['openai', 'alibaba']).entities }, 50);
    expect(r[0]!.id).toBe('rare');
    expect(r[0]!.shared).toEqual(['alibaba']);
    expect(r.findIndex((x) => x.id === 'common')).toBeGreaterThan(0);
  });

  it('names the shared entities and never lists the article itself', () => {
    const h = new History();
    const a = art('a', '2026-11-01', 'A', ['anthropic', 'alibaba', 'claude']);
    h.add(a);
    h.add(art('b', '2026-11-02', 'B', ['anthropic', 'alibaba']));
    expect(h.related(a)).toEqual([{ id: 'b', title: 'B', url: 'https://news.example/b', score: expect.any(Number), shared: ['anthropic', 'alibaba'] }]);
  });
});

describe('story threads', () => {

  it('forms the expected threads incrementally; unrelated articles stay apart', () => {
    const h = new History();
    const threadOf: Record<string, string> = {};
    for (const a of seq) {
      h.add(a);
      threadOf[a.id] = h.assign(a).id;
    }
    expect(threadOf.d2).toBe(threadOf.d1);
    expect(threadOf.d3).toBe(threadOf.d1);
    expect(threadOf.e2).toBe(threadOf.e1);
    expect(threadOf.e1).not.toBe(threadOf.d1);
    expect(threadOf.w1).not.toBe(threadOf.d1);
    expect(threadOf.w1).not.toBe(threadOf.e1);
    expect(h.thread('d3')!.name).toMatch(/anthropic – alibaba|alibaba – anthropic/);
    expect(h.thread('d3')!.articles).toEqual(['d1', 'd2', 'd3']);
  });

  it('does not join a thread whose last article is months away', () => {
    const h = new History();
    const a = art('old', '2025-01-01', 'old', ['anthropic', 'alibaba', 'claude']);
    h.add(a);
    const t1 = h.assign(a);
    const b = art('new', '2026-11-01', 'new', ['anthropic', 'alibaba', 'claude']);
    h.add(b);
    expect(h.assign(b).id).not.toBe(t1.id);
  });
});

describe('persistent thread ids', () => {
  const build = (h = new History()) => {
    const stored: [HistoryArticle, string][] = [];
    for (const a of seq) {
      h.add(a);
      stored.push([a, h.assign(a).id]);
    }
    return { h, stored };
  };

  it('restore() of the stored thread ids rebuilds the same threads, names and related answers', () => {
    const { h: original, stored } = build();
    const rebuilt = new History({ newThreadId: () => { throw new Error('restore must not make new threads'); } });
    for (const [a, tid] of stored) expect(rebuilt.restore(a, tid).id).toBe(tid);

    expect([...rebuilt.threads.keys()]).toEqual([...original.threads.keys()]);
    for (const a of seq) {
      const [o, r] = [original.thread(a.id)!, rebuilt.thread(a.id)!];
      expect(r.id).toBe(o.id);
      expect(r.articles).toEqual(o.articles);
      expect(r.name).toBe(o.name);
      expect([r.first, r.last]).toEqual([o.first, o.last]);
      expect([...r.entities]).toEqual([...o.entities]);
      expect(rebuilt.related(a)).toEqual(original.related(a));
    }
    const probe = art('new', '2026-11-22', 'n', ['anthropic', 'qwen', 'nvidia']);
    expect(rebuilt.related(probe)).toEqual(original.related(probe));
  });

  it('a rebuilt history threads the next article as the original would', () => {
    const { h: original, stored } = build();
    const rebuilt = new History();
    for (const [a, tid] of stored) rebuilt.restore(a, tid);
    const next = art('d4', '2026-11-25', 'Alibaba answers Anthropic', ['alibaba', 'anthropic', 'qwen', 'distillation']);
    for (const h of [original, rebuilt]) h.add(next);
    expect(rebuilt.assign(next).id).toBe(original.assign(next).id);
    expect(rebuilt.thread('d4')!.articles).toEqual(['d1', 'd2', 'd3', 'd4']);
  });

  it('ids are unique across instances: the same articles in two sessions get different thread ids', () => {
    const a = build().stored.map(([, t]) => t);
    const b = build().stored.map(([, t]) => t);
    for (const t of a) expect(b).not.toContain(t);
    expect(a[0]).toMatch(/^t-[0-9a-f]{18}$/);
    expect(new Set(Array.from({ length: 10_000 }, randomThreadId)).size).toBe(10_000);
  });

  it('uses an injected generator, skipping ids already taken by restored threads', () => {
    let n = 0;
    const h = new History({ newThreadId: () => `t${++n}` });
    h.restore(art('old', '2026-01-01', 'old', ['met-office']), 't1');
    const a = art('x', '2026-11-01', 'x', ['anthropic']);
    h.add(a);
    expect(h.assign(a).id).toBe('t2');
    expect(h.threads.get('t1')!.articles).toEqual(['old']);
    const stuck = new History({ newThreadId: () => 't1' });
    stuck.restore(art('old', '2026-01-01', 'old', ['met-office']), 't1');
    stuck.add(a);
    expect(() => stuck.assign(a)).toThrow(/already in use/);
  });

  it('re-assigning or re-restoring an article moves it without counting it twice', () => {
    const { h } = build();
    const d1 = h.thread('d1')!;
    const before = new Map(d1.entities);
    const mentions = new Map(d1.mentions);
    const [d2] = seq.filter((a) => a.id === 'd2');
    h.add(d2!);
    expect(h.assign(d2!).id).toBe(d1.id);
    expect(h.thread('d1')!.entities).toEqual(before);
    expect(h.thread('d1')!.mentions).toEqual(mentions);
    expect(h.thread('d1')!.articles).toEqual(['d1', 'd3', 'd2']);
    // a lone article keeps its thread id when re-assigned
    const w = h.thread('w1')!.id;
    const [w1] = seq.filter((a) => a.id === 'w1');
    h.add(w1!);
    expect(h.assign(w1!).id).toBe(w);
    // restored into another thread: leaves the first one, whose counts drop back
    h.restore(d2!, h.thread('e1')!.id);
    expect(h.thread('d1')!.articles).toEqual(['d1', 'd3']);
    expect(h.thread('d1')!.entities.get('reuters')).toBeUndefined();
    expect(h.thread('d1')!.entities.get('qwen')).toBe(1);
  });

  it('remove() takes an article out of its thread; an emptied thread is gone', () => {
    const { h } = build();
    const tid = h.thread('w1')!.id;
    h.remove('w1');
    expect(h.thread('w1')).toBeUndefined();
    expect(h.threads.has(tid)).toBe(false);
    h.remove('d1');
    expect(h.thread('d3')!.articles).toEqual(['d2', 'd3']);
    expect(h.thread('d3')!.first).toBe('2026-11-05');
    const late = art('w2', '2026-11-07', 'Storm again', ['met-office', 'coast-road']);
    h.add(late);
    expect(h.assign(late).id).not.toBe(tid);
  });

  it('threadArticles() lists a thread in date order, for a timeline', () => {
    const h = new History();
    // read out of order: the later story first
    for (const a of [art('b', '2026-11-09', 'B', ['anthropic', 'alibaba']), art('a', '2026-11-02', 'A', ['anthropic', 'alibaba']), art('c', '2026-11-09', 'C', ['anthropic', 'alibaba'])]) {
      h.add(a);
      h.assign(a);
    }
    const t = h.thread('a')!;
    expect(t.articles).toEqual(['b', 'a', 'c']);
    expect(h.threadArticles(t.id).map((a) => a.id)).toEqual(['a', 'b', 'c']);
    expect(h.threadArticles('t-missing')).toEqual([]);
  });
});

describe('what defines a thread at scale', () => {
  const mention = (id: string, date: string, counts: Record<string, number>): HistoryArticle => ({
    id, url: `https://news.example/${id}`, title: id, outlet: null, date,
    entities: Object.entries(counts).map(([key, count]) => ({ key, name: key, count })),
  });
  /** 200 earlier articles with subjects of their own; a quarter each name OpenAI, Nvidia or Microsoft. */
  const background = (h: History) => {
    for (let i = 0; i < 200; i++) {
      const big = ['openai', 'nvidia', 'microsoft', 'none'][i % 4]!;
      const a = mention(`bg${i}`, '2026-10-01', { [big]: 2, [`subject-${i}`]: 3, [`topic-${i}`]: 2 });
      h.add(a);
      h.assign(a);
    }
  };

  it('passing mentions do not define a thread: a follow-up sharing only the story joins it', () => {
    const h = new History();
    background(h);
    const asides = (p: string) => Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`${p}${i}`, 1]));
    const first = mention('first', '2026-11-01', { anthropic: 4, alibaba: 3, openai: 1, ...asides('p') });
    const next = mention('next', '2026-11-04', { anthropic: 3, alibaba: 2, openai: 2, ...asides('q') });
    h.add(first);
    const t = h.assign(first);
    expect(h.defining(t).slice(0, 2).sort()).toEqual(['alibaba', 'anthropic']);
    h.add(next);
    expect(h.assign(next).id).toBe(t.id);
  });

  it('big names alone do not carry a join: another story that names them starts its own thread', () => {
    const h = new History();
    background(h);
    const deal = mention('deal', '2026-11-01', { openai: 3, nvidia: 3, microsoft: 3, 'cloud-deal': 3 });
    const chip = mention('chip', '2026-11-03', { openai: 3, nvidia: 3, microsoft: 3, 'new-chip': 3, 'state-bill': 2, 'fab-plant': 2 });
    h.add(deal);
    const t = h.assign(deal);
    h.add(chip);
    expect(h.assign(chip).id).not.toBe(t.id);
  });
});

describe('a thread forms from the first follow-up', () => {
  it('joins the second article when both share the core but each has entities of its own', () => {
    const h = new History();
    const a = art('a', '2026-11-01', 'Lab accuses rival', ['anthropic', 'alibaba', 'claude', 'qwen', 'kaplan']);
    const b = art('b', '2026-11-03', 'Rival denies', ['anthropic', 'alibaba', 'claude', 'qwen', 'alibaba-cloud', 'spokesperson']);
    h.add(a);
    const t = h.assign(a).id;
    h.add(b);
    expect(h.assign(b).id).toBe(t);
  });
});
