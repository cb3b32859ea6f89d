import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import { compromiseOptions } from '../../src/entities/nlp';
import { analyzeDocument, type PageResult } from '../../src/pipeline';
import { History, type HistoryArticle } from '../../src/related/history';

/**
 * The related-reading ranking and the story threads on real extraction output, not on hand-made
 * entity lists: the fixtures in test/fixtures/thread are one dispute told over five weeks by five
 * outlets, plus one unrelated chip-plant story. All text is ours; the events are invented.
 *
 * Design (entity keys as extracted; "core" = anthropic, alibaba, claude, qwen, in all five):
 *   1 accusation  core + jared-kaplan
 *   2 denial      core + jared-kaplan + alibaba-cloud
 *   3 inquiry     core + alibaba-cloud + bis + us-commerce-department + howard-lutnick
 *   unrelated     us-commerce-department + tsmc + nvidia + chips-act + c-c-wei
 *   4 lawsuit     core + alibaba-cloud + bis + us-commerce-department + howard-lutnick + ndcal + policy:export controls
 *   5 settlement  core + alibaba-cloud + bis + eddie-wu + dario-amodei
 * With 1, 2, 3 and unrelated read, the core is in three of four articles and weighs little; what
 * orders the list for 4 is the rarer overlap: 3 shares Alibaba Cloud, the bureau, Lutnick and the
 * Commerce Department (3.747), 2 only Alibaba Cloud (1.403), 1 only the core (0.893), and the
 * unrelated story only the Commerce Department (0.511).
 *
 * Threads are built in reading order. Article 1 names Kaplan once, a passing mention, so the thread
 * it starts is defined by the core alone; 2 and 3 share all of it and join (cosine about 0.8 and
 * 0.5), although while every article read is in the thread the core is as common as a name can be.
 * The unrelated article shares only the Commerce Department, which 3 brought in (about 0.15, under
 * the 0.2 a join takes).
 */

const DIR = fileURLToPath(new URL('../fixtures/thread/', import.meta.url));
const FILES = ['thread-1.html', 'thread-2.html', 'thread-3.html', 'thread-4.html', 'thread-5.html', 'unrelated.html'] as const;
type File = (typeof FILES)[number];

/** The same steps as `ai-news-lens annotate`: linkedom, then the whole pipeline with the NLP tagger. */
function analyze(file: File): PageResult {
  const { document } = parseHTML(readFileSync(DIR + file, 'utf8'));
  return analyzeDocument(document as unknown as Document, compromiseOptions);
}

/** What the extension keeps of an article for related reading (key: kbId, else `type:name`). */
function toHistory(file: File, r: PageResult): HistoryArticle {
  const canonical = /<link rel="canonical" href="([^"]+)"/.exec(readFileSync(DIR + file, 'utf8'))?.[1] ?? `https://www.news.example/${file}`;
  return {
    id: file,
    url: canonical,
    title: r.article.title,
    outlet: r.article.siteName,
    date: r.article.published ?? '',
    entities: r.entities.map((e) => ({ key: e.kbId ?? `${e.type}:${e.name}`, name: e.name, count: e.mentions.length })),
  };
}

const byFile = new Map<File, HistoryArticle>();
beforeAll(() => {
  for (const f of FILES) byFile.set(f, toHistory(f, analyze(f)));
});
const get = (f: File) => byFile.get(f)!;

describe('thread fixtures: extraction', () => {
  it('every page is an AI article with a publication date', () => {
    for (const f of FILES) {
      const a = get(f);
      expect(a.date, f).toMatch(/^2026-1[01]-\d\dT/);
      expect(a.entities.length, f).toBeGreaterThan(3);
    }
  });

  it('the five thread articles all name both parties, Claude and Qwen; the unrelated one names none of them', () => {
    const core = ['anthropic', 'alibaba', 'claude', 'qwen'];
    for (const f of FILES.slice(0, 5)) expect(get(f).entities.map((e) => e.key), f).toEqual(expect.arrayContaining(core));
    const other = new Set(get('unrelated.html').entities.map((e) => e.key));
    for (const k of core) expect(other.has(k)).toBe(false);
  });
});

describe('thread fixtures: related reading for article 4', () => {
  function readSoFar(): History {
    const h = new History();
    for (const f of ['thread-1.html', 'thread-2.html', 'thread-3.html', 'unrelated.html'] as const) {
      h.add(get(f));
      h.assign(get(f));
    }
    return h;
  }

  it('ranks 3, 2, 1 with clear margins; the unrelated article is last or absent', () => {
    const r = readSoFar().related(get('thread-4.html'));
    const ids = r.map((x) => x.id);
    expect(ids.slice(0, 3)).toEqual(['thread-3.html', 'thread-2.html', 'thread-1.html']);
    const u = ids.indexOf('unrelated.html');
    if (u !== -1) expect(u).toBe(ids.length - 1);
    // at least 10% apart, so a small change in the weighting does not flip the order silently
    const [s3, s2, s1] = r.slice(0, 3).map((x) => x.score) as [number, number, number];
    expect(s3).toBeGreaterThan(s2 * 1.1);
    expect(s2).toBeGreaterThan(s1 * 1.1);
    if (u !== -1) expect(s1).toBeGreaterThan(r[u]!.score * 1.1);
  });

  it('names what each related article shares: the parties, and the rarer links that set the order', () => {
    const r = new Map(readSoFar().related(get('thread-4.html')).map((x) => [x.id, x.shared]));
    for (const id of ['thread-1.html', 'thread-2.html', 'thread-3.html']) {
      expect(r.get(id), id).toEqual(expect.arrayContaining(['Anthropic', 'Alibaba Group', 'Claude', 'Qwen']));
    }
    expect(r.get('thread-3.html')).toEqual(expect.arrayContaining(['Bureau of Industry and Security', 'Howard Lutnick', 'U.S. Department of Commerce']));
    expect(r.get('thread-2.html')).toContain('Alibaba Cloud');
    expect(r.get('thread-1.html')).toHaveLength(4);
    const unrelated = r.get('unrelated.html');
    if (unrelated) expect(unrelated).toEqual(['U.S. Department of Commerce']);
  });
});

describe('thread fixtures: story threads', () => {
  it('puts articles 1–5 in one thread named after the two parties, and the unrelated article elsewhere', () => {
    const h = new History();
    const threadOf = new Map<File, string>();
    // reading order: by date, the unrelated story between articles 2 and 3
    for (const f of ['thread-1.html', 'thread-2.html', 'thread-3.html', 'unrelated.html', 'thread-4.html', 'thread-5.html'] as const) {
      h.add(get(f));
      threadOf.set(f, h.assign(get(f)).id);
    }
    const t = threadOf.get('thread-1.html')!;
    for (const f of FILES.slice(1, 5)) expect(threadOf.get(f), f).toBe(t);
    expect(threadOf.get('unrelated.html')).not.toBe(t);
    const thread = h.thread('thread-5.html')!;
    expect(thread.articles).toEqual(['thread-1.html', 'thread-2.html', 'thread-3.html', 'thread-4.html', 'thread-5.html']);
    expect(thread.name).toContain('Anthropic');
    expect(thread.name).toContain('Alibaba');
  });
});
