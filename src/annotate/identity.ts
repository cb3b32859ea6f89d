/** How a story is recognised again: its address, cleaned, and a fingerprint of its words. */
import { getDomain } from 'tldts';

/** The article's address without tracking parameters and fragments: the key annotations are stored under. */
export function canonicalUrl(url: string, canonical: string | null): string {
  const pick = canonical && /^https?:\/\//.test(canonical) ? canonical : url;
  try {
    const u = new URL(pick);
    u.hash = '';
    for (const k of [...u.searchParams.keys()]) if (/^(utm_|fbclid$|gclid$|mc_|ref$|ref_src$|cmpid$|smid$|ocid$)/i.test(k)) u.searchParams.delete(k);
    u.hostname = u.hostname.replace(/^(www|amp|m)\./, '');
    u.pathname = u.pathname.replace(/\/amp\/?$/, '/').replace(/\.amp(\.html)?$/, '$1');
    return u.href;
  } catch {
    return url;
  }
}

/** Words of the article's opening a fingerprint is made of. */
const FINGERPRINT_WORDS = 400;

/**
 * A short fingerprint of an article's text, stable under whitespace and punctuation changes. It is
 * computed in the page, so only an opening that holds the first 400 words is lowered and split,
 * not a 10,000-word article whole: with more than 400 words in the opening, the 400th ends before
 * the opening does, so the words are those of the whole text.
 */
export function fingerprint(text: string): string {
  let all: string[];
  for (let n = FINGERPRINT_WORDS * 20; ; n *= 2) {
    const part = text.length <= n ? text : text.slice(0, n);
    all = part.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim().split(' ');
    if (all.length > FINGERPRINT_WORDS || part === text) break;
  }
  const words = all.slice(0, FINGERPRINT_WORDS).join(' ');
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < words.length; i++) {
    const c = words.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return h1.toString(36) + h2.toString(36);
}

/**
 * The site an address belongs to: its registrable domain ("www.reuters.com" and "uk.reuters.com"
 * → "reuters.com"; a private suffix such as github.io counts as a suffix, so two of its users are
 * two sites), or the bare host for an IP address or a single-label name. Null for anything that is
 * not an http(s) address.
 */
export function siteOf(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  return getDomain(u.hostname, { allowPrivateDomains: true }) ?? (u.hostname.toLowerCase() || null);
}

/** Whether two addresses are of one site (see siteOf). */
export function sameSite(a: string, b: string): boolean {
  const s = siteOf(a);
  return s !== null && s === siteOf(b);
}

/**
 * What a page may say about its own identity. The tab's real address comes from the browser; a
 * canonical link the page writes is believed only when it names the same site, so a page can join
 * its AMP or mobile copy to the story but never claim another site's story as its own.
 */
export function trustedCanonical(tabUrl: string, canonical: string | null): string | null {
  return canonical && /^https?:\/\//i.test(canonical) && sameSite(tabUrl, canonical) ? canonical : null;
}

/**
 * The address a content script's request is about: the one the browser gave for its frame. The
 * address the script names is kept only when it is of the same origin (a single-page site that
 * moved on with pushState, a story appended below), never for another origin.
 */
export function boundUrl(senderUrl: string, claimed: string): string {
  try {
    if (new URL(claimed).origin === new URL(senderUrl).origin) return claimed;
  } catch {
    /* not an address: the sender's */
  }
  return senderUrl;
}

/** Whether a stored highlight was made on `site` (its story's address is there). */
export const madeOn = (a: { url: string }, site: string | null): boolean => site !== null && siteOf(a.url) === site;
