/** Sentence spans of a text: cheap rules (a stop, then space and a capital; a CJK full stop; a line break), good enough for locality checks. */
export interface Span {
  start: number;
  end: number;
}

/** A stop before a capital, a Chinese or Japanese full stop (no space follows it), or a line break. */
const BOUNDARY = /[.!?]["”’)]?\s+(?=["“‘(]?[\p{Lu}\p{N}])|[。！？]["”’」』）)]?\s*|\n+/gu;
const NOT_AN_END = /\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|St|Inc|Corp|Ltd|Co|No|vs|U\.S|U\.K|E\.U|Jr|Sr)\.["”’)]?\s+$/;

export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  BOUNDARY.lastIndex = 0;
  for (let m = BOUNDARY.exec(text); m; m = BOUNDARY.exec(text)) {
    const end = m.index + m[0].length;
    if (m[0][0] !== '\n' && NOT_AN_END.test(text.slice(Math.max(0, end - 8), end))) continue;
    spans.push({ start, end: m.index + 1 });
    start = end;
  }
  if (start < text.length) spans.push({ start, end: text.length });
  return spans;
}

/** Index of the span containing `pos` (binary search). */
export function spanIndexAt(spans: Span[], pos: number): number {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (spans[mid]!.start <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
