import { api, type Runtime } from './browser';
import { SENDERS, isEnvelope, validators, type Envelope, type Handlers, type MessageSource, type SenderKind } from '../../src/messaging/protocol';

type Req<M, K extends keyof M> = M[K] extends { req: infer Q } ? Q : never;
type Res<M, K extends keyof M> = M[K] extends { res: infer R } ? R : never;

/**
 * Pairs a direction's handlers with the one kind of sender that may call them; typed so each
 * handler matches its message. Every name must list that sender in SENDERS, or this throws (at the
 * background's start, and in the unit tests).
 */
export function route<M>(handlers: Handlers<M>, sender: SenderKind): Route<unknown> {
  for (const kind of Object.keys(handlers)) {
    if (!(SENDERS[kind as keyof typeof SENDERS] as readonly SenderKind[] | undefined)?.includes(sender)) throw new Error(`${kind} is not to be sent by ${sender}`);
  }
  return { handlers, allow: (s: Runtime.MessageSender) => isSender(s, sender) } as unknown as Route<unknown>;
}

/** Sends a typed message to the background and resolves to its typed answer. */
export async function call<M, K extends keyof M & string>(kind: K, payload: Req<M, K>): Promise<Res<M, K>> {
  const answer = (await api.runtime.sendMessage({ kind, payload } satisfies Envelope)) as { ok: true; value: Res<M, K> } | { ok: false; error: string } | undefined;
  if (!answer) throw new Error(`no answer to ${kind}`);
  if (!answer.ok) throw new Error(answer.error);
  return answer.value;
}

/**
 * Who sent a message, as the browser tells it (never as the message says):
 * - `tab`: our content script in a web page's frame (`sender.tab`, an http(s) `sender.url`);
 * - `extensionPage`: the options/library page, at the top of its own tab; never a page of ours
 *   inside a web page's tab (none is web-accessible, so a page cannot frame one);
 * - `companion`: the reading companion in the side panel, the sidebar or a tab of its own.
 * Anything else (another extension, a page of ours elsewhere, a path we no longer ship such as the
 * in-page sidebar's frame or the toolbar popup) is nobody and may send nothing.
 */
export type SenderCheck = (sender: Runtime.MessageSender) => boolean;
const ownPath = (s: Runtime.MessageSender): string | null => {
  const base = api.runtime.getURL('');
  if (!s.url?.startsWith(base)) return null;
  return new URL(s.url).pathname;
};
const EXTENSION_PAGES = new Set(['/options/options.html']);
const isWeb = (url: string | undefined) => !!url && /^https?:/i.test(url);

export function senderKind(s: Runtime.MessageSender): SenderKind | null {
  if (s.id !== api.runtime.id) return null;
  const path = ownPath(s);
  if (path === null) return s.tab?.id !== undefined && isWeb(s.url) ? 'tab' : null;
  // the companion in the side panel or sidebar (no tab), or at the top of a tab of its own
  if (path.startsWith('/sidepanel/')) return !s.tab || ((s.frameId ?? 0) === 0 && !!s.tab.url?.startsWith(api.runtime.getURL('sidepanel/'))) ? 'companion' : null;
  if (!EXTENSION_PAGES.has(path)) return null;
  // the options page opens in a tab of its own (options_ui.open_in_tab): its top document, not a frame in a web page
  return s.tab && s.frameId === 0 && !isWeb(s.tab.url) ? 'extensionPage' : null;
}
/**
 * Whether `s` may send as `kind`. `options` is checked within `extensionPage`: the options/library
 * page at the top of its own tab (a sender is one kind; this one is checked within it).
 */
export function isSender(s: Runtime.MessageSender, kind: SenderKind): boolean {
  if (kind === 'options') return senderKind(s) === 'extensionPage' && ownPath(s) === '/options/options.html' && !!s.tab;
  return senderKind(s) === kind;
}
export const fromTab: SenderCheck = (s) => senderKind(s) === 'tab';
export const fromExtensionPage: SenderCheck = (s) => senderKind(s) === 'extensionPage';

/** The reading companion (sidepanel/sidepanel.html): our own page, not web-accessible, so no page can frame it. */
export const fromCompanion: SenderCheck = (s) => senderKind(s) === 'companion';

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
