import { useEffect, useState } from 'preact/hooks';
import { api } from '../shared/browser';
import { call } from '../shared/messaging';
import type { LibraryToBackground } from '../../src/messaging/protocol';
import { packOrigins, packSource, type PackKeys, type PackState } from '../../src/kb/pack';
import { shippedPatternFor } from '../../src/related/live';

const shippedHosts = (): string[] => api.runtime.getManifest().host_permissions ?? [];
const day = (iso: string) => iso.slice(0, 10);
const time = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * Knowledge updates without a release (issue #15): off until the reader turns them on for one
 * address. Turning them on asks the browser for that host alone (inside the click, as browsers
 * require); turning them off gives it back and returns to the knowledge shipped with the extension.
 */
export function KnowledgeUpdates() {
  const [state, setState] = useState<PackState | null>(null);
  const [draft, setDraft] = useState('');
  const [keys, setKeys] = useState<PackKeys | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  useEffect(() => {
    void call<LibraryToBackground, 'kbPack:state'>('kbPack:state', {}).then((s) => {
      setState(s);
      if (s.source) setDraft(s.source);
    });
    void fetch(api.runtime.getURL('kb-pack-key.json'))
      .then((r) => r.json() as Promise<PackKeys>)
      .then(setKeys, () => setKeys({ keys: [] }));
  }, []);

  const turnOn = async () => {
    const source = packSource(draft, { loopbackHttp: keys?.loopbackHttp === true });
    if (!source.ok) return setMessage({ kind: 'error', text: `Updates stay off: ${source.error}` });
    const shipped = shippedPatternFor(new URL(source.value).origin, shippedHosts());
    if (shipped) return setMessage({ kind: 'error', text: `Updates stay off: ${new URL(source.value).host} is on a site the extension already reads (${shipped}), so the browser would not ask you about it. Use an address of its own.` });
    // asked first, inside the click: browsers show the request only for a reader's gesture
    const granted = await api.permissions.request({ origins: packOrigins(source.value) }).catch(() => false);
    if (!granted) return setMessage({ kind: 'error', text: "Updates stay off: the browser's permission was not given." });
    setBusy(true);
    try {
      const next = await call<LibraryToBackground, 'kbPack:set'>('kbPack:set', { source: source.value });
      setState(next);
      setDraft(source.value);
      setMessage(null);
    } catch (e) {
      setMessage({ kind: 'error', text: `Updates stay off: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      setBusy(false);
    }
  };
  const turnOff = async () => {
    const was = state?.source;
    setBusy(true);
    try {
      setState(await call<LibraryToBackground, 'kbPack:set'>('kbPack:set', { source: null }));
      if (was) await api.permissions.remove({ origins: packOrigins(was) }).catch(() => false);
      setMessage({ kind: 'ok', text: 'Updates are off. The knowledge shipped with the extension is in use again.' });
    } catch (e) {
      setMessage({ kind: 'error', text: `Not changed: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      setBusy(false);
    }
  };
  const checkNow = async () => {
    setBusy(true);
    try {
      setState(await call<LibraryToBackground, 'kbPack:check'>('kbPack:check', {}));
      setMessage(null);
    } catch (e) {
      setMessage({ kind: 'error', text: `Not checked: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      setBusy(false);
    }
  };

  const on = !!state?.source;
  const last = state?.last ?? null;
  return (
    <section aria-labelledby="kb-updates">
      <h2 id="kb-updates">Knowledge updates</h2>
      <p class="hint">
        Off unless you turn it on. A maintainer can publish newer knowledge as a signed pack; the extension takes it only when the signature, the knowledge in it and its
        version all check out, and applies it whole or not at all. Your own additions and corrections always win over it. Turning it on asks the browser to allow that one
        address; it is asked when the extension starts, once a day and when you choose Check now, and it is sent nothing about you or what you read.
      </p>
      <label>
        Address of the pack{' '}
        <input type="url" name="kb-pack-source" size={50} placeholder="https://example.org/ai-news-lens/kb-pack.json" value={draft} disabled={on || busy} onInput={(e) => setDraft((e.target as HTMLInputElement).value)} />
      </label>
      <p>
        <label>
          <input type="checkbox" name="kb-pack-on" checked={on} disabled={busy || !state} onChange={(e) => void ((e.target as HTMLInputElement).checked ? turnOn() : turnOff())} /> Knowledge updates from{' '}
          <strong>{on ? state!.source : draft.trim() || 'the address above'}</strong>
        </label>{' '}
        <button type="button" name="kb-pack-check" disabled={!on || busy} onClick={() => void checkNow()}>
          Check now
        </button>
      </p>
      <p data-kb-pack-in-use={state?.pack ? String(state.pack.version) : 'shipped'}>
        {state?.pack
          ? `In use: knowledge pack version ${state.pack.version}, made ${day(state.pack.created)}, ${state.pack.entities} entities (applied ${time(state.pack.applied)}).`
          : 'In use: the knowledge shipped with the extension.'}
      </p>
      {last && (
        <p data-kb-pack-last={last.outcome} class={last.outcome === 'refused' ? 'error' : 'ok'} role={last.outcome === 'refused' ? 'alert' : 'status'}>
          {`${last.outcome === 'refused' ? 'Refused' : 'Checked'} ${time(last.at)}: ${last.message}${last.outcome === 'refused' ? ' Nothing was changed.' : ''}`}
        </p>
      )}
      {message && (
        <p class={message.kind} role={message.kind === 'error' ? 'alert' : 'status'} data-kb-pack-message>
          {message.text}
        </p>
      )}
    </section>
  );
}
