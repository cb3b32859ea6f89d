/**
 * Long work on the page cut into slices: the work is written once as a generator that yields at
 * points where it may pause, and is either run straight through (runAtOnce: the CLI, the tests) or
 * in slices of a few milliseconds that give the page's own tasks a turn in between (runInSlices:
 * the content script). Both run the very same steps, so they give the same result.
 *
 * Nothing here touches a browser global: the clock and the way to pause come from the caller.
 */

/** Work that may pause wherever it yields, and returns T. */
export type Steps<T> = Generator<void, T, void>;

export interface Slicer {
  /** A monotonic clock in ms (performance.now in the page). */
  now(): number;
  /** Gives the page a turn: resolves in a later task. */
  pause(): Promise<void>;
  /** Work for at most about this long before pausing. */
  budgetMs: number;
}

/** Thrown by runInSlices when a newer run took over while this one was paused. */
export class Superseded extends Error {
  constructor() {
    super('a newer run took over');
  }
}

/** Runs the steps to the end without pausing. */
export function runAtOnce<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * Runs the steps, pausing whenever a slice has used its budget; after each pause, stops (throws
 * Superseded, running the generator's finally blocks) when `current()` says this run is no longer wanted.
 */
export async function runInSlices<T>(steps: Steps<T>, slicer: Slicer, current: () => boolean = () => true): Promise<T> {
  let sliceStart = slicer.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (slicer.now() - sliceStart < slicer.budgetMs) continue;
    await slicer.pause();
    if (!current()) {
      steps.return(undefined as T);
      throw new Superseded();
    }
    sliceStart = slicer.now();
  }
}

/** How many items of a loop run between two chances to pause (checking the clock is not free). */
export const ITEMS_PER_CHECK = 64;
