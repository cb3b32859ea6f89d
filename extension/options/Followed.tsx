import { useEffect, useState } from 'preact/hooks';
import { call } from '../shared/messaging';
import { FollowItem } from './FollowItem';
import type { FollowedView } from '../../src/library/follows';
import type { FollowRecord } from '../../src/storage/db';
import type { LibraryToBackground } from '../../src/messaging/protocol';

type Lib = LibraryToBackground;

/**
 * The story threads and entities the reader follows: each one's articles as a timeline, how many
 * joined since the reader last looked (opening it counts as looking), the reader's highlights in
 * them, and unfollow with undo.
 */
export function Followed() {
  const [views, setViews] = useState<FollowedView[] | null>(null);
  /** Follows opened on this page, each with the articles that were new when it was opened (still marked new). */
  const [opened, setOpened] = useState<Map<string, Set<string>>>(new Map());
  const [undo, setUndo] = useState<FollowRecord | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = async () => {
    try {
      setViews(await call<Lib, 'follows:list'>('follows:list', {}));
    } catch (e) {
      setError(`What you follow could not be read: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  useEffect(() => void refresh(), []);

  const toggle = async (v: FollowedView) => {
    const next = new Map(opened);
    if (next.delete(v.key)) return setOpened(next);
    next.set(v.key, new Set(v.articles.filter((a) => a.unread).map((a) => a.url)));
    setOpened(next);
    if (v.unread === 0) return;
    try {
      await call<Lib, 'follows:seen'>('follows:seen', { key: v.key });
    } catch (e) {
      setError(`Not marked as read: ${e instanceof Error ? e.message : String(e)}`);
    }
    await refresh();
  };
  const unfollow = async (v: FollowedView) => {
    const { removed } = await call<Lib, 'follows:unfollow'>('follows:unfollow', { key: v.key });
    setUndo(removed);
    await refresh();
  };
  const refollow = async () => {
    if (!undo) return;
    const r = await call<Lib, 'follows:restore'>('follows:restore', { follow: undo });
    setError(r.ok ? null : `Not followed again: ${r.error}`);
    setUndo(null);
    await refresh();
  };

  return (
    <section aria-labelledby="followed">
      <h2 id="followed">Stories and entities you follow</h2>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {undo && (
        <p role="status">
          {`No longer following ${undo.name}. `}
          <button type="button" onClick={() => void refollow()}>
            Undo
          </button>
        </p>
      )}
      {views === null ? null : views.length === 0 ? (
        <p class="muted">You follow nothing yet. In the companion beside an article, “Notes & related” has “Follow this story” and the entities you can follow.</p>
      ) : (
        <ul class="follows">
          {views.map((v, i) => (
            <FollowItem key={v.key} v={v} n={i} fresh={opened.get(v.key) ?? null} onToggle={() => void toggle(v)} onUnfollow={() => void unfollow(v)} />
          ))}
        </ul>
      )}
    </section>
  );
}
