import { Note } from '../shared/Note';
import { safeHref } from '../shared/EntityCard';
import { dayOf, quoteLink, quoteOf } from '../../src/library/filter';
import type { FollowedView } from '../../src/library/follows';

const day = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
};

/**
 * One followed thread or entity: a disclosure button (name, article count, how many are new) and
 * an Unfollow button; open, its timeline (links only to web addresses) and the reader's highlights.
 * `fresh` is null while closed, else the articles that were new when it was opened.
 */
export function FollowItem({ v, n, fresh, onToggle, onUnfollow }: { v: FollowedView; n: number; fresh: Set<string> | null; onToggle: () => void; onUnfollow: () => void }) {
  const bodyId = `follow-body-${n}`;
  const what = v.kind === 'thread' ? 'Story' : 'Entity';
  return (
    <li class="follow" data-key={v.key} data-unread={String(v.unread)}>
      <div class="row">
        <h3 class="follow-head">
          <button type="button" class="follow-toggle" aria-expanded={fresh ? 'true' : 'false'} aria-controls={bodyId} onClick={onToggle}>
            <span class="kind">{what}</span> <span class="follow-name">{v.name}</span>{' '}
            <span class="muted">{`· ${v.articles.length} article${v.articles.length === 1 ? '' : 's'}`}</span>
            {v.unread > 0 && <span class="unread">{`${v.unread} new`}</span>}
          </button>
        </h3>
        <button type="button" class="small" aria-label={`Unfollow ${v.name}`} onClick={onUnfollow}>
          Unfollow
        </button>
      </div>
      {fresh && (
        <div id={bodyId} class="follow-body">
          {v.articles.length === 0 ? (
            <p class="muted">None of its articles is in your reading history any more.</p>
          ) : (
            <ol class="timeline" aria-label={`Timeline of ${v.name}`}>
              {v.articles.map((a) => (
                <li key={a.url} class={fresh.has(a.url) ? 'new' : undefined}>
                  <span class="date">{day(a.date)}</span>{' '}
                  {safeHref(a.url) ? (
                    <a href={safeHref(a.url)} target="_blank" rel="noopener noreferrer">
                      {a.title || a.url}
                    </a>
                  ) : (
                    <span>{a.title || a.url}</span>
                  )}
                  {a.outlet && <span class="muted">{` · ${a.outlet}`}</span>}
                  {fresh.has(a.url) && <span class="tag">new</span>}
                </li>
              ))}
            </ol>
          )}
          <h4>{v.kind === 'thread' ? 'Your highlights in this story' : `Your highlights in articles that mention ${v.name}`}</h4>
          {v.annotations.length === 0 ? (
            <p class="muted">None yet.</p>
          ) : (
            <ul class="follow-annotations">
              {v.annotations.map((a) => (
                <li key={a.id} class="follow-annotation" data-id={a.id}>
                  <blockquote>{quoteOf(a)}</blockquote>
                  {a.note && <Note text={a.note} />}
                  <p class="muted">
                    {quoteLink(a) ? (
                      <a href={quoteLink(a)} target="_blank" rel="noopener noreferrer">
                        {a.title || a.url}
                      </a>
                    ) : (
                      <span>{a.title || a.url}</span>
                    )}
                    {` · ${dayOf(a.created)}`}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </li>
  );
}
