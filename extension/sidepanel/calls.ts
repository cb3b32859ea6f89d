/**
 * The reader-data calls of Notes & related: the companion names the tab it shows by id (its own
 * sender check, `fromCompanion`, is the proof that it may), and the background answers about the
 * article it recorded for that tab.
 */
import { call } from '../shared/messaging';
import type { CompanionToBackground } from '../../src/messaging/protocol';

type C = CompanionToBackground;
/** The companion's messages that are about one tab's article (they carry its id). */
type ByTab = { [K in keyof C]: C[K]['req'] extends { tabId: number } ? K : never }[keyof C];

export function tabCall<K extends ByTab & string>(tabId: number, kind: K, req: Omit<C[K]['req'], 'tabId'>): Promise<C[K]['res']> {
  return call<C, K>(kind, { ...req, tabId } as C[K]['req'] as never) as Promise<C[K]['res']>;
}
