/**
 * The reader's corrections of links (issue #12, "a correction loop"), kept with their
 * knowledge-base additions (`UserKb.corrections`), exported and imported with them, and applied at
 * the next analysis:
 *
 * - `notThis`: this name is not that entity (or, with `entityId: null`, not an entity at all),
 *   everywhere or on one site. Applied to the analysis: the mentions are dropped.
 * - `itIs`: this name is that entity. Applied to the knowledge base before it is compiled: the name
 *   becomes an alias of the entity and no other entity keeps it.
 * - `add`: this name is something new, the reader-made entity `entityId` (made by `newUserEntity`,
 *   stored in `UserKb.entities`); applied as `itIs` to it.
 *
 * The site of a `notThis` is the registrable site of the tab's address as the browser gave it to the
 * background (`sender.url`), never a site the page names.
 */
import { siteOf as siteOfAddress } from '../annotate/identity';
import type { KbAlias, KbEntity } from './types';
import type { Analysis } from '../entities/types';

export type Correction =
  | { kind: 'notThis'; name: string; entityId: string | null; site: string | null }
  | { kind: 'itIs'; name: string; entityId: string }
  | { kind: 'add'; name: string; entityId: string };

/** A reader's list: enough for years of corrections, small enough that a hostile file cannot slow every analysis. */
export const MAX_CORRECTIONS = 2000;
/** As long as an alias may be (`checkUserKb`). */
const MAX_NAME = 120;
const FIELDS: Record<Correction['kind'], readonly string[]> = {
  notThis: ['kind', 'name', 'entityId', 'site'],
  itIs: ['kind', 'name', 'entityId'],
  add: ['kind', 'name', 'entityId'],
};

/** A mention and a correction name compare as the reader reads them: case, spacing and a possessive aside. */
export const sameName = (s: string): string =>
  s
    .normalize('NFKC')
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/['’]s$/u, '')
    .toLowerCase();

/** The registrable site of a host ("www.news.example" → "news.example", "www.bbc.co.uk" → "bbc.co.uk"), or null when it is not a host name. */
export function siteOf(host: string): string | null {
  const h = host.toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
  if (!/^[a-z0-9-]+(?:\.[a-z0-9-]+)*$/.test(h) || h.length > 253) return null;
  // the same public-suffix reading as a story's identity (src/annotate/identity.ts)
  return siteOfAddress(`https://${h}/`);
}

/** The site of an address the browser reported, or null (not http(s), unreadable). */
export function siteOfUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? siteOf(u.hostname) : null;
  } catch {
    return null;
  }
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && [Object.prototype, null].includes(Object.getPrototypeOf(v));

/**
 * Checks a reader's list of corrections: the first problem, named by its path, or the list ready to
 * store. `ids` holds every entity id a correction may name (shipped and the reader's own).
 */
export function checkCorrections(raw: unknown, ids: ReadonlySet<string>, path = 'corrections'): { ok: true; value: Correction[] } | { ok: false; error: string } {
  if (!Array.isArray(raw) || raw.length > MAX_CORRECTIONS) return { ok: false, error: `${path}: must be a list of at most ${MAX_CORRECTIONS}` };
  const out: Correction[] = [];
  const seen = new Set<string>();
  const named = new Set<string>();
  for (const [i, c] of raw.entries()) {
    const at = `${path}[${i}]`;
    if (!isPlain(c)) return { ok: false, error: `${at}: must be an object` };
    const kind = c.kind;
    if (kind !== 'notThis' && kind !== 'itIs' && kind !== 'add') return { ok: false, error: `${at}.kind: must be notThis, itIs or add` };
    for (const k of Object.keys(c)) if (!FIELDS[kind].includes(k)) return { ok: false, error: `${at}.${k}: unknown field` };
    if (typeof c.name !== 'string' || !c.name.trim() || c.name.length > MAX_NAME || /[\p{Cc}]/u.test(c.name)) return { ok: false, error: `${at}.name: must be 1 to ${MAX_NAME} characters` };
    const name = c.name.trim();
    const id = c.entityId;
    if (kind === 'notThis' ? id !== null && (typeof id !== 'string' || !ids.has(id)) : typeof id !== 'string' || !ids.has(id)) return { ok: false, error: `${at}.entityId: no entity "${String(id)}"` };
    if (kind === 'add' && !(id as string).startsWith('user-')) return { ok: false, error: `${at}.entityId: an added name is one of your own entities` };
    if (kind === 'notThis') {
      const site = c.site;
      if (site !== null && (typeof site !== 'string' || siteOf(site) !== site)) return { ok: false, error: `${at}.site: must be a site such as "news.example", or null for everywhere` };
      const key = `${sameName(name)}\u0000${String(id)}\u0000${String(site)}`;
      if (seen.has(key)) return { ok: false, error: `${at}: the same correction twice` };
      seen.add(key);
      out.push({ kind, name, entityId: id as string | null, site: site as string | null });
    } else {
      // one name means one entity: a second "it's …" for a name would leave which one wins to chance
      if (named.has(sameName(name))) return { ok: false, error: `${at}.name: "${name}" is already corrected to another entity` };
      named.add(sameName(name));
      out.push({ kind, name, entityId: id as string });
    }
  }
  return { ok: true, value: out };
}

/**
 * The knowledge base as the matcher should see it after `itIs` and `add`: each corrected name is an
 * alias of its entity only, and those entities come first, so they win a name they share with another
 * entity by its own name ("Claude"). A name that needed evidence from the article (an ambiguous alias)
 * still needs it: the reader said which entity it is, not that it is always one.
 */
export function correctKb(entities: readonly KbEntity[], corrections: readonly Correction[]): KbEntity[] {
  const to = new Map<string, { name: string; entityId: string }>();
  for (const c of corrections) if (c.kind !== 'notThis') to.set(sameName(c.name), c);
  if (!to.size) return [...entities];
  const taken = new Map<string, KbAlias>();
  const stripped = entities.map((e) => {
    const aliases = e.aliases.filter((a) => {
      const t = to.get(sameName(a.text));
      if (!t || t.entityId === e.id) return true;
      const prev = taken.get(sameName(a.text));
      if (!prev || a.ambiguous) taken.set(sameName(a.text), a);
      return false;
    });
    return aliases.length === e.aliases.length ? e : { ...e, aliases };
  });
  const first: KbEntity[] = [];
  const rest: KbEntity[] = [];
  for (const e of stripped) {
    const mine = [...to.entries()].filter(([, t]) => t.entityId === e.id);
    if (!mine.length) {
      rest.push(e);
      continue;
    }
    const aliases = [...e.aliases];
    for (const [key, t] of mine) {
      const was = taken.get(key);
      const have = aliases.findIndex((a) => sameName(a.text) === key);
      const alias: KbAlias = { text: t.name, ...(was?.case ? { case: was.case } : {}), ...(was?.ambiguous ? { ambiguous: true } : {}) };
      if (have < 0) aliases.push(alias);
      else if (was?.ambiguous) aliases[have] = { ...aliases[have]!, ambiguous: true };
    }
    first.push({ ...e, aliases });
  }
  return [...first, ...rest];
}

/**
 * An analysis with the `notThis` corrections for `site` (and everywhere) applied, and the names an
 * `itIs`/`add` gave to one entity taken from any other (a name found by its shape, say): those
 * mentions are no longer linked, and an entity left without mentions is gone.
 */
export function correctAnalysis(a: Analysis, corrections: readonly Correction[], site: string | null): Analysis {
  const not = corrections.filter((c): c is Extract<Correction, { kind: 'notThis' }> => c.kind === 'notThis' && (c.site === null || c.site === site));
  const owner = new Map<string, string>();
  for (const c of corrections) if (c.kind !== 'notThis') owner.set(sameName(c.name), c.entityId);
  if (!not.length && !owner.size) return a;
  const dropped = (kbId: string | null, text: string): boolean => {
    const n = sameName(text);
    const own = owner.get(n);
    if (own !== undefined && own !== kbId) return true;
    return not.some((c) => sameName(c.name) === n && (c.entityId === null || c.entityId === kbId));
  };
  const entities = a.entities.flatMap((e) => {
    const mentions = e.mentions.filter((m) => !dropped(e.kbId, m.text));
    if (mentions.length === e.mentions.length) return [e];
    return mentions.length ? [{ ...e, mentions }] : [];
  });
  return { ...a, entities };
}

/**
 * The list with `c` added, in place of what it contradicts: the same correction made before, an
 * earlier "it's …"/"add" for the name, a "not this" of the entity the name now links to, or an
 * "it's …" the reader now says is wrong.
 */
export function withCorrection(list: readonly Correction[], c: Correction): Correction[] {
  const n = sameName(c.name);
  const kept = list.filter((x) => {
    if (sameName(x.name) !== n) return true;
    if (c.kind === 'notThis') return x.kind === 'notThis' ? !(x.entityId === c.entityId && x.site === c.site) : c.entityId !== null && x.entityId !== c.entityId;
    return x.kind === 'notThis' && x.entityId !== null && x.entityId !== c.entityId;
  });
  return [...kept, c];
}
