/** Background entry: wires the analysis pipeline, settings, injection and the toolbar badge. */
import { api } from '../shared/browser';
import { fromExtensionPage, fromTab, on, route } from '../shared/messaging';
import type { ContentToBackground, PopupToBackground } from '../../src/messaging/protocol';
import { SettingsStore } from '../../src/storage/settings';
import { createAnalyzer } from './analyze';
import { createTabs } from './tabs';

const settings = new SettingsStore({
  get: async (key) => (await api.storage.local.get(key))[key],
  set: (key, value) => api.storage.local.set({ [key]: value }),
});
const analyzer = createAnalyzer();
const tabs = createTabs(settings);

on([
  route<ContentToBackground>(
    {
      'gate:passed': (_req, from) => tabs.injectStageTwo(from, false),
      'page:analyze': async (req, from) => {
        const res = analyzer.analyze(req);
        await tabs.record(from, req.url, res);
        return res;
      },
      'site:get': ({ host }) => settings.site(host),
      'site:set': ({ host, patch }) => settings.updateSite(host, patch),
    },
    fromTab,
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
api.tabs.onRemoved.addListener((tabId) => tabs.forget(tabId));
void tabs.syncAllSites();
