import type { KbAlias, KbEntity } from './types';
import { expandEntity, type KbFileEntity } from './file';
import companies from '../../assets/kb/companies.json';
import models from '../../assets/kb/models.json';
import policies from '../../assets/kb/policies.json';
import agencies from '../../assets/kb/agencies.json';
import people from '../../assets/kb/people.json';
import outlets from '../../assets/kb/outlets.json';
import organizations from '../../assets/kb/organizations.json';
import hardware from '../../assets/kb/hardware.json';

export type { KbEntity, KbAlias, EntityType } from './types';

/** The entities as the files write them (shorthand allowed, src/kb/file.ts), in file order: what the build bundles. */
export const KB_FILE_ENTITIES: readonly KbFileEntity[] = [
  ...companies,
  ...models,
  ...policies,
  ...agencies,
  ...people,
  ...outlets,
  ...organizations,
  ...hardware,
] as KbFileEntity[];

/** Every entity of the embedded knowledge base, in file order, expanded: full source addresses, every alias an object. */
export const KB_ENTITIES: readonly KbEntity[] = KB_FILE_ENTITIES.map((e) => expandEntity(e));

export interface KnowledgeBase {
  entities: readonly KbEntity[];
  byId: ReadonlyMap<string, KbEntity>;
}

export function createKnowledgeBase(entities: readonly KbEntity[] = KB_ENTITIES): KnowledgeBase {
  const byId = new Map<string, KbEntity>();
  for (const e of entities) byId.set(e.id, e);
  return { entities, byId };
}

/** The aliases an entity is matched by: its listed aliases, plus its canonical name when not listed. */
export function aliasesOf(e: KbEntity): KbAlias[] {
  const list = [...e.aliases];
  if (!list.some((a) => a.text === e.name)) list.push({ text: e.name });
  return list;
}
