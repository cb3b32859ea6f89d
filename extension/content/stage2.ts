/**
 * Stage two, injected by the background only into pages that passed the gate (or that the reader
 * asked for): extracts the article, has the background find its entities, draws the sidebar.
 */
import { api } from '../shared/browser';
import { call } from '../shared/messaging';
import { extractArticle } from '../../src/article/extract';
import { MAX_LINKS, type ContentToBackground } from '../../src/messaging/protocol';
import { mountSidebar, type SidebarHandle } from '../sidebar/mount';
import { createMarks, type MarksHandle } from './marks';

const g = globalThis as Record<string, unknown>;
const force = g.__aiNewsLensForce === true;
g.__aiNewsLensForce = false;
if (!g.__aiNewsLensStage2 || force) {
  g.__aiNewsLensStage2 = true;
  void run().catch((e: unknown) => {
    // An orphaned script (extension reloaded) or a page we cannot read: nothing was changed.
    console.debug('AI News Lens: not shown:', e instanceof Error ? e.message : e);
  });
}

async function run(): Promise<void> {
  (g.__aiNewsLensSidebar as SidebarHandle | undefined)?.destroy();
  (g.__aiNewsLensMarks as MarksHandle | undefined)?.destroy();
  const article = extractArticle(document);
  if (!article.isArticle && !force) return;
  const host = location.host;
  const res = await call<ContentToBackground, 'page:analyze'>('page:analyze', {
    url: location.href,
    title: article.title,
    text: article.text,
    siteName: article.siteName,
    published: article.published,
    links: article.links.slice(0, MAX_LINKS),
  });
  if (!res.isAI && !force) return;
  const site = await call<ContentToBackground, 'site:get'>('site:get', { host });
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
    onCollapse: (collapsed) => void call<ContentToBackground, 'site:set'>('site:set', { host, patch: { collapsed } }),
    loadCard: (req) => call<ContentToBackground, 'kb:card'>('kb:card', req),
    onJump: (e) => marks?.flash(e) ?? false,
  });
  g.__aiNewsLensSidebar = handle;
  await call<ContentToBackground, 'page:markCss'>('page:markCss', {}).catch(() => undefined);
  marks = createMarks({ entities: res.entities, articleText: article.text, all: false, onOpenInSidebar: (e) => handle.openEntity(e) });
  g.__aiNewsLensMarks = marks;
  document.documentElement.querySelector('[data-ai-news-lens="sidebar"]')?.setAttribute('data-marks', String(marks.count));
  api.runtime.onMessage.addListener((m: unknown) => {
    if ((m as { kind?: string })?.kind !== 'site:off') return;
    marks?.destroy();
    handle.destroy();
  });
}
