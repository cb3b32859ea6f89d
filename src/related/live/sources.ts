/** The live sources: what each is and sends, the addresses a reader may point them at, and the permissions they need. */
import { isServerProtocol } from '../../storage/settings';

export type LiveSourceId = 'news' | 'wiki';

export interface LiveSourceInfo {
  id: LiveSourceId;
  label: string;
  /** Who runs the service, for the consent text. */
  provider: string;
  defaultBase: string;
  /** What leaves the reader's machine when the source is on, in plain words. */
  sends: string;
}

/** For the options page: what each source is and what turning it on sends. */
export const LIVE_SOURCES: readonly LiveSourceInfo[] = [
  {
    id: 'news',
    label: 'Recent coverage of the same companies and people',
    provider: 'GDELT Project news search',
    defaultBase: 'https://api.gdeltproject.org',
    sends: "the names of the article's top entities",
  },
  {
    id: 'wiki',
    label: 'Background summaries for names we do not know',
    provider: 'Wikipedia',
    defaultBase: 'https://en.wikipedia.org',
    sends: 'the name of one entity',
  },
];

/* ---------------------------------------------------------------- addresses and permissions */

export const defaultBase = (id: LiveSourceId) => LIVE_SOURCES.find((s) => s.id === id)?.defaultBase ?? '';

/** A service address as `scheme://host[:port][/path]` without a trailing slash; null unless https (or http on this machine). */
export function cleanBase(raw: string | undefined): URL | null {
  try {
    const u = new URL(raw ?? '');
    if (!isServerProtocol(u)) return null;
    // credentials in a base would be sent to the service with every request
    if (u.username || u.password) return null;
    u.search = '';
    u.hash = '';
    u.pathname = u.pathname.replace(/\/+$/, '');
    return u;
  } catch {
    return null;
  }
}

export const baseString = (u: URL) => u.origin + u.pathname.replace(/\/+$/, '');

/**
 * Host-permission match patterns (`https://api.gdeltproject.org/*`) for `permissions.request`.
 * Ports are left out on purpose: match patterns without a port match any port, and Firefox
 * rejects patterns that name one.
 */
export function originsFor(bases: Partial<Record<LiveSourceId, string>> = {}, ids: readonly LiveSourceId[] = ['news', 'wiki']): string[] {
  const out = new Set<string>();
  for (const id of ids) {
    const u = cleanBase(bases[id] ?? defaultBase(id));
    if (u) out.add(`${u.protocol}//${u.hostname}/*`);
  }
  return [...out];
}

/** Whether a match pattern (`https://*.example.com/*`, `*://host/*`, `<all_urls>`) covers every address of `origin`. */
function patternCovers(pattern: string, origin: URL): boolean {
  if (pattern === '<all_urls>') return true;
  const m = /^(\*|https?):\/\/(\*|\*\.[^/]+|[^/*]+)\//.exec(pattern);
  if (!m) return false;
  const [, scheme, host] = m as unknown as [string, string, string];
  if (scheme !== '*' && `${scheme}:` !== origin.protocol) return false;
  if (host === '*') return true;
  if (host.startsWith('*.')) return origin.hostname === host.slice(2) || origin.hostname.endsWith(host.slice(1));
  return origin.hostname === host;
}

/**
 * The shipped host pattern (from the manifest's host_permissions) a reader's server address falls
 * under, or null. Such an address would need no permission prompt of its own: the browser counts
 * it as already allowed, so the reader would never be asked about it. A mirror must have an
 * address of its own.
 */
export function shippedPatternFor(base: string, shipped: readonly string[]): string | null {
  const u = cleanBase(base);
  if (!u) return null;
  return shipped.find((p) => patternCovers(p, u)) ?? null;
}

/**
 * The permissions a live source needs: its host, and in Firefox the reader's consent to transmit
 * website content (names taken from the article), which Firefox asks for on its own.
 */
export function livePermissions(id: LiveSourceId, bases: Partial<Record<LiveSourceId, string>>, firefox: boolean): { origins: string[]; data_collection?: string[] } {
  return firefox ? { origins: originsFor(bases, [id]), data_collection: ['websiteContent'] } : { origins: originsFor(bases, [id]) };
}
