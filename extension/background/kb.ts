import { KB_ENTITIES, createKnowledgeBase } from '../../src/kb/index';
import { compileKb, type CompiledKb } from '../../src/entities/compiled';
import { KbIndex, cardFor, cardForUnknown, type EntityCardView } from '../../src/kb/cards';
import { searchKb } from '../../src/kb/search';
import { USER_KB_KEY, USER_ID_PREFIX, checkUserKb, emptyUserKb, mergeUserKb, migrateUserKb, type UserKb } from '../../src/kb/user';
import type { CardRequest } from '../../src/messaging/protocol';
import type { KeyValue } from '../../src/storage/settings';
import type { EntityType, KbEntity } from '../../src/kb/types';
import { correctKb, withCorrection, type Correction } from '../../src/kb/corrections';

const SHIPPED_IDS: ReadonlySet<string> = new Set(KB_ENTITIES.map((e) => e.id));
const SHIPPED = new Map(KB_ENTITIES.map((e) => [e.id, e]));
/**
 * What the page-side sidebar may show of the reader's own writing: nothing. Their summaries stay in
 * the library (an extension page); in the page an entity shows its shipped summary, or this line.
 */
export const READER_TEXT_IN_LIBRARY = 'Added by you — your notes on it are in the library.';

/** The knowledge base as this reader sees it: shipped entities merged with their additions, recompiled when those change. */
export function createKbService(kv: KeyValue) {
  let user: UserKb = emptyUserKb();
  const build = (u: UserKb) => {
    const merged = mergeUserKb(KB_ENTITIES, u);
    return {
      // "it's …" and "add" corrections decide which entity a shared name links to
      compiled: compileKb(createKnowledgeBase(correctKb(merged, u.corrections))),
      idx: new KbIndex(merged),
      // the browser lists hidden entities too, so they can be shown again
      browsable: mergeUserKb(KB_ENTITIES, { ...u, hidden: [] }),
    };
  };
  let state = build(user);
  const ready = kv.get(USER_KB_KEY).then((raw) => {
    user = migrateUserKb(raw, SHIPPED_IDS);
    if (user.entities.length || user.aliases.length || user.hidden.length || Object.keys(user.summaries).length || user.corrections.length) state = build(user);
  });

  return {
    shippedIds: SHIPPED_IDS,
    async compiled(): Promise<CompiledKb> {
      await ready;
      return state.compiled;
    },
    async card(req: CardRequest, forPage = false): Promise<EntityCardView | null> {
      await ready;
      const card = 'id' in req ? cardFor(state.idx, req.id) : cardForUnknown(state.idx, req.name, req.type, req.familyId);
      return card && forPage && card.id ? { ...card, summary: this.pageSummary(card.id, card.summary) } : card;
    },
    /** The summary the page may see for an entity: never the reader's own text. */
    pageSummary(id: string, summary: string | null): string | null {
      if (id.startsWith(USER_ID_PREFIX)) return READER_TEXT_IN_LIBRARY;
      return user.summaries[id] ? (SHIPPED.get(id)?.summary ?? null) : summary;
    },
    async search(query: string, type: EntityType | null, limit: number) {
      await ready;
      const hidden = new Set(user.hidden);
      return searchKb(state.browsable, query, { type, limit, hidden, mine: (id) => id.startsWith(USER_ID_PREFIX) });
    },
    /** The reader's corrections, for the analysis ("not this" applies per site). */
    async corrections(): Promise<readonly Correction[]> {
      await ready;
      return user.corrections;
    },
    /** Stores one correction (with the entity an "add" made), in place of what it contradicts, checked with the rest of the reader's data. */
    async correct(c: Correction, entity?: KbEntity): Promise<{ ok: true } | { ok: false; error: string }> {
      await ready;
      return this.setUser({ ...user, entities: entity ? [...user.entities, entity] : user.entities, corrections: withCorrection(user.corrections, c) });
    },
    async getUser(): Promise<UserKb> {
      await ready;
      return user;
    },
    /** Checks the whole file first; stores and recompiles only when it is valid. */
    async setUser(data: unknown): Promise<{ ok: true } | { ok: false; error: string }> {
      await ready;
      const checked = checkUserKb(data, SHIPPED_IDS);
      if (!checked.ok) return checked;
      await kv.set(USER_KB_KEY, checked.value);
      user = checked.value;
      state = build(user);
      return { ok: true };
    },
  };
}
