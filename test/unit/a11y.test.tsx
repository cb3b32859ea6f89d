// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import axe from 'axe-core';
import { Context } from '../../extension/sidepanel/Context';
import { EntityCard } from '../../extension/shared/EntityCard';
import { FollowItem } from '../../extension/options/FollowItem';
import { describe as describeSel } from '../../src/annotate/anchor';
import type { FollowedView } from '../../src/library/follows';
import { KB_ENTITIES } from '../../src/kb/index';
import { KbIndex, cardFor, cardForUnknown } from '../../src/kb/cards';
import type { EntityCard as Card, PanelState } from '../../src/messaging/protocol';

/**
 * Accessibility of the UI components, checked with axe in a DOM: roles, names, labels, contrast
 * rules that can be computed without layout. (Colour contrast needs a real renderer and is left
 * to the browser screenshots.)
 */
// jsdom has no canvas; axe only uses it to detect icon fonts, so it may simply get none
HTMLCanvasElement.prototype.getContext = (() => null) as unknown as typeof HTMLCanvasElement.prototype.getContext;
const idx = new KbIndex(KB_ENTITIES);
const entity = (over: Partial<Card>): Card => ({
  name: 'Anthropic', type: 'company', kbId: 'anthropic', summary: 'An AI lab.', mentionCount: 3, firstMention: { start: 0, end: 9 },
  family: null, familyId: null, maker: null, status: null, mentionTexts: ['Anthropic'], why: ['kb-alias'], ...over,
});
const entities = [
  entity({}),
  entity({ name: 'Qwen3.7-Max', type: 'model', kbId: null, summary: null, family: 'Qwen', familyId: 'qwen', maker: 'Alibaba Cloud', mentionTexts: ['Qwen3.7-Max'] }),
  entity({ name: 'EU AI Act', type: 'policy', kbId: 'eu-ai-act', status: 'in force', mentionTexts: ['EU AI Act'] }),
];

async function violations(root: HTMLElement) {
  const r = await axe.run(root, { rules: { 'color-contrast': { enabled: false }, region: { enabled: false } } });
  return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('accessibility (axe)', () => {
  const host = document.createElement('div');
  document.body.append(host);
  document.documentElement.lang = 'en';
  afterEach(() => render(null, host));

  const props = {
    title: 'Anthropic accuses a rival', story: 'IP dispute' as const, outlet: 'The Wire Ledger', published: '2026-11-24T09:30:00Z',
    cited: [{ href: 'https://www.reuters.com/x', text: 'Reuters reported', kind: 'report' as const, source: 'Reuters' }],
    entities, isAI: true, yours: <p>Your highlights</p>,
    loadCard: async () => cardFor(idx, 'anthropic'), onJump: () => true,
  };

  it("the companion's Context view", async () => {
    render(<Context {...props} />, host);
    expect(await violations(host)).toEqual([]);
    expect(host.querySelector('aside')?.getAttribute('aria-label')).toBe('AI News Lens');
    for (const b of Array.from(host.querySelectorAll('button'))) expect((b.textContent ?? '').trim() || b.getAttribute('aria-label')).toBeTruthy();
    // no fold, side or close controls: the browser's side panel or sidebar has its own
    expect(host.querySelector('[aria-expanded="false"].tab, .resize, [aria-label^="Collapse"]')).toBeNull();
  });

  it('its two tabs: Notes & related shows the reader\'s view and hides the context, still without violations', async () => {
    render(<Context {...props} />, host);
    const tabs = Array.from(host.querySelectorAll<HTMLButtonElement>('[role="tab"]'));
    expect(tabs.map((t) => [t.textContent, t.getAttribute('aria-selected')])).toEqual([['Context', 'true'], ['Notes & related', 'false']]);
    tabs[1]!.click();
    await vi.waitFor(() => expect(host.querySelector<HTMLElement>('#anl-view-yours')!.hidden).toBe(false));
    expect(host.querySelector<HTMLElement>('#anl-view-context')!.hidden).toBe(true);
    expect(host.querySelector('#anl-view-yours')!.textContent).toBe('Your highlights');
    expect(await violations(host)).toEqual([]);
  });

  it.each(['anthropic', 'qwen', 'eu-ai-act', 'openai', 'dario-amodei'])('the card of %s', async (id) => {
    render(<EntityCard card={cardFor(idx, id)!} onOpen={() => undefined} />, host);
    expect(await violations(host)).toEqual([]);
  });

  it('the card of a model found by its shape', async () => {
    render(<EntityCard card={cardForUnknown(idx, 'Qwen3.7-Max', 'model', 'qwen')} onOpen={() => undefined} />, host);
    expect(await violations(host)).toEqual([]);
  });

  const followed: FollowedView = {
    key: 'thread:t-1', kind: 'thread', name: 'Anthropic – Alibaba', since: '2026-11-01T00:00:00Z', seen: '2026-11-05T00:00:00Z', unread: 1,
    articles: [
      { url: 'https://news.example/a', title: 'Anthropic accuses Alibaba', outlet: 'Frontier Wire', date: '2026-10-19T09:15:00Z', unread: false },
      { url: 'javascript:alert(1)', title: 'A damaged record', outlet: null, date: '2026-11-03T17:30:00Z', unread: true },
    ],
    annotations: [{ id: 'a1', url: 'https://news.example/a', urls: [], title: 'Anthropic accuses Alibaba', fingerprint: '', selectors: describeSel('millions of queries', 0, 19), note: 'see **logs**', tags: [], created: '2026-11-01T10:00:00Z', updated: '2026-11-01T10:00:00Z' }],
  };

  it('a followed thread, closed: one named disclosure button saying how many are new, and Unfollow', async () => {
    render(<ul><FollowItem v={followed} n={0} fresh={null} onToggle={() => undefined} onUnfollow={() => undefined} /></ul>, host);
    expect(await violations(host)).toEqual([]);
    const toggle = host.querySelector('button.follow-toggle')!;
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(toggle.textContent).toContain('1 new');
    expect(host.querySelector('[aria-label="Unfollow Anthropic – Alibaba"]')).not.toBeNull();
    expect(host.querySelector('.timeline')).toBeNull();
  });

  it('a followed thread, open: timeline with web links only, the new article marked, highlights with notes', async () => {
    render(<ul><FollowItem v={followed} n={0} fresh={new Set(['javascript:alert(1)'])} onToggle={() => undefined} onUnfollow={() => undefined} /></ul>, host);
    expect(await violations(host)).toEqual([]);
    expect(host.querySelector('button.follow-toggle')!.getAttribute('aria-expanded')).toBe('true');
    expect(host.querySelector('#' + host.querySelector('button.follow-toggle')!.getAttribute('aria-controls'))).not.toBeNull();
    expect(Array.from(host.querySelectorAll('.timeline a'), (a) => a.getAttribute('href'))).toEqual(['https://news.example/a']);
    expect(host.querySelector('.timeline li.new')?.textContent).toContain('A damaged record');
    expect(host.querySelector('.follow-annotation .note-body strong')?.textContent).toBe('logs');
    expect(host.querySelector('.follow-annotation a')?.getAttribute('href')).toBe('https://news.example/a#:~:text=millions%20of%20queries');
  });
});

describe('accessibility (axe): correcting a link in the companion', () => {
  const host = document.createElement('div');
  document.body.append(host);
  afterEach(() => render(null, host));

  it('every control of "Correct a link" has a name; a name found by its shape offers no "Not <entity>"', async () => {
    // the companion's messaging module needs a WebExtension runtime; jsdom has none, and this view sends nothing until used
    (globalThis as unknown as { chrome: unknown }).chrome = { runtime: { id: 'test', sendMessage: () => Promise.resolve() } };
    const { Corrections } = await import('../../extension/sidepanel/Corrections');
    const state = {
      site: 'news.example',
      entities: [
        { key: 'claude', name: 'Claude', type: 'model' as const, texts: ['Claude', 'Haiku'] },
        { key: 'model:Fable 5', name: 'Fable 5', type: 'model' as const, texts: ['Fable 5'] },
      ],
    } as unknown as PanelState;
    render(<Corrections tabId={4} state={state} />, host);
    expect(await violations(host)).toEqual([]);
    const options = Array.from(host.querySelectorAll('select[name="correct-name"] option'), (o) => o.textContent);
    expect(options).toEqual(['Choose a name…', '“Claude” → Claude', '“Haiku” → Claude', '“Fable 5” (model, found by its shape)']);
    expect(host.querySelector('input[name="scope"][value="site"]')?.parentElement?.textContent).toContain('news.example');
    // a card's "Correct a link": that entity's first name is chosen and the form has focus
    render(<Corrections tabId={4} state={state} ask={{ id: 'claude', n: 1 }} />, host);
    // the choice is made in an effect after the render: wait for it (not for a fixed time, which a loaded machine overruns)
    const select = host.querySelector<HTMLSelectElement>('select[name="correct-name"]')!;
    await vi.waitFor(() => expect(select.selectedOptions[0]?.textContent).toBe('“Claude” → Claude'), { timeout: 5_000 });
    expect(document.activeElement).toBe(select);
    expect(host.querySelector('button[name="not-this"]')?.textContent).toBe('Not Claude');
  });
});
