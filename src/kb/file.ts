/**
 * The file form of a knowledge-base entity (`assets/kb/*.json`) and the entity every consumer sees.
 *
 * The files may write three things shorter, because the knowledge base ships inside the extension
 * and its bytes are counted (issue #15; `gzippedSize` in `src/cli/kb-stats.ts`):
 *   1. a source that is one of the entity's own links is written `"@key"` (`"@wikipedia"` is
 *      `links.wikipedia`), in `sources`, `timeline[].source`, `periods[].source` and `relations[].source`;
 *   2. a plain alias (no flags) may be a bare string: `"Anthropic PBC"` is `{ "text": "Anthropic PBC" }`;
 *   3. the canonical name may be left out of `aliases` when it carries no flag; it is then the first alias.
 * `expandEntity` turns the file form into the full one at load (src/kb/index.ts), so cards, `datedFacts()`,
 * packs (`src/kb/pack.ts`), exports and the validator only ever see full addresses and alias objects;
 * `compactEntity` is its inverse, used by `scripts/kb-compact.ts` to rewrite the files.
 */
import type { KbAlias, KbEntity } from './types';

/** `@key`: one of the entity's links, named by its key in `links`. */
export const SOURCE_REF = /^@([a-z][A-Za-z0-9_]*)$/;
const HTTP = /^https?:\/\//;

/** A knowledge-base entity as a file may write it (see the module comment). */
export type KbFileEntity = Omit<KbEntity, 'aliases'> & { aliases?: (string | KbAlias)[] };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every place of an entity that holds a source address, as [where, value]. */
function sourcePlaces(e: Record<string, unknown>): [string, unknown][] {
  const out: [string, unknown][] = [];
  if (isObj(e.sources)) for (const [k, v] of Object.entries(e.sources)) out.push([`sources.${k}`, v]);
  for (const list of ['timeline', 'periods', 'relations'] as const) {
    const items = e[list];
    if (Array.isArray(items)) items.forEach((t, i) => isObj(t) && t.source !== undefined && out.push([`${list}[${i}].source`, t.source]));
  }
  return out;
}

/**
 * The first problem with the shorthand of a file entity, or null: a `@key` source must name one of
 * the entity's links that is an http(s) address (not `wikidata`, not a key it lacks). The rest of the
 * rules are the validator's, on the expanded entity (`fileEntityProblem` in validate.ts runs both).
 */
export function shorthandProblem(e: unknown, at = 'entity'): string | null {
  if (!isObj(e)) return null;
  const links = isObj(e.links) ? e.links : {};
  for (const [where, v] of sourcePlaces(e)) {
    if (typeof v !== 'string' || !v.startsWith('@')) continue;
    const m = SOURCE_REF.exec(v);
    if (!m) return `${at}.${where}: "${v}" is not a reference to a link (@ and a key of links)`;
    const target = Object.hasOwn(links, m[1]!) ? links[m[1]!] : undefined;
    if (target === undefined) return `${at}.${where}: "${v}" names no link of this entity`;
    if (typeof target !== 'string' || !HTTP.test(target)) return `${at}.${where}: "${v}" names a link that is not an http or https address`;
  }
  return null;
}

/** The full entity a file entity stands for; throws with the problem when a `@key` source names no usable link. */
export function expandEntity(raw: KbFileEntity, at = raw.id): KbEntity {
  const problem = shorthandProblem(raw, at);
  if (problem) throw new Error(problem);
  const resolve = <T extends { source?: string }>(x: T): T => (typeof x.source === 'string' && x.source.startsWith('@') ? { ...x, source: raw.links[x.source.slice(1)]! } : x);
  const aliases: KbAlias[] = (raw.aliases ?? []).map((a) => (typeof a === 'string' ? { text: a } : a));
  if (!aliases.some((a) => a.text === raw.name)) aliases.unshift({ text: raw.name });
  const e: KbEntity = { ...raw, aliases };
  if (raw.sources) e.sources = Object.fromEntries(Object.entries(raw.sources).map(([k, v]) => [k, typeof v === 'string' && v.startsWith('@') ? raw.links[v.slice(1)]! : v]));
  if (raw.timeline) e.timeline = raw.timeline.map(resolve);
  if (raw.periods) e.periods = raw.periods.map(resolve);
  if (raw.relations) e.relations = raw.relations.map(resolve);
  return e;
}

/**
 * The shortest file form of an entity that expands back to it exactly: sources that equal one of its
 * links become `@key` (the first key in `links` order with that address), plain aliases become strings,
 * and the canonical name is dropped from the aliases when it is the first one and carries no flag.
 */
export function compactEntity(e: KbEntity): KbFileEntity {
  const keyOf = new Map<string, string>();
  for (const [k, v] of Object.entries(e.links)) if (HTTP.test(v) && !keyOf.has(v) && SOURCE_REF.test(`@${k}`)) keyOf.set(v, k);
  const ref = (u: string) => (keyOf.has(u) ? `@${keyOf.get(u)!}` : u);
  const short = <T extends { source?: string }>(x: T): T => (x.source ? { ...x, source: ref(x.source) } : x);
  const plain = (a: KbAlias) => Object.keys(a).length === 1 && a.text !== undefined;
  let aliases: (string | KbAlias)[] = e.aliases.map((a) => (plain(a) ? a.text : a));
  // the name goes only when it is first and plain: expandEntity puts it back first, so the order holds
  if (aliases[0] === e.name && !aliases.slice(1).some((a) => (typeof a === 'string' ? a : a.text) === e.name)) aliases = aliases.slice(1);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e) as [keyof KbEntity, unknown][]) {
    if (k === 'aliases') {
      if (aliases.length) out.aliases = aliases;
    } else if (k === 'sources') out.sources = Object.fromEntries(Object.entries(e.sources!).map(([f, u]) => [f, ref(u)]));
    else if (k === 'timeline') out.timeline = e.timeline!.map(short);
    else if (k === 'periods') out.periods = e.periods!.map(short);
    else if (k === 'relations') out.relations = e.relations!.map(short);
    else out[k] = v;
  }
  return out as KbFileEntity;
}
