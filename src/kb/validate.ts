/**
 * Hand-written checks for knowledge-base entities, the same rules as the JSON schema in schema.ts
 * (both read the tables there; `test/unit/kb-rules.test.ts` runs one table of valid and invalid
 * entities through both, a case per README rule). This one runs in the extension on data that comes
 * from a reader (their additions, an imported file); ajv compiles with `new Function`, which an
 * extension's content security policy forbids, so the schema stays a test tool.
 * `kbProblems` adds the rules that span entities (unique ids, targets that exist, shared aliases).
 */
import { ENTITY_TYPES, PERIOD_FACTS, type KbEntity } from './types';
import { expandEntity, shorthandProblem, type KbFileEntity } from './file';
import { CLAIM_STATUSES, DATE_FACTS, DISPUTE_RELATIONS, FACT_RULES, FLAG_FACTS, ID_FACTS, POLICY_STATUSES, READER_SUMMARY_MAX, RELATION_TYPES, SUMMARY_MAX } from './schema';

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DATE = /^\d{4}(-\d{2}){0,2}$/;
const HTTP = /^https?:\/\/[^\s]{1,2040}$/;
const HTTPS = /^https:\/\/[^\s]{1,2040}$/;
const POSSESSIVE = /['’]s?$/;
/** Bounds on the lists and maps of one entity: far above the shipped ones, far below what stalls matching or a card. */
const MAX = { aliases: 200, links: 20, facts: 40, factKey: 40, factText: 280, relations: 200, timeline: 200, periods: 100 } as const;
/** Fact names are identifiers (`maker`, `releaseDate`): never a key that reaches a prototype. */
const FACT_KEY = /^[a-z][A-Za-z0-9_]*$/;
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, min: number, max: number) => typeof v === 'string' && v.length >= min && v.length <= max;
const has = (list: readonly string[], v: unknown) => typeof v === 'string' && list.includes(v);

/**
 * The first problem with an entity, as a path and a sentence, or null when it is valid. Shipped
 * entities (the default) follow every README rule; a reader's own (`requireLink: false`) may have
 * no link, a summary up to 280 characters and facts of their own naming.
 */
export function entityProblem(e: unknown, at = 'entity', opts: { requireLink?: boolean } = {}): string | null {
  const shipped = opts.requireLink !== false;
  if (!isObj(e)) return `${at}: must be an object`;
  const allowed = new Set(['id', 'type', 'name', 'aliases', 'summary', 'links', 'asOf', 'facts', 'relations', 'timeline', 'periods', 'sources']);
  for (const k of Object.keys(e)) if (!allowed.has(k)) return `${at}.${k}: unknown field`;
  if (typeof e.id !== 'string' || !ID.test(e.id)) return `${at}.id: must be lowercase words joined by hyphens`;
  if (!ENTITY_TYPES.includes(e.type as never)) return `${at}.type: must be one of ${ENTITY_TYPES.join(', ')}`;
  const type = e.type as KbEntity['type'];
  if (!str(e.name, 1, 120)) return `${at}.name: must be 1 to 120 characters`;
  if (!Array.isArray(e.aliases) || !e.aliases.length || e.aliases.length > MAX.aliases) return `${at}.aliases: must list 1 to ${MAX.aliases} names`;
  for (const [i, a] of e.aliases.entries()) {
    if (!isObj(a) || !str(a.text, 1, 120)) return `${at}.aliases[${i}].text: must be 1 to 120 characters`;
    if (POSSESSIVE.test(a.text as string)) return `${at}.aliases[${i}].text: a possessive; possessives are handled in code`;
    if (a.case !== undefined && a.case !== 'sensitive' && a.case !== 'insensitive') return `${at}.aliases[${i}].case: must be sensitive or insensitive`;
    if (a.ambiguous !== undefined && typeof a.ambiguous !== 'boolean') return `${at}.aliases[${i}].ambiguous: must be true or false`;
    for (const k of Object.keys(a)) if (!['text', 'case', 'ambiguous'].includes(k)) return `${at}.aliases[${i}].${k}: unknown field`;
  }
  const maxSummary = shipped ? SUMMARY_MAX : READER_SUMMARY_MAX;
  if (!str(e.summary, 10, maxSummary)) return `${at}.summary: must be 10 to ${maxSummary} characters`;
  if (!isObj(e.links) || Object.keys(e.links).length > MAX.links) return `${at}.links: must map at most ${MAX.links} names to addresses`;
  // Shipped entities cite a source; a reader's own additions may have none.
  if (shipped && !Object.keys(e.links).length) return `${at}.links: must have at least one link`;
  for (const [k, v] of Object.entries(e.links)) {
    if (PROTOTYPE_KEYS.has(k) || k.length > MAX.factKey) return `${at}.links.${k.slice(0, MAX.factKey)}: not allowed as a name`;
    if (k === 'wikidata' && typeof v === 'string' && /^Q\d+$/.test(v)) continue;
    if (typeof v !== 'string' || !HTTP.test(v)) return `${at}.links.${k}: must be an http or https address`;
  }
  if (typeof e.asOf !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(e.asOf)) return `${at}.asOf: must be a date like 2026-11-25`;
  if (e.facts !== undefined) {
    if (!isObj(e.facts) || Object.keys(e.facts).length > MAX.facts) return `${at}.facts: must be an object of at most ${MAX.facts} facts`;
    const rules = FACT_RULES[type];
    for (const [k, v] of Object.entries(e.facts)) {
      if (PROTOTYPE_KEYS.has(k) || k.length > MAX.factKey || !FACT_KEY.test(k)) return `${at}.facts.${k.slice(0, MAX.factKey)}: not allowed as a fact name (a word of letters and digits)`;
      if (!['string', 'number', 'boolean'].includes(typeof v)) return `${at}.facts.${k}: must be text, a number or true/false`;
      if (typeof v === 'string' && v.length > MAX.factText) return `${at}.facts.${k}: longer than ${MAX.factText} characters`;
      if (typeof v === 'number' && !Number.isFinite(v)) return `${at}.facts.${k}: must be a finite number`;
      if (!shipped) continue;
      if (!rules.keys.includes(k)) return `${at}.facts.${k}: not a fact of a ${type} (${rules.keys.join(', ')})`;
      if ((FLAG_FACTS as readonly string[]).includes(k)) {
        if (typeof v !== 'boolean') return `${at}.facts.${k}: must be true or false`;
      } else if (typeof v !== 'string' || !v.length) return `${at}.facts.${k}: must be text`;
      else if ((DATE_FACTS as readonly string[]).includes(k) && !DATE.test(v)) return `${at}.facts.${k}: must be YYYY, YYYY-MM or YYYY-MM-DD`;
      else if (k === 'kind' && !rules.kind.includes(v)) return `${at}.facts.kind: must be one of ${rules.kind.join(', ')}`;
      else if (rules.enums?.[k] && !rules.enums[k].includes(v)) return `${at}.facts.${k}: must be one of ${rules.enums[k].join(', ')}`;
    }
  }
  if (e.relations !== undefined) {
    if (!Array.isArray(e.relations) || e.relations.length > MAX.relations) return `${at}.relations: must be a list of at most ${MAX.relations}`;
    for (const [i, r] of e.relations.entries()) {
      const p = `${at}.relations[${i}]`;
      if (!isObj(r) || !RELATION_TYPES.includes(r.type as never)) return `${p}.type: must be one of ${RELATION_TYPES.join(', ')}`;
      for (const k of Object.keys(r)) if (!['type', 'target', 'date', 'source', 'status', 'note'].includes(k)) return `${p}.${k}: unknown field`;
      if (typeof r.target !== 'string' || !ID.test(r.target)) return `${p}.target: must be an entity id`;
      if (r.date !== undefined && (typeof r.date !== 'string' || !DATE.test(r.date))) return `${p}.date: must be YYYY, YYYY-MM or YYYY-MM-DD`;
      if (r.source !== undefined && (typeof r.source !== 'string' || !HTTP.test(r.source))) return `${p}.source: must be an http or https address`;
      if (r.status !== undefined && !CLAIM_STATUSES.includes(r.status as never)) return `${p}.status: must be one of ${CLAIM_STATUSES.join(', ')}`;
      if (r.status === undefined && has(DISPUTE_RELATIONS, r.type)) return `${p}.status: a dispute says where it stands (${CLAIM_STATUSES.join(', ')})`;
      if (r.note !== undefined && !str(r.note, 0, 200)) return `${p}.note: must be at most 200 characters`;
    }
  }
  if (e.timeline !== undefined) {
    if (!Array.isArray(e.timeline) || e.timeline.length > MAX.timeline) return `${at}.timeline: must be a list of at most ${MAX.timeline}`;
    for (const [i, t] of e.timeline.entries()) {
      if (!isObj(t) || typeof t.date !== 'string' || !DATE.test(t.date)) return `${at}.timeline[${i}].date: must be YYYY, YYYY-MM or YYYY-MM-DD`;
      for (const k of Object.keys(t)) if (!['date', 'text', 'source'].includes(k)) return `${at}.timeline[${i}].${k}: unknown field`;
      if (!str(t.text, 3, 160)) return `${at}.timeline[${i}].text: must be 3 to 160 characters`;
      if (t.source !== undefined && (typeof t.source !== 'string' || !HTTP.test(t.source))) return `${at}.timeline[${i}].source: must be an http or https address`;
    }
  }
  if (e.periods !== undefined) {
    if (!Array.isArray(e.periods) || e.periods.length > MAX.periods) return `${at}.periods: must be a list of at most ${MAX.periods}`;
    for (const [i, p] of e.periods.entries()) {
      const q = `${at}.periods[${i}]`;
      if (!isObj(p) || !has(PERIOD_FACTS, p.fact)) return `${q}.fact: must be one of ${PERIOD_FACTS.join(', ')}`;
      for (const k of Object.keys(p)) if (!['fact', 'value', 'org', 'by', 'start', 'end', 'source'].includes(k)) return `${q}.${k}: unknown field`;
      if (!str(p.value, 1, 80)) return `${q}.value: must be 1 to 80 characters`;
      if (p.fact === 'status' && !has(POLICY_STATUSES, p.value)) return `${q}.value: a status is one of ${POLICY_STATUSES.join(', ')}`;
      if (p.org !== undefined && (typeof p.org !== 'string' || !ID.test(p.org))) return `${q}.org: must be an entity id`;
      if (p.fact === 'parent' && p.org === undefined) return `${q}.org: a parent period names the parent`;
      if (p.by !== undefined && (typeof p.by !== 'string' || !ID.test(p.by))) return `${q}.by: must be an entity id`;
      if (typeof p.start !== 'string' || !DATE.test(p.start)) return `${q}.start: must be YYYY, YYYY-MM or YYYY-MM-DD`;
      if (p.end !== undefined && (typeof p.end !== 'string' || !DATE.test(p.end))) return `${q}.end: must be YYYY, YYYY-MM or YYYY-MM-DD`;
      if (typeof p.end === 'string' && p.end < p.start) return `${q}.end: before its start`;
      if (typeof p.source !== 'string' || !HTTP.test(p.source)) return `${q}.source: every period cites an http or https source`;
    }
  }
  if (e.sources !== undefined) {
    if (!isObj(e.sources) || Object.keys(e.sources).length > MAX.facts) return `${at}.sources: must map at most ${MAX.facts} facts to addresses`;
    const facts = isObj(e.facts) ? e.facts : {};
    for (const [k, v] of Object.entries(e.sources)) {
      if (PROTOTYPE_KEYS.has(k) || k.length > MAX.factKey || !FACT_KEY.test(k)) return `${at}.sources.${k.slice(0, MAX.factKey)}: not allowed as a fact name`;
      if (!Object.hasOwn(facts, k)) return `${at}.sources.${k}: the entity states no such fact`;
      if (typeof v !== 'string' || !HTTPS.test(v)) return `${at}.sources.${k}: must be an https address`;
    }
  }
  return null;
}

/**
 * The first problem with an entity as `assets/kb/*.json` writes it (src/kb/file.ts): its shorthand
 * (`@key` sources naming one of its http(s) links, bare-string aliases, the canonical name left out),
 * then every rule of `entityProblem` on the entity it expands to.
 */
export function fileEntityProblem(e: unknown, at = 'entity'): string | null {
  if (!isObj(e)) return `${at}: must be an object`;
  if (e.aliases !== undefined && !Array.isArray(e.aliases)) return `${at}.aliases: must be a list`;
  if (typeof e.name !== 'string' || !isObj(e.links)) return entityProblem(e, at);
  const ref = shorthandProblem(e, at);
  if (ref) return ref;
  for (const [i, a] of ((e.aliases ?? []) as unknown[]).entries()) if (!isObj(a) && typeof a !== 'string') return `${at}.aliases[${i}]: must be a name or an alias object`;
  return entityProblem(expandEntity(e as unknown as KbFileEntity), at);
}

export const isEntity = (e: unknown): e is KbEntity => entityProblem(e) === null;

/**
 * The rules that span the knowledge base, each problem as one line: ids unique across files; the
 * canonical name among the aliases; every id-valued fact, relation target, period `org`/`by` pointing
 * at an entity (makers are companies, families have `kind: family`); an alias text on two entities
 * only when both flag it ambiguous.
 */
export function kbProblems(entities: readonly KbEntity[]): string[] {
  const out: string[] = [];
  const ids = new Map<string, KbEntity>();
  for (const e of entities) {
    if (ids.has(e.id)) out.push(`${e.id}: id used twice`);
    ids.set(e.id, e);
  }
  const seen = new Map<string, { id: string; ambiguous: boolean }>();
  for (const e of entities) {
    if (!e.aliases.some((a) => a.text === e.name)) out.push(`${e.id}: name "${e.name}" is not among its aliases`);
    for (const k of ID_FACTS) {
      const v = e.facts?.[k];
      if (v === undefined) continue;
      const t = ids.get(String(v));
      if (!t) out.push(`${e.id} facts.${k} → ${String(v)}: no such entity`);
      else if (k === 'maker' && t.type !== 'company') out.push(`${e.id} facts.maker → ${t.id}: not a company`);
      else if (k === 'family' && t.facts?.kind !== 'family') out.push(`${e.id} facts.family → ${t.id}: not a family`);
    }
    if (e.type === 'model' && e.facts?.maker === undefined) out.push(`${e.id}: a model names its maker`);
    if (e.type === 'hardware' && e.facts?.maker === undefined) out.push(`${e.id}: hardware names its maker`);
    for (const r of e.relations ?? []) if (!ids.has(r.target)) out.push(`${e.id} ${r.type} → ${r.target}: no such entity`);
    for (const p of e.periods ?? []) {
      for (const k of ['org', 'by'] as const) if (p[k] !== undefined && !ids.has(p[k])) out.push(`${e.id} period ${p.fact} ${k} → ${p[k]}: no such entity`);
    }
    for (const a of e.aliases) {
      const key = a.case === 'insensitive' ? a.text.toLowerCase() : a.text;
      const prev = seen.get(key);
      if (prev && prev.id !== e.id && !(prev.ambiguous && a.ambiguous)) out.push(`alias "${a.text}": on ${prev.id} and ${e.id}, not ambiguous on both`);
      seen.set(key, { id: e.id, ambiguous: !!a.ambiguous });
    }
  }
  return out;
}

/** A dated fact the knowledge base states, and whether it cites a source. */
export interface DatedFact {
  id: string;
  what: string;
  sourced: boolean;
}

/**
 * Every dated fact of an entity: each date-valued fact (sourced by its own `sources` entry, or when a
 * sourced timeline entry or period carries that date), each timeline entry, each period, each dated relation.
 */
export function datedFacts(e: KbEntity): DatedFact[] {
  const out: DatedFact[] = [];
  const sourcedDates = new Set<string>();
  for (const t of e.timeline ?? []) if (t.source) sourcedDates.add(t.date);
  for (const p of e.periods ?? []) {
    sourcedDates.add(p.start);
    if (p.end) sourcedDates.add(p.end);
  }
  for (const k of DATE_FACTS) {
    const v = e.facts?.[k];
    if (v !== undefined) out.push({ id: e.id, what: `facts.${k} ${String(v)}`, sourced: !!e.sources?.[k] || sourcedDates.has(String(v)) });
  }
  for (const t of e.timeline ?? []) out.push({ id: e.id, what: `timeline ${t.date}`, sourced: !!t.source });
  for (const p of e.periods ?? []) out.push({ id: e.id, what: `period ${p.fact} ${p.start}`, sourced: !!p.source });
  for (const r of e.relations ?? []) if (r.date) out.push({ id: e.id, what: `${r.type} ${r.target} ${r.date}`, sourced: !!r.source });
  return out;
}
