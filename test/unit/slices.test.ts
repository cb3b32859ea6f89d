// Stage two's passes run in slices in the page (src/article/slices.ts): the sliced run must give
// exactly what the straight run gives, pause on big pages, and stop when a newer run takes over.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { extractArticle, extractArticleSteps } from '../../src/article/extract';
import { indexStory, indexStorySteps, type StoryIndex } from '../../src/article/locate';
import { runAtOnce, runInSlices, Superseded, type Slicer } from '../../src/article/slices';
import { mentionsAI, textStart } from '../../src/article/signals';

const FIXTURES = path.resolve('test/fixtures/pages');
const REALPAGES = path.resolve('../shared/corpus/realpages');
const fixturePages = fs.readdirSync(FIXTURES).map((d) => path.join(FIXTURES, d, 'page.html')).filter((f) => fs.existsSync(f));
const realPages = fs.existsSync(REALPAGES) ? fs.readdirSync(REALPAGES).filter((f) => f.endsWith('.html')).map((f) => path.join(REALPAGES, f)) : [];

/**
 * A clock that moves 1 ms per look: with a budget of 1 ms the run pauses at every point it may
 * (into a later macrotask), with a larger one every `budget` points (a microtask: the real pages are many).
 */
function eagerSlicer(budget = 1): Slicer & { pauses: number } {
  let t = 0;
  const s = {
    pauses: 0,
    budgetMs: budget,
    now: () => t++,
    pause: () => {
      s.pauses++;
      return budget === 1 ? new Promise<void>((r) => setImmediate(r)) : Promise.resolve();
    },
  };
  return s;
}

const load = (f: string) => parseHTML(fs.readFileSync(f, 'utf8')).document as unknown as Document;
const indexShape = (s: StoryIndex | null) => s && { root: s.root, text: s.idx.text, starts: s.idx.starts, nodes: s.idx.nodes };

async function sameBothWays(file: string, budget = 1): Promise<number> {
  const doc = load(file);
  const slicer = eagerSlicer(budget);
  const sliced = await runInSlices(extractArticleSteps(doc), slicer);
  const straight = extractArticle(doc);
  expect(sliced).toEqual(straight);
  const story = await runInSlices(indexStorySteps(doc, straight.text), slicer);
  const storyStraight = indexStory(doc, straight.text);
  expect(indexShape(story)).toEqual(indexShape(storyStraight));
  if (story && storyStraight) expect(story.root).toBe(storyStraight.root);
  // the gate reads the opening of the body's text without building the whole of it
  const body = doc.body;
  if (body) expect(textStart(body, 6000)).toBe((body.textContent ?? '').slice(0, 6000));
  return slicer.pauses;
}

describe('stage two in slices', () => {
  it('gives the same article and story index as the straight run on every fixture page, pausing many times', async () => {
    let pauses = 0;
    for (const f of fixturePages) pauses += await sameBothWays(f);
    expect(fixturePages.length).toBeGreaterThan(5);
    expect(pauses).toBeGreaterThan(fixturePages.length * 5);
  }, 120_000);

  it.runIf(realPages.length > 0)(
    'gives the same article and story index on every real page of ../shared/corpus/realpages',
    async () => {
      for (const f of realPages) await sameBothWays(f, 16);
    },
    600_000,
  );

  it('a newer run stops an older one at its next pause, and the older one changes nothing after it', async () => {
    const doc = load(fixturePages[0]!);
    let generation = 1;
    const mine = generation;
    const slicer = eagerSlicer();
    const after: string[] = [];
    const run = runInSlices(extractArticleSteps(doc), slicer, () => mine === generation).then((a) => after.push(a.title));
    generation++; // the page navigated: a newer run took over
    await expect(run).rejects.toBeInstanceOf(Superseded);
    expect(slicer.pauses).toBe(1);
    expect(after).toEqual([]);
  });

  it('runs without pausing while a slice is under its budget', async () => {
    const doc = load(fixturePages[0]!);
    const slicer: Slicer & { pauses: number } = { pauses: 0, budgetMs: Infinity, now: () => 0, pause: async () => void slicer.pauses++ };
    expect(await runInSlices(extractArticleSteps(doc), slicer)).toEqual(runAtOnce(extractArticleSteps(doc)));
    expect(slicer.pauses).toBe(0);
  });

  it('the gate still finds AI words past a long run of text nodes, within its first 6,000 characters only', () => {
    const filler = '<span>lorem ipsum </span>'.repeat(300); // 3,600 characters
    const early = parseHTML(`<html><head><title>x</title></head><body><main>${filler}<p>OpenAI released a model.</p></main></body></html>`).document as unknown as Document;
    const late = parseHTML(`<html><head><title>x</title></head><body><main>${filler.repeat(2)}<p>OpenAI released a model.</p></main></body></html>`).document as unknown as Document;
    expect(mentionsAI(early)).toBe(true);
    expect(mentionsAI(late)).toBe(false);
  });
});
