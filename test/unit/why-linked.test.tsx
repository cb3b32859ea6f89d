// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { render } from 'preact';
import { EntityCard } from '../../extension/shared/EntityCard';
import { analyzeText } from '../../src/entities/extract';
import { compromiseOptions } from '../../src/entities/nlp';
import { toCards } from '../../src/analysis/cards';
import { createKnowledgeBase, KB_ENTITIES } from '../../src/kb/index';
import { KbIndex, cardFor, whyLinked } from '../../src/kb/cards';

/** Every card says why its mention was linked (issue #12): the reason in words, with what matched. */
const kb = createKnowledgeBase();
const byId = new Map(KB_ENTITIES.map((e) => [e.id, e]));

describe('whyLinked: the reason in words', () => {
  it.each([
    [['kb-alias'], ['H100'], 'nvidia-h100', null, 'Why linked: knowledge-base alias "H100".'],
    [['kb-alias'], ['Blackwell'], 'nvidia-blackwell', null, 'Why linked: knowledge-base alias "Blackwell" (a name with other meanings, linked from the AI context around it).'],
    [['pattern:model-version'], ['Qwen3.7-Max'], undefined, 'Qwen', 'Why linked: shape of a versioned model name (Qwen family).'],
    [['pattern:hardware-code'], ['B400'], undefined, null, 'Why linked: shape of a chip code next to its maker, family or a chip word ("Nvidia B400", "TPU v8").'],
    [['pattern:policy'], ['the Chip Safety Act'], undefined, null, 'Why linked: shape of a policy name ("… Act", "Executive Order …", a bill number, a named rule).'],
    [['nlp:person', 'nlp:surname'], ['Jane Roe', 'Roe'], undefined, null, "Why linked: the language tagger read it as a person's name; surname of a person named in full earlier in the article."],
  ])('%j %j → %s', (why, mentions, id, family, line) => {
    expect(whyLinked(why, mentions, { entity: id ? byId.get(id) : undefined, family })).toBe(line);
  });

  it('quotes at most three aliases', () => {
    expect(whyLinked(['kb-alias'], ['A', 'B', 'C', 'D'])).toBe('Why linked: knowledge-base alias "A", "B", "C".');
  });
});

describe('each entity of an analysed article carries its line, and the card shows it', () => {
  const text = 'AI labs are racing to release new language models. Nvidia said the H100 and its next chip, the Nvidia B400, sold out, and Qwen4.9-Max topped a chatbot ranking.';
  const cards = toCards(analyzeText(text, '', compromiseOptions), kb);

  it.each([
    ['Nvidia', 'Why linked: knowledge-base alias "Nvidia".'],
    ['H100', 'Why linked: knowledge-base alias "H100".'],
    ['B400', 'Why linked: shape of a chip code next to its maker, family or a chip word ("Nvidia B400", "TPU v8").'],
    ['Qwen4.9-Max', 'Why linked: shape of a versioned model name (Qwen family).'],
  ])('%s', (name, line) => {
    expect(cards.find((c) => c.name === name)?.whyLinked).toBe(line);
  });

  it('the card draws the line', () => {
    const host = document.createElement('div');
    const h100 = cards.find((c) => c.name === 'H100')!;
    render(<EntityCard card={cardFor(new KbIndex(KB_ENTITIES), h100.kbId!)!} onOpen={() => undefined} why={h100.whyLinked} />, host);
    expect(host.querySelector('.card-why')?.textContent).toBe('Why linked: knowledge-base alias "H100".');
  });
});
