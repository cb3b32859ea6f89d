/**
 * Where a search's words occur in a highlight's text, so the options page can mark them. The
 * library's search (searchIndex) matches words by prefix, so a word of the text that starts with a
 * searched word is marked, ignoring case. The result is plain segments: the page builds `<mark>`
 * elements and text nodes from them, never markup from the text.
 */
export interface Segment {
  text: string;
  match: boolean;
}

/** Searched words shorter than this are not marked: "a" would mark half the quote. */
const MIN_TERM = 2;

export function matchSegments(text: string, query: string): Segment[] {
  const terms = [...new Set(query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((t) => t.length >= MIN_TERM))];
  if (!terms.length || !text) return text ? [{ text, match: false }] : [];
  const out: Segment[] = [];
  const push = (t: string, match: boolean) => {
    if (!t) return;
    const last = out[out.length - 1];
    if (last && last.match === match) last.text += t;
    else out.push({ text: t, match });
  };
  let at = 0;
  for (const w of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const lower = w[0].toLowerCase();
    const term = terms.filter((t) => lower.startsWith(t)).sort((a, b) => b.length - a.length)[0];
    if (!term) continue;
    push(text.slice(at, w.index), false);
    push(text.slice(w.index, w.index + term.length), true);
    at = w.index + term.length;
  }
  push(text.slice(at), false);
  return out;
}

/** Groups items by article (their canonical URL), in the order each article first appears. */
export function groupByArticle<T extends { url: string }>(items: readonly T[]): { url: string; items: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const x of items) {
    const g = groups.get(x.url);
    if (g) g.push(x);
    else groups.set(x.url, [x]);
  }
  return [...groups].map(([url, its]) => ({ url, items: its }));
}
