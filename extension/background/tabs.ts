import { api } from '../shared/browser';
import type { AnalyzeResponse, MessageSource, TabStatus } from '../../src/messaging/protocol';
import type { SettingsStore, SiteSettings } from '../../src/storage/settings';

const STAGE_TWO = 'content/stage2.js';
const GATE = 'content/gate.js';
const ALL_SITES = { origins: ['<all_urls>'] };
const ALL_SITES_SCRIPT_ID = 'gate-all-sites';

interface TabState {
  host: string | null;
  /** False while the page has not been analysed (the site is switched off, or not yet run). */
  analysed: boolean;
  isAI: boolean;
  entityCount: number;
}

const hostOf = (url: string | null | undefined): string | null => {
  try {
    return url ? new URL(url).host || null : null;
  } catch {
    return null;
  }
};

/** What the background knows and does per tab: stage-two injection, results, badge, per-site switches. */
export function createTabs(settings: SettingsStore) {
  const states = new Map<number, TabState>();

  const inject = async (tabId: number, frameId: number, force: boolean): Promise<void> => {
    const target = { tabId, frameIds: [frameId] };
    if (force) await api.scripting.executeScript({ target, func: () => void ((globalThis as Record<string, unknown>).__aiNewsLensForce = true) });
    await api.scripting.executeScript({ target, files: [STAGE_TWO] });
  };

  const setBadge = async (tabId: number, state: TabState | null): Promise<void> => {
    const text = state?.isAI && state.entityCount ? String(Math.min(state.entityCount, 999)) : '';
    await api.action.setBadgeText({ tabId, text }).catch(() => undefined);
    if (text) await api.action.setBadgeBackgroundColor({ tabId, color: '#3b4cca' }).catch(() => undefined);
  };

  return {
    async injectStageTwo(from: MessageSource, force: boolean): Promise<{ injected: boolean }> {
      if (from.tabId === null) return { injected: false };
      const host = hostOf(from.url);
      if (host && !(await settings.site(host)).enabled) {
        // remembered so the companion can offer to switch the site back on
        if (from.frameId === 0) states.set(from.tabId, { host, analysed: false, isAI: false, entityCount: 0 });
        return { injected: false };
      }
      await inject(from.tabId, from.frameId ?? 0, force);
      return { injected: true };
    },

    async record(from: MessageSource, url: string, res: AnalyzeResponse): Promise<void> {
      if (from.tabId === null || from.frameId !== 0) return;
      const state = { host: hostOf(url), analysed: true, isAI: res.isAI, entityCount: res.entities.length };
      states.set(from.tabId, state);
      await setBadge(from.tabId, state);
    },

    async status(tabId: number): Promise<TabStatus> {
      const s = states.get(tabId);
      const host = s?.host ?? null;
      return {
        host,
        analysed: s?.analysed ?? false,
        isAI: s?.isAI ?? false,
        entityCount: s?.entityCount ?? 0,
        site: host ? await settings.site(host) : null,
        allSites: await api.permissions.contains(ALL_SITES),
      };
    },

    async run(tabId: number): Promise<{ ok: boolean; error?: string }> {
      try {
        await inject(tabId, 0, true);
        return { ok: true };
      } catch (e) {
        return { ok: false, error: `This page cannot be read by extensions (${e instanceof Error ? e.message : String(e)}).` };
      }
    },

    /** A site was switched off: tell its open tabs to take the marks and highlights down (stage two listens); returns those tabs. */
    async siteChanged(host: string, next: SiteSettings): Promise<number[]> {
      const off: number[] = [];
      for (const [tabId, s] of states) {
        if (s.host !== host || next.enabled) continue;
        await api.tabs.sendMessage(tabId, { kind: 'site:off', payload: {} }).catch(() => undefined);
        states.set(tabId, { host, analysed: false, isAI: false, entityCount: 0 });
        await setBadge(tabId, null);
        off.push(tabId);
      }
      return off;
    },

    forget(tabId: number): void {
      states.delete(tabId);
    },

    /** Registers the gate on every site while the reader has granted all-sites access, and removes it otherwise. */
    async syncAllSites(): Promise<{ enabled: boolean }> {
      const enabled = await api.permissions.contains(ALL_SITES);
      const registered = (await api.scripting.getRegisteredContentScripts({ ids: [ALL_SITES_SCRIPT_ID] })).length > 0;
      if (enabled && !registered) {
        await api.scripting.registerContentScripts([{ id: ALL_SITES_SCRIPT_ID, matches: ['<all_urls>'], js: [GATE], runAt: 'document_idle' }]);
      } else if (!enabled && registered) {
        await api.scripting.unregisterContentScripts({ ids: [ALL_SITES_SCRIPT_ID] });
      }
      return { enabled };
    },
  };
}
