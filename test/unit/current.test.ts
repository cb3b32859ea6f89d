import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { headlineOf, namesAddress, nextStep, pickArticle, shownFor, storyAddress, storyArticles, type Shown } from '../../src/article/current';
import { extractArticle } from '../../src/article/extract';
import { indexStory } from '../../src/article/locate';

const doc = (html: string) => parseHTML(html).document as unknown as Document;
const HERE = 'https://www.news.example/tech/';

/** A story of our own, long enough to count as one: a headline and a few paragraphs. */
const story = (headline: string, lede: string, attrs = '') =>
  `<article ${attrs}><h1>${headline}</h1><time datetime="2026-03-0${headline.length % 9}">March</time><p>${lede}</p>` +
  `<p>${'Engineers at the company said the change would take effect over the coming quarter, with more details promised at a briefing. '.repeat(3)}</p></article>`;
const chipStory = story('Cerebras opens a second inference site in Oklahoma', 'Cerebras Systems said on Monday it had switched on a second inference site, doubling the capacity it rents to developers of AI models.', 'data-url="/tech/cerebras-oklahoma"');
const memoryStory = story('Memory makers ration high-bandwidth chips for another year', 'SK Hynix and Micron Technology told customers that high-bandwidth memory would stay rationed through next year as AI servers absorb supply.', 'data-url="/tech/memory-rationing"');
const page = (...stories: string[]) =>
  doc(`<html lang="en"><head><title>Cerebras opens a second inference site | Ledgerline</title><meta property="og:type" content="article"><meta property="og:site_name" content="Ledgerline"><meta property="og:title" content="Cerebras opens a second inference site"><meta property="article:published_time" content="2026-03-01"></head>
  <body><nav><a href="/">Home</a></nav>${stories.join('<div class="ad">Advertisement</div>')}<aside><article class="card"><h3>Trending</h3><p>Short teaser.</p></article></aside></body></html>`);

/** Stacks the page's stories one below another, `height` each, with the view scrolled by `scrollY`. */
const stacked = (d: Document, scrollY: number, height = 1000) => {
  const order = storyArticles(d);
  return (el: Element) => {
    const i = order.indexOf(el);
    return { top: i * height - scrollY, bottom: (i + 1) * height - scrollY };
  };
};

describe('the stories of a page', () => {
  it('are its outermost articles with enough text: not teaser cards, not comments nested in a story', () => {
    const d = page(chipStory.replace('</article>', '<section><article class="comment"><p>Nice.</p></article></section></article>'), memoryStory);
    expect(storyArticles(d).map(headlineOf)).toEqual(['Cerebras opens a second inference site in Oklahoma', 'Memory makers ration high-bandwidth chips for another year']);
  });
  it('a page of one story is read as a whole, as before', () => {
    expect(pickArticle(page(chipStory), `${HERE}cerebras-oklahoma`, 900, () => ({ top: 0, bottom: 900 }))).toBeNull();
  });
  it('name their own address by a data attribute, itemprop="url" or the link on their headline, ignoring the fragment and a trailing slash', () => {
    const [a] = storyArticles(page(chipStory, memoryStory));
    expect(namesAddress(a!, 'https://www.news.example/tech/cerebras-oklahoma/#comments')).toBe(true);
    expect(namesAddress(a!, 'https://www.news.example/tech/memory-rationing')).toBe(false);
    const micro = doc(`<html><body><article itemscope><meta itemprop="url" content="https://www.news.example/tech/micro"><h1>Micro</h1><p>x</p></article></body></html>`).querySelector('article')!;
    expect(namesAddress(micro, 'https://www.news.example/tech/micro')).toBe(true);
    const linked = doc(`<html><body><article><h2><a href="https://www.news.example/tech/linked">Linked</a></h2><p>x</p></article></body></html>`).querySelector('article')!;
    expect(namesAddress(linked, 'https://www.news.example/tech/linked?')).toBe(true);
    expect(namesAddress(linked, 'https://www.news.example/tech/other')).toBe(false);
    expect(storyAddress(linked)).toBe('https://www.news.example/tech/linked');
    expect(storyAddress(doc('<html><body><article data-url="javascript:void 0"><h1>No</h1></article></body></html>').querySelector('article')!)).toBeNull();
  });
});

describe('the story the reader is in', () => {
  const d = page(chipStory, memoryStory);
  const [chips, memory] = storyArticles(d);

  it('is the one that names the address, wherever the view is', () => {
    expect(pickArticle(d, 'https://www.news.example/tech/memory-rationing', 900, stacked(d, 0))).toEqual({ article: memory, by: 'address' });
    expect(pickArticle(d, 'https://www.news.example/tech/cerebras-oklahoma', 900, stacked(d, 1200))).toEqual({ article: chips, by: 'address' });
  });
  it('else the one covering most of the view, the higher one on a tie', () => {
    const elsewhere = 'https://www.news.example/tech/?page=2';
    expect(pickArticle(d, elsewhere, 900, stacked(d, 300))).toEqual({ article: chips, by: 'view' }); // 700 px of the first, 200 of the second
    expect(pickArticle(d, elsewhere, 900, stacked(d, 600))).toEqual({ article: memory, by: 'view' }); // 400 against 500
    expect(pickArticle(d, elsewhere, 1000, stacked(d, 500))).toEqual({ article: chips, by: 'view' }); // 500 each
  });
  it('below the last story (the footer in view) is the last one read', () => {
    expect(pickArticle(d, `${HERE}footer`, 900, stacked(d, 2500))).toEqual({ article: memory, by: 'view' });
  });
});

describe('following the reader', () => {
  const d = page(chipStory, memoryStory);
  const [chips, memory] = storyArticles(d);
  const chipsUrl = 'https://www.news.example/tech/cerebras-oklahoma';
  const memoryUrl = 'https://www.news.example/tech/memory-rationing';
  const shownChips: Shown = { article: chips!, headline: headlineOf(chips!), href: chipsUrl };

  it('reads the page the first time', () => {
    expect(nextStep(null, null, chipsUrl)).toEqual({ kind: 'run', scope: null });
    expect(nextStep(null, { article: memory!, by: 'address' }, memoryUrl)).toEqual({ kind: 'run', scope: memory });
  });
  it('reads the next story when the reader is in it, and nothing again while they stay in one', () => {
    expect(nextStep(shownChips, { article: memory!, by: 'address' }, memoryUrl)).toEqual({ kind: 'run', scope: memory });
    expect(nextStep(shownChips, { article: chips!, by: 'address' }, `${chipsUrl}?utm_source=x`)).toEqual({ kind: 'stay', watch: false });
  });
  it('keeps watching when the address moved on but the story in view is still the one shown', () => {
    expect(nextStep(shownChips, { article: chips!, by: 'view' }, 'https://www.news.example/tech/?page=2')).toEqual({ kind: 'stay', watch: true });
    expect(nextStep(shownChips, { article: chips!, by: 'view' }, chipsUrl)).toEqual({ kind: 'stay', watch: false });
  });
  it('reads a recycled story element again when its headline changed', () => {
    expect(nextStep({ ...shownChips, headline: 'An older story' }, { article: chips!, by: 'address' }, chipsUrl)).toEqual({ kind: 'run', scope: chips });
  });
  it('on a page of one story (a single-page site), reads again only at a new address', () => {
    const one: Shown = { article: null, headline: '', href: chipsUrl };
    expect(nextStep(one, null, chipsUrl)).toEqual({ kind: 'stay', watch: false });
    expect(nextStep(one, null, memoryUrl)).toEqual({ kind: 'run', scope: null });
  });
  it('a whole-page read of a page of one story counts as showing that story, so its next story is a switch and itself is not', () => {
    const single = page(chipStory);
    const shown = shownFor(single, null, chipsUrl);
    expect(shown.article).toBe(storyArticles(single)[0]);
    single.body.append(storyArticles(page(memoryStory))[0]!);
    const [first, appended] = storyArticles(single);
    expect(nextStep(shown, { article: first!, by: 'address' }, chipsUrl)).toEqual({ kind: 'stay', watch: false });
    expect(nextStep(shown, { article: appended!, by: 'address' }, memoryUrl)).toEqual({ kind: 'run', scope: appended });
  });
});

describe('reading one story of several', () => {
  const d = page(chipStory, memoryStory);
  const [chips, memory] = storyArticles(d);

  it('takes that story’s text, headline and date, not the page’s title, metadata or other stories', () => {
    const a = extractArticle(d, memory!);
    expect(a.isArticle).toBe(true);
    expect(a.title).toBe('Memory makers ration high-bandwidth chips for another year');
    expect(a.text).toContain('SK Hynix and Micron Technology');
    expect(a.text).not.toContain('Cerebras');
    expect(a.text).not.toContain('Trending');
    expect(a.published).toBe(memory!.querySelector('time')!.getAttribute('datetime'));
    expect(a.siteName).toBe('Ledgerline');
  });
  it('the first story read alone is the same story the whole page gave', () => {
    const one = page(chipStory);
    expect(extractArticle(d, chips!).text).toBe(extractArticle(one).text);
  });
  it('finds the story in the live page inside that story only', () => {
    const a = extractArticle(d, memory!);
    const s = indexStory(d, a.text, memory!)!;
    expect(memory!.contains(s.root)).toBe(true);
    expect(s.idx.text).toContain('SK Hynix');
    expect(s.idx.text).not.toContain('Cerebras');
  });
});
