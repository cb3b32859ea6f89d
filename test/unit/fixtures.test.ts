import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { analyzeDocument } from '../../src/pipeline';
import { compromiseOptions } from '../../src/entities/nlp';

/** Our own fixture pages (test/fixtures/pages/<slug>/page.html + expected.json) through the whole Node pipeline. */
const dir = path.resolve('test/fixtures/pages');
const norm = (s: string) => s.toLowerCase().replace(/[’']s\b/g, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

interface Expected {
  isArticle: boolean;
  isAI: boolean;
  title: string;
  entities: { name: string; type: string }[];
  mustNotFind: string[];
}

const cases = fs.readdirSync(dir).filter((s) => fs.existsSync(path.join(dir, s, 'expected.json')));

describe.each(cases)('fixture %s', (slug) => {
  const expected = JSON.parse(fs.readFileSync(path.join(dir, slug, 'expected.json'), 'utf8')) as Expected;
  const { document } = parseHTML(fs.readFileSync(path.join(dir, slug, 'page.html'), 'utf8'));
  const r = analyzeDocument(document as unknown as Document, compromiseOptions);
  const names = (e: { name: string; mentions: { text: string }[] }) => [e.name, ...e.mentions.map((m) => m.text)].map(norm);

  it('is detected as expected', () => {
    expect({ isArticle: r.article.isArticle, isAI: r.article.isArticle && r.isAI }).toEqual({ isArticle: expected.isArticle, isAI: expected.isAI });
  });

  it.runIf(expected.isAI)('finds the entities a reader needs, with their types', () => {
    const missing = expected.entities.filter((x) => !r.entities.some((e) => names(e).includes(norm(x.name)) && e.type === x.type));
    expect(missing.map((m) => `${m.name} (${m.type})`)).toEqual([]);
  });

  it.runIf(expected.isAI)('does not report the listed non-entities', () => {
    const bad = expected.mustNotFind.filter((w) => r.entities.some((e) => names(e).includes(norm(w))));
    expect(bad).toEqual([]);
  });

  it.runIf(!expected.isAI)('links none of its trap words to an AI company or model', () => {
    const linked = r.entities.filter((e) => (e.type === 'model' || e.type === 'company') && expected.mustNotFind.some((w) => names(e).includes(norm(w))));
    expect(linked.map((e) => `${e.name} (${e.kbId ?? e.type})`)).toEqual([]);
  });
});
