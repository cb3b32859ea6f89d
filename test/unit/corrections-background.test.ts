import { describe, expect, it } from 'vitest';
import { createKbService } from '../../extension/background/kb';
import { createAnalyzer } from '../../extension/background/analyze';
import { USER_KB_KEY } from '../../src/kb/user';
import { siteOfUrl } from '../../src/kb/corrections';
import type { AnalyzeRequest } from '../../src/messaging/protocol';

/**
 * The background's analysis path with the reader's corrections: stored through the knowledge-base
 * service (as the frame's "Correct a link" does), applied at the next analysis, a site-scoped one
 * on the site the browser reported for the sender only.
 */
const memory = () => {
  const m = new Map<string, unknown>();
  return { get: async (k: string) => m.get(k), set: async (k: string, v: unknown) => void m.set(k, structuredClone(v)), m };
};
const req = (url: string): AnalyzeRequest => ({
  url,
  title: '',
  text: 'Anthropic released Haiku, its fastest AI model, to developers on Tuesday, and Reuters tested it.',
  siteName: null,
  published: null,
  canonical: null,
  links: [],
});
const haikuLink = (r: { entities: { kbId: string | null; mentionTexts: string[] }[] }) => r.entities.find((e) => e.mentionTexts.includes('Haiku'))?.kbId ?? null;

describe('corrections in the background', () => {
  it('"Not this" on a site: unlinked at the next analysis there, and only there; kept in storage with the additions', async () => {
    const kv = memory();
    const kb = createKbService(kv);
    const analyzer = createAnalyzer(() => kb.compiled(), () => kb.corrections());
    const on = (url: string) => analyzer.analyze(req(url), siteOfUrl(url));
    expect(haikuLink(await on('https://www.news.example/a'))).toBe('claude');
    expect(await kb.correct({ kind: 'notThis', name: 'Haiku', entityId: 'claude', site: 'news.example' })).toEqual({ ok: true });
    expect(haikuLink(await on('https://www.news.example/a'))).toBeNull();
    expect(haikuLink(await on('https://news.example/b'))).toBeNull();
    expect(haikuLink(await on('https://other.example/a'))).toBe('claude');
    // the page's own idea of its address plays no part: only the site given with the request counts
    expect(haikuLink(await analyzer.analyze(req('https://www.news.example/a'), 'other.example'))).toBe('claude');
    expect((kv.m.get(USER_KB_KEY) as { corrections: unknown[] }).corrections).toHaveLength(1);
  });

  it('"It\'s …" relinks at the next analysis; a new service reads it back from storage', async () => {
    const kv = memory();
    const kb = createKbService(kv);
    expect(await kb.correct({ kind: 'itIs', name: 'Haiku', entityId: 'claude-haiku-4-5' })).toEqual({ ok: true });
    const again = createKbService(kv);
    const r = await createAnalyzer(() => again.compiled(), () => again.corrections()).analyze(req('https://www.news.example/a'), 'news.example');
    expect(haikuLink(r)).toBe('claude-haiku-4-5');
    expect(r.entities.some((e) => e.kbId === 'claude')).toBe(false);
  });

  it('a correction naming no entity is refused and nothing is stored', async () => {
    const kv = memory();
    const kb = createKbService(kv);
    const r = await kb.correct({ kind: 'itIs', name: 'Haiku', entityId: 'ghost' });
    expect(r).toMatchObject({ ok: false, error: expect.stringContaining('corrections[0].entityId') });
    expect(kv.m.has(USER_KB_KEY)).toBe(false);
  });
});
