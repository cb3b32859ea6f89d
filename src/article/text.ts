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

/** Bound on the text taken from one page, so a 200,000-word page still costs bounded time. */
export const MAX_TEXT_CHARS = 400_000;

export function blockText(root: Node): string {
  const parts: string[] = [];
  let len = 0;
  let pendingBreak = '';
  const push = (s: string): void => {
    if (len > MAX_TEXT_CHARS) return;
    if (pendingBreak && parts.length) parts.push(pendingBreak);
    pendingBreak = '';
    parts.push(s);
    len += s.length;
  };
  const brk = (b: string): void => {
    // Two line breaks in a row (`<br><br>`) separate paragraphs.
    pendingBreak = b === '\n\n' || pendingBreak ? '\n\n' : b;
  };
  const walk = (n: Node): void => {
    if (n.nodeType === 3) {
      const t = (n.nodeValue ?? '').replace(/\s+/g, ' ');
      if (t.trim()) push(parts.length && !pendingBreak ? t : t.replace(/^ /, ''));
      else if (t && parts.length && !pendingBreak) push(' ');
      return;
    }
    if (n.nodeType !== 1 && n.nodeType !== 9 && n.nodeType !== 11) return;
    const tag = (n as Element).tagName?.toUpperCase() ?? '';
    if (SKIP.has(tag)) return;
    if (tag === 'BR') return brk('\n');
    const block = BLOCKS.has(tag);
    if (block) brk('\n\n');
    for (let c = n.firstChild; c; c = c.nextSibling) walk(c);
    if (block) brk('\n\n');
  };
  walk(root);
  return parts
    .join('')
    .split('\n')
    .map((l) => l.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
