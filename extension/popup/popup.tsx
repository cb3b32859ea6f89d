import { render } from 'preact';
import { api } from '../shared/browser';
import { PopupApp } from './PopupApp';

/**
 * The tab the popup is about: the active one. When this page was opened as a tab of its own (some
 * browsers let a reader do that, and Firefox's WebDriver can only open it that way), that would be
 * itself: then the tab the reader was on just before, in the same window.
 */
async function targetTab(): Promise<number | null> {
  const [active] = await api.tabs.query({ active: true, currentWindow: true });
  const self = await api.tabs.getCurrent().catch(() => undefined);
  if (!self || active?.id !== self.id) return active?.id ?? null;
  const others = (await api.tabs.query({ currentWindow: true })).filter((t) => t.id !== self.id).sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0));
  return others[0]?.id ?? null;
}

void targetTab().then((tabId) => render(<PopupApp tabId={tabId} />, document.getElementById('app')!));
