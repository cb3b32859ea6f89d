import { useEffect, useState } from 'preact/hooks';
import { call } from '../shared/messaging';
import type { LibraryToBackground } from '../../src/messaging/protocol';
import { liveBase, RETENTION_DAYS, type LiveId, type Prefs } from '../../src/storage/settings';
import { LIVE_SOURCES, livePermissions, shippedPatternFor } from '../../src/related/live';
import { api, isFirefox } from '../shared/browser';

/** The host patterns the extension ships with (its news sites): a reader's server must not fall under one. */
const shippedHosts = (): string[] => api.runtime.getManifest().host_permissions ?? [];

const RETENTION_LABEL: Record<number, string> = { 0: 'never (until I forget them)', 30: 'after 30 days', 90: 'after 90 days', 180: 'after 6 months', 365: 'after a year', 730: 'after two years' };

/** Reading preferences (the keyboard shortcuts and forgetting the history have sections of their own). */
export function Reading() {
  const [prefs, setPrefs] = useState<Prefs | null>(null);
  useEffect(() => void call<LibraryToBackground, 'prefs:get'>('prefs:get', {}).then(setPrefs), []);
  const set = async (patch: Partial<Prefs>) => setPrefs(await call<LibraryToBackground, 'prefs:set'>('prefs:set', { patch }));
  const [notifyError, setNotifyError] = useState<string | null>(null);
  const setNotify = async (on: boolean) => {
    try {
      // asked inside the click, before anything else is awaited
      if (on && !(await api.permissions.request({ permissions: ['notifications'] }))) {
        setNotifyError('Notifications stay off: the browser did not allow them.');
        return;
      }
      if (!on) await api.permissions.remove({ permissions: ['notifications'] }).catch(() => false);
      setNotifyError(null);
      await set({ notify: on });
    } catch (e) {
      setNotifyError(`Not changed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return (
    <section aria-labelledby="reading">
      <h2 id="reading">Reading</h2>
      {prefs && (
        <fieldset>
          <legend>Marks in the article</legend>
          <label>
            <input type="radio" name="marks" checked={prefs.marks === 'first'} onChange={() => void set({ marks: 'first' })} /> first mention of each entity
          </label>{' '}
          <label>
            <input type="radio" name="marks" checked={prefs.marks === 'all'} onChange={() => void set({ marks: 'all' })} /> every mention
          </label>
        </fieldset>
      )}
      {prefs && (
        <fieldset>
          <legend>Reading history</legend>
          <label>
            <input type="checkbox" name="history" checked={prefs.history} onChange={(e) => void set({ history: (e.target as HTMLInputElement).checked })} /> keep a history of AI
            articles I read, in this browser only, for related reading and story threads
          </label>{' '}
          <a href="#history">Forget it…</a>
          <br />
          <label>
            <input type="checkbox" name="notify" checked={prefs.notify} onChange={(e) => void setNotify((e.target as HTMLInputElement).checked)} /> also show a system
            notification when an article continues a story or entity I follow (the toolbar badge always shows it)
          </label>
          {notifyError && (
            <p class="error" role="alert">
              {notifyError}
            </p>
          )}
          <br />
          <label>
            Forget articles I read{' '}
            <select name="retention" value={String(prefs.retentionDays)} onChange={(e) => void set({ retentionDays: Number((e.target as HTMLSelectElement).value) })}>
              {RETENTION_DAYS.map((d) => (
                <option key={d} value={String(d)}>
                  {RETENTION_LABEL[d]}
                </option>
              ))}
            </select>
          </label>
        </fieldset>
      )}
      {prefs && <LiveSources prefs={prefs} onPrefs={setPrefs} />}
      <p>
        Keyboard: all shortcuts are listed under <a href="#keys">Keyboard</a>.
      </p>
    </section>
  );
}

/**
 * The opt-in live sources. Each is off until the reader turns it on here, and turning it on asks the
 * browser for permission to reach that service (and only that one); turning it off gives the
 * permission back and forgets its cached answers.
 */
function LiveSources({ prefs, onPrefs }: { prefs: Prefs; onPrefs: (p: Prefs) => void }) {
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [drafts, setDrafts] = useState<Partial<Record<LiveId, string>>>(prefs.liveBases);
  const save = (patch: Partial<Prefs>) => call<LibraryToBackground, 'prefs:set'>('prefs:set', { patch }).then(onPrefs);
  const toggle = async (id: LiveId, on: boolean) => {
    const info = LIVE_SOURCES.find((x) => x.id === id)!;
    // the polyfill's types predate Firefox's data-collection consent
    const perms = livePermissions(id, prefs.liveBases, isFirefox) as Parameters<typeof api.permissions.request>[0];
    try {
      const shipped = prefs.liveBases[id] ? shippedPatternFor(prefs.liveBases[id], shippedHosts()) : null;
      if (on && shipped) {
        setMessage({ kind: 'error', text: `${info.provider} stays off: ${prefs.liveBases[id]} is on a site the extension already reads (${shipped}), so the browser would not ask you about it. Use a server address of its own.` });
        return;
      }
      if (on) {
        // asked first, inside the click: browsers only show the request for a reader's gesture
        const granted = await api.permissions.request(perms);
        if (!granted) {
          setMessage({ kind: 'error', text: `${info.provider} stays off: the browser's permission was not given.` });
          return;
        }
        await save({ live: { ...prefs.live, [id]: true } });
        setMessage({ kind: 'ok', text: `${info.provider} is on. It is asked only when you open "Notes & related" on an article.` });
      } else {
        await save({ live: { ...prefs.live, [id]: false } });
        // a permission the extension holds for other reasons (its news sites) stays
        await api.permissions.remove(perms).catch(() => false);
        setMessage({ kind: 'ok', text: `${info.provider} is off; its saved answers are deleted.` });
      }
    } catch (e) {
      setMessage({ kind: 'error', text: `Not changed: ${e instanceof Error ? e.message : String(e)}` });
    }
  };
  const saveBase = async (id: LiveId) => {
    const raw = (drafts[id] ?? '').trim();
    const base = raw === '' ? null : liveBase(raw);
    if (raw !== '' && !base) {
      setMessage({ kind: 'error', text: 'A server address is https:// and a host name, with nothing after it (like https://mirror.example.org); plain http:// only for this computer (http://127.0.0.1 or http://localhost).' });
      return;
    }
    const shipped = base ? shippedPatternFor(base, shippedHosts()) : null;
    if (base && shipped) {
      setMessage({ kind: 'error', text: `Not saved: ${base} is on a site the extension already reads (${shipped}), so the browser would not ask you to allow it. Use a server address of its own.` });
      return;
    }
    const next = { ...prefs.liveBases };
    if (base) next[id] = base;
    else delete next[id];
    // the permission given was for the old address: the source goes off until turned on again
    await save({ liveBases: next, live: { ...prefs.live, [id]: false } });
    setDrafts(next);
    setMessage({ kind: 'ok', text: base ? `Saved. Turn the source on again: the browser asks you to allow ${base} itself.` : 'Back to the public service. Turn the source on again to allow it.' });
  };
  return (
    <fieldset class="live-sources">
      <legend>Live sources (off unless you turn them on)</legend>
      <p class="hint">With these off, nothing about what you read leaves your browser. Each asks its service only when you open "Notes & related" on an article.</p>
      {LIVE_SOURCES.map((src) => (
        <div key={src.id} class="live-source">
          <label>
            <input type="checkbox" name={`live-${src.id}`} checked={prefs.live[src.id]} onChange={(e) => void toggle(src.id, (e.target as HTMLInputElement).checked)} />{' '}
            {src.label}: <strong>{src.provider}</strong>
          </label>
          <p class="hint">{`Sends ${src.sends} to ${prefs.liveBases[src.id] ?? src.defaultBase}.`}</p>
          <details>
            <summary>Use another server</summary>
            <p class="hint">
              A server of your own (a mirror or proxy) is https:// (plain http:// only on this computer). It is never covered by the extension's own sites: turning the source on asks the browser to allow exactly that address, and its answers are kept apart from the public service's. Redirects to other addresses are refused.
            </p>
            <label>
              Server address{' '}
              <input type="url" name={`live-base-${src.id}`} placeholder={src.defaultBase} value={drafts[src.id] ?? ''} onInput={(e) => setDrafts({ ...drafts, [src.id]: (e.target as HTMLInputElement).value })} />
            </label>{' '}
            <button type="button" name={`live-base-save-${src.id}`} onClick={() => void saveBase(src.id)}>
              Save address
            </button>
          </details>
        </div>
      ))}
      {message && (
        <p class={message.kind} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </fieldset>
  );
}
