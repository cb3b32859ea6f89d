import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../src/entities/extract';
import { compromiseOptions } from '../../src/entities/nlp';

/**
 * The project's seed article in the shared evaluation corpus (kept outside this repository; the
 * test runs where it is present, as on the developers' machines and in CI).
 */
const seed = path.resolve('../shared/corpus/dev/000.json');

describe.runIf(fs.existsSync(seed))('the seed article (../shared/corpus/dev/000.json)', () => {
  // read when a test runs, not while the suite is collected: a clone without ../shared skips cleanly
  let r: ReturnType<typeof analyzeText> | undefined;
  const result = () => {
    if (!r) {
      const a = JSON.parse(fs.readFileSync(seed, 'utf8')) as { title: string; text: string };
      r = analyzeText(a.text, a.title, compromiseOptions);
    }
    return r;
  };
  const find = (name: string) => result().entities.find((e) => e.name === name || e.mentions.some((m) => m.text === name));

  it('is about the AI industry', () => expect(result().isAI).toBe(true));

  it.each([
    ['Anthropic', 'company'],
    ['Alibaba', 'company'],
    ['Claude', 'model'],
    ['Claude Code', 'model'],
    ['Qwen3.7-Max', 'model'],
    ['Reuters', 'outlet'],
    ['Bloomberg', 'outlet'],
    ['Financial Times', 'outlet'],
  ])('finds %s as a %s', (name, type) => {
    expect(find(name)?.type).toBe(type);
  });

  it('never calls Claude a person', () => {
    expect(result().entities.filter((e) => e.type === 'person' && e.mentions.some((m) => /\bClaude\b/.test(m.text)))).toEqual([]);
  });
});
