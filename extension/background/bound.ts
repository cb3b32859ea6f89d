/**
 * What a content script may say about where it is: nothing the browser does not confirm. Every
 * address or host in its requests is checked against `sender.url` (the frame the browser says sent
 * it); a page's canonical link counts only when it names the same site.
 */
import { boundUrl, trustedCanonical } from '../../src/annotate/identity';
import type { MessageSource } from '../../src/messaging/protocol';

const senderUrl = (from: MessageSource): string => {
  if (!from.url || !/^https?:/i.test(from.url)) throw new Error('refused: the sender is not a web page');
  return from.url;
};

/** A request about "this page", bound to the sender's own address and site. */
export function bindPage<T extends { url: string; canonical: string | null }>(req: T, from: MessageSource): T {
  const url = boundUrl(senderUrl(from), req.url);
  return { ...req, url, canonical: trustedCanonical(url, req.canonical) };
}

/** The sender's host; a request naming another host is refused. */
export function ownHost(host: string, from: MessageSource): string {
  const own = new URL(senderUrl(from)).host;
  if (host.toLowerCase() !== own.toLowerCase()) throw new Error('refused: a page may only change its own site');
  return own;
}
