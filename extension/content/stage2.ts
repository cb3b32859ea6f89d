/**
 * Stage two, injected by the background only into pages that passed the gate (or that the reader
 * asked for): extracts the article, has the background find its entities, draws the sidebar.
 */
import { api } from '../shared/browser';
import { call } from '../shared/messaging';
import { extractArticle } from '../../src/article/extract';
import type { ContentToBackground } from '../../src/messaging/protocol';
import { mountSidebar, type SidebarHandle } from '../sidebar/mount';

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
  const article = extractArticle(document);
  if (!article.isArticle && !force) return;
  const host = location.host;
  const res = await call<ContentToBackground, 'page:analyze'>('page:analyze', {
    url: location.href,
    title: article.title,
    text: article.text,
    siteName: article.siteName,
    published: article.published,
  });
  if (!res.isAI && !force) return;
  const site = await call<ContentToBackground, 'site:get'>('site:get', { host });
  const handle = mountSidebar({
    title: article.title,
    entities: res.entities,
    isAI: res.isAI,
    collapsed: site.collapsed,
    onCollapse: (collapsed) => void call<ContentToBackground, 'site:set'>('site:set', { host, patch: { collapsed } }),
    loadCard: (req) => call<ContentToBackground, 'kb:card'>('kb:card', req),
  });
  g.__aiNewsLensSidebar = handle;
  api.runtime.onMessage.addListener((m: unknown) => {
    if ((m as { kind?: string })?.kind === 'site:off') handle.destroy();
  });
}
