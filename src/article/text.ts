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

/** Whether a block inside the article is page furniture rather than the story (link teasers, share bars, ads). */
export function isBoilerplateBlock(el: Element): boolean {
  const hint = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
  if (hint.trim() && BOILERPLATE_CLASS.test(hint)) return true;
  const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
  if (!text) return false;
  if (text === 'Advertisement') return true;
  if (text.length > TEASER_MAX_CHARS) return false;
  const links = Array.from(el.querySelectorAll('a'));
  if (!links.length) return false;
  if (POINTER_PREFIX.test(text)) return true;
  const linkChars = links.reduce((n, a) => n + (a.textContent ?? '').replace(/\s+/g, ' ').trim().length, 0);
  return linkChars / text.length >= TEASER_LINK_SHARE;
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
    if (block && n !== root && isBoilerplateBlock(n as Element)) continue;
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
