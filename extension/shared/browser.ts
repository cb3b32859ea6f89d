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
