import { ENTITY_TYPES, PERIOD_FACTS, type EntityType } from './types';

export const RELATION_TYPES = ['makes', 'develops', 'successor-of', 'invests-in', 'subsidiary-of', 'regulates', 'sued-by', 'leads', 'member-of-family', 'accused-of-distilling', 'restricted-by', 'licenses-content-to'] as const;
/** Where a dispute stands; required on sued-by and accused-of-distilling relations. */
export const CLAIM_STATUSES = ['alleged', 'denied', 'settled', 'ruled', 'pending', 'dismissed'] as const;
export const DISPUTE_RELATIONS = ['sued-by', 'accused-of-distilling'] as const;
/** Where a law, bill, rule or case stands: `facts.status` and the value of a `status` period. */
export const POLICY_STATUSES = ['proposed', 'pending', 'signed', 'in force', 'delayed', 'frozen', 'vetoed', 'rescinded', 'repealed', 'replaced', 'struck down', 'expired', 'settled', 'ruled', 'dismissed'] as const;
/** A date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
export const DATE_PATTERN = '^\\d{4}(-\\d{2}){0,2}$';
/** An outbound address: http or https only. */
export const HTTP_PATTERN = '^https?://[^\\s]+$';
/** A per-fact source: https only (a page that states the fact). */
export const HTTPS_PATTERN = '^https://[^\\s]+$';
/** Summary bounds: shipped entities at most 200 characters (README); a reader's own entries up to 280. */
export const SUMMARY_MAX = 200;
export const READER_SUMMARY_MAX = 280;

/**
 * The facts each type may carry, one table for the README, the JSON schema and the hand validator:
 * `kind` lists its allowed values, `ids` the facts that name another entity, `dates` the facts that
 * hold a date (each repeats a sourced timeline or period date), `flags` the true/false facts.
 */
export const FACT_RULES: Record<EntityType, { keys: readonly string[]; kind: readonly string[]; enums?: Record<string, readonly string[]> }> = {
  company: { keys: ['founded', 'hq', 'parent', 'kind'], kind: ['ai-lab', 'big-tech', 'chips', 'cloud', 'investor', 'startup', 'other'] },
  model: {
    keys: ['maker', 'family', 'kind', 'released', 'openWeights', 'modality'],
    kind: ['family', 'model', 'product'],
    enums: { modality: ['text', 'multimodal', 'code', 'image', 'video', 'speech'] },
  },
  policy: {
    keys: ['jurisdiction', 'kind', 'status', 'date', 'body'],
    kind: ['law', 'bill', 'executive-order', 'export-rule', 'regulation', 'court-case', 'code-of-practice', 'declaration'],
    enums: { status: POLICY_STATUSES },
  },
  agency: { keys: ['jurisdiction', 'kind'], kind: ['regulator', 'department', 'legislature', 'committee', 'court', 'office'] },
  person: { keys: ['role', 'org', 'since'], kind: [] },
  outlet: { keys: ['kind', 'hq'], kind: ['wire', 'newspaper', 'broadcaster', 'magazine', 'online'] },
  organization: { keys: ['kind', 'jurisdiction'], kind: ['court', 'university', 'nonprofit', 'standards', 'other'] },
  hardware: { keys: ['maker', 'family', 'kind', 'generation', 'announced', 'released'], kind: ['family', 'chip', 'system', 'platform'] },
};
/** Fact keys whose value is the id of another entity. */
export const ID_FACTS = ['maker', 'family', 'parent', 'org', 'body'] as const;
/** Fact keys that hold a date; each repeats the date of a sourced timeline entry or period. */
export const DATE_FACTS = ['founded', 'released', 'announced', 'date', 'since'] as const;
/** Facts that are true or false; every other fact is text. */
export const FLAG_FACTS = ['openWeights'] as const;

const factsSchema = (t: EntityType) => {
  const r = FACT_RULES[t];
  const properties: Record<string, object> = {};
  for (const k of r.keys) {
    if ((FLAG_FACTS as readonly string[]).includes(k)) properties[k] = { type: 'boolean' };
    else if ((DATE_FACTS as readonly string[]).includes(k)) properties[k] = { type: 'string', pattern: DATE_PATTERN };
    else if (k === 'kind') properties[k] = { enum: r.kind };
    else if (r.enums?.[k]) properties[k] = { enum: r.enums[k] };
    else properties[k] = { type: 'string', minLength: 1, maxLength: 280 };
  }
  return { type: 'object', additionalProperties: false, properties };
};

/** JSON Schema of one shipped knowledge-base entity (draft 2020-12 subset that ajv checks in the tests). */
export const ENTITY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'name', 'aliases', 'summary', 'links', 'asOf'],
  allOf: ENTITY_TYPES.map((t) => ({ if: { properties: { type: { const: t } } }, then: { properties: { facts: factsSchema(t), sources: { type: 'object', propertyNames: { enum: FACT_RULES[t].keys } } } } })),
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$' },
    type: { enum: ENTITY_TYPES },
    name: { type: 'string', minLength: 1, maxLength: 120 },
    aliases: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['text'],
        properties: {
          // a possessive is handled in code, never listed
          text: { type: 'string', minLength: 1, maxLength: 120, not: { pattern: "['’]s?$" } },
          case: { enum: ['sensitive', 'insensitive'] },
          ambiguous: { type: 'boolean' },
        },
      },
    },
    summary: { type: 'string', minLength: 10, maxLength: SUMMARY_MAX },
    links: {
      type: 'object',
      minProperties: 1,
      additionalProperties: { type: 'string', pattern: HTTP_PATTERN },
      properties: { wikidata: { type: 'string', pattern: '^(Q\\d+|https?://[^\\s]+)$' } },
    },
    asOf: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    facts: { type: 'object' },
    /** fact key → the page that states that fact; that the entity has the fact is the validator's alone. */
    sources: { type: 'object', additionalProperties: { type: 'string', pattern: HTTPS_PATTERN } },
    relations: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'target'],
        properties: {
          type: { enum: RELATION_TYPES },
          target: { type: 'string', pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$' },
          date: { type: 'string', pattern: DATE_PATTERN },
          source: { type: 'string', pattern: HTTP_PATTERN },
          /** Disputes are claims, never facts: who said what, and where it stands. */
          status: { enum: CLAIM_STATUSES },
          note: { type: 'string', maxLength: 200 },
        },
        // a dispute says where it stands
        if: { properties: { type: { enum: DISPUTE_RELATIONS } } },
        then: { required: ['status'] },
      },
    },
    timeline: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['date', 'text'],
        properties: {
          date: { type: 'string', pattern: DATE_PATTERN },
          text: { type: 'string', minLength: 3, maxLength: 160 },
          source: { type: 'string', pattern: HTTP_PATTERN },
        },
      },
    },
    periods: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['fact', 'value', 'start', 'source'],
        properties: {
          fact: { enum: PERIOD_FACTS },
          value: { type: 'string', minLength: 1, maxLength: 80 },
          org: { type: 'string', pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$' },
          by: { type: 'string', pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$' },
          start: { type: 'string', pattern: DATE_PATTERN },
          end: { type: 'string', pattern: DATE_PATTERN },
          source: { type: 'string', pattern: HTTP_PATTERN },
        },
        allOf: [
          { if: { properties: { fact: { const: 'status' } } }, then: { properties: { value: { enum: POLICY_STATUSES } } } },
          { if: { properties: { fact: { const: 'parent' } } }, then: { required: ['org'] } },
        ],
      },
    },
  },
} as const;

/** A source written as one of the entity's own links, by its key (`@wikipedia`): the file form only (src/kb/file.ts). */
export const SOURCE_REF_PATTERN = '^@[a-z][A-Za-z0-9_]*$';

/**
 * JSON Schema of an entity as `assets/kb/*.json` writes it (src/kb/file.ts): ENTITY_SCHEMA, except that
 * `aliases` may be left out or hold bare strings, and every source may be `@key` (one of its links).
 * That `@key` names a link the entity has is the validator's alone (`fileEntityProblem`).
 */
export const FILE_ENTITY_SCHEMA = (() => {
  const s = structuredClone(ENTITY_SCHEMA) as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const or = (pattern: string) => ({ type: 'string', anyOf: [{ pattern }, { pattern: SOURCE_REF_PATTERN }] });
  s.required = s.required.filter((k: string) => k !== 'aliases');
  const p = s.properties;
  const alias = p.aliases.items;
  p.aliases = { type: 'array', items: { anyOf: [{ type: 'string', minLength: 1, maxLength: 120, not: alias.properties.text.not }, alias] } };
  p.sources = { type: 'object', additionalProperties: or(HTTPS_PATTERN) };
  for (const list of ['relations', 'timeline', 'periods']) p[list].items.properties.source = or(HTTP_PATTERN);
  return s as object;
})();
