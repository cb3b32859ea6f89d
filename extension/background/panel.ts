/**
 * Answers the reading companion about the reader's data for the article in one tab (the companion
 * names the tab; its sender check is the proof), and the actions that reach into the page (jump to
 * a highlight, re-attach an orphan, flash an entity), which go to the tab's content script as ids,
 * keys and offsets only.
 */
import { api } from '../shared/browser';
import { validators, type PanelCorrection, type PanelState } from '../../src/messaging/protocol';
import { sameName } from '../../src/kb/corrections';
import { newUserEntity } from '../../src/kb/user';
import type { AnnotationRecord } from '../../src/storage/db';
import type { Selector } from '../../src/annotate/anchor';
import type { Pages, PageRecord } from './pages';
import { canonicalUrl, madeOn, siteOf } from '../../src/annotate/identity';
import type { createAnnotations } from './annotations';
import type { createReading } from './reading';
import type { createKbService } from './kb';

type Annotations = ReturnType<typeof createAnnotations>;
type Reading = ReturnType<typeof createReading>;
type Kb = ReturnType<typeof createKbService>;

/** How many entities the Related view gives background links for. */
const BACKGROUND_ENTITIES = 5;

export function createPanelService(pages: Pages, annotations: Annotations, reading: Reading, kb: Kb) {
  /** The knowledge base's links for the article's most mentioned known entities (outlets aside). */
  const background = async (rec: PageRecord): Promise<PanelState['background']> => {
    const main = rec.entities.filter((e) => !e.key.includes(':') && e.type !== 'outlet').sort((a, b) => b.count - a.count);
    const out: PanelState['background'] = [];
    for (const e of main) {
      const card = await kb.card({ id: e.key }).catch(() => null);
      const links = card?.links.filter((l) => /^https?:\/\//i.test(l.href)) ?? [];
      if (links.length) out.push({ key: e.key, name: e.name, type: e.type, links });
      if (out.length === BACKGROUND_ENTITIES) break;
    }
    return out;
  };
  /** Every highlight the page's claims point at (its address, canonical link and text), of any site. */
  const claimed = async (rec: PageRecord): Promise<AnnotationRecord[]> => {
    const store = await annotations.store();
    const found = new Map((await store.forArticle(rec.canonical, rec.fingerprint)).map((a) => [a.id, a]));
    if (rec.claimed) for (const a of await store.forArticle(canonicalUrl(rec.url, rec.claimed), null)) found.set(a.id, a);
    return [...found.values()];
  };
  /** This story's annotations on this site (and on those the reader chose to show here): the only ones the companion may see or change for this tab. */
  const mine = async (rec: PageRecord): Promise<AnnotationRecord[]> => {
    const here = [siteOf(rec.url), ...(rec.shown ?? [])];
    return (await claimed(rec)).filter((a) => here.some((s) => madeOn(a, s)));
  };
  /** The same story's highlights on other sites, counted by site: offered in the companion, never sent to the page. */
  const elsewhere = async (rec: PageRecord): Promise<PanelState['elsewhere']> => {
    const own = siteOf(rec.url);
    const by = new Map<string, number>();
    for (const a of await claimed(rec)) {
      const site = siteOf(a.url);
      if (site && site !== own) by.set(site, (by.get(site) ?? 0) + 1);
    }
    return [...by].map(([site, count]) => ({ site, count, shown: (rec.shown ?? []).includes(site) }));
  };
  const owned = async (rec: PageRecord, id: string): Promise<AnnotationRecord> => {
    const found = (await mine(rec)).find((a) => a.id === id);
    if (!found) throw new Error('that highlight is not part of this article');
    return found;
  };
  const open = async (tabId: number | null) => ({ ...(await pages.forTab(tabId)), tabId: tabId! });
  const send = (tabId: number, rec: PageRecord, kind: string, payload: Record<string, unknown>) => api.tabs.sendMessage(tabId, { kind, payload }, { frameId: rec.frameId });

  const service = {
    async state(tabId: number | null): Promise<PanelState> {
      const rec = await open(tabId);
      const store = await annotations.store();
      const notes = await store.entityNotes(rec.entities.map((e) => e.key));
      return {
        page: { url: rec.url, title: rec.title, outlet: rec.outlet, published: rec.published },
        site: rec.site ?? null,
        annotations: await mine(rec),
        placement: rec.placement,
        elsewhere: await elsewhere(rec),
        entities: rec.entities.map(({ key, name, type, texts }) => ({ key, name, type, texts: texts ?? [name] })),
        entityNotes: notes.filter((n) => n !== undefined),
        cited: rec.cited,
        badge: await api.action.getBadgeText({ tabId: rec.tabId }).catch(() => ''),
        background: await background(rec),
        reading: await reading.state(rec).catch((e: unknown) => ({
          recorded: false,
          related: [],
          thread: null,
          entities: [],
          skipped: 0,
          error: e instanceof Error ? e.message : String(e),
        })),
      };
    },

    async follow(tabId: number | null, kind: 'thread' | 'entity', key: string, on: boolean): Promise<{ ok: true }> {
      const rec = await open(tabId);
      const st = await reading.state(rec);
      // only what this article shows may be followed from its companion
      const name = kind === 'thread' ? (st.thread?.id === key ? st.thread.name : null) : (rec.entities.find((e) => e.key === key)?.name ?? null);
      if (name === null) throw new Error('that is not part of this article');
      await reading.follow(kind, key, name, on);
      return { ok: true };
    },

    /** The tab's own site, by the address the browser gave (the companion's confirmation names the same host). */
    async forgetSite(tabId: number | null): Promise<{ forgotten: number }> {
      const rec = await open(tabId);
      return { forgotten: await reading.forgetSite(new URL(rec.url).host) };
    },

    /** The reader chose, in the companion, to see this story's highlights from `site` drawn in the page. */
    async showHere(tabId: number | null, site: string): Promise<{ ok: true }> {
      const rec = await open(tabId);
      if (!(await elsewhere(rec)).some((e) => e.site === site)) throw new Error('there are no highlights of this story on that site');
      await pages.show(rec.tabId, site);
      await send(rec.tabId, rec, 'ann:changed', {}).catch(() => undefined);
      return { ok: true };
    },

    /** The companion's "Show in text" on an entity of the tab's article: the page flashes its first mention. */
    async flash(tabId: number, key: string): Promise<{ ok: boolean }> {
      const rec = await open(tabId);
      if (!rec.entities.some((e) => e.key === key)) return { ok: false };
      return ((await send(rec.tabId, rec, 'marks:flash', { key }).catch(() => null)) as { ok: boolean } | null) ?? { ok: false };
    },

    async jump(tabId: number | null, id: string): Promise<{ ok: boolean }> {
      const rec = await open(tabId);
      const r = (await send(rec.tabId, rec, 'ann:jump', { id }).catch(() => null)) as { ok?: unknown } | null;
      return { ok: r?.ok === true };
    },

    async reattach(tabId: number | null, id: string): Promise<{ ok: true } | { ok: false; error: string }> {
      const rec = await open(tabId);
      const a = await owned(rec, id);
      const r = (await send(rec.tabId, rec, 'ann:reattach', { id }).catch(() => null)) as { ok?: unknown; error?: unknown; selectors?: unknown } | null;
      if (!r || r.ok !== true) return { ok: false, error: typeof r?.error === 'string' ? r.error : 'The page did not answer; reload it and try again.' };
      // the same shape check as a highlight saved from the page
      if (!validators['ann:save']({ url: rec.url, canonical: null, title: '', fingerprint: rec.fingerprint, selectors: r.selectors })) return { ok: false, error: 'The selection could not be read.' };
      await (await annotations.store()).put({ ...a, selectors: r.selectors as Selector[], fingerprint: rec.fingerprint, urls: [...new Set([...a.urls, rec.url])], updated: new Date().toISOString() });
      await send(rec.tabId, rec, 'ann:changed', {}).catch(() => undefined);
      return { ok: true };
    },

    async update(tabId: number | null, id: string, note: string, tags: string[]): Promise<AnnotationRecord | null> {
      const rec = await open(tabId);
      await owned(rec, id);
      return annotations.update(id, note, tags);
    },

    async remove(tabId: number | null, id: string): Promise<{ ok: true }> {
      const rec = await open(tabId);
      await owned(rec, id);
      await annotations.delete(id);
      await send(rec.tabId, rec, 'ann:changed', {}).catch(() => undefined);
      return { ok: true };
    },

    /** Undo of a delete: the record goes back through the same checks as an import. */
    async restore(tabId: number | null, record: unknown): Promise<{ ok: true } | { ok: false; error: string }> {
      const rec = await open(tabId);
      const r = await annotations.restore([record]);
      if (!r.ok) return r;
      await send(rec.tabId, rec, 'ann:changed', {}).catch(() => undefined);
      return { ok: true };
    },

    /**
     * A correction of one of this article's names. Only a name the article shows may be corrected
     * from its companion; "on this site" is the site of the tab's address as the browser reported it.
     */
    async correct(tabId: number | null, c: PanelCorrection): Promise<{ ok: true; site: string | null } | { ok: false; error: string }> {
      const rec = await open(tabId);
      const name = c.name.trim();
      const holders = rec.entities.filter((e) => (e.texts ?? [e.name]).some((t) => sameName(t) === sameName(name)));
      if (!holders.length) return { ok: false, error: 'that name is not in this article' };
      if (c.kind === 'notThis') {
        if (c.entityKey !== null && !holders.some((e) => e.key === c.entityKey)) return { ok: false, error: 'that name is not linked to that entity here' };
        // a name found by its shape alone has no entity to be "not": it is not an entity at all
        const entityId = c.entityKey !== null && !c.entityKey.includes(':') ? c.entityKey : null;
        const site = c.everywhere ? null : (rec.site ?? null);
        if (!c.everywhere && !site) return { ok: false, error: 'this page has no site to limit it to; choose everywhere' };
        const r = await kb.correct({ kind: 'notThis', name, entityId, site });
        return r.ok ? { ok: true, site } : r;
      }
      if (c.kind === 'itIs') {
        if (!(await kb.card({ id: c.entityId }))) return { ok: false, error: 'no such entity in the knowledge base' };
        const r = await kb.correct({ kind: 'itIs', name, entityId: c.entityId });
        return r.ok ? { ok: true, site: null } : r;
      }
      const taken = new Set((await kb.getUser()).entities.map((e) => e.id));
      const made = newUserEntity({ name, type: c.type, ...(c.maker ? { maker: c.maker } : {}) }, taken, new Date().toISOString().slice(0, 10));
      if (!made.ok) return made;
      const r = await kb.correct({ kind: 'add', name, entityId: made.value.id }, made.value);
      return r.ok ? { ok: true, site: null } : r;
    },

    async reload(tabId: number | null): Promise<{ ok: true }> {
      const rec = await open(tabId);
      await api.tabs.reload(rec.tabId);
      return { ok: true };
    },

    async entityNote(tabId: number | null, entityKey: string, name: string, note: string): Promise<{ ok: true }> {
      const rec = await open(tabId);
      if (!rec.entities.some((e) => e.key === entityKey)) throw new Error('that entity is not in this article');
      await (await annotations.store()).setEntityNote({ entityKey, name, note: note.trim(), updated: new Date().toISOString() });
      return { ok: true };
    },
  };
  return service;
}
