/**
 * Stage one, on every matched page: a cheap look at metadata and the lede. Only an article that
 * plausibly concerns AI asks the background for stage two; every other page is left untouched.
 * On single-page sites it notices navigation (history changes show up as a new URL once the title
 * or history changes) and checks the new page the same way; stage two tears down and re-runs.
 */
import { call } from '../shared/messaging';
import { looksLikeArticle, mentionsAI } from '../../src/article/signals';
import type { ContentToBackground } from '../../src/messaging/protocol';

/** After a URL change, wait this long without further title changes: the new page has rendered. */
const SETTLE_MS = 400;

const g = globalThis as Record<string, unknown>;
/** Set by stage two once it is loaded in this frame: re-runs it for the current page (or tears it down). */
type Rerun = (isCandidate: boolean) => void;

/** Counts checks: a newer one (the page navigated again) wins over one still waiting for its turn. */
let checks = 0;
/**
 * A new task at once (a MessageChannel message, not setTimeout's clamped delay): each look below
 * runs in a task of its own, so on a big page the gate is three short tasks, never one long one
 * (issue #12: no extension task over 50 ms).
 */
const pause = (): Promise<void> =>
  new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => (ch.port1.close(), resolve());
    ch.port2.postMessage(null);
  });

async function check(): Promise<void> {
  const mine = ++checks;
  await pause(); // not in the task that loaded this script
  const article = mine === checks && looksLikeArticle(document);
  if (article) await pause();
  if (mine !== checks) return;
  const candidate = article && mentionsAI(document);
  const rerun = g.__aiNewsLensRerun as Rerun | undefined;
  if (rerun) return rerun(candidate);
  if (!candidate) return;
  await pause();
  if (mine !== checks) return;
  call<ContentToBackground, 'gate:passed'>('gate:passed', { url: location.href }).catch(() => {
    /* the extension was updated or disabled under this page: stay silent, change nothing */
  });
}

if (!g.__aiNewsLensGate && document.documentElement && location.protocol.startsWith('http')) {
  g.__aiNewsLensGate = true;
  void check();
  let url = location.href;
  let timer = 0;
  const maybeNavigated = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (location.href === url) return;
      url = location.href;
      void check();
    }, SETTLE_MS) as unknown as number;
  };
  addEventListener('popstate', maybeNavigated);
  // pushState fires no event in an isolated world; SPAs change the title with the page, so watch it
  new MutationObserver(maybeNavigated).observe(document.head ?? document.documentElement, { subtree: true, childList: true, characterData: true });
}
