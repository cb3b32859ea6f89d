/** Background entry: wires the analysis pipeline, settings, injection and the toolbar badge. */
import { api } from '../shared/browser';
import { on, route } from '../shared/messaging';
import type { CompanionToBackground, ContentToBackground, LibraryToBackground, OptionsToBackground } from '../../src/messaging/protocol';
import { createPages } from './pages';
import { createPanelService } from './panel';
import { createCompanion } from './companion';
import { createReading, signalFollowed } from './reading';
import { createLive } from './live';
import { SettingsStore } from '../../src/storage/settings';
import { createKv } from '../../src/storage/kv';
import { createAnalyzer } from './analyze';
import { createTabs } from './tabs';
import { createKbService } from './kb';
import { createKbPacks } from './kbpack';
import { createLearned } from './learned';
import { createAnnotations } from './annotations';
import { MARK_KEYS, markCss, newMarkNames } from '../content/mark-css';
import { checkBackup, makeBackup } from '../../src/storage/backup';
import { toLibraryArticle } from '../../src/library/articles';
import { followedViews } from '../../src/library/follows';
import { bindPage, ownHost } from './bound';
import { siteOf } from '../../src/annotate/identity';
import { canonicalUrl } from '../../src/storage/db';
import { createSync, SYNC_ALARM, withSync } from './sync';
import { createBrowserSync } from './browser-sync';
import { wireWelcome } from './welcome';
import { hooksReady } from './opening';
import { articleFromHtml } from '../../src/article/offpage';

// Settings, site list, the reader's knowledge-base edits and the live cache live in the extension's
// own IndexedDB, which content scripts cannot open; older copies in storage.local are moved there.
const local = createKv(indexedDB, api.storage.local);
// Chrome can also close storage.local to content scripts (Firefox cannot yet: bug 1724754); nothing is kept there now
void (api.storage.local as { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> }).setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).catch(() => undefined);
const settings = new SettingsStore(local);
const kb = createKbService(local);
const packs = createKbPacks(local, kb);
const learned = createLearned(local, kb);
const analyzer = createAnalyzer(() => kb.compiled(), () => kb.corrections());
// sync (off unless the reader turns it on): each change of an annotation is queued for the server
const sync = createSync({
  factory: indexedDB,
  kv: local,
  fetch: (input, init) => fetch(input, init),
  notSynced: () => browserSync.notSynced(),
  wake: {
    at: (when) => void api.alarms.create(SYNC_ALARM, { when }),
    clear: () => void api.alarms.clear(SYNC_ALARM),
  },
  pageChanged: (tabId) => {
    void api.tabs.sendMessage(tabId, { kind: 'ann:changed', payload: {} }, { frameId: 0 }).catch(() => undefined);
    companion.changed(tabId);
  },
});
const annotations = withSync(createAnnotations(indexedDB), sync);
const tabs = createTabs(settings);
const pages = createPages();
const reading = createReading(indexedDB);
const panel = createPanelService(pages, annotations, reading, kb);
const live = createLive(settings, local);
const companion = createCompanion(settings, tabs);
// settings, per-site choices, follows, entity notes and knowledge-base additions through the browser's own sync
const browserSync = createBrowserSync({
  settings,
  follows: () => reading.follows(),
  refollow: (f) => reading.refollow(f),
  unfollow: (key) => reading.unfollow(key),
  entityNotes: async () => (await annotations.store()).allEntityNotes(),
  setEntityNote: async (n) => (await annotations.store()).setEntityNote(n),
  userKb: () => kb.getUser(),
  setUserKb: (d) => kb.setUser(d),
  base: local,
});

on([
  route<ContentToBackground>(
    {
      'gate:passed': (_req, from) => {
        companion.expect(from);
        return tabs.injectStageTwo(from, false);
      },
      // the page's copy of itself, read here: Readability's long passes never run in the page
      'page:extract': ({ html }) => articleFromHtml(html),
      'page:analyze': async (claimed, from) => {
        // the story is the sender's: its address from the browser, a canonical link only of its own site
        const req = bindPage(claimed, from);
        // the site of that address, for the reader's "not on this site" corrections
        const site = siteOf(req.url);
        const full = await analyzer.analyze(req, site);
        // the companion shows the article as soon as it is read: before the page's own view, the
        // tab's record and the reading history, none of which it needs
        await companion.analysed(from, req, full);
        await tabs.record(from, req.url, full);
        // the background keeps everything found (history, the companion: extension pages);
        // the page gets shipped knowledge only, found again without the reader's additions when they made any
        const forPage = await kb.pageCompiled();
        const res = await kb.forPage(forPage ? await analyzer.analyze(req, site, forPage) : full);
        const page = from.tabId !== null && from.frameId === 0 ? await pages.opened(from.tabId, 0, req, full, site, claimed.canonical) : null;
        const prefs = await settings.prefs();
        if (page && full.isAI && prefs.history) {
          // history is kept apart from what the page gets: a failure here never costs the marks
          try {
            await reading.pruneNow(prefs.retentionDays);
            const r = await reading.record(page, req.text);
            await learned.observe({ url: page.url, title: page.title, text: req.text, entities: full.entities });
            if (r.followed) await signalFollowed(from.tabId!, r.followed, prefs.notify ? { title: page.title } : null);
          } catch (e) {
            console.warn('AI News Lens: reading history not saved:', e instanceof Error ? e.message : e);
          }
        }
        return res;
      },
      // a content script asks and sets only its own site's switches
      'site:get': ({ host }, from) => settings.site(ownHost(host, from)),
      'kb:card': (req) => kb.card(req, true),
      'prefs:get': async () => ({ marks: (await settings.prefs()).marks }),
      'ann:save': async (d, from) => {
        const saved = await annotations.save(bindPage(d, from));
        companion.changed(from.tabId);
        return saved;
      },
      'ann:placed': async (p, from) => {
        if (from.tabId !== null && from.frameId === 0) await pages.placed(from.tabId, p);
        await companion.counted(from, { highlights: p.placed.length });
        return { ok: true as const };
      },
      'page:shown': async ({ marks, live }, from) => {
        await companion.counted(from, { marks, live });
        return { ok: true as const };
      },
      'companion:open': ({ key }, from) => companion.open(from, key),
      'companion:note': (ask, from) => companion.note(from, ask),
      'ann:forPage': async (q, from) => {
        const { url, canonical } = bindPage(q, from);
        // the highlights made on this site, and those of another site the reader chose to show here
        const shown = from.tabId !== null && from.frameId === 0 ? ((await pages.get(from.tabId))?.shown ?? []) : [];
        const sites = [siteOf(url), ...shown];
        // with sync on: this page's annotations on the server come down (and the page redraws if any changed)
        const urls = [...new Set([canonicalUrl(url, canonical), url])];
        void sync.page(from.frameId === 0 ? from.tabId : null, urls);
        return [...(await annotations.forPage({ url, canonical, fingerprint: q.fingerprint }, sites)), ...(await sync.othersForPage(urls, sites))];
      },
      'page:markCss': async (_req, from) => {
        if (from.tabId === null) return { ok: false };
        const names = newMarkNames(MARK_KEYS);
        await api.scripting.insertCSS({ target: { tabId: from.tabId, frameIds: [from.frameId ?? 0] }, css: markCss(names) });
        return { ok: true, names };
      },
    },
    'tab',
  ),
  route<LibraryToBackground>(
    {
      'kb:card': (req) => kb.card(req),
      'kb:search': ({ query, type, limit }) => kb.search(query, type, limit),
      'userKb:get': () => kb.getUser(),
      'userKb:set': ({ data }) => kb.setUser(data),
      'kbPack:state': () => packs.state(),
      'kbPack:set': ({ source }) => packs.set(source),
      'kbPack:check': () => packs.check(),
      'learned:list': () => learned.list(),
      'learned:confirm': ({ key }) => learned.confirm(key),
      'learned:dismiss': ({ key }) => learned.dismiss(key),
      'prefs:get': () => settings.prefs(),
      'prefs:set': async ({ patch }) => {
        const next = await settings.updatePrefs(patch);
        // a source turned off keeps nothing it answered
        if (patch.live && Object.values(patch.live).includes(false)) await live.clear();
        if (patch.retentionDays) await reading.prune(patch.retentionDays);
        return next;
      },
      'ann:list': () => annotations.list(),
      'history:forgetAll': async () => {
        await learned.forget();
        return { forgotten: await reading.forgetAll() };
      },
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
        const checked = checkBackup(data, await kb.knownIds());
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
    'extensionPage',
  ),
  route<OptionsToBackground>(
    {
      'sync:get': () => sync.view(),
      'sync:connect': ({ server, token }) => sync.connect(server, token),
      'sync:set': (req) => sync.set(req, annotations),
      'sync:now': () => sync.now(),
      'sync:restoreRevision': ({ key }) => sync.restoreRevision(key),
    },
    'options',
  ),
  route<CompanionToBackground>(
    {
      'companion:view': ({ tabId }) => companion.view(tabId),
      'companion:card': (req) => kb.card(req),
      'companion:state': ({ tabId }) => panel.state(tabId),
      'companion:jump': ({ tabId, id }) => panel.jump(tabId, id),
      'companion:reattach': ({ tabId, id }) => panel.reattach(tabId, id),
      'companion:annUpdate': ({ tabId, id, note, tags }) => panel.update(tabId, id, note, tags),
      'companion:annDelete': ({ tabId, id }) => panel.remove(tabId, id),
      'companion:annRestore': ({ tabId, record }) => panel.restore(tabId, record),
      'companion:entityNote': ({ tabId, entityKey, name, note }) => panel.entityNote(tabId, entityKey, name, note),
      'companion:follow': ({ tabId, kind, key, on }) => panel.follow(tabId, kind, key, on),
      'companion:forgetSite': ({ tabId }) => panel.forgetSite(tabId),
      'companion:live': async ({ tabId, wiki }) => live.forPage(await pages.forTab(tabId), wiki),
      'companion:kbSearch': async ({ tabId, query, type }) => {
        await pages.forTab(tabId);
        return kb.search(query, type, 8);
      },
      'companion:correct': ({ tabId, correction }) => panel.correct(tabId, correction),
      'companion:reload': ({ tabId }) => panel.reload(tabId),
      'companion:showHere': ({ tabId, site }) => panel.showHere(tabId, site),
      'companion:flash': ({ tabId, key }) => panel.flash(tabId, key),
      'tab:status': ({ tabId }) => tabs.status(tabId),
      'tab:run': ({ tabId }) => tabs.run(tabId),
      'site:set': async ({ host, patch }) => {
        const next = await settings.updateSite(host, patch);
        // the companion beside a tab whose site went off says so, instead of the article it no longer marks
        for (const tabId of await tabs.siteChanged(host, next)) companion.forget(tabId);
        return next;
      },
      'allSites:sync': () => tabs.syncAllSites(),
    },
    'companion',
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
packs.wire();
wireWelcome(hooksReady);
void tabs.syncAllSites();
// changes queued before the worker stopped go out when it starts again, or when their retry is due
void sync.flush();
api.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === SYNC_ALARM) void sync.flush();
});
browserSync.start();
