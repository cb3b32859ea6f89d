// Issues #12/#13: the page writes itself out in slices (src/article/serialize.ts) and the background
// reads the article from that copy (src/article/offpage.ts). The reader must get the very article
// the direct path gives: same text (every entity offset indexes it), title, date, links, verdict.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { extractArticle } from '../../src/article/extract';
import { articleFromHtml } from '../../src/article/offpage';
import { MAX_HTML_CHARS, pageHtmlSteps, SCOPE_ATTR } from '../../src/article/serialize';
import { runAtOnce, runInSlices, type Slicer } from '../../src/article/slices';
import { storyArticles } from '../../src/article/current';

const FIXTURES = path.resolve('test/fixtures/pages');
const REALPAGES = path.resolve('../shared/corpus/realpages');
const fixturePages = fs.readdirSync(FIXTURES).map((d) => path.join(FIXTURES, d, 'page.html')).filter((f) => fs.existsSync(f));
const scrollPages = fs.readdirSync(path.resolve('test/fixtures/scroll')).map((f) => path.resolve('test/fixtures/scroll', f));
const realPages = fs.existsSync(REALPAGES) ? fs.readdirSync(REALPAGES).filter((f) => f.endsWith('.html')).map((f) => path.join(REALPAGES, f)) : [];

const load = (html: string) => parseHTML(html).document as unknown as Document;
const written = (doc: Document, opts = {}) => runAtOnce(pageHtmlSteps(doc, opts));

/** A clock that moves 1 ms per look, so a 1 ms budget pauses at every point the steps allow. */
const eager = (): Slicer & { pauses: number } => {
  let t = 0;
  const s = { pauses: 0, budgetMs: 1, now: () => t++, pause: () => (s.pauses++, Promise.resolve()) };
  return s;
};

describe('the article read off the page', () => {
  it.each(fixturePages.map((f) => [path.basename(path.dirname(f)), f]))('%s: the same article as the direct read', (_name, f) => {
    const html = fs.readFileSync(f, 'utf8');
    expect(articleFromHtml(written(load(html)))).toEqual(extractArticle(load(html)));
  }, 60_000);

  it('one story of an endless page: the marked story is read alone, as the direct read of that story', () => {
    for (const f of scrollPages) {
      const doc = load(fs.readFileSync(f, 'utf8'));
      for (const story of storyArticles(doc)) {
        const html = written(doc, { scope: story });
        expect(html.split(SCOPE_ATTR).length).toBe(2); // marked once
        const a = articleFromHtml(html);
        expect(a).toEqual(extractArticle(doc, story));
        expect(a.text.length).toBeGreaterThan(400);
      }
    }
  }, 60_000);

  // On real pages the one difference allowed is in runs of white space: linkedom splits a text node
  // at every character reference of the source ("sujet &#xFEFF;<span>"), and the article text folds
  // white space per text node. The copy has the page's text as single nodes, as the browser's parser
  // made them in the page, so a run of spaces there can fold to fewer. Words and offsets of words
  // move by those spaces only; nothing else may differ.
  it.runIf(realPages.length > 0)(
    'the same article on every real page of ../shared/corpus/realpages, up to runs of white space',
    () => {
      const differ: string[] = [];
      const fold = (s: string) => s.replace(/[ \t\u00a0\u3000\ufeff]+/g, ' ');
      for (const f of realPages) {
        const html = fs.readFileSync(f, 'utf8');
        const a = articleFromHtml(written(load(html)));
        const b = extractArticle(load(html));
        if (JSON.stringify({ ...a, text: fold(a.text) }) !== JSON.stringify({ ...b, text: fold(b.text) })) differ.push(path.basename(f));
      }
      expect(differ).toEqual([]);
    },
    600_000,
  );

  it('writes in slices, pausing every few dozen nodes, the same text as at once', async () => {
    // 2,000 paragraphs: 4,000 nodes (each paragraph and its text)
    const doc = load(`<html><head><title>T</title></head><body><main>${'<p>A paragraph of the story.</p>'.repeat(2000)}</main></body></html>`);
    const slicer = eager();
    expect(await runInSlices(pageHtmlSteps(doc), slicer)).toBe(written(doc));
    expect(slicer.pauses).toBeGreaterThanOrEqual(4000 / 64 - 1);
  });
});

describe('what the copy holds', () => {
  const page = `<html><head><title>T</title><script>var secret = "<p>not text</p>";</script><style>p{}</style>
    <script type="application/ld+json">{"@type":"NewsArticle","headline":"A & B <i>"}</script></head>
    <body><p title='say "hi" &amp; go'>Fish &amp; chips &lt;3&nbsp;now</p><svg><text>drawn</text></svg><noscript><p>enable JS</p></noscript>
    <template><p>later</p></template><iframe src="https://ads.example/"></iframe><!-- note --><br><img src="a.png" alt="x">
    <article ${SCOPE_ATTR}="page-made"><p>Story</p></article></body></html>`;

  it('leaves out code, styles, drawings, frames and templates, keeps JSON-LD literally and escapes text and attributes', () => {
    const html = written(load(page));
    expect(html).not.toMatch(/secret|p\{\}|drawn|enable JS|later|ads\.example/);
    // each stays, empty, where it was
    expect(html).toContain('<head><title>T</title><script></script><style></style>');
    expect(html).toContain('<svg></svg><noscript></noscript>');
    expect(html).toContain('{"@type":"NewsArticle","headline":"A & B <i>"}');
    expect(html).toContain('<p title="say &quot;hi&quot; &amp; go">Fish &amp; chips &lt;3\u00a0now</p>');
    expect(html).toContain('<!----><br><img src="a.png" alt="x">');
    const back = load(html);
    expect(back.querySelector('p')!.textContent).toBe('Fish & chips <3\u00a0now');
    expect(back.querySelector('p')!.getAttribute('title')).toBe('say "hi" & go');
  });

  it('a page’s own scope attribute is dropped: only the story stage two reads is marked', () => {
    const doc = load(page);
    expect(written(doc)).not.toContain(SCOPE_ATTR);
    const html = written(doc, { scope: doc.querySelector('p') });
    expect(load(html).querySelector(`[${SCOPE_ATTR}]`)!.textContent).toBe('Fish & chips <3\u00a0now');
  });

  it('puts the page’s base address first, so relative links resolve as in the page; only http(s)', () => {
    const doc = load(`<html><head><title>T</title></head><body><article><p>${'Words about the model release. '.repeat(30)}<a href="/tech/next">next</a></p></article></body></html>`);
    expect(written(doc, { base: 'https://www.news.example/2026/story' })).toContain('<head><base href="https://www.news.example/2026/story">');
    expect(articleFromHtml(written(doc, { base: 'https://www.news.example/2026/story' })).links).toEqual([{ href: 'https://www.news.example/tech/next', text: 'next' }]);
    expect(written(doc, { base: 'javascript:alert(1)' })).not.toContain('<base');
  });

  it('stops past its bound and still closes what it opened', () => {
    const doc = load(`<html><body><main>${'<p>Paragraph of text here.</p>'.repeat(1000)}</main></body></html>`);
    const html = written(doc, { maxChars: 2000 });
    expect(html.length).toBeLessThanOrEqual(2000);
    expect(html.length).toBeGreaterThan(1900);
    expect(html.endsWith('</main></body></html>')).toBe(true);
    expect(MAX_HTML_CHARS).toBeGreaterThan(1_000_000);
  });

  it('a page nested 5,000 deep is written without recursion', () => {
    const deep = `<html><body>${'<div>'.repeat(5000)}deep${'</div>'.repeat(5000)}</body></html>`;
    expect(written(load(deep))).toContain('deep');
  });
});

describe('bounded reads in the page give what the whole read gives', () => {
  // the straightforward versions the page used to run over the whole story's text
  const wholeFingerprint = (text: string) => {
    const words = text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim().split(' ').slice(0, 400).join(' ');
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (let i = 0; i < words.length; i++) {
      h1 = Math.imul(h1 ^ words.charCodeAt(i), 0x01000193) >>> 0;
      h2 = Math.imul(h2 ^ words.charCodeAt(i), 0x5bd1e995) >>> 0;
    }
    return h1.toString(36) + h2.toString(36);
  };
  const texts = fixturePages.map((f) => extractArticle(load(fs.readFileSync(f, 'utf8'))).text);

  it('the fingerprint of an article, short or long, with long words or runs of punctuation at the cut', async () => {
    const { fingerprint } = await import('../../src/annotate/identity');
    const long = texts.join('\n\n').repeat(3);
    const cases = [...texts, long, '', '  ,, ', 'ΣΑΣ '.repeat(3000), `${'word '.repeat(399)}${'x'.repeat(20_000)} tail`, `${'— '.repeat(10_000)}${'Ünïcode wörds, 42 '.repeat(500)}`];
    for (const t of cases) expect(fingerprint(t)).toBe(wholeFingerprint(t));
    // two articles are still told apart
    expect(fingerprint(texts[0]!)).not.toBe(fingerprint(texts[1]!));
  }, 60_000);

  it('the live story found again, and the page’s stories, on every fixture and endless page', async () => {
    const { indexStory } = await import('../../src/article/locate');
    for (const f of [...fixturePages, ...scrollPages]) {
      const doc = load(fs.readFileSync(f, 'utf8'));
      // the root is the lowest block holding every paragraph whose folded opening matches the article's
      const text = extractArticle(doc).text;
      const fold = (s: string) => s.replace(/\s+/g, ' ').trim();
      const prefixes = new Set(text.split('\n\n').map(fold).filter((p) => p.length >= 60).map((p) => p.slice(0, 48)));
      const matched = Array.from(doc.body?.querySelectorAll('p, li, blockquote, pre, td, dd, div') ?? []).filter((el) => !(el.tagName === 'DIV' && el.querySelector('p, div, li')) && prefixes.has(fold(el.textContent ?? '').slice(0, 48)));
      const root = indexStory(doc, text)?.root;
      if (matched.length) for (const el of matched) expect(root!.contains(el)).toBe(true);
      expect(storyArticles(doc)).toEqual(Array.from(doc.querySelectorAll('article')).filter((a) => !a.parentElement?.closest('article') && (a.textContent ?? '').length >= 400));
    }
  }, 60_000);
});
