/**
 * The article text every later stage indexes into: block elements become paragraphs separated by
 * a blank line, `<br>` a line break, runs of whitespace one space. The same function runs on the
 * Readability output in Node and in the page, so offsets mean the same everywhere.
 */
const BLOCKS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE',
  'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE',
  'SECTION', 'TABLE', 'TR', 'UL',
]);
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'IFRAME', 'BUTTON', 'SELECT', 'TEXTAREA']);

/** Class or id of a block that is a teaser, share bar or advert inside the body, not the story. */
const BOILERPLATE_CLASS = /(?:^|[-_\s])(?:related|read-?more|see-?also|also-?read|recommended|recirc|promo|newsletter|share|sharing|social|teaser|advert|advertisement|ads?|sponsored|outbrain|taboola)(?:$|[-_\s])/i;
/** A short block that opens like this and carries a link is a pointer to another story. */
const POINTER_PREFIX = /^\s*(?:read more|read also|also read|related|see also|more on this|recommended|watch|listen)\b\s*[:|-]/i;
/** Blocks shorter than this whose text is mostly link text are teasers ("Nvidia shares jump on ..."). */
const TEASER_MAX_CHARS = 300;
const TEASER_LINK_SHARE = 0.6;

/**
 * A block holding at least this share of the story's text is the story (or most of it), whatever
 * its class or id says: real pages wrap whole stories in `#gigya-share-btns…` or `#read-more`.
 * Teasers, share bars and adverts are a small part of any story.
 */
const STORY_SHARE = 0.3;

/** What a caller that walks the whole story knows of it: its length and each element's text length. */
export interface StoryLengths {
  chars: number;
  of: (el: Element) => number;
}

/**
 * Whether a block inside the article is page furniture rather than the story (link teasers, share
 * bars, ads). With `story` (the whole story's lengths, measured once), a block holding much of the
 * story is never furniture; without it, the block's length is measured with a bounded walk.
 */
export function isBoilerplateBlock(el: Element, story?: StoryLengths): boolean {
  const hint = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
  if (hint.trim() && BOILERPLATE_CLASS.test(hint)) {
    if (!story) return true;
    return !(story.of(el) >= story.chars * STORY_SHARE && !mostlyLinks(el, story.of(el)));
  }
  const length = story ? story.of(el) : foldedLength(el, TEASER_MAX_CHARS + 1);
  if (!length || length > TEASER_MAX_CHARS) return false;
  const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
  if (text === 'Advertisement') return true;
  if (!el.querySelector('a')) return false;
  if (POINTER_PREFIX.test(text)) return true;
  return mostlyLinks(el, text.length);
}

/**
 * Text length of every element under `root`, in one pass (trimmed text nodes summed upwards):
 * asking each block for its own text instead would cost the depth of the page for every block.
 */
export function storyLengths(root: Node): StoryLengths {
  const lengths = new Map<Node, number>();
  const stack: [Node, boolean][] = [[root, false]];
  while (stack.length) {
    const [n, done] = stack.pop()!;
    if (n.nodeType === 3) continue;
    if (done) {
      let sum = 0;
      for (let c = n.firstChild; c; c = c.nextSibling) sum += c.nodeType === 3 ? (c.nodeValue ?? '').trim().length : (lengths.get(c) ?? 0);
      lengths.set(n, sum);
      continue;
    }
    if (n.nodeType !== 1 && n.nodeType !== 9 && n.nodeType !== 11) continue;
    if (SKIP.has((n as Element).tagName?.toUpperCase() ?? '')) continue;
    stack.push([n, true]);
    for (let c = n.firstChild; c; c = c.nextSibling) if (c.nodeType !== 3) stack.push([c, false]);
  }
  return { chars: lengths.get(root) ?? 0, of: (el) => lengths.get(el) ?? 0 };
}

/** Whether link text makes up most of a block's text (a list of teasers, not prose). */
function mostlyLinks(el: Element, textChars = foldedLength(el, Infinity)): boolean {
  let linkChars = 0;
  for (const a of Array.from(el.querySelectorAll('a'))) linkChars += (a.textContent ?? '').replace(/\s+/g, ' ').trim().length;
  return textChars > 0 && linkChars / textChars >= TEASER_LINK_SHARE;
}

/**
 * Length of an element's text with whitespace folded, counting no further than `stopAt`: a
 * bounded question ("is this block short?") costs a bounded walk, not the whole subtree.
 */
export function foldedLength(root: Node, stopAt: number): number {
  let n = 0;
  let space = true;
  const stack: Node[] = [root];
  while (stack.length && n < stopAt) {
    const node = stack.pop()!;
    if (node.nodeType === 3) {
      for (const ch of node.nodeValue ?? '') {
        const ws = ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r' || ch === '\f';
        if (ws) {
          if (!space) n++;
          space = true;
        } else {
          n++;
          space = false;
        }
        if (n >= stopAt) break;
      }
      continue;
    }
    if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) continue;
    if (SKIP.has((node as Element).tagName?.toUpperCase() ?? '')) continue;
    for (let c = node.lastChild; c; c = c.previousSibling) stack.push(c);
  }
  // a trailing space is not text
  return space && n > 0 && n < stopAt ? n - 1 : n;
}

/** Bound on the text taken from one page, so a 200,000-word page still costs bounded time. */
export const MAX_TEXT_CHARS = 400_000;

/** Deepest element nesting, found without recursion. */
export function maxDepth(root: Node, stopAt = Infinity): number {
  let max = 0;
  const stack: [Node, number][] = [[root, 0]];
  while (stack.length) {
    const [n, d] = stack.pop()!;
    if (d > max) max = d;
    if (max >= stopAt) return max;
    for (let c = (n as Element).firstElementChild; c; c = c.nextElementSibling) stack.push([c, d + 1]);
  }
  return max;
}

export function blockText(root: Node): string {
  // Lengths once: a block holding much of the story is kept whatever its class says.
  const story = storyLengths(root);
  const parts: string[] = [];
  let len = 0;
  let pendingBreak = '';
  const push = (s: string): void => {
    if (len > MAX_TEXT_CHARS) return;
    if (pendingBreak && parts.length) parts.push(pendingBreak);
    pendingBreak = '';
    const piece = s.length > MAX_TEXT_CHARS - len ? s.slice(0, MAX_TEXT_CHARS - len + 1) : s;
    parts.push(piece);
    len += piece.length;
  };
  const brk = (b: string): void => {
    // Two line breaks in a row (`<br><br>`) separate paragraphs.
    pendingBreak = b === '\n\n' || pendingBreak ? '\n\n' : b;
  };
  // An explicit stack instead of recursion: a hostile page can nest elements thousands deep.
  const stack: (Node | 'end-block')[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n === 'end-block') {
      brk('\n\n');
      continue;
    }
    if (n.nodeType === 3) {
      const t = (n.nodeValue ?? '').replace(/\s+/g, ' ');
      if (t.trim()) push(parts.length && !pendingBreak ? t : t.replace(/^ /, ''));
      else if (t && parts.length && !pendingBreak) push(' ');
      continue;
    }
    if (n.nodeType !== 1 && n.nodeType !== 9 && n.nodeType !== 11) continue;
    const tag = (n as Element).tagName?.toUpperCase() ?? '';
    if (SKIP.has(tag)) continue;
    if (tag === 'BR') {
      brk('\n');
      continue;
    }
    const block = BLOCKS.has(tag);
    if (block && n !== root && isBoilerplateBlock(n as Element, story)) continue;
    if (block) {
      brk('\n\n');
      stack.push('end-block');
    }
    for (let c = n.lastChild; c; c = c.previousSibling) stack.push(c);
  }
  return parts
    .join('')
    .split('\n')
    .map((l) => l.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
