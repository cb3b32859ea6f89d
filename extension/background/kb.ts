import { KB_ENTITIES, createKnowledgeBase } from '../../src/kb/index';
import { compileKb, type CompiledKb } from '../../src/entities/compiled';
import { KbIndex, cardFor, cardForUnknown, type EntityCardView } from '../../src/kb/cards';
import { searchKb } from '../../src/kb/search';
import { USER_KB_KEY, USER_ID_PREFIX, checkUserKb, emptyUserKb, mergeUserKb, migrateUserKb, type UserKb } from '../../src/kb/user';
import type { CardRequest, EntityCard } from '../../src/messaging/protocol';
import type { KeyValue } from '../../src/storage/settings';
import type { EntityType, KbEntity } from '../../src/kb/types';
import { correctKb, withCorrection, type Correction } from '../../src/kb/corrections';

const SHIPPED_IDS: ReadonlySet<string> = new Set(KB_ENTITIES.map((e) => e.id));
const SHIPPED = new Map(KB_ENTITIES.map((e) => [e.id, e]));
/** The cards a page may draw: the shipped knowledge base alone, none of the reader's additions or edits. */
const SHIPPED_IDX = new KbIndex(KB_ENTITIES);
const isMine = (id: string | null | undefined) => !!id && id.startsWith(USER_ID_PREFIX);
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
  /** What the page may be analysed with: the shipped knowledge base, less what the reader hid (built when first needed). */
  let page: { for: UserKb; compiled: CompiledKb } | null = null;
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
    /**
     * The knowledge base a page's own view is found with, or null when it is the reader's one
     * (they added, renamed or summarised nothing). Entities and aliases the reader added are not
     * in it, so they are neither marked nor counted in the page.
     */
    async pageCompiled(): Promise<CompiledKb | null> {
      await ready;
      if (!user.entities.length && !user.aliases.length && !Object.keys(user.summaries).length) return null;
      if (page?.for !== user) page = { for: user, compiled: compileKb(createKnowledgeBase(mergeUserKb(KB_ENTITIES, { ...emptyUserKb(), hidden: user.hidden }))) };
      return page.compiled;
    },
    /**
     * An entity's card. For the page (`forPage`) it is drawn from the shipped knowledge base only:
     * an entity the reader added has no card there, and a shipped one shows none of their edits.
     */
    async card(req: CardRequest, forPage = false): Promise<EntityCardView | null> {
      await ready;
      if (forPage) {
        if ('id' in req) return isMine(req.id) ? null : cardFor(SHIPPED_IDX, req.id);
        return cardForUnknown(SHIPPED_IDX, req.name, req.type, isMine(req.familyId) ? null : req.familyId);
      }
      return 'id' in req ? cardFor(state.idx, req.id) : cardForUnknown(state.idx, req.name, req.type, req.familyId);
    },
    /**
     * What the page may see of an analysis: entities of the shipped knowledge base (or found by
     * pattern and NLP), under the names the shipped knowledge base gives; an entity the reader
     * added, and a mention found only by an alias the reader added, are left out.
     */
    async forPage<T extends { entities: EntityCard[] }>(res: T): Promise<T> {
      await ready;
      const theirs = new Set(user.aliases.map((a) => a.text.toLowerCase()));
      for (const e of user.entities) for (const a of e.aliases) theirs.add(a.text.toLowerCase());
      const entities: EntityCard[] = [];
      for (const e of res.entities) {
        if (isMine(e.kbId) || isMine(e.familyId)) continue;
        const mentionTexts = e.mentionTexts.filter((t) => !theirs.has(t.toLowerCase()));
        if (!mentionTexts.length) continue;
        const shipped = e.kbId ? SHIPPED.get(e.kbId) : undefined;
        entities.push({ ...e, mentionTexts, ...(shipped ? { name: shipped.name, summary: shipped.summary ?? null } : {}) });
      }
      return { ...res, entities };
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
