import { describe, expect, it } from 'vitest';
import nlp from 'compromise';
import { compromiseTagger, isFirstName } from '../../src/entities/nlp';

describe('compromise with the knowledge-base plugin', () => {
  it.each([
    ['OpenAI', '#AiCompany'],
    ['ChatGPT', '#AiModel'],
    ['Reuters', '#NewsOutlet'],
    ['Bureau of Industry and Security', '#Agency'],
  ])('tags %s as %s', (name, tag) => {
    expect(nlp(`Yesterday ${name} said so.`).match(tag).text()).toContain(name.split(' ')[0]);
  });

  it('never returns a knowledge-base name as a person', () => {
    const people = compromiseTagger('ChatGPT and Gavin Newsom met Reuters editors and OpenAI staff.').map((s) => s.kind);
    expect(people).toEqual(['person']);
  });

  it('still knows first names as they were before the plugin', () => {
    expect(isFirstName('Michael')).toBe(true);
    expect(isFirstName('Claude')).toBe(true);
    expect(isFirstName('Bedrock')).toBe(false);
  });
});
