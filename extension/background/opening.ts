/**
 * The ways the reading companion opens, per browser (src/companion/opening.ts decides which home
 * it has): Chrome's side panel from the toolbar button (`openPanelOnActionClick`) and the
 * `open-companion` command; Firefox's sidebar toggled from the toolbar button (a user input
 * handler); and where a browser has neither (Firefox for Android, a Chrome without `sidePanel`),
 * the same page in a tab beside the article, bound to it (`sidepanel.html?tab=ID`).
 */
import { api, sidePanel, type Tabs } from '../shared/browser';
import { loadTestHooks } from '../shared/test-hooks';
import { boundCompanionPath, companionHome, type CompanionHome } from '../../src/companion/opening';
import type { TestHooks } from '../../src/welcome/hooks';

const sidebarAction = (api as { sidebarAction?: { toggle(): Promise<void> } }).sidebarAction ?? null;
const has = { sidePanel: !!sidePanel, sidebar: !!sidebarAction };
let hooks: TestHooks | null = null;

/** Where the companion lives in this browser now. */
export const home = (): CompanionHome => companionHome(has, hooks);

/** The test build's switches, read once at start (what ships has none). */
export const hooksReady: Promise<TestHooks | null> = loadTestHooks().then((h) => {
  hooks = h;
  return h;
});

/** Opens the companion in a tab next to `tab`, bound to it. */
export async function openBound(tab: Pick<Tabs.Tab, 'id' | 'index' | 'windowId'>): Promise<void> {
  if (tab.id === undefined) return;
  await api.tabs.create({ url: api.runtime.getURL(boundCompanionPath(tab.id)), index: tab.index + 1, windowId: tab.windowId, openerTabId: tab.id });
}

/** The toolbar button and the shortcut; call once, at the background's start. */
export function wireOpening(): void {
  // Chrome keeps the behaviour across restarts; set once the hooks are known (the test build may play a
  // browser without a side panel, where the button fires action.onClicked instead)
  if (sidePanel) void hooksReady.then(() => sidePanel!.setPanelBehavior({ openPanelOnActionClick: home() === 'sidePanel' })).catch(() => undefined);
  // fired only where the button does not open the side panel by itself
  // A click can be what wakes the service worker, before the hooks are read: a tab of its own
  // needs no user gesture, so that path waits for them.
  api.action.onClicked.addListener((tab) => {
    // Firefox: toggled right here, inside the user input handler, or Firefox refuses
    if (home() === 'sidebar') void sidebarAction?.toggle();
    else void hooksReady.then(() => (home() === 'tab' ? openBound(tab) : undefined));
  });
  api.commands.onCommand.addListener((command, tab) => {
    if (command !== 'open-companion' || !tab) return;
    // Chrome's sidePanel.open must come now, in the command's gesture
    if (home() === 'sidePanel' && tab.windowId !== undefined) void sidePanel?.open({ windowId: tab.windowId }).catch(() => undefined);
    void hooksReady.then(() => (home() === 'tab' ? openBound(tab) : undefined));
  });
}
