/**
 * The reader's own additions to the knowledge base: new entities, extra aliases for existing ones,
 * edited summaries, hidden entities and corrections of links (`./corrections.ts`). Stored with the rest of the reader's data (versioned,
 * migrated like the settings), merged over the embedded knowledge base before matching, and
 * exported/imported as one JSON file. An import is checked whole first and applied all or nothing.
 */
import { ENTITY_TYPES, type EntityType, type KbAlias, type KbEntity } from './types';
import { entityProblem } from './validate';
import { checkCorrections, type Correction } from './corrections';
import { prototypeKeyProblem } from '../storage/limits';

export const USER_KB_KEY = 'userKb';
/** 2: `corrections` added. A version-1 file (none) is still read. */
export const USER_KB_VERSION = 2;
/** Reader-made ids carry this prefix, so they can never collide with a shipped id. */
export const USER_ID_PREFIX = 'user-';
/** Bounds that keep a reader's file (or a hostile one) from blowing up the matcher. */
const MAX_ENTITIES = 5000;
const MAX_ALIASES = 20000;
const MAX_HIDDEN = 20000;
/**
 * The fields a user file may have. A new kind of addition (say, corrections) adds its name here and
 * a check below; everything else in a file is refused by name.
 */
export const USER_KB_FIELDS = ['version', 'entities', 'aliases', 'hidden', 'summaries', 'corrections'] as const;

export interface UserAlias {
  entityId: string;
  text: string;
  ambiguous?: boolean;
}

export interface UserKb {
  version: 2;
  /** Entities the reader added; ids start with `user-`. */
  entities: KbEntity[];
  /** Extra names for any entity, shipped or added. */
  aliases: UserAlias[];
  /** Shipped or added entities the reader does not want to see. */
  hidden: string[];
  /** The reader's own summary for a shipped entity. */
  summaries: Record<string, string>;
  /** "Not this", "It's …" and "Add" on a linked name, applied at the next analysis. */
  corrections: Correction[];
}

export const emptyUserKb = (): UserKb => ({ version: 2, entities: [], aliases: [], hidden: [], summaries: {}, corrections: [] });

export type Checked<T> = { ok: true; value: T } | { ok: false, error: string };

/**
 * Checks a whole user file against the shipped ids: the first problem found, named by its path,
 * or the value ready to store. `known` holds the ids of the embedded knowledge base.
 */
export function checkUserKb(raw: unknown, known: ReadonlySet<string>): Checked<UserKb> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, error: 'the file must hold a JSON object' };
  // first, before any key is used: a `__proto__` key (JSON.parse makes it an own key) anywhere would
  // change an object's prototype once spread or assigned, and break the cards that show it
  const unsafe = prototypeKeyProblem(raw);
  if (unsafe) return { ok: false, error: unsafe };
  const r = raw as Record<string, unknown>;
  if (r.version !== 1 && r.version !== USER_KB_VERSION) return { ok: false, error: `version: must be 1 or ${USER_KB_VERSION}` };
  const fields: readonly string[] = r.version === 1 ? USER_KB_FIELDS.filter((f) => f !== 'corrections') : USER_KB_FIELDS;
  for (const k of Object.keys(r)) if (!fields.includes(k)) return { ok: false, error: `${k}: unknown field` };
  const entities = r.entities ?? [];
  const aliases = r.aliases ?? [];
  const hidden = r.hidden ?? [];
  const summaries = r.summaries ?? {};
  if (!Array.isArray(entities) || entities.length > MAX_ENTITIES) return { ok: false, error: `entities: must be a list of at most ${MAX_ENTITIES}` };
  if (!Array.isArray(aliases) || aliases.length > MAX_ALIASES) return { ok: false, error: `aliases: must be a list of at most ${MAX_ALIASES}` };
  if (!Array.isArray(hidden) || hidden.length > MAX_HIDDEN) return { ok: false, error: `hidden: must be a list of at most ${MAX_HIDDEN} ids` };
  if (typeof summaries !== 'object' || summaries === null || Array.isArray(summaries)) return { ok: false, error: 'summaries: must map ids to text' };
  const ids = new Set(known);
  for (const [i, e] of entities.entries()) {
    const problem = entityProblem(e, `entities[${i}]`, { requireLink: false });
    if (problem) return { ok: false, error: problem };
    const id = (e as KbEntity).id;
    if (!id.startsWith(USER_ID_PREFIX)) return { ok: false, error: `entities[${i}].id: must start with "${USER_ID_PREFIX}"` };
    if (ids.has(id)) return { ok: false, error: `entities[${i}].id: "${id}" is used twice` };
    ids.add(id);
  }
  for (const [i, e] of (entities as KbEntity[]).entries()) {
    for (const [j, rel] of (e.relations ?? []).entries()) if (!ids.has(rel.target)) return { ok: false, error: `entities[${i}].relations[${j}].target: no entity "${rel.target}"` };
    for (const k of ['maker', 'family', 'parent', 'org', 'body']) {
      const v = e.facts?.[k];
      if (typeof v === 'string' && !ids.has(v)) return { ok: false, error: `entities[${i}].facts.${k}: no entity "${v}"` };
    }
  }
  for (const [i, a] of aliases.entries()) {
    if (typeof a !== 'object' || a === null) return { ok: false, error: `aliases[${i}]: must be an object` };
    const al = a as Record<string, unknown>;
    if (typeof al.entityId !== 'string' || !ids.has(al.entityId)) return { ok: false, error: `aliases[${i}].entityId: no entity "${String(al.entityId)}"` };
    if (typeof al.text !== 'string' || !al.text.trim() || al.text.length > 120) return { ok: false, error: `aliases[${i}].text: must be 1 to 120 characters` };
    if (al.ambiguous !== undefined && typeof al.ambiguous !== 'boolean') return { ok: false, error: `aliases[${i}].ambiguous: must be true or false` };
  }
  for (const [i, h] of hidden.entries()) if (typeof h !== 'string' || !ids.has(h)) return { ok: false, error: `hidden[${i}]: no entity "${String(h)}"` };
  for (const [id, text] of Object.entries(summaries as Record<string, unknown>)) {
    if (!ids.has(id)) return { ok: false, error: `summaries.${id}: no such entity` };
    if (typeof text !== 'string' || text.length < 10 || text.length > 280) return { ok: false, error: `summaries.${id}: must be 10 to 280 characters` };
  }
  const corrections = checkCorrections(r.corrections ?? [], ids);
  if (!corrections.ok) return corrections;
  return {
    ok: true,
    value: {
      version: 2,
      entities: structuredClone(entities as KbEntity[]),
      aliases: (aliases as UserAlias[]).map((a) => ({ entityId: a.entityId, text: a.text.trim(), ...(a.ambiguous ? { ambiguous: true } : {}) })),
      hidden: [...new Set(hidden as string[])],
      summaries: { ...(summaries as Record<string, string>) },
      corrections: corrections.value,
    },
  };
}

/** Upgrades stored data of any known version; unreadable data becomes empty rather than blocking the extension. */
export function migrateUserKb(raw: unknown, known: ReadonlySet<string>): UserKb {
  if (raw === undefined || raw === null) return emptyUserKb();
  const checked = checkUserKb(raw, known);
  return checked.ok ? checked.value : emptyUserKb();
}

/** The knowledge base the reader sees: shipped entities with their edits and extra aliases, plus theirs, minus hidden ones. */
export function mergeUserKb(embedded: readonly KbEntity[], user: UserKb): KbEntity[] {
  const hidden = new Set(user.hidden);
  const extra = new Map<string, KbAlias[]>();
  for (const a of user.aliases) extra.set(a.entityId, [...(extra.get(a.entityId) ?? []), { text: a.text, ...(a.ambiguous ? { ambiguous: true } : {}) }]);
  const out: KbEntity[] = [];
  for (const e of [...embedded, ...user.entities]) {
    if (hidden.has(e.id)) continue;
    const more = extra.get(e.id);
    const summary = user.summaries[e.id];
    out.push(more || summary ? { ...e, aliases: [...e.aliases, ...(more ?? [])], ...(summary ? { summary } : {}) } : e);
  }
  return out;
}

/** A new reader entity from the "add a name" form: "this name is a model by X". */
export function newUserEntity(input: { name: string; type: EntityType; summary?: string; maker?: string; link?: string }, taken: ReadonlySet<string>, today: string): Checked<KbEntity> {
  const name = input.name.trim();
  if (!name) return { ok: false, error: 'name: give the name as articles write it' };
  if (!ENTITY_TYPES.includes(input.type)) return { ok: false, error: 'type: choose what kind of thing it is' };
  const slug = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'entity';
  let id = `${USER_ID_PREFIX}${slug}`;
  for (let n = 2; taken.has(id); n++) id = `${USER_ID_PREFIX}${slug}-${n}`;
  const entity: KbEntity = {
    id,
    type: input.type,
    name,
    aliases: [{ text: name }],
    summary: input.summary?.trim() || `Added by you as a ${input.type}.`,
    links: input.link?.trim() ? { source: input.link.trim() } : {},
    asOf: today,
    ...(input.maker ? { facts: { maker: input.maker } } : {}),
  };
  const problem = entityProblem(entity, 'entity', { requireLink: false });
  return problem ? { ok: false, error: problem.replace(/^entity\./, '') } : { ok: true, value: entity };
}
