/**
 * The reading companion's entry: finds the tab it shows, follows it, and draws the companion.
 *
 * - `?tab=ID` (opened in a tab, bound to an article's tab): that tab, whichever is active.
 * - Otherwise (Chrome's side panel, Firefox's sidebar, or this page in a tab): the active tab of its
 *   window, followed across tab switches; when this page is itself the active tab, the tab the
 *   reader was on just before.
 * The background's notices (its port) say when a tab's article or the reader's data changed.
 */
import { render } from 'preact';
import { api } from '../shared/browser';
import { CONTEXT_CSS } from './context-css';
import { Companion } from './Companion';
import type { BackgroundToCompanion } from '../../src/messaging/protocol';

const style = document.createElement('style');
style.textContent = CONTEXT_CSS;
document.head.append(style);

const bound = /^\d+$/.test(new URLSearchParams(location.search).get('tab') ?? '') ? Number(new URLSearchParams(location.search).get('tab')) : null;
/** A port lost (the service worker stopped) is opened again after this long. */
const RECONNECT_MS = 1000;

let windowId: number | null = null;
let selfTab: number | null = null;
let tabId: number | null = bound;
let nonce = 0;

async function activeTab(): Promise<number | null> {
  if (bound !== null) return bound;
  const tabs = await api.tabs.query(windowId === null ? { active: true, currentWindow: true } : { active: true, windowId });
  const active = tabs[0];
  if (active?.id !== undefined && active.id !== selfTab) return active.id;
  const others = (await api.tabs.query(windowId === null ? { currentWindow: true } : { windowId })).filter((t) => t.id !== selfTab && !t.url?.startsWith(api.runtime.getURL('')));
  others.sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0));
  return others[0]?.id ?? null;
}

const draw = () => render(<Companion tabId={tabId} nonce={nonce} bound={bound !== null} />, document.getElementById('app')!);
const refresh = () => {
  nonce++;
  draw();
};
const follow = async () => {
  tabId = await activeTab();
  refresh();
};

function connect(): void {
  const q = new URLSearchParams({ in: selfTab === null ? 'panel' : 'tab', ...(windowId !== null && { window: String(windowId) }), ...(bound !== null && { tab: String(bound) }) });
  const port = api.runtime.connect({ name: `companion?${q}` });
  port.onMessage.addListener((m: unknown) => {
    const p = (m as { kind?: string; payload?: BackgroundToCompanion['companion:changed'] } | null)?.payload;
    if ((m as { kind?: string } | null)?.kind === 'companion:changed' && p && p.tabId === tabId) refresh();
  });
  port.onDisconnect.addListener(() => setTimeout(connect, RECONNECT_MS));
}

void (async () => {
  selfTab = (await api.tabs.getCurrent().catch(() => undefined))?.id ?? null;
  windowId = (await api.windows.getCurrent().catch(() => null))?.id ?? null;
  api.tabs.onActivated.addListener((info) => {
    if (bound === null && (windowId === null || info.windowId === windowId) && info.tabId !== selfTab) void follow();
  });
  api.tabs.onUpdated.addListener((id, change) => {
    if (id === tabId && (change.status !== undefined || change.url !== undefined || change.title !== undefined)) refresh();
  });
  api.tabs.onRemoved.addListener((id) => id === tabId && void follow());
  connect();
  await follow();
})();
