/**
 * Describing a selection as W3C Web Annotation selectors, and finding it again in a text that may
 * have changed since: `describe()` and `anchor()` are the only two entry points.
 *
 * anchor():
 * 1. Position: the TextPositionSelector still points at the exact quote, with its context.
 * 2. Exact quote: every occurrence of the quote, ranked by how well the text around it matches the
 *    stored prefix/suffix and how near it is to the old position.
 * 3. Fuzzy quote: approximate matches (bit-parallel edit distance, approx-string-match) scored on the
 *    quote, its context and its position; accepted only above thresholds chosen so that a deleted
 *    quote becomes an orphan rather than landing on the wrong words.
 */
import search from 'approx-string-match';

export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix: string;
  suffix: string;
}
export interface TextPositionSelector {
  type: 'TextPositionSelector';
  start: number;
  end: number;
}
export type Selector = TextQuoteSelector | TextPositionSelector;

export interface Anchored {
  start: number;
  end: number;
  /** 0..1, how sure: 1 for an exact quote with its context. */
  score: number;
  method: 'position' | 'quote' | 'fuzzy';
}

/** Characters of context stored on each side: enough to tell repeated phrases apart. */
export const CONTEXT_CHARS = 32;
/** A fuzzy match must keep at least this share of the quote's characters. */
const MIN_FUZZY_QUOTE = 0.8;
/**
 * Phrases repeat in an article ("the Cyberspace Administration of China"): a fuzzy match of a quote
 * under this length also needs its context, or a changed occurrence would land on another one.
 */
const SHORT_QUOTE = 64;
const MIN_SHORT_CONTEXT = 0.5;
/** An exact quote at least this long is taken even where its context changed: it is unlikely to repeat. */
const LONG_QUOTE = 40;
/** Context shorter than this (a quote at the very start or end) cannot locate an edited quote. */
const MIN_CONTEXT = 12;
/** Between its intact context, an edited quote must still keep this share of its characters. */
const MIN_EDITED_QUOTE = 0.5;
/** Prefix and suffix must both match at least this well to stand in for the quote. */
const MIN_LOCATING_CONTEXT = 0.85;
/** Weights of the parts of a match's score. */
const W = { quote: 50, prefix: 20, suffix: 20, position: 2 };

export function describe(text: string, start: number, end: number): [TextQuoteSelector, TextPositionSelector] {
  return [
    { type: 'TextQuoteSelector', exact: text.slice(start, end), prefix: text.slice(Math.max(0, start - CONTEXT_CHARS), start), suffix: text.slice(end, end + CONTEXT_CHARS) },
    { type: 'TextPositionSelector', start, end },
  ];
}

/** Similarity 0..1 of `s` to `pattern`, allowing edits: 1 - errors / length (of the best match inside `s`). */
function similarity(s: string, pattern: string): number {
  if (!pattern) return 1;
  if (!s) return 0;
  const matches = search(s, pattern, Math.ceil(pattern.length / 2));
  if (!matches.length) return 0;
  return 1 - Math.min(...matches.map((m) => m.errors)) / pattern.length;
}

function contextScore(text: string, q: TextQuoteSelector, start: number, end: number): { prefix: number; suffix: number } {
  const before = text.slice(Math.max(0, start - q.prefix.length - 4), start);
  const after = text.slice(end, end + q.suffix.length + 4);
  return {
    prefix: q.prefix ? (before.endsWith(q.prefix) ? 1 : similarity(before, q.prefix)) : 1,
    suffix: q.suffix ? (after.startsWith(q.suffix) ? 1 : similarity(after, q.suffix)) : 1,
  };
}

function total(quote: number, prefix: number, suffix: number, position: number): number {
  return (W.quote * quote + W.prefix * prefix + W.suffix * suffix + W.position * position) / (W.quote + W.prefix + W.suffix + W.position);
}

/** The text between a close match of the prefix and a close match of the suffix right after it. */
function betweenContext(text: string, q: TextQuoteSelector, near: (start: number) => number): Anchored | null {
  let best: Anchored | null = null;
  const prefixes = search(text, q.prefix, Math.floor(q.prefix.length * (1 - MIN_LOCATING_CONTEXT)));
  for (const p of prefixes.slice(0, 50)) {
    const windowEnd = p.end + Math.ceil(q.exact.length * 1.5) + q.suffix.length + 8;
    const window = text.slice(p.end, windowEnd);
    for (const s of search(window, q.suffix, Math.floor(q.suffix.length * (1 - MIN_LOCATING_CONTEXT)))) {
      const start = p.end;
      const end = p.end + s.start;
      if (end <= start) continue;
      const quote = similarity(q.exact, text.slice(start, end)) * Math.min(1, (end - start) / q.exact.length, q.exact.length / (end - start));
      if (quote < MIN_EDITED_QUOTE) continue;
      const score = total(quote, 1 - p.errors / q.prefix.length, 1 - s.errors / q.suffix.length, near(start));
      if (!best || score > best.score) best = { start, end, score, method: 'fuzzy' };
    }
  }
  return best;
}

export function anchor(text: string, selectors: Selector[]): Anchored | null {
  const q = selectors.find((s): s is TextQuoteSelector => s.type === 'TextQuoteSelector');
  const pos = selectors.find((s): s is TextPositionSelector => s.type === 'TextPositionSelector');
  if (!q || !q.exact) return null;
  const hint = pos?.start ?? 0;
  const near = (start: number) => 1 - Math.min(1, Math.abs(start - hint) / Math.max(1, text.length));

  // 1. position
  if (pos && text.slice(pos.start, pos.end) === q.exact) {
    const c = contextScore(text, q, pos.start, pos.end);
    if (c.prefix === 1 || c.suffix === 1) return { start: pos.start, end: pos.end, score: total(1, c.prefix, c.suffix, 1), method: 'position' };
  }

  // 2. exact quote
  let best: Anchored | null = null;
  for (let at = text.indexOf(q.exact); at >= 0; at = text.indexOf(q.exact, at + 1)) {
    const c = contextScore(text, q, at, at + q.exact.length);
    const score = total(1, c.prefix, c.suffix, near(at));
    if (!best || score > best.score) best = { start: at, end: at + q.exact.length, score, method: 'quote' };
  }
  // an exact quote whose context is gone entirely may be a different occurrence; let fuzzy compete
  if (best && best.score >= total(1, 0.5, 0.5, 0)) return best;

  // 3. fuzzy quote
  const maxErrors = Math.floor(q.exact.length * (1 - MIN_FUZZY_QUOTE));
  let fuzzy: Anchored | null = null;
  if (maxErrors > 0) {
    for (const m of search(text, q.exact, maxErrors)) {
      const quote = 1 - m.errors / q.exact.length;
      const c = contextScore(text, q, m.start, m.end);
      if (q.exact.length < SHORT_QUOTE && (c.prefix + c.suffix) / 2 < MIN_SHORT_CONTEXT) continue;
      const score = total(quote, c.prefix, c.suffix, near(m.start));
      if (!fuzzy || score > fuzzy.score) fuzzy = { start: m.start, end: m.end, score, method: 'fuzzy' };
    }
  }
  // 4. the quote changed more than a fuzzy match allows, but its context is still there on both sides
  if (!fuzzy && q.prefix.length >= MIN_CONTEXT && q.suffix.length >= MIN_CONTEXT) fuzzy = betweenContext(text, q, near);
  if (fuzzy && (!best || fuzzy.score > best.score)) return fuzzy;
  // a short exact quote with none of its context may be the same words somewhere else: an orphan is better
  return best && q.exact.length >= LONG_QUOTE ? best : null;
}

/**
 * Anchors many annotations without holding the main thread: works in slices of at most `sliceMs`,
 * yielding between them, and reports each result as it comes.
 */
export async function anchorAll<T extends { selectors: Selector[] }>(
  text: string,
  items: T[],
  onResult: (item: T, a: Anchored | null) => void,
  opts: { sliceMs?: number; yield?: () => Promise<void> } = {},
): Promise<{ longestSliceMs: number }> {
  const sliceMs = opts.sliceMs ?? 8;
  const pause = opts.yield ?? (() => new Promise<void>((r) => setTimeout(r, 0)));
  let longest = 0;
  let sliceStart = performance.now();
  for (const item of items) {
    onResult(item, anchor(text, item.selectors));
    const spent = performance.now() - sliceStart;
    if (spent >= sliceMs) {
      longest = Math.max(longest, spent);
      await pause();
      sliceStart = performance.now();
    }
  }
  return { longestSliceMs: Math.max(longest, performance.now() - sliceStart) };
}
