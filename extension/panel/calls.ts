/**
 * The reader-data calls of the Panel, for its two homes: the sidebar's frame names its tab by the
 * token in its address; the reading companion names the tab it shows by id (its own sender check
 * stands in for the token). Same payloads otherwise, same answers.
 */
import { call } from '../shared/messaging';
import type { CompanionToBackground, PanelToBackground } from '../../src/messaging/protocol';

export type Bound = { token: string } | { tabId: number };
type P = PanelToBackground;

export function panelCall<K extends keyof P & string>(bound: Bound, kind: K, req: Omit<P[K]['req'], 'token'>): Promise<P[K]['res']> {
  if ('token' in bound) return call<P, K>(kind, { ...req, token: bound.token } as never) as Promise<P[K]['res']>;
  const byTab = kind.replace(/^panel:/, 'companion:') as keyof CompanionToBackground & string;
  return call<CompanionToBackground, typeof byTab>(byTab, { ...req, tabId: bound.tabId } as never) as Promise<P[K]['res']>;
}

/** A key that changes when the binding does (for effects). */
export const boundKey = (b: Bound) => ('token' in b ? `t:${b.token}` : `tab:${b.tabId}`);
