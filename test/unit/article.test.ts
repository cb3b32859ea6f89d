import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { blockText, isBoilerplateBlock } from '../../src/article/text';
import { boundForReadability, extractArticle, LARGE_PAGE_ELEMENTS } from '../../src/article/extract';
import { looksLikeArticle, mentionsAI } from '../../src/article/signals';

const doc = (html: string) => parseHTML(html).document as unknown as Document;

describe('blockText', () => {
  it('separates blocks by a blank line, br by a line break, and folds whitespace', () => {
    const d = doc('<div><h1>Title</h1><p>One   two\n three</p><p>Four<br>five</p><ul><li>a</li><li>b</li></ul></div>');
    expect(blockText(d.querySelector('div')!)).toBe('Title\n\nOne two three\n\nFour\nfive\n\na\n\nb');
  });
  it('treats <br><br> as a paragraph break and skips scripts and styles', () => {
    const d = doc('<div>First para<br><br>Second<script>var x = 1</script><style>p{}</style></div>');
    expect(blockText(d.querySelector('div')!)).toBe('First para\n\nSecond');
  });
});

describe('page signals', () => {
  it('reads og:type and JSON-LD, including @graph and broken blocks', () => {
    expect(looksLikeArticle(doc('<html><head><meta property="og:type" content="article"></head><body></body></html>'))).toBe(true);
    const ld = '<script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":"NewsArticle"}]}</script><script type="application/ld+json">{broken</script>';
    expect(looksLikeArticle(doc(`<html><head>${ld}</head><body></body></html>`))).toBe(true);
    expect(looksLikeArticle(doc('<html><head><meta property="og:type" content="website"></head><body><p>hi</p></body></html>'))).toBe(false);
  });
  it('the gate looks for AI words in the headline and lede only', () => {
    expect(mentionsAI(doc('<html><head><title>OpenAI ships a model</title></head><body></body></html>'))).toBe(true);
    expect(mentionsAI(doc('<html><head><title>Storm closes roads</title></head><body><article><p>Rain.</p></article></body></html>'))).toBe(false);
    expect(mentionsAI(doc(`<html><body><article><p>${'word '.repeat(3000)} artificial intelligence</p></article></body></html>`))).toBe(false);
  });
});

describe('extractArticle', () => {
  it('returns no links but http(s) ones', () => {
    const body = `<p>${'Some long enough paragraph text about chips and models. '.repeat(20)}</p>`;
    const d = doc(`<html><head><meta property="og:type" content="article"><title>T</title></head><body><article>${body}<p><a href="https://a.example/x">ok</a> <a href="javascript:alert(1)">bad</a> <a href="mailto:x@y">mail</a></p></article></body></html>`);
    const a = extractArticle(d);
    expect(a.isArticle).toBe(true);
    expect(a.links.map((l) => l.href)).toEqual(['https://a.example/x']);
  });
  it('is not an article when there is too little text', () => {
    expect(extractArticle(doc('<html><head><meta property="og:type" content="article"></head><body><p>Short.</p></body></html>')).isArticle).toBe(false);
  });
});

describe('page chrome does not count as the story', () => {
  const weather = [
    'Heavy rain is expected across the northern valleys on Thursday, with rivers already close to their banks after a wet week.',
    'Forecasters said the band of cloud would move east by the weekend, bringing cooler air and clear skies to most of the region.',
    'Farmers welcomed the rain after a dry spring, though some fields in the lowlands remain flooded and roads near the river are closed.',
    'The regional roads office said crews would work overnight to clear fallen branches and reopen the coastal route by Friday morning.',
  ];
  const teaser = '<p class="related">Read more: <a href="/x">OpenAI and Anthropic race to ship new AI models</a></p>';
  const html = `<html><head><meta property="og:type" content="article"><title>Rain returns to the valleys</title></head><body>
    <nav><a href="/ai">AI</a> <a href="/openai">OpenAI</a> <a href="/nvidia">Nvidia chips</a></nav>
    <aside><h3>Trending</h3><ul><li><a href="/1">Anthropic's Claude gains agents</a></li><li><a href="/2">Google Gemini 3 launch</a></li></ul></aside>
    <main><article><h1>Rain returns to the valleys</h1>${weather.map((p, i) => `<p>${p}</p>${i === 1 ? teaser : ''}<div class="ad">Advertisement</div>`).join('')}</article>
    <section class="comments"><p>ChatGPT predicted this rain better than the forecasters did, and Claude agreed.</p></section></main>
    <footer>AI newsletter: the best of artificial intelligence every day</footer></body></html>`;

  it('teasers, ads, navigation, trending links and comments stay out of the article text', () => {
    const a = extractArticle(doc(html));
    expect(a.text).toContain('Heavy rain is expected');
    for (const chrome of ['OpenAI', 'Anthropic', 'Claude', 'ChatGPT', 'Gemini', 'Advertisement', 'newsletter']) expect(a.text).not.toContain(chrome);
  });

  it('a block that is mostly link text is furniture; a paragraph with a link in it is not', () => {
    const d = doc('<div><p id="a"><a href="/x">Nvidia shares jump on AI chip demand</a></p><p id="b">The agency said on Monday, in a <a href="/r">statement</a>, that the rules would stay in force for another year.</p></div>');
    expect(isBoilerplateBlock(d.getElementById('a')!)).toBe(true);
    expect(isBoilerplateBlock(d.getElementById('b')!)).toBe(false);
  });
});

describe('bounded Readability on a large page', () => {
  // A thread: a short post, then thousands of link-only comments, a dozen wrappers deep.
  const comment = (i: number) => `<div class="Comment c${i}"><div><a href="https://example.com/u/${i}">user${i}</a> <a href="https://example.com/c/${i}">reply ${i}</a></div></div>`;
  const wrap = (inner: string, n: number) => '<div>'.repeat(n) + inner + '</div>'.repeat(n);
  const post = '<div class="Post"><h1>A short post</h1><p>The post says only this, well under the five hundred characters Readability wants from a first pass.</p></div>';
  const thread = (comments: number) => `<html><head><title>A short post</title></head><body>${wrap(post + wrap(Array.from({ length: comments }, (_, i) => comment(i)).join(''), 12), 12)}</body></html>`;
  const elements = (d: Document) => d.querySelectorAll('*').length;

  it('removes what the first pass would drop unread, only on a large page', () => {
    const big = doc(thread(2000));
    expect(elements(big)).toBeGreaterThan(LARGE_PAGE_ELEMENTS);
    expect(boundForReadability(big)).toBe(true);
    expect(big.querySelectorAll('.Comment').length).toBe(0);
    expect(elements(big)).toBeLessThan(100);
    expect(big.querySelector('.Post p')).not.toBeNull();
    const small = doc(thread(20));
    const before = elements(small);
    expect(boundForReadability(small)).toBe(false);
    expect(elements(small)).toBe(before);
  });
  it('reads the post once and never goes back for the comments', () => {
    // Readability's retry passes keep unlikely elements: had one run, the comments' links would be in the text.
    const a = extractArticle(doc(thread(2000)));
    expect(a.text).toContain('The post says only this');
    expect(a.text).not.toContain('reply 1');
    expect(a.links).toEqual([]);
  });
});
