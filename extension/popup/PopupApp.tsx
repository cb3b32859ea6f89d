import { useEffect, useState } from 'preact/hooks';
import { api } from '../shared/browser';
import { call } from '../shared/messaging';
import type { PopupToBackground, TabStatus } from '../../src/messaging/protocol';

const ALL_SITES = { origins: ['<all_urls>'] };

export function PopupApp({ tabId }: { tabId: number | null }) {
  const [status, setStatus] = useState<TabStatus | null>(null);
  const [message, setMessage] = useState('');
  const [asked, setAsked] = useState(false);
  const refresh = () =>
    tabId === null
      ? Promise.resolve()
      : call<PopupToBackground, 'tab:status'>('tab:status', { tabId })
          .then(setStatus, (e: Error) => setMessage(e.message))
          .finally(() => setAsked(true));
  useEffect(() => void refresh(), [tabId]);

  if (tabId === null) return <p>No active tab.</p>;
  const runHere = async () => {
    const r = await call<PopupToBackground, 'tab:run'>('tab:run', { tabId });
    setMessage(r.ok ? 'Running on this page…' : (r.error ?? 'Could not run here.'));
    setTimeout(() => void refresh(), 800);
  };
  const toggleSite = async () => {
    if (!status?.host || !status.site) return;
    await call<PopupToBackground, 'site:set'>('site:set', { host: status.host, patch: { enabled: !status.site.enabled } });
    await refresh();
  };
  const toggleAllSites = async () => {
    // The permission prompt must come straight from the click, so the popup asks, then tells the background.
    const ok = status?.allSites ? await api.permissions.remove(ALL_SITES) : await api.permissions.request(ALL_SITES);
    if (!ok) setMessage('Permission was not granted.');
    await call<PopupToBackground, 'allSites:sync'>('allSites:sync', {});
    await refresh();
  };
  return (
    <div class="stack">
      <h1>AI News Lens</h1>
      {status?.site && !status.site.enabled ? (
        <p>Switched off for this site.</p>
      ) : status?.analysed ? (
        <p>
          {status.isAI ? `${status.entityCount} entities on this page.` : 'This page does not look like AI-industry news.'}
        </p>
      ) : asked ? (
        <p>Not run on this page.</p>
      ) : (
        <p aria-busy="true">Checking this page…</p>
      )}
      <button type="button" onClick={() => void runHere()}>
        Run on this page
      </button>
      {status?.host && status.site && (
        <label class="row">
          <input type="checkbox" name="site-enabled" checked={status.site.enabled} onChange={() => void toggleSite()} /> On for {status.host}
        </label>
      )}
      <label class="row">
        <input type="checkbox" name="all-sites" checked={!!status?.allSites} onChange={() => void toggleAllSites()} /> Run on all sites
      </label>
      {message && <p role="status">{message}</p>}
      <a href={api.runtime.getURL('options/options.html')} target="_blank" rel="noopener">
        Library & settings
      </a>
    </div>
  );
}
