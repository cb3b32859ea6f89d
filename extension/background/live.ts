/**
 * The opt-in live sources, asked from the background only, only for a source the reader turned on
 * (and whose host permission the browser holds), only when the reader opens the frame's Related
 * view. Answers are cached and rate-limited by src/related/live.ts; a source that is off is never
 * contacted, whatever the frame asks.
 */
import { api, isFirefox } from '../shared/browser';
import { createLiveSources, livePermissions, newsQuery, shippedPatternFor, unknownNames, type LiveAnswer, type LiveSourceId, type LiveSources } from '../../src/related/live';
import type { LiveState } from '../../src/messaging/protocol';
import type { KeyValue, SettingsStore } from '../../src/storage/settings';
import type { PageRecord } from './pages';

export function createLive(settings: SettingsStore, kv: KeyValue) {
  let sources: LiveSources | null = null;
  let sourcesFor = '';
  /** One set of sources per set of addresses, so the cache and rate limits are shared between tabs. */
  const sourcesAt = (bases: Partial<Record<LiveSourceId, string>>) => {
    const key = JSON.stringify(bases);
    if (!sources || key !== sourcesFor) {
      sources = createLiveSources({ fetch: (input, init) => fetch(input, init), cache: kv, bases });
      sourcesFor = key;
    }
    return sources;
  };
  const permitted = async (id: LiveSourceId, bases: Partial<Record<LiveSourceId, string>>) => {
    // a reader's server under a shipped host pattern was never allowed on its own (see shippedPatternFor)
    const base = bases[id];
    if (base && shippedPatternFor(base, api.runtime.getManifest().host_permissions ?? [])) return false;
    try {
      return await api.permissions.contains(livePermissions(id, bases, isFirefox) as Parameters<typeof api.permissions.contains>[0]);
    } catch {
      return false;
    }
  };
  const refused = <T>(source: LiveSourceId): LiveAnswer<T> => ({
    ok: false,
    source,
    error: 'The browser no longer allows this source: turn it on again in the options.',
    retryInMs: null,
  });

  return {
    async forPage(rec: PageRecord, wikiName?: string): Promise<LiveState> {
      const prefs = await settings.prefs();
      const query = newsQuery(rec.entities);
      const unknown = unknownNames(rec.entities);
      const state: LiveState = { on: { ...prefs.live }, newsQuery: query, news: null, unknown, wiki: null };
      // only a name of this article that the knowledge base does not know (checked before anything is asked)
      const name = wikiName === undefined ? unknown[0] : unknown.find((n) => n === wikiName);
      if (wikiName !== undefined && name === undefined) throw new Error('that name is not one this article leaves unexplained');
      const src = sourcesAt(prefs.liveBases);
      const asks: Promise<void>[] = [];
      if (prefs.live.news && query.length > 0) {
        asks.push(
          (async () => {
            state.news = (await permitted('news', prefs.liveBases)) ? await src.news(query) : refused('news');
          })(),
        );
      }
      if (prefs.live.wiki && name) {
        asks.push(
          (async () => {
            state.wiki = { name, answer: (await permitted('wiki', prefs.liveBases)) ? await src.summary(name) : refused('wiki') };
          })(),
        );
      }
      await Promise.all(asks);
      return state;
    },
    /** Forgets every cached answer (a source was turned off). */
    async clear(): Promise<void> {
      await sourcesAt((await settings.prefs()).liveBases).clear();
    },
  };
}
