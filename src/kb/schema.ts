import { ENTITY_TYPES } from './types';

export const RELATION_TYPES = ['makes', 'develops', 'successor-of', 'invests-in', 'subsidiary-of', 'regulates', 'sued-by', 'leads', 'member-of-family', 'accused-of-distilling', 'restricted-by', 'licenses-content-to'] as const;
/** Where a dispute stands; required on sued-by and accused-of-distilling relations. */
export const CLAIM_STATUSES = ['alleged', 'denied', 'settled', 'ruled', 'pending', 'dismissed'] as const;
export const DISPUTE_RELATIONS = ['sued-by', 'accused-of-distilling'] as const;

/** JSON Schema of one knowledge-base entity (draft 2020-12 subset that ajv checks in the tests). */
export const ENTITY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'name', 'aliases', 'summary', 'links', 'asOf'],
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
          text: { type: 'string', minLength: 1, maxLength: 120 },
          case: { enum: ['sensitive', 'insensitive'] },
          ambiguous: { type: 'boolean' },
        },
      },
    },
    summary: { type: 'string', minLength: 10, maxLength: 280 },
    links: {
      type: 'object',
      minProperties: 1,
      additionalProperties: { type: 'string', pattern: '^https?://[^\\s]+$' },
      properties: { wikidata: { type: 'string', pattern: '^(Q\\d+|https?://[^\\s]+)$' } },
    },
    asOf: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    facts: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
    relations: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'target'],
        properties: {
          type: { enum: RELATION_TYPES },
          target: { type: 'string' },
          date: { type: 'string', pattern: '^\\d{4}(-\\d{2}){0,2}$' },
          source: { type: 'string', pattern: '^https?://[^\\s]+$' },
          /** Disputes are claims, never facts: who said what, and where it stands. */
          status: { enum: CLAIM_STATUSES },
          note: { type: 'string', maxLength: 200 },
        },
      },
    },
    timeline: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['date', 'text'],
        properties: {
          date: { type: 'string', pattern: '^\\d{4}(-\\d{2}){0,2}$' },
          text: { type: 'string', minLength: 3, maxLength: 160 },
          source: { type: 'string', pattern: '^https?://[^\\s]+$' },
        },
      },
    },
  },
} as const;

/** Fact keys whose value is the id of another entity. */
export const ID_FACTS = ['maker', 'family', 'parent', 'org', 'body'] as const;
