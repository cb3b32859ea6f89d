import { api, type Runtime } from './browser';
import { isEnvelope, validators, type Envelope, type Handlers, type MessageSource } from '../../src/messaging/protocol';

type Req<M, K extends keyof M> = M[K] extends { req: infer Q } ? Q : never;
type Res<M, K extends keyof M> = M[K] extends { res: infer R } ? R : never;

/** Pairs a direction's handlers with who may call them; typed so each handler matches its message. */
export function route<M>(handlers: Handlers<M>, allow: SenderCheck): Route<unknown> {
  return { handlers, allow } as unknown as Route<unknown>;
}

/** Sends a typed message to the background and resolves to its typed answer. */
export async function call<M, K extends keyof M & string>(kind: K, payload: Req<M, K>): Promise<Res<M, K>> {
  const answer = (await api.runtime.sendMessage({ kind, payload } satisfies Envelope)) as { ok: true; value: Res<M, K> } | { ok: false; error: string } | undefined;
  if (!answer) throw new Error(`no answer to ${kind}`);
  if (!answer.ok) throw new Error(answer.error);
  return answer.value;
}

/**
 * Who may send a direction's messages: our content scripts (in a web page's tab) or our own pages
 * (popup, options; an options page opened in a tab still has the extension's origin).
 */
export type SenderCheck = (sender: Runtime.MessageSender) => boolean;
const ownOrigin = (s: Runtime.MessageSender) => !!s.url?.startsWith(api.runtime.getURL(''));
export const fromTab: SenderCheck = (s) => s.id === api.runtime.id && !!s.tab && s.tab.id !== undefined && !ownOrigin(s);
export const fromExtensionPage: SenderCheck = (s) => s.id === api.runtime.id && ownOrigin(s);
/**
 * Our frame inside a web page's tab (panel/panel.html). Its handlers still check the frame's token
 * against the tab, because a page may frame the (web-accessible) panel itself.
 */
export const fromPanel: SenderCheck = (s) => {
  if (s.id !== api.runtime.id || !s.tab || s.tab.id === undefined || !s.url) return false;
  try {
    const u = new URL(s.url);
    return (u.protocol === 'chrome-extension:' || u.protocol === 'moz-extension:') && u.pathname === '/panel/panel.html';
  } catch {
    return false;
  }
};

/**
 * The reading companion (sidepanel/sidepanel.html): our own page, shown in Chrome's side panel or
 * Firefox's sidebar (no `sender.tab`), or loaded in a tab of its own (then that tab shows our page,
 * not a web page). It is not web-accessible, so no page can frame it; the tab check holds even so.
 */
export const fromCompanion: SenderCheck = (s) => {
  if (s.id !== api.runtime.id || !s.url) return false;
  const own = api.runtime.getURL('sidepanel/');
  if (!s.url.startsWith(own)) return false;
  return !s.tab || !!s.tab.url?.startsWith(own);
};

/**
 * Answers messages of one or more directions. A message whose name is unknown, whose sender is not
 * allowed for that direction, or whose payload fails its validator gets an error and runs nothing.
 * Returns a function that removes the listener.
 */
export interface Route<M> {
  handlers: Handlers<M>;
  allow: SenderCheck;
}
type AnyHandler = (payload: unknown, from: MessageSource) => unknown;

export function on(routes: Route<unknown>[]): () => void {
  const listener = (message: unknown, sender: Runtime.MessageSender): Promise<unknown> | undefined => {
    if (!isEnvelope(message)) return undefined;
    const route = routes.find((r) => Object.hasOwn(r.handlers, message.kind) && r.allow(sender));
    if (!route) return Promise.resolve({ ok: false, error: `refused: ${message.kind}` });
    const valid = validators[message.kind as keyof typeof validators];
    if (!valid?.(message.payload)) return Promise.resolve({ ok: false, error: `bad payload for ${message.kind}` });
    const handler = (route.handlers as Record<string, AnyHandler>)[message.kind]!;
    const from: MessageSource = { tabId: sender.tab?.id ?? null, frameId: sender.frameId ?? null, url: sender.url ?? null };
    // Called now, not in a later task: the reader's click in the page travels with its message only
    // while this listener runs (Chrome's sidePanel.open needs it, for a card's "Open in side panel").
    let result: unknown;
    try {
      result = handler(message.payload, from);
    } catch (e) {
      result = Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    return Promise.resolve(result)
      .then(
        (value) => ({ ok: true, value }),
        (e: unknown) => ({ ok: false, error: e instanceof Error ? e.message : String(e) }),
      );
  };
  api.runtime.onMessage.addListener(listener);
  return () => api.runtime.onMessage.removeListener(listener);
}
