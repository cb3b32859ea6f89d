// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { render } from 'preact';
import { OutletTies } from '../../extension/sidepanel/OutletTies';
import { createKnowledgeBase } from '../../src/kb/index';
import { outletTies, type OutletTie } from '../../src/kb/ties';

/** The companion header's outlet-tie line (issue #15): the words, and a source link only when it is http(s). */
describe('the outlet-tie line in the companion header', () => {
  const draw = (ties: OutletTie[]) => {
    const root = document.createElement('div');
    render(<OutletTies ties={ties} />, root);
    return root;
  };

  it('an FT article about OpenAI shows the licensing deal with a link to its source', () => {
    const root = draw(outletTies(createKnowledgeBase(), 'financial-times', ['openai']));
    const li = root.querySelector('li');
    expect(li?.textContent).toBe('Financial Times licenses its content to OpenAI (deal of Apr 2024) · source');
    expect(li?.querySelector('a')?.getAttribute('href')).toMatch(/^https:\/\/techcrunch\.com\//);
    expect(li?.querySelector('a')?.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('draws nothing without ties, and no link for a source that is not http(s)', () => {
    expect(draw([]).childNodes.length).toBe(0);
    const [tie] = outletTies(createKnowledgeBase(), 'new-york-times', ['openai']);
    const root = draw([{ ...tie!, source: 'javascript:alert(1)', line: '<b>x</b> is suing OpenAI' }]);
    expect(root.querySelector('a')).toBeNull();
    expect(root.querySelector('b')).toBeNull();
    expect(root.querySelector('li')?.textContent).toBe('<b>x</b> is suing OpenAI');
  });
});
