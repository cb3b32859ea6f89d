/**
 * How the reading companion opens in a browser, from what the browser offers: Chrome's side panel,
 * Firefox's sidebar, or neither (Firefox for Android has no `sidebarAction`; a Chrome without
 * `sidePanel`). With neither, the toolbar button, the shortcut and a card's "Open in side panel"
 * open the same page in a tab, bound to the article's tab (`sidepanel.html?tab=ID`), so nothing is lost.
 */
import type { TestHooks } from '../welcome/hooks';

export type CompanionHome = 'sidePanel' | 'sidebar' | 'tab';

/** What the browser has; `hooks` (the test build only) can play a browser that has neither. */
export function companionHome(has: { sidePanel: boolean; sidebar: boolean }, hooks: TestHooks | null = null): CompanionHome {
  if (hooks?.companion === 'tab') return 'tab';
  if (has.sidePanel) return 'sidePanel';
  if (has.sidebar) return 'sidebar';
  return 'tab';
}

/** The companion's address bound to one tab, relative to the extension's root. */
export const boundCompanionPath = (tabId: number): string => `sidepanel/sidepanel.html?tab=${tabId}`;
