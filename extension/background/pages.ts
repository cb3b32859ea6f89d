/**
 * What the background remembers of the article open in each tab, for the reading companion: the
 * story's identity (canonical URL, text fingerprint), its entities and cited reports, and which
 * saved highlights the page found. Kept in
 * `storage.session` (memory only, cleared when the browser closes; not readable by content scripts)
 * so a restarted service worker still knows its tabs.
 */
import { api } from '../shared/browser';
import type { AnalyzeRequest, AnalyzeResponse, PanelEntity, PanelState } from '../../src/messaging/protocol';
import { canonicalUrl, fingerprint } from '../../src/annotate/identity';
import { entityKey } from '../../src/entities/types';

export interface PageRecord {
  frameId: number;
  url: string;
  /** The story's canonical address (its canonical link, or the URL without tracking parameters). */
  canonical: string;
  fingerprint: string;
  title: string;
  outlet: string | null;
  published: string | null;
  isAI: boolean;
  entities: (PanelEntity & { count: number })[];
  cited: PanelState['cited'];
  placement: PanelState['placement'];
  links: { href: string; text: string }[];
  /** The registrable site of the tab's address as the browser reported it (not as the page names itself): the scope of a "not on this site" correction. */
  site?: string | null;
  /** The canonical link as the page wrote it, even of another site: only to offer that site's highlights in the companion. */
  claimed: string | null;
  /** Other sites whose highlights of this story the reader chose (in the companion) to see drawn in this page. */
  shown: string[];
}

const keyOf = (tabId: number) => `page:${tabId}`;

export { entityKey };

export function createPages() {
  const session = api.storage.session;
  /** Writes per tab run in order, so a placement report never overwrites a newer analysis. */
  const queues = new Map<number, Promise<unknown>>();
  const serial = <T>(tabId: number, work: () => Promise<T>): Promise<T> => {
    const next = (queues.get(tabId) ?? Promise.resolve()).then(work);
    queues.set(tabId, next.catch(() => undefined));
    return next;
  };
  const get = async (tabId: number): Promise<PageRecord | null> => ((await session.get(keyOf(tabId)))[keyOf(tabId)] as PageRecord | undefined) ?? null;

  return {
    get,
    /** A new analysis of the tab's top frame: it replaces what was known of the tab's previous page. */
    opened(tabId: number, frameId: number, req: AnalyzeRequest, res: AnalyzeResponse, site: string | null = null, claimed?: string | null): Promise<PageRecord> {
      return serial(tabId, async () => {
        const rec: PageRecord = {
          frameId,
          url: req.url,
          canonical: canonicalUrl(req.url, req.canonical),
          fingerprint: fingerprint(req.text),
          title: req.title,
          outlet: req.siteName,
          published: req.published,
          isAI: res.isAI,
          entities: res.entities.map((e) => ({ key: entityKey(e), name: e.name, type: e.type, count: e.mentionCount, texts: e.mentionTexts.slice(0, 20) })),
          cited: res.cited,
          placement: null,
          links: req.links.slice(0, 100),
          site,
          claimed: claimed ?? null,
          shown: [],
        };
        await session.set({ [keyOf(tabId)]: rec });
        return rec;
      });
    },
    /** The page reported where it found the story's highlights. */
    placed(tabId: number, placement: NonNullable<PageRecord['placement']>): Promise<void> {
      return serial(tabId, async () => {
        const rec = await get(tabId);
        if (rec) await session.set({ [keyOf(tabId)]: { ...rec, placement } });
      });
    },
    /** The reader chose, in the companion, to see another site's highlights of this story drawn here. */
    show(tabId: number, site: string): Promise<void> {
      return serial(tabId, async () => {
        const rec = await get(tabId);
        if (rec && !rec.shown.includes(site)) await session.set({ [keyOf(tabId)]: { ...rec, shown: [...rec.shown, site] } });
      });
    },
    /** The record of the tab's last article, for the companion (it names the tab itself; see fromCompanion). */
    async forTab(tabId: number | null): Promise<PageRecord> {
      const rec = tabId === null ? null : await get(tabId);
      if (!rec) throw new Error('No article has been read in this tab.');
      return rec;
    },
    forget(tabId: number): Promise<void> {
      return session.remove(keyOf(tabId));
    },
  };
}
export type Pages = ReturnType<typeof createPages>;
