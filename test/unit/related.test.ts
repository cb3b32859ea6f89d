import { describe, expect, it } from 'vitest';
import { KB_ENTITIES } from '../../src/kb/index';
import { citedReports, siteIndex } from '../../src/related/cited';
import { storyKind } from '../../src/related/story';

const idx = siteIndex(KB_ENTITIES);
const page = 'https://www.news.example/tech/story';

describe("the article's own cited reports", () => {
  it.each([
    ['https://www.reuters.com/technology/some-story', 'Reuters reported', 'report', 'Reuters'],
    ['https://www.federalregister.gov/documents/2026/11/01/x', 'the notice', 'filing', null],
    ['https://www.sec.gov/Archives/edgar/data/1/x.htm', 'its annual filing', 'filing', null],
    ['https://arxiv.org/abs/2501.00001', 'a paper', 'paper', null],
    ['https://example.org/blog/post', 'as first reported by the Financial Times', 'report', 'Financial Times'],
  ])('%s (%s) is a %s', (href, text, kind, source) => {
    const [c] = citedReports([{ href, text }], page, idx);
    expect(c?.kind).toBe(kind);
    if (source) expect(c?.source).toBe(source);
  });

  it.each([
    ['https://www.news.example/other-story', 'more from us'],
    ['https://shop.example.com/deal', 'buy now'],
    ['javascript:alert(1)', 'Reuters reported'],
    ['mailto:tips@news.example', 'email us'],
  ])('%s is not a citation', (href, text) => {
    expect(citedReports([{ href, text }], page, idx)).toEqual([]);
  });

  it('lists each address once', () => {
    const l = { href: 'https://www.reuters.com/a', text: 'Reuters' };
    expect(citedReports([l, { ...l, href: 'https://www.reuters.com/a#top' }], page, idx)).toHaveLength(1);
  });
});

describe('story kind', () => {
  it.each([
    ['Lab accuses rival of distilling its models', 'The company said the rival used distillation on millions of outputs, breaching its terms of service.', 'IP dispute'],
    ['Startup raises $2 billion', 'The round, led by two investors, values the company at $20 billion after it raised money last year.', 'Funding'],
    ['US tightens chip export rules', 'The export controls cover advanced chips and GPUs sold to China.', 'Chips & export controls'],
  ])('%s → %s', (title, text, kind) => {
    expect(storyKind(title, text)).toBe(kind);
  });
  it('stays unlabelled without clear cues', () => {
    expect(storyKind('An interview', 'We talked about many things.')).toBeNull();
  });
});
