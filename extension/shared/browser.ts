/**
 * The one module that touches the WebExtension API. Everything else imports `api` from here, so
 * tests and other contexts have a single thing to fake. The polyfill passes through to the native
 * `browser` namespace where the browser has one (Firefox, recent Chromium).
 */
import browser from 'webextension-polyfill';

export type { Browser, Runtime, Tabs } from 'webextension-polyfill';
export const api = browser;

/** Firefox (it alone has `runtime.getBrowserInfo`): known at once, so a permission request can stay inside the reader's click. */
export const isFirefox = typeof (api.runtime as { getBrowserInfo?: unknown }).getBrowserInfo === 'function';

/** Chrome's side panel (not in the polyfill): null in browsers without one (Firefox has `sidebarAction`). */
export interface SidePanelApi {
  open(options: { tabId?: number; windowId?: number }): Promise<void>;
  setPanelBehavior(behavior: { openPanelOnActionClick: boolean }): Promise<void>;
}
export const sidePanel: SidePanelApi | null = (globalThis as { chrome?: { sidePanel?: SidePanelApi } }).chrome?.sidePanel ?? null;
