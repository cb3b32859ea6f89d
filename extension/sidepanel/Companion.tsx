/**
 * The reading companion for one tab: a header with the page and site controls (this site on or
 * off, Run on this page, Run on all sites, the library), then what the tab holds: not an AI
 * article, the extension not running there, loading, or the article with its Context view and the
 * reader's Notes & related view.
 */
import { entityKey } from '../../src/entities/types';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../shared/browser';
import { call } from '../shared/messaging';
import { Context } from './Context';
import { NotesRelated, type Ask } from './NotesRelated';
import { OutletTies } from './OutletTies';
import type { CompanionToBackground, CompanionView, EntityCard } from '../../src/messaging/protocol';

type C = CompanionToBackground;
const ALL_SITES = { origins: ['<all_urls>'] };
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
/** The match pattern of a page's site, for a permission asked for inside the reader's click. */
const siteOf = (url: string | null): string | null => {
  try {
    const u = url ? new URL(url) : null;
    return u && (u.protocol === 'http:' || u.protocol === 'https:') ? `${u.protocol}//${u.hostname}/*` : null;
  } catch {
    return null;
  }
};

export function Companion({ tabId, nonce, bound }: { tabId: number | null; nonce: number; bound: boolean }) {
  const [view, setView] = useState<CompanionView | null>(null);
  const [message, setMessage] = useState('');
  const opener = useRef<((e: EntityCard) => void) | null>(null);
  const [note, setNote] = useState<Ask>(null);
  const [correct, setCorrect] = useState<Ask>(null);
  const asked = useRef(0);
  /** A note or entity to show that came with an answer overtaken by a newer one: the background hands each out once. */
  const carry = useRef<Pick<CompanionView, 'note' | 'focus'>>({ note: null, focus: null });
  const refresh = () => {
    if (tabId === null) return;
    const n = ++asked.current;
    call<C, 'companion:view'>('companion:view', { tabId }).then(
      (v) => {
        if (v.note) carry.current.note = v.note;
        if (v.focus) carry.current.focus = v.focus;
        if (n !== asked.current && !(v.note || v.focus)) return;
        const asks = carry.current;
        carry.current = { note: null, focus: null };
        // the newest answer is shown; an older one only passes on what it was asked to show
        setView((was) => (n === asked.current || !was ? { ...v, note: asks.note, focus: asks.focus } : { ...was, note: asks.note, focus: asks.focus }));
      },
      (e: unknown) => n === asked.current && setMessage(errorText(e)),
    );
  };
  useEffect(refresh, [tabId, nonce]);
  useEffect(() => setMessage(''), [tabId]);
  // "Open in side panel" on a card: show that entity's card, focused
  useEffect(() => {
    const e = view?.focus ? view.article?.entities.find((x) => entityKey(x) === view.focus) : null;
    if (e) opener.current?.(e);
    // a click on a highlight in the page: Notes & related, at that highlight
    if (view?.note) {
      setNote({ id: view.note.id ?? '', n: Date.now(), edit: view.note.edit });
    }
  }, [view]);
  const correctLink = (e: EntityCard) => {
    setCorrect({ id: entityKey(e), n: Date.now() });
  };
  const flash = (e: EntityCard) => {
    void call<C, 'companion:flash'>('companion:flash', { tabId: tabId!, key: entityKey(e) }).then(
      (r) => setMessage(r.ok ? '' : `${e.name} is not in the page just now.`),
      (err: unknown) => setMessage(errorText(err)),
    );
    return true;
  };

  if (tabId === null) return <p class="status-line">No tab to show.</p>;
  const v = view?.tabId === tabId ? view : null;
  const site = v?.status.site ?? null;
  const host = v?.status.host ?? null;

  const runHere = () => {
    // a site the extension may not read yet is asked for inside this click, before anything is awaited
    const pattern = v && !v.access ? siteOf(v.url) : null;
    const granted = pattern ? api.permissions.request({ origins: [pattern] }) : Promise.resolve(true);
    void granted.then(async (ok) => {
      if (!ok) return setMessage('Permission was not granted.');
      const r = await call<C, 'tab:run'>('tab:run', { tabId });
      setMessage(r.ok ? 'Running on this page…' : (r.error ?? 'Could not run here.'));
      refresh();
    }, (e: unknown) => setMessage(errorText(e)));
  };
  const toggleSite = async () => {
    if (!host || !site) return;
    await call<C, 'site:set'>('site:set', { host, patch: { enabled: !site.enabled } });
    refresh();
  };
  const toggleAllSites = () => {
    // the permission prompt must come straight from the click: ask here, then tell the background
    const asked = v?.status.allSites ? api.permissions.remove(ALL_SITES) : api.permissions.request(ALL_SITES);
    void asked.then(async (ok) => {
      if (!ok) setMessage('Permission was not granted.');
      await call<C, 'allSites:sync'>('allSites:sync', {});
      refresh();
    });
  };

  const a = v?.article ?? null;
  return (
    <div class="companion" data-state={v?.state ?? 'loading'} data-tab={String(tabId)} data-bound={bound ? 'true' : 'false'} data-entity-count={a ? String(a.entities.length) : ''} data-url={a?.url ?? ''} data-marks={v?.counts.marks ?? ''} data-highlights={v?.counts.highlights ?? ''} data-live={v?.counts.live ?? ''}>
      <div class="bar">
        <div class="brand">
          <span class="logo" aria-hidden="true">
            ◎
          </span>{' '}
          AI News Lens
        </div>
        <details class="menu">
          <summary aria-label="Page and site settings">Settings</summary>
          <div class="menu-body">
            <button type="button" name="run-here" onClick={runHere}>
              Run on this page
            </button>
            {host && site && (
              <label class="row">
                <input type="checkbox" name="site-enabled" checked={site.enabled} onChange={() => void toggleSite()} /> On for {host}
              </label>
            )}
            <label class="row">
              <input type="checkbox" name="all-sites" checked={!!v?.status.allSites} onChange={toggleAllSites} /> Run on all sites
            </label>
            <a href={api.runtime.getURL('options/options.html')} target="_blank" rel="noopener">
              Library & settings
            </a>
          </div>
        </details>
      </div>
      <p class="status-line" role="status" aria-live="polite">
        {message}
      </p>
      <div class="body">
        {!v || v.state === 'loading' ? (
          <div class="notice" aria-busy="true">
            <p>Reading this page…</p>
          </div>
        ) : v.state === 'off' ? (
          <div class="notice">
            <h1>AI News Lens is not running on this page</h1>
            <p class="muted">{site && !site.enabled ? `It is switched off for ${host}.` : 'This site is not one of its news sites, and you have not asked it to read this page.'}</p>
            {site && !site.enabled ? (
              <button type="button" onClick={() => void toggleSite()}>
                Turn on for {host}
              </button>
            ) : (
              <button type="button" name="run-here" onClick={runHere}>
                Run on this page
              </button>
            )}
          </div>
        ) : v.state === 'none' ? (
          <div class="notice">
            <h1>Not an AI article</h1>
            <p class="muted">{v.title ? `“${v.title}” does not look like AI-industry news.` : 'This page does not look like AI-industry news.'}</p>
          </div>
        ) : (
          a && (
            <>
            <OutletTies ties={a.ties ?? []} />
            <Context
              key={`${tabId}:${a.url}`}
              title={a.title}
              story={a.story}
              outlet={a.outlet}
              published={a.published}
              cited={a.cited}
              entities={a.entities}
              isAI={a.isAI}
              loadCard={(req) => call<C, 'companion:card'>('companion:card', req)}
              register={(fn) => (opener.current = fn)}
              showYours={(note?.n ?? 0) + (correct?.n ?? 0)}
              onJump={flash}
              onCorrect={correctLink}
              yours={<NotesRelated tabId={tabId} nonce={String(nonce)} note={note} correct={correct} />}
            />
            </>
          )
        )}
      </div>
    </div>
  );
}
