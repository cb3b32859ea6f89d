/**
 * The design tokens (extension/shared/tokens.css): every text colour keeps a contrast of at least
 * 4.5:1 (WCAG 2.x, level AA for body text) against the background and the chip colour, in the
 * light theme and in the dark one; the in-page card carries the same tokens inside its shadow root.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { TOKENS_CSS } from '../../extension/shared/tokens';

const css = fs.readFileSync(new URL('../../extension/shared/tokens.css', import.meta.url), 'utf8');
const [light = '', dark = ''] = css.split('@media (prefers-color-scheme: dark)');
const colours = (block: string): Map<string, string> => new Map([...block.matchAll(/--(lens-[a-z-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1]!, m[2]!]));

/** Relative luminance, as WCAG 2 defines it (https://www.w3.org/TR/WCAG21/#dfn-relative-luminance). */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};

const TEXT = ['lens-fg', 'lens-muted', 'lens-accent', 'lens-error', 'lens-ok', 'lens-signal'];

describe('design tokens', () => {
  it('the formula matches known pairs (black on white is 21:1, #767676 on white about 4.54:1)', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  for (const [theme, block] of [['light', light], ['dark', dark]] as const) {
    it(`${theme}: every text colour reads at 4.5:1 or more on the background and on a chip`, () => {
      const c = { ...Object.fromEntries(colours(light)), ...Object.fromEntries(colours(block)) };
      for (const text of TEXT) {
        for (const ground of ['lens-bg', 'lens-chip']) {
          expect(c[text], text).toBeDefined();
          expect(contrast(c[text]!, c[ground]!), `${text} on ${ground}`).toBeGreaterThanOrEqual(4.5);
        }
      }
      // the count badge: the page's background colour written on the signal colour
      expect(contrast(c['lens-bg']!, c['lens-signal']!)).toBeGreaterThanOrEqual(4.5);
      // a focus ring shows against the background (non-text contrast, 3:1)
      expect(contrast(c['lens-focus-colour']!, c['lens-bg']!)).toBeGreaterThanOrEqual(3);
    });
  }

  it('the dark theme redefines every colour the light one sets', () => {
    expect([...colours(dark).keys()].sort()).toEqual([...colours(light).keys()].sort());
  });

  it('the in-page card carries the same tokens inside its shadow root (its :host), the extension pages through page.css', () => {
    expect(TOKENS_CSS).toBe(css);
    expect(css).toMatch(/:root, :host \{/);
    expect(fs.readFileSync(new URL('../../extension/shared/page.css', import.meta.url), 'utf8')).toMatch(/^@import url\('\.\/tokens\.css'\);/);
  });
});
