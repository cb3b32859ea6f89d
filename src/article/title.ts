/**
 * The headline without what pages append to it: the site's name ("… | The Verge"), a section, or
 * the author ("… | Jane Doe"), which `og:title` and `<title>` often carry.
 */
import { jsonLdAuthors, metaContent } from './signals';

/** Separators between a headline and a site, section or author (spaced, so "GPT-4o-mini" and "--" inside a headline stay). */
const SEPARATOR = /\s+(?:[|·•»«:]|[-–—]{1,2}|::|\/\/)\s+/;
/** A segment longer than this many words is headline text, never a site or an author's name. */
const MAX_NAME_WORDS = 5;
/** An `<h1>` shorter than this is a logo or a section name, not the headline. */
const MIN_HEADLINE_CHARS = 15;
/** Host labels that name no site ("www", "news", "m"): never used to recognise a site's name. */
const GENERIC_HOST_LABELS = new Set(['www', 'm', 'amp', 'news', 'edition', 'mobile', 'com', 'org', 'net', 'co', 'uk', 'jp', 'de', 'fr']);

const fold = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/**
 * The article's headline from a raw title.
 *
 * 1. When the page's first `<h1>` is inside the raw title, it is the headline: return it.
 * 2. Split the raw title at separators into segments.
 * 3. Drop segments at either end that name the site (`og:site_name`, `application-name`, the
 *    address's host) or an author (`author` meta, JSON-LD authors, the byline), while one remains.
 * 4. Join what remains with the separators it had.
 */
export function articleTitle(raw: string, doc: Document, byline: string | null = null, h1: string = pageHeadline(doc)): string {
  const title = raw.replace(/\s+/g, ' ').trim();
  if (!title) return '';
  // 1. the headline on the page
  if (h1.length >= MIN_HEADLINE_CHARS && h1 !== title && title.includes(h1)) return h1;
  // 2. segments, with the separators between them
  const parts = title.split(new RegExp(`(${SEPARATOR.source})`));
  if (parts.length < 3) return title;
  const names = knownNames(doc, byline);
  const hosts = hostLabels(doc);
  const isName = (seg: string): boolean => {
    const f = fold(seg);
    if (!f || f.split(' ').length > MAX_NAME_WORDS) return false;
    if (names.some((n) => n === f || (n.length >= 4 && (f.includes(n) || n.includes(f))))) return true;
    // "The Verge" for theverge.com, "CNET Japan" for japan.cnet.com
    const compact = f.replace(/ /g, '');
    return [...hosts].some((h) => compact.includes(h) || (compact.length >= 4 && h.includes(compact)));
  };
  // 3. drop names at the ends (parts alternate segment, separator, segment, …)
  let first = 0;
  let last = parts.length - 1;
  while (last - first >= 2 && isName(parts[last]!)) last -= 2;
  while (last - first >= 2 && isName(parts[first]!)) first += 2;
  // 4. what remains
  return parts.slice(first, last + 1).join('').trim();
}

/** The page's first `<h1>`, whitespace folded: read it before anything changes the page. */
export function pageHeadline(doc: Document): string {
  return doc.querySelector('h1')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/** Folded names of the site and the authors, as the page states them. */
function knownNames(doc: Document, byline: string | null): string[] {
  const raw = [metaContent(doc, 'og:site_name'), metaContent(doc, 'application-name'), metaContent(doc, 'author'), metaContent(doc, 'twitter:site'), byline, ...jsonLdAuthors(doc)];
  return raw
    .filter((s): s is string => !!s && !/^https?:/.test(s))
    .map((s) => fold(s.replace(/^@/, '').replace(/^by\s+/i, '')))
    .filter((s) => s.length >= 2);
}

/** Distinctive labels of the page's own host ("theverge" for www.theverge.com), from its canonical or og:url. */
function hostLabels(doc: Document): Set<string> {
  const url = doc.querySelector('link[rel="canonical"]')?.getAttribute('href') || metaContent(doc, 'og:url');
  const out = new Set<string>();
  if (!url) return out;
  try {
    for (const l of new URL(url).hostname.toLowerCase().split('.')) if (l.length >= 3 && !GENERIC_HOST_LABELS.has(l)) out.add(l);
  } catch {
    /* not an address: no host to compare */
  }
  return out;
}
