/**
 * Retrying a request whose answer was lost because the extension's background stopped while it
 * worked (the browser stops an idle service worker, and kills one on update or crash): the message
 * channel closes with no answer, and the next message starts a fresh worker. Only for requests that
 * are safe to send twice (the background treats a repeat as the same request, e.g. a save under a
 * key the sender chose).
 */

/** What the browsers say when the background went away before it answered (Chrome, Firefox). */
const LOST = [/message (port|channel) closed before a response was received/i, /could not establish connection/i, /receiving end does not exist/i, /no answer to /i, /message manager disconnected/i, /actor .* destroyed/i];

/** Whether `e` says the background went away before it answered, rather than that it refused. */
export function lostAnswer(e: unknown): boolean {
  const text = e instanceof Error ? e.message : String(e);
  return LOST.some((r) => r.test(text));
}

/** Waits before each next try: a worker starting on a busy machine can take a second or more. */
export const RETRY_DELAYS_MS = [300, 1000, 3000] as const;

/**
 * Runs `send`, and again after each delay while its answer was lost; any other error, or a loss
 * after the last delay, is thrown as it came.
 */
export async function retryLost<T>(send: () => Promise<T>, delays: readonly number[] = RETRY_DELAYS_MS, sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await send();
    } catch (e) {
      if (i >= delays.length || !lostAnswer(e)) throw e;
      await sleep(delays[i]!);
    }
  }
}

/**
 * A random key (UUID version 4 form) for a request that may be sent twice. Built from
 * `getRandomValues`, which plain-http pages have too (`randomUUID` needs a secure context).
 */
export function requestKey(random: (b: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const b = random(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
