import { describe, expect, it } from 'vitest';
import { History, type HistoryArticle } from '../../src/related/history';

const art = (id: string, date: string, title: string, keys: string[]): HistoryArticle => ({
  id, url: `https://news.example/${id}`, title, outlet: null, date,
  entities: keys.map((k) => ({ key: k, name: k.replace(/^[a-z]+:/, ''), count: 2 })),
});

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
  // a sequence of our own: one distillation dispute over weeks, one chip-export story, one unrelated
  const seq = [
    art('d1', '2026-11-01', 'Anthropic accuses Alibaba of distilling Claude', ['anthropic', 'alibaba', 'claude', 'qwen', 'distillation']),
    art('e1', '2026-11-02', 'US widens AI chip export rules', ['nvidia', 'bis', 'commerce', 'huawei', 'export-controls']),
    art('d2', '2026-11-05', 'Alibaba denies Anthropic claims over Qwen', ['alibaba', 'anthropic', 'qwen', 'reuters']),
    art('w1', '2026-11-06', 'Storm closes coastal roads', ['met-office', 'coast-road']),
    art('e2', '2026-11-10', 'Nvidia says BIS rules cut China sales', ['nvidia', 'bis', 'china-sales', 'huawei']),
    art('d3', '2026-11-20', 'Regulators look at distillation dispute between Anthropic and Alibaba', ['anthropic', 'alibaba', 'distillation', 'commerce', 'claude']),
  ];

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
