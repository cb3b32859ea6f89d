/**
 * Related reports, each with why it is related: the story thread this article belongs to (with a
 * timeline and a Follow switch), articles the reader read before that share its entities, and the
 * reports the article itself cites. Drawn in the reading companion (an extension page): the
 * reading history is the reader's own data.
 */
import { useEffect, useState } from 'preact/hooks';
import { tabCall } from './calls';
import { api } from '../shared/browser';
import { safeHref } from '../shared/EntityCard';
import type { LiveState, PanelState } from '../../src/messaging/protocol';
import type { LiveAnswer } from '../../src/related/live';

const CITED_LABEL: Record<PanelState['cited'][number]['kind'], string> = { report: 'Report', filing: 'Filing', paper: 'Paper', announcement: 'Announcement' };
const day = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
};
const Link = ({ href, children }: { href: string; children: string }) => {
  const safe = safeHref(href);
  return safe ? (
    <a href={safe} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  ) : (
    <span>{children}</span>
  );
};

export function Related({ tabId, state, onChanged }: { tabId: number; state: PanelState; onChanged: (text: string) => void }) {
  const r = state.reading;
  const [error, setError] = useState<string | null>(null);
  const follow = async (kind: 'thread' | 'entity', key: string, name: string, on: boolean) => {
    try {
      await tabCall(tabId, 'companion:follow', { kind, key, on });
      setError(null);
      onChanged(on ? `Following ${name}.` : `No longer following ${name}.`);
    } catch (e) {
      setError(`Not saved: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const forget = async () => {
    const host = new URL(state.page.url).host;
    if (!confirm(`Delete your reading history of ${host}? Highlights and notes stay.`)) return;
    const { forgotten } = await tabCall(tabId, 'companion:forgetSite', {});
    onChanged(`Forgot ${forgotten} article${forgotten === 1 ? '' : 's'} from ${host}.`);
  };
  return (
    <section aria-labelledby="h-related" class="related" data-badge={state.badge}>
      <h2 id="h-related">Related</h2>
      {state.badge === '★' && (
        <p class="signal" data-badge={state.badge}>
          ★ This article continues something you follow.
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {r.error && <p class="error">{`Your reading history could not be read: ${r.error}`}</p>}
      {r.skipped > 0 && <p class="hint">{`${r.skipped} damaged history record${r.skipped === 1 ? ' was' : 's were'} skipped.`}</p>}
      {r.thread && r.thread.articles.length > 1 && (
        <div class="thread" data-thread-id={r.thread.id}>
          <p>
            <span class="kind">Story thread</span> <strong class="thread-name">{r.thread.name}</strong>{' '}
            <button type="button" class="link" aria-pressed={r.thread.followed ? 'true' : 'false'} onClick={() => void follow('thread', r.thread!.id, r.thread!.name, !r.thread!.followed)}>
              {r.thread.followed ? 'Following ✓' : 'Follow this story'}
            </button>
          </p>
          <ol class="timeline" aria-label="Timeline of the story">
            {r.thread.articles.map((a) => (
              <li key={a.url} class={a.current ? 'current' : undefined}>
                <span class="date">{day(a.date)}</span> {a.current ? <strong>{a.title} (this article)</strong> : <Link href={a.url}>{a.title}</Link>}
                {a.outlet && <span class="hint">{` · ${a.outlet}`}</span>}
              </li>
            ))}
          </ol>
          {r.claims && r.claims.length > 0 && (
            <ul class="claims" aria-label="Claims in this article">
              {r.claims.slice(0, 6).map((c, i) => (
                <li key={i} title={c.sentence}>
                  {`${c.actorName} ${c.kind}${c.targetName ? ` ${c.targetName}` : ''}`}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <h3>From your reading</h3>
      {!r.recorded ? (
        <p class="empty">Reading history is off, so earlier articles are not compared. Turn it on in the library page's settings.</p>
      ) : r.related.length === 0 ? (
        <p class="empty">Nothing you read before shares this article's entities yet.</p>
      ) : (
        <ol class="history" aria-label="Articles you read before, most related first">
          {r.related.map((a) => (
            <li key={a.url} class="item">
              <Link href={a.url}>{a.title}</Link>
              <div class="hint">{[a.outlet, day(a.date)].filter(Boolean).join(' · ')}</div>
              <div class="why">{`Shares: ${a.shared.join(', ')}`}</div>
            </li>
          ))}
        </ol>
      )}
      <h3>Cited in this article</h3>
      {state.cited.length === 0 ? (
        <p class="empty">This article links to no reports, filings or papers.</p>
      ) : (
        <ul>
          {state.cited.map((c) => (
            <li key={c.href} class="item cited">
              <span class="kind">{CITED_LABEL[c.kind]}</span>
              {c.source && <span class="hint">{` · ${c.source}`}</span>}
              <br />
              <Link href={c.href}>{c.text}</Link>
            </li>
          ))}
        </ul>
      )}
      {state.background.length > 0 && (
        <>
          <h3>Background</h3>
          <ul class="background" aria-label="Background links from the knowledge base">
            {state.background.map((b) => (
              <li key={b.key} class="item">
                <strong>{b.name}</strong>:{' '}
                {b.links.map((l, i) => (
                  <span key={l.href}>
                    {i > 0 && ' · '}
                    <Link href={l.href}>{l.label}</Link>
                  </span>
                ))}
              </li>
            ))}
          </ul>
        </>
      )}
      <Live tabId={tabId} />
      {r.entities.length > 0 && (
        <>
          <h3>Follow an entity</h3>
          <p class="hint">A followed entity lights the toolbar badge when a new article mentions it.</p>
          <ul class="follow-entities">
            {r.entities.map((e) => (
              <li key={e.key}>
                <button type="button" class="link" aria-pressed={e.followed ? 'true' : 'false'} onClick={() => void follow('entity', e.key, e.name, !e.followed)}>
                  {e.followed ? `${e.name} ✓` : `+ ${e.name}`}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {r.recorded && (
        <p>
          <button type="button" class="link" onClick={() => void forget()}>
            Forget my reading history of this site
          </button>
        </p>
      )}
    </section>
  );
}

const ago = (ms: number) => {
  const min = Math.round((Date.now() - ms) / 60_000);
  return min < 1 ? 'just now' : min < 60 ? `${min} min ago` : `${Math.round(min / 60)} h ago`;
};

/** Where an answer came from, and whether it is old: said in words next to it. */
function Provenance({ answer, provider }: { answer: LiveAnswer<unknown> & { ok: true }; provider: string }) {
  return <p class="hint">{`From ${provider}, ${answer.from === 'cache' ? `kept from ${ago(answer.fetchedAt)}` : 'just asked'}${answer.stale ? ` (out of date: ${answer.error ?? 'could not refresh'})` : ''}.`}</p>;
}

/**
 * The opt-in live sources: asked only when this view is shown, and only for sources the reader
 * turned on in the options. With both off, nothing about the article leaves the browser.
 */
function Live({ tabId }: { tabId: number }) {
  const [live, setLive] = useState<LiveState | null>(null);
  const [busy, setBusy] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const ask = (wiki?: string) => {
    setBusy(true);
    tabCall(tabId, 'companion:live', wiki === undefined ? {} : { wiki })
      .then(
        (s) => {
          setLive(s);
          setError(null);
        },
        (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
      )
      .finally(() => setBusy(false));
  };
  useEffect(() => ask(), [tabId]);
  const openOptions = () => void api.runtime.openOptionsPage().catch(() => undefined);
  const off = live && !live.on.news && !live.on.wiki;
  return (
    <div class="live" aria-busy={busy ? 'true' : 'false'}>
      <h3>Live sources</h3>
      {error && <p class="error">{`Live sources could not be asked: ${error}`}</p>}
      {!live && busy && <p class="hint">Checking your live sources…</p>}
      {off && (
        <p class="empty">
          Off: nothing about this article leaves your browser.{' '}
          <button type="button" class="link" onClick={openOptions}>
            Turn on recent coverage or Wikipedia summaries in the options
          </button>
        </p>
      )}
      {live?.on.news && (
        <div class="live-news">
          <p>
            <span class="kind">Recent coverage</span>
            {live.newsQuery.length > 0 && <span class="hint">{` of ${live.newsQuery.join(', ')}`}</span>}
          </p>
          {busy && !live.news && <p class="hint">Asking the news search…</p>}
          {live.news && !live.news.ok && <p class="error">{live.news.error}</p>}
          {live.news?.ok && live.news.items.length === 0 && <p class="empty">No recent coverage found.</p>}
          {live.news?.ok && live.news.items.length > 0 && (
            <>
              <ul aria-label="Recent coverage from the news search">
                {live.news.items.slice(0, 8).map((n) => (
                  <li key={n.url} class="item">
                    <Link href={n.url}>{n.title}</Link>
                    <div class="hint">{[n.outlet, n.date ? day(n.date) : ''].filter(Boolean).join(' · ')}</div>
                  </li>
                ))}
              </ul>
              <Provenance answer={live.news} provider="GDELT" />
            </>
          )}
        </div>
      )}
      {live?.on.wiki && (
        <div class="live-wiki">
          <p>
            <span class="kind">Not in our knowledge base</span>
          </p>
          {live.unknown.length === 0 ? (
            <p class="empty">Every name in this article is in the knowledge base.</p>
          ) : (
            <p>
              {live.unknown.map((n) => (
                <button key={n} type="button" class="link" aria-pressed={live.wiki?.name === n ? 'true' : 'false'} disabled={busy} onClick={() => ask(n)}>
                  {n}
                </button>
              ))}
            </p>
          )}
          {live.wiki && !live.wiki.answer.ok && <p class="error">{live.wiki.answer.error}</p>}
          {live.wiki?.answer.ok && live.wiki.answer.items.length === 0 && <p class="empty">{`Wikipedia has no article named ${live.wiki.name}.`}</p>}
          {live.wiki?.answer.ok &&
            live.wiki.answer.items.map((w) => (
              <div key={w.url} class="item wiki-summary">
                <strong>{w.title}</strong>
                {w.description && <span class="hint">{` · ${w.description}`}</span>}
                <p>{w.extract}</p>
                <Link href={w.url}>Read on Wikipedia</Link>
              </div>
            ))}
          {live.wiki?.answer.ok && <Provenance answer={live.wiki.answer} provider="Wikipedia" />}
        </div>
      )}
    </div>
  );
}
