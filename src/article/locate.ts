/**
 * Finds the extracted article's mentions in the live page, as DOM Ranges, without touching the page.
 *
 * 1. Find the live element that holds the story: the lowest common ancestor of the page's paragraphs
 *    whose text opens like one of the article's paragraphs (Readability worked on a clone, so its
 *    choice has to be found again in the live DOM).
 * 2. Flatten that element's text nodes into one string, remembering where each node starts.
 * 3. Search each mention's text there, on word boundaries, and turn hits back into Ranges.
 */

import { ITEMS_PER_CHECK, runAtOnce, type Steps } from './slices';

/** A paragraph shorter than this is too generic to identify the story's container. */
const MIN_PARAGRAPH_CHARS = 60;
/** Characters of a paragraph's opening compared with the page's blocks. */
const PREFIX_CHARS = 48;
/** Per name, at most this many marks: enough for any story, bounded on pathological pages. */
const MAX_RANGES_PER_TEXT = 200;
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'INPUT', 'SELECT', 'BUTTON']);

const fold = (s: string): string => s.replace(/\s+/g, ' ').trim();

/**
 * `fold(el.textContent).slice(0, PREFIX_CHARS)`, from the element's first text nodes only: a block
 * of the page can hold the whole story. Once the folded opening is longer than PREFIX_CHARS, more
 * text cannot change its first PREFIX_CHARS characters (folding only joins and trims white space).
 */
function opening(el: Element): string {
  const walker = el.ownerDocument.createTreeWalker(el, 4 /* SHOW_TEXT */);
  // white space joined as it comes, so a run of empty text nodes costs nothing to keep
  let raw = '';
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    raw = (raw + (t as Text).data).replace(/\s+/g, ' ');
    if (raw.length > PREFIX_CHARS + 1 && raw.trim().length > PREFIX_CHARS) break;
  }
  return raw.trim().slice(0, PREFIX_CHARS);
}

export function liveArticleRoot(doc: Document, articleText: string, within: Element | null = doc.body): Element | null {
  return runAtOnce(liveArticleRootSteps(doc, articleText, within));
}

/** liveArticleRoot as steps that may pause every few dozen elements (./slices.ts). */
export function* liveArticleRootSteps(doc: Document, articleText: string, within: Element | null = doc.body): Steps<Element | null> {
  const prefixes = new Set(
    articleText
      .split('\n\n')
      .map(fold)
      .filter((p) => p.length >= MIN_PARAGRAPH_CHARS)
      .map((p) => p.slice(0, PREFIX_CHARS)),
  );
  const found: Element[] = [];
  if (prefixes.size && within) {
    let n = 0;
    for (const el of Array.from(within.querySelectorAll('p, li, blockquote, pre, td, dd, div'))) {
      if (++n % ITEMS_PER_CHECK === 0) yield;
      if (el.tagName === 'DIV' && el.querySelector('p, div, li')) continue;
      if (prefixes.has(opening(el))) found.push(el);
    }
  }
  if (!found.length) return within !== doc.body ? within : (doc.querySelector('article, main, [itemprop="articleBody"]') ?? doc.body);
  let root: Element = found[0]!;
  for (const el of found.slice(1)) while (!root.contains(el) && root.parentElement) root = root.parentElement;
  return root;
}

export interface TextIndex {
  text: string;
  nodes: Text[];
  starts: number[];
}

/** The text nodes under `root` (skipping scripts, form fields and anything `skip` rejects), flattened. */
export function indexText(root: Element, skip: (el: Element) => boolean = () => false): TextIndex {
  return runAtOnce(indexTextSteps(root, skip));
}

/** indexText as steps that may pause every few hundred text nodes (./slices.ts). */
export function* indexTextSteps(root: Element, skip: (el: Element) => boolean = () => false): Steps<TextIndex> {
  const doc = root.ownerDocument;
  const nodes: Text[] = [];
  const starts: number[] = [];
  let text = '';
  const walker = doc.createTreeWalker(root, 5 /* SHOW_ELEMENT | SHOW_TEXT */, {
    acceptNode: (n) => (n.nodeType === 1 ? (SKIP.has((n as Element).tagName) || skip(n as Element) ? 2 /* REJECT */ : 3 /* SKIP */) : 1 /* ACCEPT */),
  });
  let count = 0;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (++count % (4 * ITEMS_PER_CHECK) === 0) yield;
    const t = n as Text;
    starts.push(text.length);
    nodes.push(t);
    text += t.data;
  }
  return { text, nodes, starts };
}

const WORD = /[\p{L}\p{N}]/u;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');

/** Where a flat offset falls: the text node and the offset inside it. */
function pointAt(idx: TextIndex, offset: number, end: boolean): [Text, number] {
  let lo = 0;
  let hi = idx.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    // an end offset that falls exactly on a node boundary belongs to the node before
    if (idx.starts[mid]! < offset || (!end && idx.starts[mid] === offset)) lo = mid;
    else hi = mid - 1;
  }
  return [idx.nodes[lo]!, offset - idx.starts[lo]!];
}

/** Elements the extension adds to a page are all named ai-news-lens-…; their text is never the story's. */
export const isExtensionElement = (el: Element): boolean => el.tagName.toLowerCase().startsWith('ai-news-lens-');

export interface StoryIndex {
  root: Element;
  idx: TextIndex;
}

/** The live story's container and its text, found once per run and shared by marks and highlights; `scope`: the one story of several being read. */
export function indexStory(doc: Document, articleText: string, scope: Element | null = null): StoryIndex | null {
  return runAtOnce(indexStorySteps(doc, articleText, scope));
}

/** indexStory as steps that may pause (./slices.ts); the content script runs it in slices. */
export function* indexStorySteps(doc: Document, articleText: string, scope: Element | null = null): Steps<StoryIndex | null> {
  const root = yield* liveArticleRootSteps(doc, articleText, scope ?? doc.body);
  return root ? { root, idx: yield* indexTextSteps(root, isExtensionElement) } : null;
}

/** A Range over flat offsets [start, end) of the index. */
export function rangeAt(idx: TextIndex, start: number, end: number): Range | null {
  const doc = idx.nodes[0]?.ownerDocument;
  if (!doc || start < 0 || end > idx.text.length || end <= start) return null;
  const r = doc.createRange();
  const [sn, so] = pointAt(idx, start, false);
  const [en, eo] = pointAt(idx, end, true);
  r.setStart(sn, so);
  r.setEnd(en, eo);
  return r;
}

/** Flat offsets of a Range whose ends lie in indexed text nodes, or null (a selection outside the story). */
export function offsetsOf(idx: TextIndex, r: Range): { start: number; end: number } | null {
  const at = (node: Node, offset: number): number | null => {
    const i = idx.nodes.indexOf(node as Text);
    return i < 0 ? null : idx.starts[i]! + offset;
  };
  const start = at(r.startContainer, r.startOffset);
  const end = at(r.endContainer, r.endOffset);
  return start === null || end === null || end <= start ? null : { start, end };
}

/** Ranges of each text in reading order, on word boundaries. */
export function findRanges(idx: TextIndex, texts: Iterable<string>): Map<string, Range[]> {
  const out = new Map<string, Range[]>();
  const doc = idx.nodes[0]?.ownerDocument;
  if (!doc) return out;
  for (const t of texts) {
    if (out.has(t) || !t.trim()) continue;
    const ranges: Range[] = [];
    const re = new RegExp(escape(t), 'g');
    for (let m = re.exec(idx.text); m && ranges.length < MAX_RANGES_PER_TEXT; m = re.exec(idx.text)) {
      const s = m.index;
      const e = s + m[0].length;
      if ((s > 0 && WORD.test(idx.text[s - 1]!)) || (e < idx.text.length && WORD.test(idx.text[e]!))) continue;
      const r = doc.createRange();
      const [sn, so] = pointAt(idx, s, false);
      const [en, eo] = pointAt(idx, e, true);
      r.setStart(sn, so);
      r.setEnd(en, eo);
      ranges.push(r);
    }
    out.set(t, ranges);
  }
  return out;
}
