/**
 * Which story the reader is in, on pages that hold more than one: news sites that append the next
 * full article below the one being read ("infinite scroll") and move the address along with the
 * reader.
 *
 * 1. The page's stories are its outermost `<article>` elements with at least MIN_STORY_CHARS of
 *    text; teaser cards and comments are shorter. With fewer than two the page is one story and
 *    the whole document is read, as on any article page.
 * 2. A story that names the address in the location bar is the current one: outlets move the
 *    address to the story in view, and mark each story with it (`data-url`, `data-href` or
 *    `data-permalink` on the article, an `itemprop="url"` inside it, or the link on its headline).
 * 3. Otherwise the story that covers most of the viewport; on a tie, the higher one.
 *
 * When to ask is the caller's part: when the address changes. The address alone says *that* the
 * reader moved on, so a long comment thread in an `<article>` or the next story appearing below
 * never takes the sidebar over while the address stays put; and the same story asked again (the
 * site rewrote the address within it) is not read again. One exception (`watch` in nextStep): when
 * the address moved to one no story names and the story in view is still the one shown (the site
 * moves its address earlier than step 3 does), the caller asks again as the reader scrolls on,
 * until another story covers most of the view or the address changes again.
 */

/** Shorter outermost `<article>`s are teaser cards, comments or promos, not stories of their own. */
export const MIN_STORY_CHARS = 400;

/** The page's stories, in document order: outermost `<article>`s with enough text. */
export function storyArticles(doc: Document): Element[] {
  return Array.from(doc.querySelectorAll('article')).filter((a) => !a.parentElement?.closest('article') && textAtLeast(a, MIN_STORY_CHARS));
}

/** Whether `el.textContent` has at least `n` characters, read from its first text nodes only (not the whole story's text, on every scroll stop). */
export function textAtLeast(el: Element, n: number): boolean {
  const walker = el.ownerDocument.createTreeWalker(el, 4 /* SHOW_TEXT */);
  let len = 0;
  for (let t = walker.nextNode(); t; t = walker.nextNode()) if ((len += (t as Text).data.length) >= n) return true;
  return len >= n;
}

/** An address without its fragment and trailing slash, for comparing. */
function addressKey(href: string, base: string): string | null {
  try {
    const u = new URL(href, base);
    return `${u.origin}${u.pathname.replace(/\/+$/, '')}${u.search}`;
  } catch {
    return null;
  }
}

/** The addresses a story gives for itself. */
function addressesOf(article: Element): string[] {
  const out: string[] = [];
  for (const a of ['data-url', 'data-href', 'data-permalink']) {
    const v = article.getAttribute(a);
    if (v) out.push(v);
  }
  for (const el of Array.from(article.querySelectorAll('[itemprop="url"], [itemprop="mainEntityOfPage"]'))) {
    const v = el.getAttribute('content') ?? el.getAttribute('href') ?? el.getAttribute('itemid');
    if (v) out.push(v);
  }
  for (const a of Array.from(article.querySelectorAll('h1 a[href], h2 a[href]')).slice(0, 1)) out.push(a.getAttribute('href')!);
  return out;
}

/** The story's own address (absolute), or null when it gives none. */
export function storyAddress(article: Element): string | null {
  const base = article.ownerDocument.baseURI;
  for (const a of addressesOf(article)) {
    try {
      const u = new URL(a, base || undefined);
      if (u.protocol === 'http:' || u.protocol === 'https:') return u.href;
    } catch {
      /* not an address: try the next one */
    }
  }
  return null;
}

/** Whether the story names this address as its own. */
export function namesAddress(article: Element, href: string): boolean {
  const base = article.ownerDocument.baseURI || href;
  const want = addressKey(href, base);
  return want !== null && addressesOf(article).some((a) => addressKey(a, base) === want);
}

/** The story's headline: its first h1, else its first h2; empty when it has neither. */
export function headlineOf(article: Element): string {
  return (article.querySelector('h1') ?? article.querySelector('h2'))?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

export interface Pick {
  article: Element;
  /** `address`: the story names the address; `view`: it covers most of the viewport. */
  by: 'address' | 'view';
}

type Rect = { top: number; bottom: number };

/**
 * The story the reader is in, or null on a page of one story. `viewHeight` is the viewport's
 * height; `rectOf` where an element is relative to it (the browser's getBoundingClientRect).
 */
export function pickArticle(doc: Document, href: string, viewHeight: number, rectOf: (el: Element) => Rect = (el) => el.getBoundingClientRect()): Pick | null {
  const stories = storyArticles(doc);
  if (stories.length < 2) return null;
  const named = stories.filter((a) => namesAddress(a, href));
  if (named.length === 1) return { article: named[0]!, by: 'address' };
  const pool = named.length ? named : stories;
  const seen = pool.map((a) => {
    const r = rectOf(a);
    return { a, r, visible: Math.max(0, Math.min(r.bottom, viewHeight) - Math.max(r.top, 0)) };
  });
  let best = seen[0]!;
  for (const s of seen) if (s.visible > best.visible) best = s;
  // in none of them (the page's footer, or above the first): the last story that began above the view
  if (best.visible === 0) best = seen.filter((s) => s.r.top < 0).pop() ?? seen[0]!;
  return { article: best.a, by: named.length ? 'address' : 'view' };
}

/** What the sidebar was last drawn for (or tried to be: a story found not to be AI news counts too). */
export interface Shown {
  /** The story element, or null when the whole page was read as one story. */
  article: Element | null;
  headline: string;
  href: string;
}

export type Step =
  /** Keep what is shown. `watch`: the address moved on but the story in view did not yet; ask again as the reader scrolls. */
  | { kind: 'stay'; watch: boolean }
  /** Read the page again: this story, or the whole document (null). */
  | { kind: 'run'; scope: Element | null };

/**
 * What to do when the address changed (or, while watching, the reader scrolled): read the story
 * the reader is now in, unless it is the one shown. A page of one story (pick null) navigated
 * within a single-page site: read it again if the address is new.
 */
export function nextStep(shown: Shown | null, pick: Pick | null, href: string): Step {
  if (!shown) return { kind: 'run', scope: pick?.article ?? null };
  if (!pick) return shown.href === href ? { kind: 'stay', watch: false } : { kind: 'run', scope: null };
  if (pick.article === shown.article && headlineOf(pick.article) === shown.headline) return { kind: 'stay', watch: pick.by === 'view' && href !== shown.href };
  return { kind: 'run', scope: pick.article };
}

/** What a run for `scope` shows: on a page of one story, that story's element if it is an `<article>`. */
export function shownFor(doc: Document, scope: Element | null, href: string): Shown {
  const article = scope ?? (storyArticles(doc).length === 1 ? storyArticles(doc)[0]! : null);
  return { article, headline: article ? headlineOf(article) : '', href };
}
