import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../extension/background/analyze';
import { defaultCompiledKb } from '../../src/entities/compiled';
import { createKnowledgeBase } from '../../src/kb/index';
import { aboutCompanies, monthYear, outletTies } from '../../src/kb/ties';
import type { KbEntity } from '../../src/kb/types';
import type { AnalyzeRequest } from '../../src/messaging/protocol';

/**
 * Outlet ties (issue #15): the companion's header says when the outlet that published an article
 * has a deal or a lawsuit with a company the article is about. The outlet comes from the tab's
 * address, never from what the page calls itself. Every article text is written for these tests.
 */

const kb = createKnowledgeBase();
const lines = (outlet: string | null, about: string[]) => outletTies(kb, outlet, about).map((t) => t.line);

describe('the ties between an outlet and the companies of an article, from the knowledge base', () => {
  it.each([
    ['financial-times', ['openai'], 'Financial Times licenses its content to OpenAI (deal of Apr 2024)'],
    ['associated-press', ['openai'], 'Associated Press licenses its content to OpenAI (deal of Jul 2023)'],
    ['new-york-times', ['openai'], 'The New York Times is suing OpenAI (since Dec 2023)'],
    ['new-york-times', ['microsoft'], 'The New York Times is suing Microsoft (since Dec 2023)'],
    ['new-york-times', ['amazon'], 'The New York Times licenses its content to Amazon (deal of May 2025)'],
    ['new-york-times', ['perplexity'], 'The New York Times is suing Perplexity (since Dec 2025)'],
    ['the-guardian', ['openai'], 'The Guardian licenses its content to OpenAI (deal of Feb 2025)'],
  ])('%s on %j: %s', (outlet, about, line) => {
    expect(lines(outlet, about)).toContain(line);
  });

  it('every tie carries a date and an http(s) source a reader can open', () => {
    for (const t of [...outletTies(kb, 'new-york-times', ['openai', 'microsoft', 'amazon']), ...outletTies(kb, 'politico', ['openai'])]) {
      expect(t.date).toMatch(/^\d{4}/);
      expect(t.source).toMatch(/^https?:\/\//);
    }
  });

  it("a deal or a suit by the outlet's owner is named through the owner (Dow Jones for The Wall Street Journal)", () => {
    expect(lines('wsj', ['perplexity'])).toEqual(['Dow Jones & Company, owner of The Wall Street Journal, is suing Perplexity (since Oct 2024)']);
    // the Journal's own licensing deal (signed by News Corp) is its own tie
    expect(lines('wsj', ['openai'])).toEqual(['The Wall Street Journal licenses its content to OpenAI (deal of May 2024)']);
  });

  it('says nothing without a known outlet, or about companies the outlet has no tie to', () => {
    expect(lines(null, ['openai'])).toEqual([]);
    expect(lines('openai', ['microsoft'])).toEqual([]); // a company is not an outlet
    expect(lines('financial-times', ['anthropic', 'nvidia'])).toEqual([]);
    expect(lines('new-york-times', [])).toEqual([]);
  });

  it('lists the most mentioned companies first, at most three ties', () => {
    const ties = outletTies(kb, 'new-york-times', ['amazon', 'openai', 'microsoft', 'perplexity']);
    expect(ties.map((t) => t.company.id)).toEqual(['amazon', 'openai', 'microsoft']);
  });

  it('words a lawsuit by where it stands, and a stake by who holds it', () => {
    const outlet: KbEntity = { id: 'daily-example', type: 'outlet', name: 'Daily Example', aliases: [{ text: 'Daily Example' }], summary: 'A newspaper written for this test.', links: { official: 'https://daily.example' }, asOf: '2026-12-07', relations: [{ type: 'invests-in', target: 'lab-b', date: '2025-02' }] };
    const lab = (id: string, status: string): KbEntity => ({ id, type: 'company', name: id.toUpperCase(), aliases: [{ text: id }], summary: 'An AI lab written for this test.', links: { official: 'https://lab.example' }, asOf: '2026-12-07', relations: [{ type: 'sued-by', target: 'daily-example', date: '2024-06-03', status }] });
    const entities = [outlet, lab('lab-a', 'settled'), lab('lab-b', 'pending'), lab('lab-c', 'dismissed')];
    const small = { entities, byId: new Map(entities.map((e) => [e.id, e])) };
    expect(outletTies(small, 'daily-example', ['lab-a', 'lab-b', 'lab-c']).map((t) => t.line)).toEqual([
      'Daily Example settled its lawsuit against LAB-A (filed Jun 2024)',
      'Daily Example is suing LAB-B (since Jun 2024)',
      'Daily Example has a stake in LAB-B (since Feb 2025)',
    ]);
  });

  it('an article about a model or a chip is about its maker', () => {
    const ids = aboutCompanies(kb, [
      { kbId: 'chatgpt', mentions: [1, 2, 3] },
      { kbId: 'nvidia-h100', mentions: [1] },
      { kbId: 'new-york-times', mentions: [1, 2, 3, 4] },
    ]);
    expect(ids).toEqual(['openai', 'nvidia']);
  });

  it('dates read as a month and a year', () => {
    expect(monthYear('2023-12-27')).toBe('Dec 2023');
    expect(monthYear('2024-05')).toBe('May 2024');
    expect(monthYear('2024')).toBe('2024');
  });
});

describe('the analysis the companion receives names the outlet tie of the article', () => {
  // an FT story about OpenAI, as stage two would send it (written for this test)
  const story = (url: string, siteName: string): AnalyzeRequest => ({
    url,
    title: 'OpenAI adds shopping to ChatGPT as rivals race to build AI agents',
    text: [
      'OpenAI said on Tuesday that ChatGPT would let users buy products without leaving the chatbot, the latest step in a race among AI companies to build agents that act for their users.',
      'The company, led by Sam Altman, said the feature would first reach paying subscribers in the United States. Rivals including Google and Anthropic have shown similar agents built on their own large language models.',
      'Analysts said the move puts OpenAI in competition with online retailers and with the search advertising that pays for much of Google.',
    ].join('\n\n'),
    siteName,
    published: '2026-11-30',
    canonical: null,
    links: [],
  });
  const analyzer = createAnalyzer(async () => defaultCompiledKb());

  it('an article on ft.com about OpenAI carries the FT licensing deal, with its source', async () => {
    const res = await analyzer.analyze(story('https://www.ft.com/content/0000-shopping-agents', 'Financial Times'));
    expect(res.isAI).toBe(true);
    const tie = res.ties.find((t) => t.company.id === 'openai');
    expect(tie?.line).toBe('Financial Times licenses its content to OpenAI (deal of Apr 2024)');
    expect(tie?.source).toMatch(/^https:\/\/techcrunch\.com\//);
  });

  it('a page elsewhere that calls itself the Financial Times gets no tie: the outlet is the address, not the claim', async () => {
    const res = await analyzer.analyze(story('https://ft-news.example/shopping-agents', 'Financial Times'));
    expect(res.isAI).toBe(true);
    expect(res.ties).toEqual([]);
  });
});
