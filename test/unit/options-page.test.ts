/** The options page's logic: which section the address selects, and a keyboard help that lists every shortcut. */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { isSectionHash, SECTIONS, sectionFromHash } from '../../src/options/sections';
import { keysOf, SHORTCUTS } from '../../src/options/keyboard';
import { groupByArticle, matchSegments } from '../../src/library/matches';

/** A key code the content script exports (its modules load the browser seam, so they are read as text here). */
const keyCode = (file: string, name: string): string => {
  const m = new RegExp(`export const ${name} = '(Key[A-Z])'`).exec(fs.readFileSync(new URL(`../../extension/content/${file}`, import.meta.url), 'utf8'));
  if (!m) throw new Error(`${name} not found in ${file}`);
  return m[1]!;
};

describe('the address selects a section', () => {
  it.each<[string, string | null]>([
    ['', null],
    ['#', null],
    ['#reading', 'reading'],
    ['#keys', 'keys'],
    ['#history', 'history'],
    ['#entity=alibaba&date=30d', 'highlights'],
    ['#q=chips', 'highlights'],
    ['#nothing-here', null],
    ['#readingx', null],
  ])('%s → %s', (hash, section) => {
    expect(sectionFromHash(hash)).toBe(section);
  });

  it('a section hash is never read as a highlights filter, and section ids are unique', () => {
    expect(isSectionHash('#reading')).toBe(true);
    expect(isSectionHash('#entity=reading')).toBe(false);
    expect(new Set(SECTIONS.map((s) => s.id)).size).toBe(SECTIONS.length);
  });
});

describe('keyboard help', () => {
  const manifest = JSON.parse(fs.readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8')) as { commands: Record<string, { suggested_key: { default: string } }> };

  it('lists every browser command with its default key', () => {
    for (const [command, c] of Object.entries(manifest.commands)) {
      const s = SHORTCUTS.find((x) => x.command === command);
      expect(s, command).toBeDefined();
      expect(s!.keys.join('+')).toBe(c.suggested_key.default);
    }
  });

  it('lists the keys the content script listens for (highlight, note, next and previous mark)', () => {
    const listed = SHORTCUTS.map((s) => s.keys.join('+'));
    for (const code of [keyCode('highlights.ts', 'HIGHLIGHT_KEY'), keyCode('highlights.ts', 'NOTE_KEY'), keyCode('marks.tsx', 'NEXT_KEY'), keyCode('marks.tsx', 'PREV_KEY')]) expect(listed).toContain(`Alt+Shift+${code.replace('Key', '')}`);
  });

  it('shows the key the reader set, or none when they removed it, else the default', () => {
    const next = SHORTCUTS.find((s) => s.command === 'next-mark')!;
    expect(keysOf(next, new Map([['next-mark', 'Ctrl+Shift+9']]))).toEqual(['Ctrl', 'Shift', '9']);
    expect(keysOf(next, new Map([['next-mark', '']]))).toBeNull();
    expect(keysOf(next, new Map())).toEqual(['Alt', 'Shift', 'J']);
    const note = SHORTCUTS.find((s) => s.keys.join('+') === 'Alt+Shift+N')!;
    expect(keysOf(note, new Map([['next-mark', 'X']]))).toEqual(['Alt', 'Shift', 'N']);
  });
});

describe('search matches in the highlights', () => {
  it('marks the start of each word a searched word begins, case ignored, and nothing else', () => {
    expect(matchSegments('Nvidia chips and chipmakers; CHIPS act', 'chip')).toEqual([
      { text: 'Nvidia ', match: false },
      { text: 'chip', match: true },
      { text: 's and ', match: false },
      { text: 'chip', match: true },
      { text: 'makers; ', match: false },
      { text: 'CHIP', match: true },
      { text: 'S act', match: false },
    ]);
  });

  it('joins the segments back into the same text, marks nothing for a one-letter or empty search, and mid-word text is no match', () => {
    const text = 'Qwen3.7-Max beat <b>expectations</b>';
    expect(matchSegments(text, 'qwen max').map((s) => s.text).join('')).toBe(text);
    expect(matchSegments(text, 'a').filter((s) => s.match)).toEqual([]);
    expect(matchSegments(text, '')).toEqual([{ text, match: false }]);
    expect(matchSegments('overexpectations', 'expect').filter((s) => s.match)).toEqual([]);
    expect(matchSegments(text, 'b').some((s) => s.match)).toBe(false);
  });

  it('groups highlights by their article, in the order the list shows them', () => {
    const g = groupByArticle([
      { url: 'a', id: 1 },
      { url: 'b', id: 2 },
      { url: 'a', id: 3 },
    ]);
    expect(g).toEqual([
      { url: 'a', items: [{ url: 'a', id: 1 }, { url: 'a', id: 3 }] },
      { url: 'b', items: [{ url: 'b', id: 2 }] },
    ]);
  });
});
