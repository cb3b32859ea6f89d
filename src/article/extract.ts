import { Readability } from '@mozilla/readability';
import { looksLikeArticle, metaContent } from './signals';
import { blockText, maxDepth } from './text';
import { headlineOf } from './current';
import { articleTitle, pageHeadline } from './title';
import { ITEMS_PER_CHECK, runAtOnce, type Steps } from './slices';

export interface ArticleLink {
  href: string;
  text: string;
}

export interface Article {
  isArticle: boolean;
  title: string;
  /** The article body as plain text; all entity offsets index this string. */
  text: string;
  byline: string | null;
  siteName: string | null;
  published: string | null;
  lang: string | null;
  /** http(s) links in the body, in order. */
  links: ArticleLink[];
}

export interface ExtractOptions {
  /**
   * Return at once, with the title only, when the page does not declare itself an article: for
   * callers that discard non-articles (the CLI) it saves Readability's pass over a front page or
   * a forum thread of 10,000 elements. The extension's forced run reads the body anyway.
   */
  onlyArticles?: boolean;
  /** The document is the caller's to spend: Readability may change it in place instead of a copy. */
  consume?: boolean;
}

/** Readability gives up on pages with more elements than this; a bound for hostile or huge pages. */
const MAX_ELEMENTS = 60_000;
/**
 * Readability's scoring is quadratic in nesting depth (seconds at 1,000 levels); real pages stay
 * well under this, so deeper ones skip it and take the fallback text.
 */
const MAX_READABILITY_DEPTH = 250;
/**
 * Elements that never hold the story, removed from Readability's copy before it runs: its passes
 * read the text of every candidate's subtree, so each element left out saves work on every pass
 * (a third of the time on a typical news page). JSON-LD stays: Readability reads its metadata.
 */
const NEVER_STORY = 'script:not([type="application/ld+json"]), style, noscript, template, svg, iframe, nav, footer, aside, [hidden], [aria-hidden="true"], [role="navigation"], [role="contentinfo"]';
/**
 * Past this many elements (after NEVER_STORY), a page is large (a forum thread, a comment section of
 * thousands): Readability's work there is bounded, see boundForReadability. News articles have
 * a few hundred to two thousand.
 */
export const LARGE_PAGE_ELEMENTS = 4000;
/** Below this many characters of body text, a page is not an article we can say anything about. */
const MIN_ARTICLE_CHARS = 400;

/**
 * Extracts the article from a document.
 *
 * 1. Decide from metadata and Readability's quick check whether the page is an article (with
 *    `onlyArticles`, a page that is not stops here).
 * 2. Run Readability on a clone (it mutates what it reads), without the page's navigation, footers,
 *    asides, scripts and hidden elements, asking for the content element itself.
 * 3. Turn the content into block text and collect its links.
 * 4. Fall back to the page's `<article>`/`<main>`/`<body>` when Readability finds nothing or the
 *    page is nested too deep for it.
 * 5. The headline without the site's or author's name appended to it (./title.ts).
 *
 * With a `scope` (one story of a page that holds several, see ./current.ts) only that element is
 * read: Readability gets a copy of the page whose body is that story alone and whose head keeps
 * only the site's name (the page's title, description and JSON-LD describe the story the reader
 * opened first); the headline and date come from the story itself.
 */
export function extractArticle(doc: Document, scope: Element | null = null, opts: ExtractOptions = {}): Article {
  return runAtOnce(extractArticleSteps(doc, scope, opts));
}

/**
 * extractArticle as steps that may pause between its passes (./slices.ts): the content script runs
 * them in slices so that a big page is not held up for one long task. Readability's own pass is one
 * step (it cannot pause inside), bounded as below; the rest pauses every few dozen elements or links.
 */
export function* extractArticleSteps(doc: Document, scope: Element | null = null, opts: ExtractOptions = {}): Steps<Article> {
  if (!doc.documentElement) return { isArticle: false, title: '', text: '', byline: null, siteName: null, published: null, lang: null, links: [] };
  const declared = looksLikeArticle(doc);
  if (!declared && opts.onlyArticles) return notAnArticle(doc);
  yield;
  const h1 = pageHeadline(doc);
  let parsed: ReturnType<Readability<Node>['parse']> = null;
  const shallow = maxDepth(scope ?? doc.documentElement, MAX_READABILITY_DEPTH) < MAX_READABILITY_DEPTH;
  yield;
  if (shallow) {
    try {
      const copy = scope ? scopedCopy(doc, scope) : opts.consume ? doc : (doc.cloneNode(true) as Document);
      yield;
      let n = 0;
      for (const el of Array.from(copy.querySelectorAll(NEVER_STORY))) {
        el.remove();
        if (++n % ITEMS_PER_CHECK === 0) yield;
      }
      yield;
      const large = boundForReadability(copy);
      yield;
      // On a large page one pass: below 500 characters Readability otherwise starts again up to three
      // times over the whole page with fewer rules (the comments back in), each pass as costly as the first.
      parsed = new Readability<Node>(copy, { serializer: (n) => n, maxElemsToParse: MAX_ELEMENTS, ...(large ? { charThreshold: 1 } : {}) }).parse();
    } catch {
      parsed = null; // too many elements or a DOM Readability cannot handle: fall back below
    }
    yield;
  }
  const content: Node | null = parsed?.content ?? scope ?? doc.querySelector('article, main, [itemprop="articleBody"]') ?? doc.body;
  const text = content ? blockText(content) : '';
  yield;
  const title = (scope && headlineOf(scope)) || articleTitle(parsed?.title || metaContent(doc, 'og:title') || doc.title || '', doc, parsed?.byline ?? null, h1);
  const links: ArticleLink[] = [];
  if (content && 'querySelectorAll' in content) {
    // The base once per page: reading it per link rescans the document in some DOMs (linkedom).
    const base = baseOf(doc);
    let n = 0;
    for (const a of Array.from((content as Element).querySelectorAll('a[href]'))) {
      const href = absoluteHttpUrl(a.getAttribute('href') ?? '', base);
      if (href) links.push({ href, text: (a.textContent ?? '').trim().replace(/\s+/g, ' ') });
      if (++n % ITEMS_PER_CHECK === 0) yield;
    }
  }
  return {
    isArticle: declared && text.length >= MIN_ARTICLE_CHARS,
    title,
    text,
    byline: parsed?.byline ?? (scope ? null : metaContent(doc, 'author')),
    siteName: parsed?.siteName ?? metaContent(doc, 'og:site_name'),
    published: scope ? storyDate(scope) : (parsed?.publishedTime ?? metaContent(doc, 'article:published_time')),
    lang: parsed?.lang ?? doc.documentElement?.getAttribute('lang') ?? null,
    links,
  };
}

type ReadabilityRules = { REGEXPS?: { unlikelyCandidates?: RegExp; okMaybeItsACandidate?: RegExp }; UNLIKELY_ROLES?: string[] };

/**
 * On a large page, removes from Readability's copy what its first pass removes unread: elements
 * whose class or id says comment, sidebar, related, banner… (its own rules, with its exceptions)
 * and those with an unlikely role. Readability reads the whole text of every element it meets, and
 * before it meets a comment section it reads that section's text once for each of the dozen
 * wrappers around it (seconds in linkedom for a thread of 10,000 elements); without the section
 * the wrappers hold only the post. Paired with one pass only (the caller's charThreshold): a retry
 * would have put these back. Returns whether the page is large; a small page is left as it is.
 */
export function boundForReadability(doc: Document): boolean {
  if (!doc.body || !moreElementsThan(doc.body, LARGE_PAGE_ELEMENTS)) return false;
  const rules = (Readability.prototype as unknown as ReadabilityRules);
  const unlikely = rules.REGEXPS?.unlikelyCandidates;
  const okMaybe = rules.REGEXPS?.okMaybeItsACandidate;
  const roles = rules.UNLIKELY_ROLES ?? [];
  if (!unlikely || !okMaybe) return true; // another Readability version: still bounded to one pass
  const drop: Element[] = [];
  // Readability keeps unlikely elements inside a table or code; known on the way down (closest() per element is slow in linkedom).
  const visit = (el: Element, inTableOrCode: boolean): void => {
    for (let c = el.firstElementChild; c; c = c.nextElementSibling) {
      const match = `${c.getAttribute('class') ?? ''} ${c.getAttribute('id') ?? ''}`;
      if (c.tagName !== 'A' && !inTableOrCode && ((unlikely.test(match) && !okMaybe.test(match)) || roles.includes(c.getAttribute('role') ?? ''))) drop.push(c);
      else visit(c, inTableOrCode || c.tagName === 'TABLE' || c.tagName === 'CODE');
    }
  };
  visit(doc.body, false);
  for (const el of drop) el.remove();
  return true;
}

/** Whether `root` holds more than `n` elements; stops counting there. */
function moreElementsThan(root: Element, n: number): boolean {
  let count = 0;
  const stack: Element[] = [root];
  while (stack.length) {
    const el = stack.pop()!;
    for (let c = el.firstElementChild; c; c = c.nextElementSibling) {
      if (++count > n) return true;
      stack.push(c);
    }
  }
  return false;
}

/** What a page that does not declare itself an article gives when its body is not wanted: its title. */
function notAnArticle(doc: Document): Article {
  return {
    isArticle: false,
    title: articleTitle(metaContent(doc, 'og:title') || doc.title || '', doc),
    text: '',
    byline: null,
    siteName: metaContent(doc, 'og:site_name'),
    published: null,
    lang: doc.documentElement?.getAttribute('lang') ?? null,
    links: [],
  };
}

/** A copy of the page for Readability with one story as its body and only the site's name in its head. */
function scopedCopy(doc: Document, scope: Element): Document {
  const at = Array.from(doc.querySelectorAll('article')).indexOf(scope as HTMLElement);
  const copy = doc.cloneNode(true) as Document;
  const story = copy.querySelectorAll('article')[at];
  if (!story || !copy.body || !copy.head) throw new Error('the story is not in the page');
  copy.body.replaceChildren(story);
  for (const el of Array.from(copy.head.children)) if (el.getAttribute('property') !== 'og:site_name') el.remove();
  return copy;
}

/** The story's own date: its first `<time datetime>` or `itemprop="datePublished"`. */
function storyDate(story: Element): string | null {
  const el = story.querySelector('[itemprop="datePublished"], time[datetime]');
  return el?.getAttribute('datetime') ?? el?.getAttribute('content') ?? null;
}

/** The page's base URL when it is http(s), else undefined (a file, about:blank). Read it once per page. */
export function baseOf(doc: Document): string | undefined {
  const base = doc.baseURI;
  return base && /^https?:/.test(base) ? base : undefined;
}

/** An absolute http(s) URL, or null for anything else (javascript:, data:, mailto:, garbage); `base` from baseOf. */
export function absoluteHttpUrl(href: string, base: string | undefined): string | null {
  try {
    const u = new URL(href, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

