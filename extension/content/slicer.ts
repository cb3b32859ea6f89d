/**
 * The page's slicer for src/article/slices.ts: pauses with scheduler.yield() where the browser has
 * it (Chromium: the page's own waiting tasks run first, then we continue ahead of new ones), else
 * with a MessageChannel message (a new task at once, unlike setTimeout's clamping after nesting).
 */
import type { Slicer } from '../../src/article/slices';

/** A slice's budget: well under the 50 ms a task counts as long, so input stays responsive. */
const SLICE_MS = 8;

type WithScheduler = { scheduler?: { yield?: () => Promise<void> } };

const channelPause = (): Promise<void> =>
  new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });

export function pageSlicer(): Slicer {
  const sched = (globalThis as WithScheduler).scheduler;
  const pause = typeof sched?.yield === 'function' ? () => sched.yield!() : channelPause;
  return { now: () => performance.now(), pause, budgetMs: SLICE_MS };
}
