/**
 * The page written out as HTML, in slices, for the background to read (issues #12 and #13: no
 * extension task over 50 ms in the page). Readability's passes over a big page take 100–200 ms
 * that cannot pause, so the page no longer runs them: stage two writes its document out here,
 * pausing every few dozen nodes, and the background parses that text and extracts the article
 * (./offpage.ts), away from the page's main thread.
 *
 * 1. Walk the document with an explicit stack (a hostile page can nest thousands deep), writing
 *    each element's start tag, its children, then its end tag; void elements have no end tag.
 * 2. Leave out the inside of what nothing downstream reads: scripts (JSON-LD stays, Readability
 *    and the gate read it), styles, `<noscript>`, `<template>`, SVG, frames; they are most of a
 *    modern page's bytes. Each stays as an empty element, so the text around it is split as in the
 *    page (the article text folds whitespace per text node), and the background removes it as before.
 * 3. Escape `&` and `<` in text, `&` and `"` in attribute values, so the parser on the other side
 *    builds the same tree; text inside raw-text elements (the JSON-LD) is written as it is.
 * 4. Mark the one story being read (`scope`) with SCOPE_ATTR, so the background finds it again; a
 *    page's own attribute of that name is dropped, so only ours is there.
 * 5. Put the page's base address first in the head: relative links resolve as they do in the page.
 * 6. Write no more than `maxChars` (what is open is still closed): a bound on what one message carries.
 *
 * Nothing here touches a browser global: the document comes in as a parameter.
 */
import { ITEMS_PER_CHECK, type Steps } from './slices';

/** Marks the story being read in the written copy (step 4). */
export const SCOPE_ATTR = 'data-ai-news-lens-scope';
/**
 * Past this many characters the rest of the page is left out: the longest real page we keep
 * (a Reddit thread of 2.6 MB) writes out under 1 MB without its scripts, and Readability gives up
 * well before this (60,000 elements).
 */
export const MAX_HTML_CHARS = 6_000_000;

/** An attribute value longer than this is written empty (a data: image, an inlined blob). */
const MAX_ATTR_CHARS = 20_000;
/** Elements left out of the copy (by localName), with everything inside them (step 2). */
const LEFT_OUT = new Set(['style', 'noscript', 'template', 'svg', 'iframe']);
/** Elements without an end tag (the HTML standard's void elements). */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr', 'param', 'keygen', 'basefont', 'bgsound', 'frame']);
/** Elements whose text the parser takes literally, so it is written unescaped. */
const RAW_TEXT = new Set(['script', 'style', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext', 'noscript']);

// Only what the parser would misread is escaped; a no-break space is written as it is. Each
// character reference splits a text node in linkedom (which reads the copy), so fewer is closer to
// the page, whose text nodes the browser's parser did not split.
const TEXT_SPECIAL = /[&<]/;
const ATTR_SPECIAL = /[&"]/;
const escapeText = (s: string): string => (TEXT_SPECIAL.test(s) ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;') : s);
const escapeAttr = (s: string): string => (ATTR_SPECIAL.test(s) ? s.replace(/&/g, '&amp;').replace(/"/g, '&quot;') : s);

/** A script is kept only when it holds JSON-LD (the page's metadata); every other script is code. */
const isJsonLd = (el: Element): boolean => (el.getAttribute('type') ?? '').trim().toLowerCase() === 'application/ld+json';

export interface SerializeOptions {
  /** The one story of several being read (src/article/current.ts), marked in the copy. */
  scope?: Element | null;
  /** The page's base address (document.baseURI), written first in the head when it is http(s). */
  base?: string | null;
  maxChars?: number;
}

/**
 * The document as HTML, as steps that pause every few dozen nodes (./slices.ts): stage two runs
 * them in slices, the tests at once. The result is never longer than `maxChars`.
 */
export function* pageHtmlSteps(doc: Document, opts: SerializeOptions = {}): Steps<string> {
  const max = opts.maxChars ?? MAX_HTML_CHARS;
  const scope = opts.scope ?? null;
  const base = opts.base && /^https?:/i.test(opts.base) ? opts.base : null;
  let out = '';
  /** Length of the end tags still due: they are written whatever else is left out (step 6). */
  let due = 0;
  const fits = (s: string) => out.length + due + s.length <= max;
  // nodes still to write, and the end tags due once an element's children are written; all of the
  // document's children (the doctype, comments, and whatever a broken page puts beside its root)
  const stack: (Node | string)[] = [];
  for (let c = doc.lastChild; c; c = c.previousSibling) stack.push(c);
  let count = 0;
  while (stack.length) {
    const item = stack.pop()!;
    if (typeof item === 'string') {
      out += item;
      due -= item.length;
      continue;
    }
    if (++count % ITEMS_PER_CHECK === 0) yield;
    if (item.nodeType === 3) {
      const parent = item.parentNode as Element | null;
      const data = (item as Text).data;
      const text = parent && RAW_TEXT.has(parent.localName) ? data : escapeText(data);
      // a text too long for what is left is cut (at a character, never inside a reference)
      out += fits(text) ? text : text.slice(0, Math.max(0, max - due - out.length)).replace(/&[a-z]*$/, '');
      continue;
    }
    // a comment stays (without its words): two text nodes on either side of it stay two
    if (item.nodeType === 8) {
      if (fits('<!---->')) out += '<!---->';
      continue;
    }
    if (item.nodeType === 10) {
      const doctype = `<!DOCTYPE ${(item as DocumentType).name || 'html'}>`;
      if (fits(doctype)) out += doctype;
      continue;
    }
    if (item.nodeType !== 1) continue;
    const el = item as Element;
    const name = el.localName;
    const end = `</${name}>`;
    if (LEFT_OUT.has(name) || (name === 'script' && !isJsonLd(el))) {
      // there but empty: the text on either side stays two text nodes, as in the page
      if (fits(`<${name}>${end}`)) out += `<${name}>${end}`;
      continue;
    }
    let tag = `<${name}`;
    const attrs = el.attributes;
    for (let i = 0; i < attrs.length; i++) {
      const a = attrs[i]!;
      // a value this long is an inlined image or data blob, never a class, an id or a link
      if (a.name !== SCOPE_ATTR) tag += ` ${a.name}="${a.value.length > MAX_ATTR_CHARS ? '' : escapeAttr(a.value)}"`;
    }
    if (el === scope) tag += ` ${SCOPE_ATTR}=""`;
    tag += '>';
    if (name === 'head' && base) tag += `<base href="${escapeAttr(base)}">`;
    if (VOID.has(name)) {
      if (fits(tag)) out += tag;
      continue;
    }
    if (!fits(tag + end)) continue;
    out += tag;
    due += end.length;
    stack.push(end);
    for (let c = el.lastChild; c; c = c.previousSibling) stack.push(c);
  }
  return out;
}
