// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { render } from 'preact';
import { EntityCard } from '../../extension/shared/EntityCard';
import { KB_ENTITIES } from '../../src/kb/index';
import { KbIndex, cardFor, shortMonth, timeAware, type TimeLine } from '../../src/kb/cards';
import type { KbEntity } from '../../src/kb/types';

/** Issue #15: a card read on an older article says what held then and what changed since. */
const idx = new KbIndex(KB_ENTITIES);
const TODAY = '2026-12-07';
const said = (lines: TimeLine[]) => lines.map((l) => `${l.when}: ${l.text}`);

describe('time-aware cards on the shipped knowledge base', () => {
  it('a card on a 2024 article shows the role that held then and the one that replaced it', () => {
    const t = timeAware(cardFor(idx, 'jonathan-ross')!, '2024-06-03T09:00:00Z', TODAY)!;
    expect(said(t.then)).toEqual(['At the time: CEO at Groq']);
    expect(said(t.since)).toContain('Since 24 Dec 2025: at Nvidia');
    expect(t.since.every((l) => /^https:\/\//.test(l.source))).toBe(true);
  });

  it('a current article shows the current role and nothing changed since', () => {
    const t = timeAware(cardFor(idx, 'jonathan-ross')!, '2026-12-01', TODAY)!;
    expect(said(t.then)).toEqual(['At the time: at Nvidia']);
    expect(t.since).toEqual([]);
    // with no article date the card reads as of today
    expect(said(timeAware(cardFor(idx, 'jonathan-ross')!, null, TODAY)!.then)).toEqual(['Now: at Nvidia']);
  });

  it('Mustafa Suleyman: in charge of Copilot on a 2025 article, frontier models since March 2026', () => {
    const t = timeAware(cardFor(idx, 'mustafa-suleyman')!, '2025-05-20', TODAY)!;
    expect(said(t.then)[0]).toMatch(/^At the time: CEO of Microsoft AI, in charge of Copilot/);
    expect(said(t.since)[0]).toMatch(/^Since 17 Mar 2026: CEO of Microsoft AI, leading frontier models/);
  });

  it('a policy replaced since the article says "replaced by …" and that it no longer stands', () => {
    const t = timeAware(cardFor(idx, 'colorado-ai-act')!, '2025-03-10', TODAY)!;
    expect(said(t.then)).toEqual(['At the time: signed']);
    expect(said(t.since)).toEqual(['28 Aug 2025 to 27 Apr 2026: delayed', '27 Apr 2026 to 14 May 2026: frozen', 'Since 14 May 2026: replaced by Colorado SB 26-189']);
    expect(t.since.at(-1)!.ref?.id).toBe('colorado-sb-26-189');
    expect(t.stillInForce).toBe(false);
  });

  it('a law that takes effect later says so from its start date', () => {
    const t = timeAware(cardFor(idx, 'colorado-sb-26-189')!, '2026-06-01', TODAY)!;
    expect(said(t.then)).toEqual(['At the time: signed']);
    expect(said(t.since)).toEqual(['From 1 Jan 2027: in force']);
    expect(t.stillInForce).toBe(true);
  });
});

describe('time-aware lines, by rule', () => {
  const src = 'https://example.org/source';
  const mk = (periods: KbEntity['periods'], type: KbEntity['type'] = 'person'): KbEntity => ({ id: 'p', type, name: 'P', aliases: [{ text: 'P' }], summary: 'A test entity.', links: { official: src }, asOf: TODAY, periods });
  const orgs: KbEntity[] = ['acme', 'globex'].map((id) => ({ id, type: 'company', name: id.toUpperCase(), aliases: [{ text: id.toUpperCase() }], summary: 'A test company.', links: { official: src }, asOf: TODAY }));
  const view = (e: KbEntity) => cardFor(new KbIndex([...orgs, e]), e.id)!;

  it('a role that ended with nothing after it says when it ended', () => {
    const t = timeAware(view(mk([{ fact: 'role', value: 'Chair', org: 'acme', start: '2019', end: '2025-02', source: src }])), '2023-01-01', TODAY)!;
    expect(said(t.then)).toEqual(['At the time: Chair at ACME']);
    expect(said(t.since)).toEqual(['Ended Feb 2025: Chair at ACME']);
  });

  it('a role that had not started yet is not what held then', () => {
    const t = timeAware(view(mk([{ fact: 'role', value: 'CEO', org: 'globex', start: '2024-07-01', source: src }])), '2024-06-30', TODAY)!;
    expect(t.then).toEqual([]);
    expect(said(t.since)).toEqual(['Since 1 Jul 2024: CEO at GLOBEX']);
  });

  it('month precision: a role ending in a month no longer holds from that month on', () => {
    const card = view(mk([{ fact: 'role', value: 'CEO', org: 'acme', start: '2020', end: '2025-12', source: src }]));
    expect(said(timeAware(card, '2025-11-30', TODAY)!.then)).toEqual(['At the time: CEO at ACME']);
    expect(timeAware(card, '2025-12-15', TODAY)!.then).toEqual([]);
  });

  it('an entity without periods has no time line; a future article date reads as today', () => {
    expect(timeAware(view({ ...mk([]), periods: undefined }), '2024-01-01', TODAY)).toBeNull();
    const t = timeAware(view(mk([{ fact: 'role', value: 'CEO', org: 'acme', start: '2020', source: src }])), '2030-01-01', TODAY)!;
    expect(said(t.then)).toEqual(['Now: CEO at ACME']);
  });

  it.each([
    ['2025-12', 'Dec 2025'],
    ['2026-05-14', '14 May 2026'],
    ['2016', '2016'],
  ])('shortMonth(%s) = %s', (d, out) => expect(shortMonth(d)).toBe(out));
});

describe('the card component draws the time line', () => {
  const draw = (id: string, at: string | null) => {
    const el = document.createElement('div');
    render(<EntityCard card={cardFor(idx, id)!} onOpen={() => {}} at={at} today={TODAY} />, el);
    return el;
  };

  it('on a 2024 article: then and since, the new organisation as a button, each with its source', () => {
    const el = draw('jonathan-ross', '2024-06-03');
    const p = el.querySelector('.card-time')!;
    expect(p.textContent).toContain('At the time: CEO at Groq');
    expect(p.textContent).toContain('Since 24 Dec 2025: at Nvidia');
    expect([...p.querySelectorAll('button.ref')].map((b) => b.textContent)).toEqual(expect.arrayContaining(['Groq', 'Nvidia']));
    expect([...p.querySelectorAll('a')].every((a) => a.getAttribute('href')!.startsWith('https://'))).toBe(true);
  });

  it('a replaced policy says it is not in force today', () => {
    const p = draw('colorado-ai-act', '2025-03-10').querySelector('.card-time')!;
    expect(p.textContent).toContain('replaced by Colorado SB 26-189');
    expect(p.textContent).toContain('Not in force today');
  });

  it('a fact with its own source shows a small https source link beside it; a fact without one shows none', () => {
    const co: KbEntity = {
      id: 'acme-labs', type: 'company', name: 'Acme Labs', aliases: [{ text: 'Acme Labs' }], summary: 'A test company that makes nothing.',
      links: { official: 'https://example.org' }, asOf: '2026-12-07', facts: { founded: '2021', hq: 'France' }, sources: { founded: 'https://example.org/founded' },
    };
    const el = document.createElement('div');
    render(<EntityCard card={cardFor(new KbIndex([co]), 'acme-labs')!} onOpen={() => {}} today={TODAY} />, el);
    const founded = el.querySelector('[data-fact="Founded"] dd')!;
    expect(founded.textContent).toBe('2021 source');
    expect(founded.querySelector('a')!.getAttribute('href')).toBe('https://example.org/founded');
    expect(el.querySelector('[data-fact="Headquarters"] a')).toBeNull();
  });

  it('an entity without periods draws no time line', () => {
    expect(draw('anthropic', '2024-01-01').querySelector('.card-time')).toBeNull();
  });
});
