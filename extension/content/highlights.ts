/**
 * The reader's highlights in the page: saved ones re-anchored on every visit (in slices), new ones
 * made from the selection with Alt+Shift+H or the small toolbar that appears beside it. The page
 * gets only the highlight ranges; notes and tags stay in the extension.
 */
import { h, render } from 'preact';
import { describe, anchorAll } from '../../src/annotate/anchor';
import { fingerprint } from '../../src/annotate/identity';
import { indexText, liveArticleRoot, offsetsOf, rangeAt } from '../../src/article/locate';
import { call } from '../shared/messaging';
import { createHost, pin } from '../shared/host';
import type { ContentToBackground } from '../../src/messaging/protocol';

export const HIGHLIGHT_KEY = 'KeyH';
const TOOLBAR_TAG = 'ai-news-lens-toolbar';

export interface HighlightsHandle {
  destroy(): void;
}

export function createHighlights(opts: { articleText: string; title: string; canonical: string | null; onCount: (n: number) => void }): HighlightsHandle {
  const root = liveArticleRoot(document, opts.articleText);
  const registry = typeof CSS !== 'undefined' && 'highlights' in CSS ? (CSS as unknown as { highlights: Map<string, unknown> }).highlights : null;
  const Hl = (globalThis as { Highlight?: new (...r: Range[]) => { add(r: Range): void; size: number } }).Highlight;
  if (!root || !registry || !Hl) return { destroy: () => undefined };
  const skip = (el: Element) => el.tagName.toLowerCase().startsWith('ai-news-lens-');
  const idx = indexText(root, skip);
  const print = fingerprint(opts.articleText);
  const highlight = new Hl();
  registry.set('anl-annotation', highlight);
  let alive = true;

  void call<ContentToBackground, 'ann:forPage'>('ann:forPage', { url: location.href, canonical: opts.canonical, fingerprint: print }).then(async (saved) => {
    await anchorAll(idx.text, saved, (_item, a) => {
      const r = a && alive ? rangeAt(idx, a.start, a.end) : null;
      if (r) highlight.add(r);
    });
    if (alive) opts.onCount(highlight.size);
  });

  const save = async () => {
    const sel = getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) return;
    const range = sel.getRangeAt(0);
    const at = offsetsOf(idx, range);
    if (!at) return;
    const selectors = describe(idx.text, at.start, at.end);
    await call<ContentToBackground, 'ann:save'>('ann:save', { url: location.href, canonical: opts.canonical, title: opts.title, fingerprint: print, selectors });
    // shown only once the background has it on disk
    if (!alive) return;
    highlight.add(rangeAt(idx, at.start, at.end)!);
    opts.onCount(highlight.size);
    sel.removeAllRanges();
    hideToolbar();
  };

  // the small toolbar beside a selection inside the story
  const { host, box } = createHost(TOOLBAR_TAG, 'toolbar', TOOLBAR_CSS);
  const hideToolbar = () => {
    render(null, box);
    host.remove();
  };
  const onMouseUp = () =>
    setTimeout(() => {
      const sel = getSelection();
      if (!sel || sel.isCollapsed || !sel.rangeCount || !offsetsOf(idx, sel.getRangeAt(0))) return hideToolbar();
      const r = sel.getRangeAt(0).getBoundingClientRect();
      pin(host, { left: `${Math.max(8, r.left)}px`, top: `${Math.max(8, r.top - 40)}px` });
      render(h('button', { type: 'button', onMouseDown: (e: Event) => e.preventDefault(), onClick: () => void save() }, 'Highlight'), box);
      if (!host.isConnected) document.documentElement.append(host);
    }, 0);
  const onKey = (ev: KeyboardEvent) => {
    if (ev.altKey && ev.shiftKey && ev.code === HIGHLIGHT_KEY) {
      ev.preventDefault();
      void save();
    }
  };
  const ac = new AbortController();
  document.addEventListener('mouseup', onMouseUp, { signal: ac.signal });
  document.addEventListener('keydown', onKey, { signal: ac.signal });
  return {
    destroy() {
      alive = false;
      ac.abort();
      hideToolbar();
      registry.delete('anl-annotation');
    },
  };
}

const TOOLBAR_CSS = `
button { font: 600 13px system-ui, sans-serif; color: #fff; background: #3b4cca; border: 0; border-radius: 6px; padding: 6px 10px; cursor: pointer; box-shadow: 0 4px 12px rgba(0,0,0,.2); }
button:focus-visible { outline: 2px solid #facc15; outline-offset: 2px; }
`;
