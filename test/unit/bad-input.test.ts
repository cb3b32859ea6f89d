import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { analyzeDocument } from '../../src/pipeline';
import { compromiseOptions } from '../../src/entities/nlp';

/**
 * Hostile and broken input: every page gets a result (or a clean "not an article"), never a crash,
 * and within the bound the README states (10 s on the CI machine; typical pages take milliseconds).
 */
const BOUND_MS = 10_000;
const SENTENCE = 'Anthropic and OpenAI said on Monday that the new Claude Opus 4.5 model from the San Francisco lab would ship to Jane Doe soon. ';
const page = (body: string, head = '<meta property="og:type" content="article"><title>T</title>') => `<html><head>${head}</head><body>${body}</body></html>`;
const words = (html: string) => html.replace(/<[^>]+>/g, ' ').split(/\s+/).filter(Boolean).length;

const cases: [string, string][] = [
  ['an empty string', ''],
  ['an empty document', '<html><head></head><body></body></html>'],
  ['240,000 words in 2,000 paragraphs', page(`<article>${`<p>${SENTENCE.repeat(5)}</p>`.repeat(2000)}</article>`)],
  ['201,000 words in one paragraph', page(`<article><p>${SENTENCE.repeat(8400)}</p></article>`)],
  ['only numbers', page(`<article><p>${'1234 5678 90.12 '.repeat(3000)}</p></article>`)],
  ['only emoji', page(`<article><p>${'🤖🚀💡 🎉 '.repeat(3000)}</p></article>`)],
  ['Chinese text', page(`<article><p>${'阿里巴巴发布了新的通义千问模型，行业关注其许可条款。'.repeat(300)}</p></article>`)],
  ['Arabic and Cyrillic text', page(`<article><p>${'الذكاء الاصطناعي يتطور بسرعة. Искусственный интеллект развивается. '.repeat(300)}</p></article>`)],
  ['malformed HTML', `<html><body><article><p>OpenAI <b>said <i>Claude</b> was</i> <p>unclosed <div><table><tr><td>GPT-5 <p>${'text '.repeat(500)}`],
  ['elements nested 5,000 deep', page(`${'<div>'.repeat(5000)}<p>${SENTENCE.repeat(20)}</p>${'</div>'.repeat(5000)}`)],
  ['a 50,000-element page', page(`<article>${'<span>a</span>'.repeat(50_000)}<p>${SENTENCE.repeat(10)}</p></article>`)],
  ['binary-looking junk', page(`<article><p>${'\u0001\u0002\uFFFD\u200B'.repeat(5000)}</p></article>`)],
];

describe('bad input', () => {
  it('the large cases really are large', () => {
    expect(words(cases[2]![1])).toBeGreaterThanOrEqual(200_000);
    expect(words(cases[3]![1])).toBeGreaterThanOrEqual(200_000);
  });

  it.each(cases)('%s: a result in bounded time, never a crash', (_name, html) => {
    const t0 = performance.now();
    const { document } = parseHTML(html);
    const r = analyzeDocument(document as unknown as Document, compromiseOptions);
    expect(performance.now() - t0).toBeLessThan(BOUND_MS);
    expect(typeof r.article.isArticle).toBe('boolean');
    expect(r.aiScore).toBeGreaterThanOrEqual(0);
    expect(r.aiScore).toBeLessThanOrEqual(1);
    for (const e of r.entities) for (const m of e.mentions) expect(r.article.text.slice(m.start, m.end)).toBe(m.text);
  });

  it('a huge AI page is still analysed (first 200,000 characters) and its text is capped', () => {
    const { document } = parseHTML(cases[3]![1]);
    const r = analyzeDocument(document as unknown as Document, compromiseOptions);
    expect(r.isAI).toBe(true);
    expect(r.article.text.length).toBeLessThanOrEqual(400_001);
    expect(r.entities.map((e) => e.name)).toContain('Anthropic');
  });

  it('pages with no words are not articles', () => {
    for (const html of [cases[0]![1], cases[1]![1]]) {
      const r = analyzeDocument(parseHTML(html).document as unknown as Document, compromiseOptions);
      expect(r.article.isArticle).toBe(false);
      expect(r.entities).toEqual([]);
    }
  });
});
