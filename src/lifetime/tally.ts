/**
 * A count of what a content script has listening in a page: event listeners (each tied to an
 * AbortSignal) and observers (from creation until disconnect). Every listener and observer the
 * content script keeps is registered through one tally, so the count is a fact about the page and
 * a teardown that forgets something shows up as a count that grows with every re-run.
 */
export interface Tally {
  /** Listeners and observers alive now. */
  readonly live: number;
  /** `target.addEventListener`, counted until `opts.signal` aborts. */
  listen<K extends keyof DocumentEventMap>(target: Document, type: K, fn: (ev: DocumentEventMap[K]) => void, opts: AddEventListenerOptions & { signal: AbortSignal }): void;
  listen<K extends keyof WindowEventMap>(target: Window, type: K, fn: (ev: WindowEventMap[K]) => void, opts: AddEventListenerOptions & { signal: AbortSignal }): void;
  listen(target: EventTarget, type: string, fn: (ev: Event) => void, opts: AddEventListenerOptions & { signal: AbortSignal }): void;
  /** Counts an observer until its `disconnect()` (however often that is called). */
  track<T extends { disconnect(): void }>(observer: T): T;
  /** Called after every change of the count. */
  onChange: ((live: number) => void) | null;
}

export function createTally(): Tally {
  let live = 0;
  const change = (by: number) => {
    live += by;
    tally.onChange?.(live);
  };
  const tally: Tally = {
    get live() {
      return live;
    },
    listen(target: EventTarget, type: string, fn: (ev: Event) => void, opts: AddEventListenerOptions & { signal: AbortSignal }) {
      if (opts.signal.aborted) return; // the browser would not add it either
      target.addEventListener(type, fn, opts);
      change(1);
      opts.signal.addEventListener('abort', () => change(-1), { once: true });
    },
    track(observer) {
      let on = true;
      const disconnect = observer.disconnect.bind(observer);
      observer.disconnect = () => {
        if (on) change(-1);
        on = false;
        disconnect();
      };
      change(1);
      return observer;
    },
    onChange: null,
  };
  return tally;
}
