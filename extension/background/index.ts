/** Background entry: wires the analysis pipeline, settings, injection and the toolbar badge. */
import { api } from '../shared/browser';
import { fromCompanion, fromExtensionPage, fromPanel, fromTab, on, route } from '../shared/messaging';
import type { CompanionToBackground, ContentToBackground, LibraryToBackground, PanelToBackground, PopupToBackground } from '../../src/messaging/protocol';
import { createPages } from './pages';
import { BY_TAB, createPanelService } from './panel';
import { createCompanion } from './companion';
import { createReading, signalFollowed } from './reading';
import { createLive } from './live';
import { SettingsStore } from '../../src/storage/settings';
import { createAnalyzer } from './analyze';
import { createTabs } from './tabs';
import { createKbService } from './kb';
import { createAnnotations } from './annotations';
import { MARK_CSS } from '../content/mark-css';
import { checkBackup, makeBackup } from '../../src/storage/backup';
import { toLibraryArticle } from '../../src/library/articles';
import { followedViews } from '../../src/library/follows';

const local = {
  get: async (key: string) => (await api.storage.local.get(key))[key],
  set: (key: string, value: unknown) => api.storage.local.set({ [key]: value }),
};
const settings = new SettingsStore(local);
const kb = createKbService(local);
const analyzer = createAnalyzer(() => kb.compiled());
const annotations = createAnnotations(indexedDB);
const tabs = createTabs(settings);
const pages = createPages();
const reading = createReading(indexedDB);
const panel = createPanelService(pages, annotations, reading, kb);
const live = createLive(settings, local);
const companion = createCompanion(settings, tabs);

on([
  route<ContentToBackground>(
    {
      'gate:passed': (_req, from) => {
        companion.expect(from);
        return tabs.injectStageTwo(from, false);
      },
      'page:analyze': async (req, from) => {
        const res = await analyzer.analyze(req);
        // the companion is an extension page: it may show the reader's own summaries
        const full = res.entities;
        // the sidebar lives in the page: it never gets the reader's own summaries
        res.entities = res.entities.map((e) => (e.kbId ? { ...e, summary: kb.pageSummary(e.kbId, e.summary) } : e));
        await tabs.record(from, req.url, res);
        const page = from.tabId !== null && from.frameId === 0 ? await pages.opened(from.tabId, 0, req, res) : null;
        await companion.analysed(from, req, { ...res, entities: full });
        const prefs = await settings.prefs();
        if (page && res.isAI && prefs.history) {
          // history is kept apart from what the page gets: a failure here never costs the sidebar
          try {
            await reading.pruneNow(prefs.retentionDays);
            const r = await reading.record(page, req.text);
            if (r.followed) await signalFollowed(from.tabId!, r.followed, prefs.notify ? { title: page.title } : null);
          } catch (e) {
            console.warn('AI News Lens: reading history not saved:', e instanceof Error ? e.message : e);
          }
        }
        return { ...res, panelToken: page?.token ?? '' };
      },
      'site:get': ({ host }) => settings.site(host),
      'site:set': ({ host, patch }) => settings.updateSite(host, patch),
      'kb:card': (req) => kb.card(req, true),
      'prefs:get': () => settings.prefs(),
      'ann:save': async (d, from) => {
        const saved = await annotations.save(d);
        companion.changed(from.tabId);
        return saved;
      },
      'ann:placed': async (p, from) => {
        if (from.tabId !== null && from.frameId === 0) await pages.placed(from.tabId, p);
        companion.changed(from.tabId);
        return { ok: true as const };
      },
      'companion:open': ({ key }, from) => companion.open(from, key),
      'ann:forPage': (q) => annotations.forPage(q),
      'page:markCss': async (_req, from) => {
        if (from.tabId === null) return { ok: false };
        await api.scripting.insertCSS({ target: { tabId: from.tabId, frameIds: [from.frameId ?? 0] }, css: MARK_CSS });
        return { ok: true };
      },
    },
    fromTab,
  ),
  route<LibraryToBackground>(
    {
      'kb:card': (req) => kb.card(req),
      'kb:search': ({ query, type, limit }) => kb.search(query, type, limit),
      'userKb:get': () => kb.getUser(),
      'userKb:set': ({ data }) => kb.setUser(data),
      'prefs:get': () => settings.prefs(),
      'prefs:set': async ({ patch }) => {
        const next = await settings.updatePrefs(patch);
        // a source turned off keeps nothing it answered
        if (patch.live && Object.values(patch.live).includes(false)) await live.clear();
        if (patch.retentionDays) await reading.prune(patch.retentionDays);
        return next;
      },
      'ann:list': () => annotations.list(),
      'history:forgetAll': async () => ({ forgotten: await reading.forgetAll() }),
      'history:articles': async () => (await reading.records()).map(toLibraryArticle),
      'follows:list': async () => followedViews(await reading.follows(), await reading.records(), await annotations.list()),
      'follows:seen': async ({ key }) => ({ ok: await reading.markSeen(key) }),
      'follows:unfollow': async ({ key }) => ({ removed: await reading.unfollow(key) }),
      'follows:restore': ({ follow }) => reading.refollow(follow),
      'backup:get': async () => {
        const store = await annotations.store();
        return makeBackup({
          settings: await settings.all(),
          knowledge: await kb.getUser(),
          annotations: await store.all(),
          entityNotes: await store.allEntityNotes(),
          reading: { history: await reading.records(), follows: await reading.follows() },
        });
      },
      'backup:restore': async ({ data }) => {
        const checked = checkBackup(data, kb.shippedIds);
        if (!checked.ok) return checked;
        const b = checked.value;
        // the database first (one transaction), then the small records
        await (await annotations.store()).replaceAll(b.annotations, b.entityNotes, b.reading);
        if (b.reading) reading.reset();
        const kbResult = await kb.setUser(b.knowledge);
        if (!kbResult.ok) return kbResult;
        await settings.replaceAll(b.settings);
        return { ok: true as const, reading: b.reading && { articles: b.reading.history.length, follows: b.reading.follows.length } };
      },
      'ann:update': ({ id, note, tags }) => annotations.update(id, note, tags),
      'ann:delete': ({ id }) => annotations.delete(id),
      'ann:restore': ({ records }) => annotations.restore(records as unknown[]),
    },
    fromExtensionPage,
  ),
  route<PanelToBackground>(
    {
      'panel:state': ({ token }, from) => panel.state(from.tabId, token),
      'panel:jump': ({ token, id }, from) => panel.jump(from.tabId, token, id),
      'panel:reattach': ({ token, id }, from) => panel.reattach(from.tabId, token, id),
      'panel:annUpdate': ({ token, id, note, tags }, from) => panel.update(from.tabId, token, id, note, tags),
      'panel:annDelete': ({ token, id }, from) => panel.remove(from.tabId, token, id),
      'panel:annRestore': ({ token, record }, from) => panel.restore(from.tabId, token, record),
      'panel:entityNote': ({ token, entityKey, name, note }, from) => panel.entityNote(from.tabId, token, entityKey, name, note),
      'panel:follow': ({ token, kind, key, on }, from) => panel.follow(from.tabId, token, kind, key, on),
      'panel:forgetSite': ({ token }, from) => panel.forgetSite(from.tabId, token),
      'panel:live': async ({ token, wiki }, from) => live.forPage(await pages.forPanel(from.tabId, token), wiki),
    },
    fromPanel,
  ),
  route<CompanionToBackground>(
    {
      'companion:view': ({ tabId }) => companion.view(tabId),
      'companion:card': (req) => kb.card(req),
      'companion:state': ({ tabId }) => panel.state(tabId, BY_TAB),
      'companion:jump': ({ tabId, id }) => panel.jump(tabId, BY_TAB, id),
      'companion:reattach': ({ tabId, id }) => panel.reattach(tabId, BY_TAB, id),
      'companion:annUpdate': ({ tabId, id, note, tags }) => panel.update(tabId, BY_TAB, id, note, tags),
      'companion:annDelete': ({ tabId, id }) => panel.remove(tabId, BY_TAB, id),
      'companion:annRestore': ({ tabId, record }) => panel.restore(tabId, BY_TAB, record),
      'companion:entityNote': ({ tabId, entityKey, name, note }) => panel.entityNote(tabId, BY_TAB, entityKey, name, note),
      'companion:follow': ({ tabId, kind, key, on }) => panel.follow(tabId, BY_TAB, kind, key, on),
      'companion:forgetSite': ({ tabId }) => panel.forgetSite(tabId, BY_TAB),
      'companion:live': async ({ tabId, wiki }) => live.forPage(await pages.forTab(tabId), wiki),
      'tab:status': ({ tabId }) => tabs.status(tabId),
      'tab:run': ({ tabId }) => tabs.run(tabId),
      'site:set': async ({ host, patch }) => {
        const next = await settings.updateSite(host, patch);
        await tabs.siteChanged(host, next);
        return next;
      },
      'allSites:sync': () => tabs.syncAllSites(),
    },
    fromCompanion,
  ),
  route<PopupToBackground>(
    {
      'tab:status': ({ tabId }) => tabs.status(tabId),
      'tab:run': ({ tabId }) => tabs.run(tabId),
      'site:get': ({ host }) => settings.site(host),
      'site:set': async ({ host, patch }) => {
        const next = await settings.updateSite(host, patch);
        await tabs.siteChanged(host, next);
        return next;
      },
      'allSites:sync': () => tabs.syncAllSites(),
    },
    fromExtensionPage,
  ),
]);
api.tabs.onRemoved.addListener((tabId) => {
  tabs.forget(tabId);
  companion.forget(tabId);
  void pages.forget(tabId);
});
// Mark shortcuts, configurable at chrome://extensions/shortcuts or in Firefox's add-on manager.
api.commands.onCommand.addListener((command, tab) => {
  if (tab?.id === undefined || (command !== 'next-mark' && command !== 'previous-mark')) return;
  void api.tabs.sendMessage(tab.id, { kind: 'marks:step', payload: { dir: command === 'next-mark' ? 1 : -1 } }).catch(() => undefined);
});
companion.wire();
void tabs.syncAllSites();
