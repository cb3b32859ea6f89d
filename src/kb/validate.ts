/**
 * Hand-written checks for knowledge-base entities, used on data that comes from a reader (their
 * additions, an imported file). The same rules as the JSON schema in schema.ts, which the tests
 * run over the embedded files with ajv; ajv itself compiles with `new Function`, which an extension's
 * content security policy forbids, so it stays a test tool.
 */
import { ENTITY_TYPES, type KbEntity } from './types';
import { CLAIM_STATUSES, RELATION_TYPES } from './schema';

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DATE = /^\d{4}(-\d{2}){0,2}$/;
const HTTP = /^https?:\/\/[^\s]{1,2040}$/;
/** Bounds on the lists and maps of one entity: far above the shipped ones, far below what stalls matching or a card. */
const MAX = { aliases: 200, links: 20, facts: 40, factKey: 40, factText: 280, relations: 200, timeline: 200 } as const;
/** Fact names are identifiers (`maker`, `releaseDate`): never a key that reaches a prototype. */
const FACT_KEY = /^[a-z][A-Za-z0-9_]*$/;
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, min: number, max: number) => typeof v === 'string' && v.length >= min && v.length <= max;

/** The first problem with an entity, as a path and a sentence, or null when it is valid. */
export function entityProblem(e: unknown, at = 'entity', opts: { requireLink?: boolean } = {}): string | null {
  if (!isObj(e)) return `${at}: must be an object`;
  const allowed = new Set(['id', 'type', 'name', 'aliases', 'summary', 'links', 'asOf', 'facts', 'relations', 'timeline']);
  for (const k of Object.keys(e)) if (!allowed.has(k)) return `${at}.${k}: unknown field`;
  if (typeof e.id !== 'string' || !ID.test(e.id)) return `${at}.id: must be lowercase words joined by hyphens`;
  if (!ENTITY_TYPES.includes(e.type as never)) return `${at}.type: must be one of ${ENTITY_TYPES.join(', ')}`;
  if (!str(e.name, 1, 120)) return `${at}.name: must be 1 to 120 characters`;
  if (!Array.isArray(e.aliases) || !e.aliases.length || e.aliases.length > MAX.aliases) return `${at}.aliases: must list 1 to ${MAX.aliases} names`;
  for (const [i, a] of e.aliases.entries()) {
    if (!isObj(a) || !str(a.text, 1, 120)) return `${at}.aliases[${i}].text: must be 1 to 120 characters`;
    if (a.case !== undefined && a.case !== 'sensitive' && a.case !== 'insensitive') return `${at}.aliases[${i}].case: must be sensitive or insensitive`;
    if (a.ambiguous !== undefined && typeof a.ambiguous !== 'boolean') return `${at}.aliases[${i}].ambiguous: must be true or false`;
    for (const k of Object.keys(a)) if (!['text', 'case', 'ambiguous'].includes(k)) return `${at}.aliases[${i}].${k}: unknown field`;
  }
  if (!str(e.summary, 10, 280)) return `${at}.summary: must be 10 to 280 characters`;
  if (!isObj(e.links) || Object.keys(e.links).length > MAX.links) return `${at}.links: must map at most ${MAX.links} names to addresses`;
  // Shipped entities cite a source; a reader's own additions may have none.
  if (opts.requireLink !== false && !Object.keys(e.links).length) return `${at}.links: must have at least one link`;
  for (const [k, v] of Object.entries(e.links)) {
    if (PROTOTYPE_KEYS.has(k) || k.length > MAX.factKey) return `${at}.links.${k.slice(0, MAX.factKey)}: not allowed as a name`;
    if (k === 'wikidata' && typeof v === 'string' && /^Q\d+$/.test(v)) continue;
    if (typeof v !== 'string' || !HTTP.test(v)) return `${at}.links.${k}: must be an http or https address`;
  }
  if (typeof e.asOf !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(e.asOf)) return `${at}.asOf: must be a date like 2026-11-25`;
  if (e.facts !== undefined) {
    if (!isObj(e.facts) || Object.keys(e.facts).length > MAX.facts) return `${at}.facts: must be an object of at most ${MAX.facts} facts`;
    for (const [k, v] of Object.entries(e.facts)) {
      if (PROTOTYPE_KEYS.has(k) || k.length > MAX.factKey || !FACT_KEY.test(k)) return `${at}.facts.${k.slice(0, MAX.factKey)}: not allowed as a fact name (a word of letters and digits)`;
      if (!['string', 'number', 'boolean'].includes(typeof v)) return `${at}.facts.${k}: must be text, a number or true/false`;
      if (typeof v === 'string' && v.length > MAX.factText) return `${at}.facts.${k}: longer than ${MAX.factText} characters`;
      if (typeof v === 'number' && !Number.isFinite(v)) return `${at}.facts.${k}: must be a finite number`;
    }
  }
  if (e.relations !== undefined) {
    if (!Array.isArray(e.relations) || e.relations.length > MAX.relations) return `${at}.relations: must be a list of at most ${MAX.relations}`;
    for (const [i, r] of e.relations.entries()) {
      const p = `${at}.relations[${i}]`;
      if (!isObj(r) || !RELATION_TYPES.includes(r.type as never)) return `${p}.type: must be one of ${RELATION_TYPES.join(', ')}`;
      if (typeof r.target !== 'string' || !ID.test(r.target)) return `${p}.target: must be an entity id`;
      if (r.date !== undefined && (typeof r.date !== 'string' || !DATE.test(r.date))) return `${p}.date: must be YYYY, YYYY-MM or YYYY-MM-DD`;
      if (r.source !== undefined && (typeof r.source !== 'string' || !HTTP.test(r.source))) return `${p}.source: must be an http or https address`;
      if (r.status !== undefined && !CLAIM_STATUSES.includes(r.status as never)) return `${p}.status: must be one of ${CLAIM_STATUSES.join(', ')}`;
      if (r.note !== undefined && !str(r.note, 0, 200)) return `${p}.note: must be at most 200 characters`;
    }
  }
  if (e.timeline !== undefined) {
    if (!Array.isArray(e.timeline) || e.timeline.length > MAX.timeline) return `${at}.timeline: must be a list of at most ${MAX.timeline}`;
    for (const [i, t] of e.timeline.entries()) {
      if (!isObj(t) || typeof t.date !== 'string' || !DATE.test(t.date)) return `${at}.timeline[${i}].date: must be YYYY, YYYY-MM or YYYY-MM-DD`;
      if (!str(t.text, 3, 160)) return `${at}.timeline[${i}].text: must be 3 to 160 characters`;
    }
  }
  return null;
}

export const isEntity = (e: unknown): e is KbEntity => entityProblem(e) === null;
