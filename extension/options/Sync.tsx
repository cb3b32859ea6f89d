import { useEffect, useState } from 'preact/hooks';
import { call } from '../shared/messaging';
import { api } from '../shared/browser';
import type { OptionsToBackground, SyncView } from '../../src/messaging/protocol';
import { liveBase } from '../../src/storage/settings';
import { ONLY_ME } from '../../src/sync/hypothesis';
import { SECTION_NAMES } from '../../src/sync/packing';

const DEFAULT_SERVER = 'https://hypothes.is';
const originPattern = (server: string) => `${new URL(server).origin}/*`;
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : 'not yet');

/**
 * Sync: highlights and notes through a Hypothesis server (off by default), and what the browser's
 * own sync carries. The token goes into the background once and is never shown again.
 */
export function Sync() {
  const [view, setView] = useState<SyncView | null>(null);
  const [server, setServer] = useState(DEFAULT_SERVER);
  const [token, setToken] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const refresh = async () => {
    const v = await call<OptionsToBackground, 'sync:get'>('sync:get', {});
    setView(v);
    setServer(v.server);
  };
  useEffect(() => void refresh(), []);

  const connect = async () => {
    const base = liveBase(server.trim());
    if (!base) return setMessage({ kind: 'error', text: 'The server address must start with https:// (plain http:// only for this machine), with nothing after the host.' });
    if (!token.trim()) return setMessage({ kind: 'error', text: 'Paste your developer token (on hypothes.is: your account menu, “Developer”).' });
    setBusy(true);
    const r = await call<OptionsToBackground, 'sync:connect'>('sync:connect', { server: base, token: token.trim() }).catch((e: unknown) => ({ ok: false as const, error: e instanceof Error ? e.message : String(e) }));
    setBusy(false);
    setToken('');
    if (!r.ok) return setMessage({ kind: 'error', text: r.error });
    setView(r.view);
    setMessage({ kind: 'ok', text: `Token accepted: you are ${r.view.displayName ?? r.view.userid} on ${new URL(base).host}.` });
  };

  const turnOn = async () => {
    if (!view) return;
    // asked inside the click, before anything else is awaited
    let granted = false;
    try {
      granted = await api.permissions.request({ origins: [originPattern(view.server)] });
    } catch (e) {
      return setMessage({ kind: 'error', text: `Sync stays off: ${e instanceof Error ? e.message : String(e)}` });
    }
    if (!granted) return setMessage({ kind: 'error', text: `Sync stays off: the browser did not allow the extension to reach ${new URL(view.server).host}.` });
    setBusy(true);
    const r = await call<OptionsToBackground, 'sync:set'>('sync:set', { on: true });
    setBusy(false);
    if (!r.ok) return setMessage({ kind: 'error', text: r.error });
    setView(r.view);
    setMessage({ kind: 'ok', text: 'Sync is on.' });
  };

  const turnOff = async (removeServerCopies: boolean) => {
    if (!view) return;
    setAsking(false);
    setBusy(true);
    const r = await call<OptionsToBackground, 'sync:set'>('sync:set', { on: false, removeServerCopies });
    setBusy(false);
    // the permission goes back whatever the server said (the test build grants its stand-in's host for good)
    await api.permissions.remove({ origins: [originPattern(view.server)] }).catch(() => false);
    if (!r.ok) {
      setMessage({ kind: 'error', text: r.error });
      return refresh();
    }
    setView(r.view);
    setMessage({ kind: 'ok', text: removeServerCopies ? 'Sync is off, and your annotations were removed from the server. They are still here.' : 'Sync is off. The copies on the server were kept.' });
  };

  const pick = async (group: string) => {
    const r = await call<OptionsToBackground, 'sync:set'>('sync:set', { group });
    if (!r.ok) return setMessage({ kind: 'error', text: r.error });
    setView(r.view);
  };
  const syncNow = async () => {
    setBusy(true);
    setView(await call<OptionsToBackground, 'sync:now'>('sync:now', {}));
    setBusy(false);
  };
  const putBack = async (key: number) => {
    await call<OptionsToBackground, 'sync:restoreRevision'>('sync:restoreRevision', { key });
    await refresh();
  };

  if (!view) return null;
  const host = new URL(view.server).host;
  const s = view.status;
  return (
    <section aria-labelledby="sync" class="sync">
      <h2 id="sync">Sync</h2>
      <p>
        Off unless you turn it on. With it on, your highlights with their notes and tags are sent to a Hypothesis server (hypothes.is, or your organisation's own), and your
        annotations there come back to this browser: the same highlights on every device where you sync, and your group's on the pages you read.
      </p>
      <fieldset disabled={view.on || busy}>
        <legend>Hypothesis account</legend>
        <label>
          Server <input name="sync-server" type="url" value={server} onInput={(e) => setServer((e.target as HTMLInputElement).value)} size={32} />
        </label>{' '}
        <label>
          Developer token <input name="sync-token" type="password" autocomplete="off" value={token} placeholder={view.hasToken ? 'kept (paste a new one to change it)' : ''} onInput={(e) => setToken((e.target as HTMLInputElement).value)} size={32} />
        </label>{' '}
        <button type="button" name="sync-check" onClick={() => void connect()}>
          Check token
        </button>
        <p class="hint">The token stays in this browser's extension storage: never in a web page, never in exports or backups.</p>
      </fieldset>
      {view.userid && (
        <p class="sync-account">
          Signed in as <strong>{view.displayName ?? view.userid}</strong> ({view.userid}) on {host}.
        </p>
      )}
      {view.userid && (
        <label>
          New highlights go to{' '}
          <select name="sync-group" value={view.group} onChange={(e) => void pick((e.target as HTMLSelectElement).value)}>
            <option value={ONLY_ME}>Only me (private)</option>
            {view.groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {view.userid && <p class="hint">A change here applies to highlights you make from now on; those already sent stay where they went (private, or in their group), also when you edit them.</p>}
      <p>
        {!view.on && (
          <button type="button" name="sync-on" disabled={!view.userid || busy} onClick={() => void turnOn()}>
            Turn sync on
          </button>
        )}
        {view.on && !asking && (
          <button type="button" name="sync-off" disabled={busy} onClick={() => setAsking(true)}>
            Turn sync off
          </button>
        )}
        {view.on && (
          <button type="button" name="sync-now" disabled={busy} onClick={() => void syncNow()}>
            Sync now
          </button>
        )}
      </p>
      {asking && (
        <div role="group" aria-label="Turning sync off" class="sync-ask">
          <p>Sync stops at once. What should happen to your annotations on {host}? They stay in this browser either way.</p>
          <button type="button" name="sync-off-keep" onClick={() => void turnOff(false)}>
            Keep them on the server
          </button>{' '}
          <button type="button" name="sync-off-remove" onClick={() => void turnOff(true)}>
            Remove them from the server
          </button>{' '}
          <button type="button" onClick={() => setAsking(false)}>
            Cancel
          </button>
        </div>
      )}
      {message && (
        <p class={message.kind === 'error' ? 'error' : 'hint'} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      {view.paused && (
        <p class="error sync-error" role="alert">
          Sync stopped: {view.paused}
        </p>
      )}
      {view.on && (
        <p class="sync-status" role="status" data-pending={s.pending}>
          {s.pending === 0 ? 'Everything is synced.' : `${s.pending} change${s.pending === 1 ? '' : 's'} waiting to be sent.`} Last contact with {host}: {when(s.lastSync)}.
          {!view.paused && s.error && ` Last problem: ${s.error.message}`}
        </p>
      )}
      {s.stopped.length > 0 && (
        <div class="sync-stopped">
          <p class="error">These changes were not sent, and are kept here:</p>
          <ul>
            {s.stopped.map((x) => (
              <li key={x.id}>{`${x.op === 'delete' ? 'Deletion' : x.op === 'create' ? 'New highlight' : 'Edit'}: ${x.error}`}</li>
            ))}
          </ul>
          <button type="button" name="sync-retry" onClick={() => void syncNow()}>
            Send them again
          </button>
        </div>
      )}
      {s.skipped.length > 0 && <p class="hint">{`${s.skipped.length} annotation${s.skipped.length === 1 ? '' : 's'} on the server could not be read and were left there (${s.skipped[0]}).`}</p>}
      {view.revisions.length > 0 && (
        <div class="sync-revisions">
          <h3>Kept after a conflict</h3>
          <p class="hint">The same note was changed here and elsewhere; the later change won. The other text is kept here until you put it back or leave it.</p>
          <ul>
            {view.revisions.map((r) => (
              <li key={r.key}>
                <q>{r.quote}</q> — {r.from === 'browser' ? 'this browser’s' : 'the server’s'} text of {when(r.written)}: <span class="note">{r.note || '(no note)'}</span>
                {r.tags.length > 0 && ` [${r.tags.join(', ')}]`}{' '}
                <button type="button" name="sync-put-back" onClick={() => void putBack(r.key)}>
                  Put this text back
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {view.others.length > 0 && (
        <div class="sync-others">
          <h3>From your group</h3>
          <ul>
            {view.others.map((o) => (
              <li key={o.id}>
                <strong>{o.author}</strong> on{' '}
                <a href={/^https?:\/\//.test(o.url) ? o.url : undefined} rel="noreferrer noopener" target="_blank">
                  {o.title || o.url}
                </a>
                : <q>{o.quote}</q> {o.note && <span class="note">— {o.note}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
      <h3>The browser's own sync</h3>
      {view.notSynced.length === 0 ? (
        <p class="hint sync-browser">Settings, per-site choices, follows, notes on entities and knowledge-base additions travel with your browser's own sync (Chrome Sync, Firefox Sync) when it is on.</p>
      ) : (
        <div class="sync-browser">
          <p>Your browser's sync holds 100 KB for an extension, at most 8 KB in one item. These are kept in this browser only:</p>
          <ul>
            {view.notSynced.slice(0, 50).map((n, i) => (
              <li key={i}>{`${SECTION_NAMES[n.section]}: ${n.label}: ${n.why}`}</li>
            ))}
          </ul>
          {view.notSynced.length > 50 && <p class="hint">{`… and ${view.notSynced.length - 50} more.`}</p>}
        </div>
      )}
    </section>
  );
}
