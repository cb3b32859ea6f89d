/**
 * A stand-in Hypothesis server: the endpoints sync uses (profile, groups, search, create, fetch,
 * update, delete), answering by the published API v1 (test/fixtures/hypothesis-api). Every request it
 * receives and every response it sends is checked against that file (test/support/hypothesis-spec.ts);
 * a mismatch is recorded in `violations`, answered 400, and the tests assert there are none. One
 * handler serves both the unit tests (as a fake `fetch`) and the end-to-end tests (over HTTP,
 * test/support/hypothesis-server.ts).
 */
import { checkRequest, checkResponse } from './hypothesis-spec';

export interface FakeUser {
  token: string;
  userid: string;
  displayName: string;
  groups: string[];
}

export interface FakeRequest {
  method: string;
  /** Path and query. */
  url: string;
  headers: Record<string, string | undefined>;
  body: unknown;
}
export interface FakeResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

type Annotation = Record<string, unknown> & { id: string; user: string; uri: string; group: string; updated: string; permissions: { read: string[] } };

export function createFakeHypothesis(o: { users: FakeUser[]; groups?: Record<string, string>; now?: () => number }) {
  const annotations = new Map<string, Annotation>();
  const groups = o.groups ?? {};
  const violations: string[] = [];
  const log: string[] = [];
  let counter = 0;
  let clock = o.now ?? Date.now;
  let last = 0;
  /** Strictly increasing times, as h's microsecond `updated` in practice are. */
  const stamp = () => {
    last = Math.max(last + 1, clock());
    return new Date(last).toISOString().replace('Z', '000+00:00');
  };
  /** Set to make every request answer this (a status, and headers) instead: 401 for a revoked token, 503, 429 … */
  let override: { status: number; headers?: Record<string, string>; body?: unknown } | null = null;

  const error = (status: number, reason: string): FakeResponse => ({ status, headers: { 'content-type': 'application/json' }, body: { status: 'failure', reason } });
  const ok = (body: unknown): FakeResponse => ({ status: 200, headers: { 'content-type': 'application/json', 'hypothesis-media-type': 'application/vnd.hypothesis.v1+json' }, body });
  const canRead = (a: Annotation, u: FakeUser | null) => a.permissions.read.some((r) => r === 'group:__world__' || (u && (r === u.userid || (r.startsWith('group:') && u.groups.includes(r.slice(6))))));

  function route(r: FakeRequest, template: string, params: Record<string, string>, me: FakeUser | null): FakeResponse {
    const q = new URL(r.url, 'http://x').searchParams;
    if (!me && template !== '/profile' && template !== '/search') return error(404, 'Either the resource you requested doesn\'t exist, or you are not currently authorized to see it.');
    switch (`${r.method} ${template}`) {
      case 'GET /profile':
        return ok({ authority: 'hypothes.is', features: {}, groups: [], preferences: {}, userid: me?.userid ?? null, ...(me ? { user_info: { display_name: me.displayName } } : {}) });
      case 'GET /profile/groups':
        return ok([{ id: '__world__', name: 'Public' }, ...me!.groups.map((id) => ({ id, name: groups[id] ?? id }))].map((g) => ({ ...g, groupid: null, links: { html: `https://hypothes.is/groups/${g.id}` }, organization: '__default__', public: g.id === '__world__', scoped: false, type: g.id === '__world__' ? 'open' : 'private', pre_moderated: false })));
      case 'GET /search': {
        let rows = [...annotations.values()].filter((a) => canRead(a, me));
        if (q.get('uri')) rows = rows.filter((a) => a.uri === q.get('uri'));
        if (q.get('user')) rows = rows.filter((a) => a.user === q.get('user'));
        if (q.get('group')) rows = rows.filter((a) => a.group === q.get('group'));
        rows.sort((a, b) => a.updated.localeCompare(b.updated));
        if (q.get('order') !== 'asc') rows.reverse();
        const after = q.get('search_after');
        if (after) rows = rows.filter((a) => (q.get('order') === 'asc' ? a.updated > after : a.updated < after));
        return ok({ rows: rows.slice(0, Number(q.get('limit') ?? 20)), total: rows.length });
      }
      case 'POST /annotations': {
        const b = r.body as Record<string, unknown>;
        const group = typeof b.group === 'string' ? b.group : '__world__';
        if (group !== '__world__' && !me!.groups.includes(group)) return error(400, 'group: You may not create annotations in the specified group!');
        const id = `fake${String(++counter).padStart(4, '0')}Ann`;
        const t = stamp();
        const a: Annotation = {
          ...(b as object),
          id, created: t, updated: t, user: me!.userid, uri: String(b.uri), group, text: b.text ?? '', tags: b.tags ?? [],
          permissions: (b.permissions as Annotation['permissions']) ?? { read: ['group:__world__'] },
          target: b.target ?? [{ source: b.uri }], document: { title: (b.document as { title?: string[] } | undefined)?.title ?? [] },
          links: { html: `https://hypothes.is/a/${id}` }, hidden: false, moderation_status: 'APPROVED', flagged: false, actions: [],
          user_info: { display_name: me!.displayName },
        };
        annotations.set(id, a);
        return ok(a);
      }
      case 'GET /annotations/{id}': {
        const a = annotations.get(params.id!);
        return a && canRead(a, me) ? ok(a) : error(404, 'Either the resource you requested doesn\'t exist, or you are not currently authorized to see it.');
      }
      case 'PATCH /annotations/{id}': {
        const a = annotations.get(params.id!);
        if (!a || a.user !== me!.userid) return error(404, 'Either the resource you requested doesn\'t exist, or you are not currently authorized to see it.');
        const b = r.body as Record<string, unknown>;
        const next: Annotation = { ...a, ...b, id: a.id, user: a.user, created: a.created, updated: stamp(), uri: a.uri, group: a.group, permissions: a.permissions };
        if (b.document) next.document = { title: (b.document as { title?: string[] }).title ?? [] };
        annotations.set(a.id, next);
        return ok(next);
      }
      case 'DELETE /annotations/{id}': {
        const a = annotations.get(params.id!);
        if (!a || a.user !== me!.userid) return error(404, 'Either the resource you requested doesn\'t exist, or you are not currently authorized to see it.');
        annotations.delete(a.id);
        return ok({ deleted: true, id: a.id });
      }
      default:
        return error(404, 'not served by the stand-in');
    }
  }

  function handle(r: FakeRequest): FakeResponse {
    const path = new URL(r.url, 'http://x').pathname;
    log.push(`${r.method} ${path}`);
    const checked = checkRequest(r);
    if (checked.problems.length) {
      violations.push(`request ${r.method} ${r.url}: ${checked.problems.join('; ')}`);
      return error(400, checked.problems.join('; '));
    }
    const token = /^Bearer (\S+)$/.exec(r.headers.authorization ?? '')?.[1];
    const me = token ? (o.users.find((u) => u.token === token) ?? null) : null;
    let res: FakeResponse;
    if (override) res = { status: override.status, headers: { 'content-type': 'application/json', ...override.headers }, body: override.body ?? { status: 'failure', reason: `stand-in answering ${override.status}` } };
    else if (token && !me) res = error(401, 'Your API token is not valid.');
    else res = route(r, checked.template!, checked.params, me);
    const problems = checkResponse(r.method, checked.template!, res.status, res.body);
    if (problems.length) violations.push(`response to ${r.method} ${r.url}: ${problems.join('; ')}`);
    return res;
  }

  return {
    handle,
    annotations,
    violations,
    /** `METHOD /api/path` of every request, in order. */
    log,
    /** Every request answers this until set back to null. */
    answerAll(a: typeof override) {
      override = a;
    },
    /** Changes one annotation as another client would (Hypothesis's own, another device), at the server's time. */
    editAsElsewhere(id: string, patch: Record<string, unknown>) {
      const a = annotations.get(id);
      if (!a) throw new Error(`no annotation ${id}`);
      annotations.set(id, { ...a, ...patch, updated: stamp() });
    },
    setClock(now: () => number) {
      clock = now;
    },
    revoke(token: string) {
      const u = o.users.find((x) => x.token === token);
      if (u) u.token = `revoked-${token}`;
    },
    /** A `fetch` over this server, as the browser's would reach it at `base` (refuses other hosts). */
    fetchAt(base: string): typeof fetch {
      return (async (input: string | URL | Request, init?: RequestInit) => {
        const url = new URL(String(input));
        if (url.origin !== new URL(base).origin) throw new TypeError('Failed to fetch');
        if (init?.redirect !== 'error') violations.push(`request ${url.pathname} may follow redirects`);
        if (init?.signal?.aborted) throw new DOMException('aborted', 'AbortError');
        const headers = Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
        const res = handle({ method: init?.method ?? 'GET', url: url.pathname + url.search, headers, body: init?.body ? JSON.parse(String(init.body)) : undefined });
        return new Response(res.body === undefined ? null : JSON.stringify(res.body), { status: res.status, headers: res.headers });
      }) as typeof fetch;
    },
  };
}

export type FakeHypothesis = ReturnType<typeof createFakeHypothesis>;
