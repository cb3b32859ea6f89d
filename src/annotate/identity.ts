/** How a story is recognised again: its address, cleaned, and a fingerprint of its words. */

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

/** A short fingerprint of an article's text, stable under whitespace and punctuation changes. */
export function fingerprint(text: string): string {
  const words = text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim().split(' ').slice(0, 400).join(' ');
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < words.length; i++) {
    const c = words.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return h1.toString(36) + h2.toString(36);
}
