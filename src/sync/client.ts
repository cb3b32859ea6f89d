/**
 * A client of the Hypothesis API v1 (hypothes.is or a self-hosted h), for the endpoints sync needs:
 * the token owner's profile and groups, search by page, user and group, create, update, delete.
 * `fetch` comes in as a parameter (no browser globals): the background passes the browser's, tests
 * a fake one.
 *
 * Every request carries `Authorization: Bearer <token>` and nothing else of the reader's (no
 * cookies: `credentials: 'omit'`), refuses redirects (a server that redirects could hand the token's
 * requests to another host), and gives up after TIMEOUT_MS. One failure is one `SyncError` whose
 * `kind` says what the reader can do about it; retrying is the queue's business (src/sync/engine.ts),
 * with `backoff()` below.
 */
import type { HypothesisDraft } from './hypothesis';

/** A request that has not answered in this long is given up (and retried later by the queue). */
export const TIMEOUT_MS = 15_000;
/** The first retry waits this long; each next one twice as long … */
export const BACKOFF_BASE_MS = 2_000;
/** … up to this (a server down for an hour is asked every 10 minutes, not every 2 seconds). */
export const BACKOFF_CAP_MS = 10 * 60_000;
/** A Retry-After longer than this is taken as this: the queue looks again within the hour. */
const MAX_RETRY_AFTER_MS = 60 * 60_000;
/** Answers larger than this are not read (a search page of 200 annotations is far below). */
const MAX_BODY_CHARS = 8_000_000;
/** Results asked per search page (the API's maximum). */
const PAGE = 200;
/** Pages read per search at most: 2,000 annotations on one page is far past any real article. */
const MAX_PAGES = 10;

export type SyncErrorKind =
  /** 401/403: the token was revoked, mistyped, or lacks the right. Stop; the reader must give a new one. */
  | 'auth'
  /** Another 4xx: the server refused this request as it is; sending it again would not help. */
  | 'refused'
  /** 404 for one annotation: it is no longer on the server. */
  | 'gone'
  /** 429: too many requests; wait `retryAfterMs`. */
  | 'rate'
  /** 5xx: the server failed; try again later. */
  | 'server'
  /** No answer: offline, the server down, refused connection, a redirect, or a timeout. */
  | 'network'
  /** An answer that is not what the API promises. */
  | 'invalid';

export class SyncError extends Error {
  constructor(
    readonly kind: SyncErrorKind,
    message: string,
    readonly status: number | null = null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

/** Delay before try number `attempt` (1 = the first retry): doubling from BACKOFF_BASE_MS, capped, with ±20% jitter so many browsers do not return at once. */
export function backoff(attempt: number, random: () => number = Math.random): number {
  const raw = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

/** Retry-After in ms: seconds, or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function retryAfter(header: string | null, now: number): number | null {
  if (!header) return null;
  const secs = /^\s*(\d{1,7})\s*$/.exec(header);
  const ms = secs ? Number(secs[1]) * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) ? Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms)) : null;
}

export interface Profile {
  userid: string;
  displayName: string | null;
}
export interface Group {
  id: string;
  name: string;
}

export interface ClientOptions {
  /** Server address, e.g. `https://hypothes.is` (the API is under `/api`). */
  base: string;
  token: string;
  fetch: typeof fetch;
  /** Aborts every request in flight at once (sync turned off). */
  signal?: AbortSignal;
  timeoutMs?: number;
  now?: () => number;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A server's own reason, bounded and on one line, to quote to the reader. */
const reasonOf = (body: unknown): string | null => (isObj(body) && typeof body.reason === 'string' ? body.reason.replace(/\s+/g, ' ').trim().slice(0, 200) || null : null);

export function createClient(o: ClientOptions) {
  const api = new URL('/api/', o.base);
  const now = o.now ?? Date.now;

  async function request(method: string, path: string, body?: unknown, query?: URLSearchParams): Promise<unknown> {
    const url = new URL(path, api);
    if (query) url.search = query.toString();
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), o.timeoutMs ?? TIMEOUT_MS);
    const stop = () => timeout.abort();
    o.signal?.addEventListener('abort', stop);
    let res: Response;
    try {
      if (o.signal?.aborted) throw new SyncError('network', 'Sync is off.');
      res = await o.fetch(url.href, {
        method,
        headers: {
          authorization: `Bearer ${o.token}`,
          accept: 'application/vnd.hypothesis.v1+json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: 'error',
        credentials: 'omit',
        cache: 'no-store',
        signal: timeout.signal,
      });
    } catch (e) {
      if (e instanceof SyncError) throw e;
      const why = o.signal?.aborted ? 'Sync was turned off.' : timeout.signal.aborted ? `No answer from ${api.host} within ${Math.round((o.timeoutMs ?? TIMEOUT_MS) / 1000)} s.` : `Could not reach ${api.host} (offline, the server is down, or it redirected).`;
      throw new SyncError('network', why);
    } finally {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', stop);
    }
    const text = await res.text().catch(() => '');
    if (text.length > MAX_BODY_CHARS) throw new SyncError('invalid', `${api.host} sent an answer too large to read.`, res.status);
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      if (res.ok) throw new SyncError('invalid', `${api.host} did not answer in JSON: is it a Hypothesis server?`, res.status);
    }
    if (res.ok) return json;
    const reason = reasonOf(json);
    const said = reason ? ` (the server said: “${reason}”)` : '';
    if (res.status === 401 || res.status === 403) throw new SyncError('auth', `${api.host} refused the developer token${said}: it was revoked, mistyped, or belongs to another server. Paste a new token to sync again; nothing was lost.`, res.status);
    if (res.status === 429) {
      const wait = retryAfter(res.headers.get('retry-after'), now());
      throw new SyncError('rate', `${api.host} asked us to slow down; trying again ${wait === null ? 'later' : `in ${Math.max(1, Math.round(wait / 1000))} s`}.`, 429, wait);
    }
    if (res.status >= 500) throw new SyncError('server', `${api.host} had a problem (error ${res.status})${said}; trying again later.`, res.status);
    if (res.status === 404) throw new SyncError('gone', `${api.host} has no such annotation (error 404)${said}.`, 404);
    throw new SyncError('refused', `${api.host} refused the change (error ${res.status})${said}.`, res.status);
  }

  const annotationOf = (v: unknown): Json => {
    if (!isObj(v) || typeof v.id !== 'string' || typeof v.updated !== 'string') throw new SyncError('invalid', `${api.host} answered without the annotation's id and time.`);
    return v;
  };

  return {
    host: api.host,
    /** The token's owner (GET /api/profile); an answer without a user means the token was not accepted. */
    async profile(): Promise<Profile> {
      const p = await request('GET', 'profile');
      if (!isObj(p) || typeof p.userid !== 'string' || !p.userid.startsWith('acct:')) throw new SyncError('auth', `${api.host} did not recognise the developer token. Copy it again from your account's Developer page.`);
      const info = isObj(p.user_info) ? p.user_info : {};
      return { userid: p.userid, displayName: typeof info.display_name === 'string' ? info.display_name.slice(0, 120) : null };
    },
    /** The groups the token's owner belongs to (GET /api/profile/groups), without the public one. */
    async groups(): Promise<Group[]> {
      const list = await request('GET', 'profile/groups');
      if (!Array.isArray(list)) throw new SyncError('invalid', `${api.host} did not list your groups.`);
      return list
        .filter((g): g is Json => isObj(g) && typeof g.id === 'string' && typeof g.name === 'string' && g.id !== '__world__')
        .slice(0, 500)
        .map((g) => ({ id: String(g.id).slice(0, 200), name: String(g.name).slice(0, 200) }));
    },
    /** Every annotation of `uri` by `user` or in `group` (GET /api/search), oldest change first, page after page. */
    async search(q: { uri?: string; user?: string; group?: string }): Promise<unknown[]> {
      const rows: unknown[] = [];
      let after: string | null = null;
      for (let page = 0; page < MAX_PAGES; page++) {
        const params = new URLSearchParams({ limit: String(PAGE), sort: 'updated', order: 'asc' });
        if (q.uri) params.set('uri', q.uri);
        if (q.user) params.set('user', q.user);
        if (q.group) params.set('group', q.group);
        if (after) params.set('search_after', after);
        const r = await request('GET', 'search', undefined, params);
        if (!isObj(r) || !Array.isArray(r.rows)) throw new SyncError('invalid', `${api.host} answered a search without its rows.`);
        rows.push(...r.rows);
        const last = r.rows.at(-1);
        if (r.rows.length < PAGE || !isObj(last) || typeof last.updated !== 'string') break;
        after = last.updated;
      }
      return rows;
    },
    get: async (id: string) => annotationOf(await request('GET', `annotations/${encodeURIComponent(id)}`)),
    create: async (d: HypothesisDraft) => annotationOf(await request('POST', 'annotations', d)),
    update: async (id: string, d: Partial<HypothesisDraft>) => annotationOf(await request('PATCH', `annotations/${encodeURIComponent(id)}`, d)),
    async delete(id: string): Promise<void> {
      const r = await request('DELETE', `annotations/${encodeURIComponent(id)}`);
      if (!isObj(r) || r.deleted !== true) throw new SyncError('invalid', `${api.host} did not confirm the deletion.`);
    },
  };
}

export type Client = ReturnType<typeof createClient>;
