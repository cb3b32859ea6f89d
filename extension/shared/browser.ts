/**
 * The one module that touches the WebExtension API. Everything else imports `api` from here, so
 * tests and other contexts have a single thing to fake. The polyfill passes through to the native
 * `browser` namespace where the browser has one (Firefox, recent Chromium).
 */
import browser from 'webextension-polyfill';

export type { Browser, Runtime, Tabs } from 'webextension-polyfill';
export const api = browser;
