/**
 * The reader's highlights in the page: saved ones re-anchored on every visit (in slices), new ones
 * made from the selection with Alt+Shift+H or the small toolbar that appears beside it. The page
 * gets only the highlight ranges; notes and tags stay in the extension.
 */
import { h, render } from 'preact';
import { describe, anchorAll, type Selector } from '../../src/annotate/anchor';
import { fingerprint } from '../../src/annotate/identity';
import { indexText, isExtensionElement, offsetsOf, rangeAt, type StoryIndex } from '../../src/article/locate';
import { call } from '../shared/messaging';
import { createHost, pin } from '../shared/host';
import type { ContentToBackground } from '../../src/messaging/protocol';

export const HIGHLIGHT_KEY = 'KeyH';
const TOOLBAR_TAG = 'ai-news-lens-toolbar';
/** After the story's text changes, wait this long for it to settle before anchoring again. */
const LATE_TEXT_SETTLE_MS = 300;

export interface HighlightsHandle {
  destroy(): void;
}

export function createHighlights(opts: { story: StoryIndex | null; articleText: string; title: string; canonical: string | null; onCount: (n: number) => void }): HighlightsHandle {
  const root = opts.story?.root;
  const registry = typeof CSS !== 'undefined' && 'highlights' in CSS ? (CSS as unknown as { highlights: Map<string, unknown> }).highlights : null;
  const Hl = (globalThis as { Highlight?: new (...r: Range[]) => { add(r: Range): void; size: number } }).Highlight;
  if (!root || !registry || !Hl) return { destroy: () => undefined };
  let idx = opts.story!.idx;
  const print = fingerprint(opts.articleText);
  const highlight = new Hl();
  registry.set('anl-annotation', highlight);
  let alive = true;
  let saved: { id: string; selectors: Selector[] }[] = [];
  const placed = new Set<string>();

  /** Anchors what is not placed yet; runs again when the story's text changes late (lazy-loaded body). */
  const place = async () => {
    await anchorAll(idx.text, saved.filter((a) => !placed.has(a.id)), (item, a) => {
      const r = a && alive ? rangeAt(idx, a.start, a.end) : null;
      if (!r) return;
      highlight.add(r);
      placed.add(item.id);
    });
    if (alive) opts.onCount(highlight.size);
  };
  void call<ContentToBackground, 'ann:forPage'>('ann:forPage', { url: location.href, canonical: opts.canonical, fingerprint: print }).then((list) => {
    saved = list;
    return place();
  });
  let timer = 0;
  const lateText = new MutationObserver(() => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!alive || placed.size === saved.length) return;
      idx = indexText(root, isExtensionElement);
      void place();
    }, LATE_TEXT_SETTLE_MS) as unknown as number;
  });
  lateText.observe(root, { childList: true, subtree: true, characterData: true });

  const fail = (why: string) => {
    render(h('p', { role: 'alert', class: 'error' }, `Not saved: ${why}. Try again.`), box);
    if (!host.isConnected) document.documentElement.append(host);
  };
  const save = () => trySave().catch((e: unknown) => fail(e instanceof Error ? e.message : 'the extension did not answer'));
  const trySave = async () => {
    const sel = getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) return;
    const range = sel.getRangeAt(0);
    const at = offsetsOf(idx, range);
    if (!at) return;
    const selectors = describe(idx.text, at.start, at.end);
    const { id } = await call<ContentToBackground, 'ann:save'>('ann:save', { url: location.href, canonical: opts.canonical, title: opts.title, fingerprint: print, selectors });
    saved.push({ id, selectors });
    placed.add(id);
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
      lateText.disconnect();
      clearTimeout(timer);
      hideToolbar();
      registry.delete('anl-annotation');
    },
  };
}

const TOOLBAR_CSS = `
.error { margin: 0; font: 13px system-ui, sans-serif; color: #fff; background: #b3261e; border-radius: 6px; padding: 6px 10px; }
button { font: 600 13px system-ui, sans-serif; color: #fff; background: #3b4cca; border: 0; border-radius: 6px; padding: 6px 10px; cursor: pointer; box-shadow: 0 4px 12px rgba(0,0,0,.2); }
button:focus-visible { outline: 2px solid #facc15; outline-offset: 2px; }
`;
