import { KB_ENTITIES, createKnowledgeBase } from '../../src/kb/index';
import { compileKb, type CompiledKb } from '../../src/entities/compiled';
import { KbIndex, cardFor, cardForUnknown, type EntityCardView } from '../../src/kb/cards';
import { searchKb } from '../../src/kb/search';
import { USER_KB_KEY, USER_ID_PREFIX, checkUserKb, emptyUserKb, mergeUserKb, migrateUserKb, type UserKb } from '../../src/kb/user';
import type { CardRequest, EntityCard } from '../../src/messaging/protocol';
import type { KeyValue } from '../../src/storage/settings';
import type { EntityType, KbEntity } from '../../src/kb/types';
import { correctKb, withCorrection, type Correction } from '../../src/kb/corrections';
import { PACK_KEY, PACK_STATE_KEY, packBase, stillNeeded, type AppliedPack } from '../../src/kb/pack';

const SHIPPED_IDS: ReadonlySet<string> = new Set(KB_ENTITIES.map((e) => e.id));
const SHIPPED = new Map(KB_ENTITIES.map((e) => [e.id, e]));
/** The cards a page may draw: the shipped knowledge base alone, none of the reader's additions or edits. */
const SHIPPED_IDX = new KbIndex(KB_ENTITIES);
const isMine = (id: string | null | undefined) => !!id && id.startsWith(USER_ID_PREFIX);
/**
 * The knowledge base as this reader sees it: shipped entities, with a knowledge pack's (src/kb/pack.ts)
 * when updates are on, merged with the reader's additions, recompiled when either changes.
 */
export function createKbService(kv: KeyValue) {
  let user: UserKb = emptyUserKb();
  /** The applied knowledge pack, and entities of an earlier one the reader's data still points at. */
  let pack: AppliedPack | null = null;
  let kept: KbEntity[] = [];
  let base: KbEntity[] = [...KB_ENTITIES];
  let baseIds: ReadonlySet<string> = SHIPPED_IDS;
  const rebase = () => {
    base = packBase(KB_ENTITIES, pack?.entities ?? null, user, kept);
    baseIds = new Set(base.map((e) => e.id));
  };
  const build = (u: UserKb) => {
    const merged = mergeUserKb(base, u);
    return {
      // "it's …" and "add" corrections decide which entity a shared name links to
      compiled: compileKb(createKnowledgeBase(correctKb(merged, u.corrections))),
      idx: new KbIndex(merged),
      // the browser lists hidden entities too, so they can be shown again
      browsable: mergeUserKb(base, { ...u, hidden: [] }),
    };
  };
  let state = build(user);
  /** What the page may be analysed with: the shipped knowledge base, less what the reader hid (built when first needed). */
  let page: { for: UserKb; compiled: CompiledKb } | null = null;
  let names: { for: typeof state; map: Map<string, KbEntity> } | null = null;
  const ready = Promise.all([kv.get(USER_KB_KEY), kv.get(PACK_KEY), kv.get(PACK_STATE_KEY)]).then(([raw, storedPack, packState]) => {
    const ps = packState as { source?: unknown; kept?: unknown } | undefined;
    pack = typeof ps?.source === 'string' ? ((storedPack as AppliedPack | null | undefined) ?? null) : null;
    kept = Array.isArray(ps?.kept) ? (ps.kept as KbEntity[]) : [];
    // the pack first: the reader's data may point at its entities
    rebase();
    user = migrateUserKb(raw, baseIds);
    rebase();
    if (pack || kept.length || user.entities.length || user.aliases.length || user.hidden.length || Object.keys(user.summaries).length || user.corrections.length) state = build(user);
  });

  return {
    shippedIds: SHIPPED_IDS,
    /** Ids the reader's data may point at: the shipped knowledge and the pack's. */
    async knownIds(): Promise<ReadonlySet<string>> {
      await ready;
      return baseIds;
    },
    /** Entities of the knowledge in use that `next` lacks and the reader's data needs (kept beside it). */
    async keep(next: AppliedPack | null): Promise<KbEntity[]> {
      await ready;
      return stillNeeded(base, packBase(KB_ENTITIES, next?.entities ?? null, user), user);
    },
    /** Puts a checked pack in use (null: back to the shipped knowledge), with the entities kept beside it. */
    async setPack(next: AppliedPack | null, keep: KbEntity[]): Promise<void> {
      await ready;
      pack = next;
      kept = keep;
      rebase();
      state = build(user);
    },
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
      // a knowledge pack is for the extension's own pages too: the page sees the shipped knowledge only
      if (!pack && !kept.length && !user.entities.length && !user.aliases.length && !Object.keys(user.summaries).length) return null;
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
    /**
     * The entity a name stands for in the knowledge base the reader uses (shipped, a pack, their
     * additions, hidden ones too), by any of its names, case aside; for "Learned from your reading".
     */
    async byName(name: string): Promise<KbEntity | null> {
      await ready;
      if (names?.for !== state) {
        const map = new Map<string, KbEntity>();
        for (const e of state.browsable) for (const a of [e.name, ...e.aliases.map((x) => x.text)]) if (!map.has(a.toLowerCase())) map.set(a.toLowerCase(), e);
        names = { for: state, map };
      }
      return names.map.get(name.trim().toLowerCase()) ?? null;
    },
    async getUser(): Promise<UserKb> {
      await ready;
      return user;
    },
    /** Checks the whole file first; stores and recompiles only when it is valid. */
    async setUser(data: unknown): Promise<{ ok: true } | { ok: false; error: string }> {
      await ready;
      const checked = checkUserKb(data, baseIds);
      if (!checked.ok) return checked;
      await kv.set(USER_KB_KEY, checked.value);
      user = checked.value;
      // a pack's alias the reader now uses for an entity of their own gives way to it
      rebase();
      state = build(user);
      return { ok: true };
    },
  };
}
