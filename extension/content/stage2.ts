/**
 * Stage two, injected by the background only into pages that passed the gate (or that the reader
 * asked for): extracts the article, has the background find its entities, draws the sidebar.
 */
import { api } from '../shared/browser';
import { call } from '../shared/messaging';
import { extractArticle } from '../../src/article/extract';
import { indexStory } from '../../src/article/locate';
import { MAX_LINKS, isEnvelope, validators, type BackgroundToContent, type ContentToBackground } from '../../src/messaging/protocol';
import { mountSidebar, type SidebarHandle } from '../sidebar/mount';
import { createMarks, type MarksHandle } from './marks';
import { createHighlights, type HighlightsHandle } from './highlights';
import { tally } from './live';

const g = globalThis as Record<string, unknown>;
/** Counts runs: a newer run (the page navigated again) wins over an older one still waiting. */
let generation = 0;
const force = g.__aiNewsLensForce === true;
g.__aiNewsLensForce = false;
const start = (forced: boolean) =>
  void run(forced).catch((e: unknown) => {
    // An orphaned script (extension reloaded) or a page we cannot read: nothing was changed.
    console.debug('AI News Lens: not shown:', e instanceof Error ? e.message : e);
  });
const teardown = () => {
  (g.__aiNewsLensHighlights as HighlightsHandle | undefined)?.destroy();
  (g.__aiNewsLensMarks as MarksHandle | undefined)?.destroy();
  (g.__aiNewsLensSidebar as SidebarHandle | undefined)?.destroy();
  g.__aiNewsLensMarks = g.__aiNewsLensSidebar = g.__aiNewsLensHighlights = undefined;
};
if (!g.__aiNewsLensStage2 || force) {
  const first = !g.__aiNewsLensStage2;
  g.__aiNewsLensStage2 = true;
  // The gate calls this when a single-page site navigates: run again, or take everything down.
  g.__aiNewsLensRerun = (candidate: boolean) => (candidate ? start(false) : teardown());
  if (first) {
    // Only the background sends to a content script (browsers deliver tabs.sendMessage from the extension alone).
    api.runtime.onMessage.addListener((m: unknown): Promise<unknown> | undefined => {
      if (!isEnvelope(m) || !validators[m.kind as keyof typeof validators]?.(m.payload)) return undefined;
      const highlights = g.__aiNewsLensHighlights as HighlightsHandle | undefined;
      const p = m.payload as { dir: 1 | -1; id: string };
      switch (m.kind as keyof BackgroundToContent) {
        case 'site:off':
          teardown();
          return undefined;
        case 'marks:step':
          (g.__aiNewsLensMarks as MarksHandle | undefined)?.step(p.dir);
          return undefined;
        case 'ann:jump':
          return Promise.resolve({ ok: highlights?.jump(p.id) ?? false });
        case 'ann:reattach':
          return Promise.resolve(highlights?.reattach(p.id) ?? { ok: false, error: 'The article is not open here any more.' });
        case 'ann:changed':
          highlights?.reload();
          return undefined;
      }
      return undefined;
    });
  }
  start(force);
}

async function run(forced: boolean): Promise<void> {
  const mine = ++generation;
  teardown();
  const article = extractArticle(document);
  if (!article.isArticle && !forced) return;
  const host = location.host;
  const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? null;
  const res = await call<ContentToBackground, 'page:analyze'>('page:analyze', {
    url: location.href,
    title: article.title,
    text: article.text,
    siteName: article.siteName,
    published: article.published,
    canonical,
    links: article.links.slice(0, MAX_LINKS),
  });
  if ((!res.isAI && !forced) || mine !== generation) return;
  const [site, prefs] = await Promise.all([call<ContentToBackground, 'site:get'>('site:get', { host }), call<ContentToBackground, 'prefs:get'>('prefs:get', {})]);
  if (mine !== generation) return;
  let marks: MarksHandle | null = null;
  const handle = mountSidebar({
    title: article.title,
    story: res.story,
    outlet: article.siteName,
    published: article.published,
    cited: res.cited,
    entities: res.entities,
    isAI: res.isAI,
    collapsed: site.collapsed,
    side: site.side,
    width: site.width,
    onCollapse: (collapsed) => void call<ContentToBackground, 'site:set'>('site:set', { host, patch: { collapsed } }),
    onLayout: (patch) => void call<ContentToBackground, 'site:set'>('site:set', { host, patch }),
    loadCard: (req) => call<ContentToBackground, 'kb:card'>('kb:card', req),
    onJump: (e) => marks?.flash(e) ?? false,
    panelUrl: `${api.runtime.getURL('panel/panel.html')}#t=${res.panelToken}`,
  });
  g.__aiNewsLensSidebar = handle;
  await call<ContentToBackground, 'page:markCss'>('page:markCss', {}).catch(() => undefined);
  if (mine !== generation) return;
  const story = indexStory(document, article.text);
  marks = createMarks({ entities: res.entities, story, all: prefs.marks === 'all', onOpenInSidebar: (e) => handle.openEntity(e) });
  g.__aiNewsLensMarks = marks;
  const sidebarHost = document.documentElement.querySelector('[data-ai-news-lens="sidebar"]');
  sidebarHost?.setAttribute('data-marks', String(marks.count));
  g.__aiNewsLensHighlights = createHighlights({
    story,
    articleText: article.text,
    title: article.title,
    canonical,
    onNote: (id) => handle.openPanel(id ? `edit=${encodeURIComponent(id)}` : 'show'),
    onChanged: () => handle.pingPanel(),
    onCount: (n) => sidebarHost?.setAttribute('data-highlights', String(n)),
  });
  // how many listeners and observers the content script keeps: the same for every run, or a teardown leaked
  sidebarHost?.setAttribute('data-live', String(tally.live));
}
