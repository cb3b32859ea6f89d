/**
 * Stage two, injected by the background only into pages that passed the gate (or that the reader
 * asked for): extracts the article, has the background find its entities, draws the marks and
 * the reader's highlights (the reading companion, an extension page beside the page, shows the rest).
 *
 * It follows the reader. On a single-page site the gate reports each new address; on a page that
 * appends the next story below the one being read (infinite scroll), the story the reader is in
 * is read when the address moves to it (src/article/current.ts decides which story that is, and
 * that nothing is read again while the reader stays in one). Sites that rewrite the address
 * without a new title are caught by a look at the address once scrolling stops.
 */
import { entityKey } from '../../src/entities/types';
import { api } from '../shared/browser';
import { call } from '../shared/messaging';
import { indexStorySteps } from '../../src/article/locate';
import { runInSlices } from '../../src/article/slices';
import { pageSlicer } from './slicer';
import { readArticle } from './read';
import { nextStep, pickArticle, shownFor, storyAddress, type Shown } from '../../src/article/current';
import { MAX_LINKS, isEnvelope, validators, type BackgroundToContent, type ContentToBackground, type MarkNames } from '../../src/messaging/protocol';
import { MARK_KEYS, newMarkNames } from './mark-css';
import { createMarks, type MarksHandle } from './marks';
import { createHighlights, type HighlightsHandle } from './highlights';
import { tally } from './live';

/** Scrolling counts as stopped after this long without a scroll event (the site has moved its address by then). */
const SCROLL_END_MS = 250;
/** Pauses stage two's long passes for the page (./slicer.ts). */
const slicer = pageSlicer();

const g = globalThis as Record<string, unknown>;
/** Counts runs: a newer run (the page navigated again) wins over an older one still waiting. */
let generation = 0;
/** What the marks were last drawn for (null: nothing yet, or taken down). */
let shown: Shown | null = null;
/** The address the last look was for. */
let seen = location.href;
/** The address moved on but the story in view did not yet: look again whenever scrolling stops. */
let watching = false;
const force = g.__aiNewsLensForce === true;
g.__aiNewsLensForce = false;
const start = (forced: boolean, scope: Element | null) =>
  void run(forced, scope).catch((e: unknown) => {
    // An orphaned script (extension reloaded) or a page we cannot read: nothing was changed.
    console.debug('AI News Lens: not shown:', e instanceof Error ? e.message : e);
  });
const teardown = () => {
  (g.__aiNewsLensHighlights as HighlightsHandle | undefined)?.destroy();
  (g.__aiNewsLensMarks as MarksHandle | undefined)?.destroy();
  g.__aiNewsLensMarks = g.__aiNewsLensHighlights = undefined;
};
/** Takes everything down and forgets what was shown (the site was switched off, or the page is no AI article now); a run still waiting draws nothing. */
const takeDown = () => {
  generation++;
  teardown();
  shown = null;
  watching = false;
};
/** The page moved (a new address, or scrolling stopped while watching): read the story the reader is in, if it is another. */
const follow = () => {
  seen = location.href;
  const step = nextStep(shown, pickArticle(document, seen, innerHeight), seen);
  watching = step.kind === 'stay' && step.watch;
  if (step.kind === 'run') start(false, step.scope);
};
if (!g.__aiNewsLensStage2 || force) {
  g.__aiNewsLensStage2 = true;
  // a copy injected again ("Run on this page") takes over from the one before: one set of listeners
  (g.__aiNewsLensStop as (() => void) | undefined)?.();
  const ac = new AbortController();
  // Only the background sends to a content script (browsers deliver tabs.sendMessage from the extension alone).
  const onMessage = (m: unknown): Promise<unknown> | undefined => {
    if (!isEnvelope(m) || !validators[m.kind as keyof typeof validators]?.(m.payload)) return undefined;
    const highlights = g.__aiNewsLensHighlights as HighlightsHandle | undefined;
    const p = m.payload as { dir: 1 | -1; id: string };
    switch (m.kind as keyof BackgroundToContent) {
      case 'site:off':
        // the reader switched the site off: this copy stops for good (no rerun on a new address, no
        // listeners); the gate then asks the background, which injects nothing while the site is off
        takeDown();
        (g.__aiNewsLensStop as (() => void) | undefined)?.();
        g.__aiNewsLensRerun = undefined;
        g.__aiNewsLensStage2 = false;
        return undefined;
      case 'marks:step':
        (g.__aiNewsLensMarks as MarksHandle | undefined)?.step(p.dir);
        return undefined;
      case 'marks:flash':
        return Promise.resolve({ ok: (g.__aiNewsLensMarks as MarksHandle | undefined)?.flash((m.payload as { key: string }).key) ?? false });
      case 'ann:jump':
        return Promise.resolve({ ok: highlights?.jump(p.id) ?? false });
      case 'ann:reattach':
        return Promise.resolve(highlights?.reattach(p.id) ?? { ok: false, error: 'The article is not open here any more.' });
      case 'ann:changed':
        highlights?.reload();
        return undefined;
    }
    return undefined;
  };
  api.runtime.onMessage.addListener(onMessage);
  let scrollTimer = 0;
  const onScroll = () => {
    clearTimeout(scrollTimer);
    scrollTimer = setTimeout(() => (location.href !== seen || watching) && follow(), SCROLL_END_MS) as unknown as number;
  };
  tally.listen(window, 'scroll', onScroll, { passive: true, signal: ac.signal });
  g.__aiNewsLensStop = () => {
    generation++; // a run of this copy still waiting draws nothing
    ac.abort();
    clearTimeout(scrollTimer);
    api.runtime.onMessage.removeListener(onMessage);
  };
  // The gate calls this when the address changed: follow the reader, or take everything down.
  g.__aiNewsLensRerun = (candidate: boolean) => (candidate ? follow() : takeDown());
  start(force, pickArticle(document, seen, innerHeight)?.article ?? null);
}

/** Reads the page (or one story of it, `scope`) and draws its marks and highlights, replacing the ones shown. */
async function run(forced: boolean, scope: Element | null): Promise<void> {
  const mine = ++generation;
  shown = shownFor(document, scope, location.href);
  // in slices of a few ms that let the page run in between; a newer run stops this one at the next pause
  const current = () => mine === generation;
  const article = await readArticle(document, scope, slicer, current);
  if (!article.isArticle && !forced) return teardown();
  const host = location.host;
  // the page's canonical link names the story it opened with; another story is known by its own address
  const canonical = scope ? storyAddress(scope) : (document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? null);
  const res = await call<ContentToBackground, 'page:analyze'>('page:analyze', {
    url: location.href,
    title: article.title,
    text: article.text,
    siteName: article.siteName,
    published: article.published,
    canonical,
    links: article.links.slice(0, MAX_LINKS),
  });
  if (mine !== generation) return;
  if (!res.isAI && !forced) return teardown();
  const [site, prefs] = await Promise.all([call<ContentToBackground, 'site:get'>('site:get', { host }), call<ContentToBackground, 'prefs:get'>('prefs:get', {})]);
  if (mine !== generation) return;
  // switched off for this site since this copy started (the companion's Settings): a later page or story of it stays untouched
  if (!site.enabled && !forced) return takeDown();
  // the mark colours are added to the page once; a single-page site or the next story keeps them
  // under random names the background made for this page (the page can list the registry)
  if (!g.__aiNewsLensMarkCss) {
    const css = await call<ContentToBackground, 'page:markCss'>('page:markCss', {}).catch(() => ({ ok: false, names: undefined }));
    g.__aiNewsLensMarkCss = css.ok;
    g.__aiNewsLensMarkNames = css.names ?? newMarkNames(MARK_KEYS);
  }
  const names = g.__aiNewsLensMarkNames as MarkNames;
  if (mine !== generation) return;
  teardown();
  const story = await runInSlices(indexStorySteps(document, article.text, scope), slicer, current);
  await slicer.pause(); // marks and highlights in a task of their own
  if (!current()) return;
  const marks = createMarks({ names, entities: res.entities, story, all: prefs.marks === 'all', onOpenInPanel: (e) => void call<ContentToBackground, 'companion:open'>('companion:open', { key: entityKey(e) }).catch(() => undefined) });
  g.__aiNewsLensMarks = marks;
  g.__aiNewsLensHighlights = createHighlights({ names, story, articleText: article.text, title: article.title, canonical });
  // how many listeners and observers the content script keeps: the same for every run, or a teardown leaked (the companion shows it)
  if (mine === generation) void call<ContentToBackground, 'page:shown'>('page:shown', { marks: marks.count, live: tally.live }).catch(() => undefined);
}
