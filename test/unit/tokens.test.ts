import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/entities/tokens';
import { AliasMatcher } from '../../src/entities/matcher';

describe('tokenize', () => {
  it.each([
    ['Qwen3.7-Max beats GPT-5.1-Codex', ['Qwen3.7-Max', 'beats', 'GPT-5.1-Codex']],
    ['Jean-Claude Juncker', ['Jean-Claude', 'Juncker']],
    ['a Claude-powered tool', ['a', 'Claude', 'powered', 'tool']],
    ['the U.S. Commerce Department', ['the', 'U', 'S', 'Commerce', 'Department']],
    ['flight AI-171 landed', ['flight', 'AI-171', 'landed']],
    ["Anthropic's model and O'Brien", ['Anthropic', 'model', 'and', "O'Brien"]],
    ['use of Claude.Anthropic, via Reuters', ['use', 'of', 'Claude', 'Anthropic', 'via', 'Reuters']],
  ])('%s', (text, words) => {
    expect(tokenize(text).map((t) => t.text)).toEqual(words);
  });

  it('records possessives without putting them in the word, and keeps offsets', () => {
    const [t] = tokenize("Anthropic’s lawyers");
    expect(t).toMatchObject({ text: 'Anthropic', start: 0, end: 9, possessive: true });
  });
});

describe('AliasMatcher', () => {
  const m = new AliasMatcher([
    { text: 'Claude', value: 'claude' },
    { text: 'Claude Code', value: 'claude-code' },
    { text: 'Google DeepMind', value: 'gdm' },
    { text: 'FT', value: 'ft' },
    { text: 'nvidia', caseInsensitive: true, value: 'nvidia' },
  ]);
  const found = (text: string) => m.match(text).map((h) => [h.value, text.slice(h.start, h.end)]);

  it('prefers the longest alias', () => {
    expect(found('Claude Code runs Claude')).toEqual([
      ['claude-code', 'Claude Code'],
      ['claude', 'Claude'],
    ]);
  });
  it('respects case rules per alias', () => {
    expect(found('ft and FT and NVIDIA and Nvidia')).toEqual([
      ['ft', 'FT'],
      ['nvidia', 'NVIDIA'],
      ['nvidia', 'Nvidia'],
    ]);
  });
  it('does not match inside a hyphenated name or across sentence punctuation', () => {
    expect(found('Jean-Claude said Google. DeepMind did')).toEqual([]);
  });
  it('matches a possessive by its base', () => {
    expect(found("Claude's answer")).toEqual([['claude', 'Claude']]);
  });
});
