/**
 * The background's side of the reading companion (sidepanel/sidepanel.html): what it shows for a
 * tab, the notices that tell it a tab's article changed, and the ways it opens.
 *
 * Opening, within each browser's user-gesture rules:
 * - the toolbar button: Chrome opens the side panel itself (`openPanelOnActionClick`); Firefox
 *   toggles its sidebar in `action.onClicked` (a user input handler);
 * - the `open-companion` command (Chrome; `sidePanel.open` works in `onCommand`); Firefox's
 *   `_execute_sidebar_action` command toggles the sidebar with no code here;
 * - a card's "Open in side panel": Chrome opens the panel from the click's message, synchronously;
 *   Firefox lets no page click open its sidebar, so a companion already open in that window is told
 *   to show the entity, and otherwise the companion opens in a tab beside the article, bound to it.
 */
import { api, sidePanel, type Runtime } from '../shared/browser';
import { home, wireOpening } from './opening';
import { fromCompanion } from '../shared/messaging';
import type { AnalyzeRequest, AnalyzeResponse, BackgroundToCompanion, CompanionView, MessageSource, NoteAsk } from '../../src/messaging/protocol';
import type { SettingsStore } from '../../src/storage/settings';
import type { createTabs } from './tabs';

type Tabs = ReturnType<typeof createTabs>;

/**
 * The port a companion keeps open: `companion?in=panel&window=<id>` (side panel, sidebar) or
 * `companion?in=tab&window=<id>[&tab=<id>]` (in a tab; bound to a tab, or following the active one).
 */
export const COMPANION_PORT = 'companion';
const PAGE = 'sidepanel/sidepanel.html';

const keyOf = (tabId: number) => `companion:${tabId}`;
const countsOf = (tabId: number) => `companion-counts:${tabId}`;
type Counts = CompanionView['counts'];
/** An address without its fragment: a jump within the page is the same article. */
const docOf = (url: string) => url.split('#')[0]!;

interface Listener {
  port: Runtime.Port;
  /** In the browser's side panel or sidebar, or in a tab of its own. */
  in: 'panel' | 'tab';
  windowId: number | null;
  /** The tab a companion in a tab is bound to; null when it follows the active tab. */
  tab: number | null;
}

export function createCompanion(settings: SettingsStore, tabs: Tabs) {
  const session = api.storage.session;
  /** Tabs whose gate passed, by address: their article is being read. */
  const pending = new Map<number, string>();
  /** An entity a card asked to show, per tab, until a companion shows it. */
  const focus = new Map<number, string>();
  /** A highlight the reader clicked in the page, per tab, until a companion shows its note. */
  const notes = new Map<number, NoteAsk>();
  const listeners = new Set<Listener>();
  let counting: Promise<void> = Promise.resolve();

  const notify = (tabId: number) => {
    const msg: BackgroundToCompanion['companion:changed'] = { tabId };
    for (const l of listeners) l.port.postMessage({ kind: 'companion:changed', payload: msg });
  };

  /** An open companion that shows `tab`: bound to it, or following its window's active tab (the sidebar, or a tab of its own). */
  const showing = (tab: { id?: number; windowId?: number }) =>
    [...listeners].find((l) => l.tab === tab.id || (l.tab === null && l.windowId === tab.windowId && (l.in === 'panel' || l.windowId !== null)));

  const onConnect = (port: Runtime.Port) => {
    if (!port.name.startsWith(`${COMPANION_PORT}?`)) return;
    if (!port.sender || !fromCompanion(port.sender)) return port.disconnect();
    const q = new URLSearchParams(port.name.slice(COMPANION_PORT.length + 1));
    const num = (k: string) => (/^\d+$/.test(q.get(k) ?? '') ? Number(q.get(k)) : null);
    const l: Listener = { port, in: q.get('in') === 'tab' ? 'tab' : 'panel', windowId: num('window'), tab: num('tab') };
    listeners.add(l);
    port.onDisconnect.addListener(() => listeners.delete(l));
  };

  return {
    /** Wires the opening paths and the notices; call once. */
    wire(): void {
      api.runtime.onConnect.addListener(onConnect);
      // the toolbar button and the shortcut, per browser, and a tab of its own where it has no sidebar (opening.ts)
      wireOpening();
    },

    /** The gate passed in this tab's top frame: its article is being read. */
    expect(from: MessageSource): void {
      if (from.tabId === null || from.frameId !== 0 || !from.url) return;
      pending.set(from.tabId, docOf(from.url));
      notify(from.tabId);
    },

    /** Stage two read the tab's article (a page, a single-page route, or the next story of an endless page). */
    async analysed(from: MessageSource, req: AnalyzeRequest, res: AnalyzeResponse): Promise<void> {
      if (from.tabId === null || from.frameId !== 0) return;
      pending.delete(from.tabId);
      const article: NonNullable<CompanionView['article']> = {
        url: req.url,
        title: req.title,
        outlet: req.siteName,
        published: req.published,
        isAI: res.isAI,
        story: res.story,
        cited: res.cited,
        ties: res.ties,
        entities: res.entities,
      };
      await session.set({ [keyOf(from.tabId)]: article, [countsOf(from.tabId)]: { marks: null, highlights: null, live: null } satisfies Counts });
      notify(from.tabId);
    },

    /** The page drew marks, or placed the reader's highlights (top frame only): counts for the companion. */
    counted(from: MessageSource, patch: Partial<Counts>): Promise<void> {
      if (from.tabId === null || from.frameId !== 0) return Promise.resolve();
      const tabId = from.tabId;
      const k = countsOf(tabId);
      // one change at a time: marks and highlights are reported by two messages that may overlap
      counting = counting.then(async () => {
        const was = ((await session.get(k))[k] as Counts | undefined) ?? { marks: null, highlights: null, live: null };
        await session.set({ [k]: { ...was, ...patch } });
        notify(tabId);
      }).catch(() => undefined);
      return counting;
    },

    /** The reader's data for the tab changed (a highlight saved, placed): companions ask again. */
    changed(tabId: number | null): void {
      if (tabId !== null) notify(tabId);
    },

    async view(tabId: number): Promise<CompanionView> {
      const tab = await api.tabs.get(tabId).catch(() => null);
      const url = tab?.url ?? null;
      let host: string | null = null;
      let http = false;
      try {
        const u = url ? new URL(url) : null;
        http = !!u && (u.protocol === 'http:' || u.protocol === 'https:');
        host = http ? u!.host : null;
      } catch {
        /* an address the extension cannot read */
      }
      const status = await tabs.status(tabId);
      const site = host ? await settings.site(host) : null;
      const stored = await session.get([keyOf(tabId), countsOf(tabId)]);
      const article = (stored[keyOf(tabId)] as CompanionView['article'] | undefined) ?? null;
      const counts = (stored[countsOf(tabId)] as Counts | undefined) ?? { marks: null, highlights: null, live: null };
      const current = article && url && docOf(article.url) === docOf(url) ? article : null;
      const granted = http && url ? await api.permissions.contains({ origins: [`${new URL(url).protocol}//${new URL(url).hostname}/*`] }).catch(() => false) : false;
      let state: CompanionView['state'];
      if (current) state = current.isAI ? 'article' : 'none';
      else if (tab?.status === 'loading') state = 'loading';
      else if (!granted || site?.enabled === false) state = 'off';
      else if (url && pending.get(tabId) === docOf(url)) state = 'loading';
      else state = 'none';
      const shown = state === 'article' ? (focus.get(tabId) ?? null) : null;
      if (shown) focus.delete(tabId);
      const note = state === 'article' ? (notes.get(tabId) ?? null) : null;
      if (note) notes.delete(tabId);
      return {
        tabId,
        url,
        title: tab?.title ?? null,
        state,
        access: granted,
        status: { ...status, host: host ?? status.host, site: site ?? status.site },
        article: state === 'article' ? current : null,
        focus: shown,
        note,
        counts: state === 'article' ? counts : { marks: null, highlights: null, live: null },
      };
    },

    /**
     * A card's "Open in side panel". In Chrome `sidePanel.open` comes first, before anything is
     * awaited, while the click's activation still holds.
     */
    async open(from: MessageSource, key: string): Promise<{ opened: 'panel' | 'sidebar' | 'tab' }> {
      if (from.tabId === null) throw new Error('no tab');
      const tabId = from.tabId;
      focus.set(tabId, key);
      notes.delete(tabId);
      if (sidePanel && home() === 'sidePanel') {
        const opening = sidePanel.open({ tabId });
        notify(tabId);
        await opening;
        return { opened: 'panel' };
      }
      // the sidebar open in this window, or a companion tab showing this article: it shows the entity
      const tab = await api.tabs.get(tabId);
      const shown = showing(tab);
      if (shown) {
        const own = shown.port.sender?.tab?.id;
        if (shown.in === 'tab' && own !== undefined) await api.tabs.update(own, { active: true });
        notify(tabId);
        return { opened: shown.in === 'panel' ? 'sidebar' : 'tab' };
      }
      await api.tabs.create({ url: api.runtime.getURL(`${PAGE}?tab=${tabId}`), index: tab.index + 1, windowId: tab.windowId, openerTabId: tabId });
      return { opened: 'tab' };
    },

    /**
     * A trusted click on one of the reader's highlights, "Note…" or Alt+Shift+N (top frame only):
     * the companion opens at the note (its editor open after "Note…"), or at the reader's notes. Chrome opens the side panel from the click's message, before anything is awaited.
     * Firefox lets no page click open the sidebar: a companion already showing this tab (the sidebar
     * in its window, or a tab bound to it) moves to the note; otherwise nothing opens (`none`), the
     * page shows a hint naming the ways to open it, and the companion opens at the note next time.
     */
    async note(from: MessageSource, ask: NoteAsk): Promise<{ opened: 'panel' | 'sidebar' | 'tab' | 'none' }> {
      if (from.tabId === null || from.frameId !== 0) throw new Error('no tab');
      const tabId = from.tabId;
      notes.set(tabId, ask);
      focus.delete(tabId);
      if (sidePanel) {
        const opening = sidePanel.open({ tabId });
        notify(tabId);
        // no user activation came with the message (a key the browser does not count as one): the page's hint, as in Firefox
        return opening.then(
          () => ({ opened: 'panel' as const }),
          () => ({ opened: 'none' as const }),
        );
      }
      const shown = showing(await api.tabs.get(tabId));
      if (!shown) return { opened: 'none' };
      notify(tabId);
      return { opened: shown.in === 'panel' ? 'sidebar' : 'tab' };
    },

    forget(tabId: number): void {
      pending.delete(tabId);
      focus.delete(tabId);
      notes.delete(tabId);
      void session.remove([keyOf(tabId), countsOf(tabId)]);
      notify(tabId);
    },
  };
}
