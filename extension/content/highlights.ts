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
import { requestKey, retryLost } from '../../src/messaging/retry';
import { createHost, pin, unobstructed } from '../shared/host';
import { tally } from './live';
import type { ContentToBackground, MarkNames, NoteAsk } from '../../src/messaging/protocol';

export const HIGHLIGHT_KEY = 'KeyH';
const TOOLBAR_TAG = 'ai-news-lens-toolbar';
/** After the story's text changes, wait this long for it to settle before anchoring again. */
const LATE_TEXT_SETTLE_MS = 300;

export const NOTE_KEY = 'KeyN';
const FLASH_MS = 1200;
/** How long the hint "open the companion to see this note" stays (Firefox, when no companion is open). */
const HINT_MS = 5000;

export interface HighlightsHandle {
  /** Scrolls to a saved highlight and flashes it. */
  jump(id: string): boolean;
  /** Gives an orphan the current selection: the new selectors, or why not. */
  reattach(id: string): { ok: true; selectors: Selector[] } | { ok: false; error: string };
  /** The saved set changed elsewhere (a delete, an undo, a re-attach): anchor it all again. */
  reload(): void;
  destroy(): void;
}

type Hl = { add(r: Range): void; clear(): void; size: number; priority: number };
/** The reader's highlights paint above the entity marks (priority 0). */
export const ANNOTATION_PRIORITY = 1;
const inert: HighlightsHandle = { jump: () => false, reattach: () => ({ ok: false, error: 'Highlights are not available on this page.' }), reload: () => undefined, destroy: () => undefined };

export function createHighlights(opts: {
  /** This page's highlight names (random; see MarkNames). */
  names: MarkNames;
  story: StoryIndex | null;
  articleText: string;
  title: string;
  canonical: string | null;
}): HighlightsHandle {
  const root = opts.story?.root;
  const registry = typeof CSS !== 'undefined' && 'highlights' in CSS ? (CSS as unknown as { highlights: Map<string, unknown> }).highlights : null;
  const HlCtor = (globalThis as { Highlight?: new (...r: Range[]) => Hl }).Highlight;
  if (!root || !registry || !HlCtor) return inert;
  let idx = opts.story!.idx;
  const print = fingerprint(opts.articleText);
  const highlight = new HlCtor();
  // painted over the entity marks (and the flash over it); with random names, the one way to tell it apart
  highlight.priority = ANNOTATION_PRIORITY;
  registry.set(opts.names.annotation, highlight);
  let alive = true;
  let saved: { id: string; selectors: Selector[] }[] = [];
  /** Where each placed highlight is: its range, and its start in the story text (for reading order). */
  const placed = new Map<string, { range: Range; start: number }>();
  let round = 0;

  /** Tells the background (ids and offsets only) which highlights were found, for the companion's list and count. */
  const report = () =>
    call<ContentToBackground, 'ann:placed'>('ann:placed', {
      placed: [...placed].map(([id, p]) => ({ id, start: p.start })).sort((a, b) => a.start - b.start),
      orphaned: saved.filter((a) => !placed.has(a.id)).map((a) => a.id),
    }).catch(() => undefined);

  /** Anchors what is not placed yet; runs again when the story's text changes late (lazy-loaded body). */
  const place = async () => {
    const mine = round;
    await anchorAll(idx.text, saved.filter((a) => !placed.has(a.id)), (item, a) => {
      const r = a && alive && mine === round ? rangeAt(idx, a.start, a.end) : null;
      if (!r) return;
      highlight.add(r);
      placed.set(item.id, { range: r, start: a!.start });
    });
    if (!alive || mine !== round) return;
    void report();
  };
  const load = () =>
    call<ContentToBackground, 'ann:forPage'>('ann:forPage', { url: location.href, canonical: opts.canonical, fingerprint: print }).then((list) => {
      round++;
      highlight.clear();
      placed.clear();
      saved = list;
      return place();
    });
  void load();
  let timer = 0;
  const lateText = tally.track(
    new MutationObserver(() => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (!alive || placed.size === saved.length) return;
        idx = indexText(root, isExtensionElement);
        void place();
      }, LATE_TEXT_SETTLE_MS) as unknown as number;
    }),
  );
  lateText.observe(root, { childList: true, subtree: true, characterData: true });

  const fail = (why: string) => {
    render(h('p', { role: 'alert', class: 'error' }, `Not saved: ${why}. Try again.`), box);
    if (!host.isConnected) document.documentElement.append(host);
  };
  const save = (withNote = false) => trySave(withNote).catch((e: unknown) => fail(e instanceof Error ? e.message : 'the extension did not answer'));
  const trySave = async (withNote: boolean) => {
    const sel = getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) return;
    const range = sel.getRangeAt(0);
    const at = offsetsOf(idx, range);
    if (!at) return;
    const selectors = describe(idx.text, at.start, at.end);
    // one key per press: if the background stops before it answers, the same save is sent again and stored once
    const save = { key: requestKey(), url: location.href, canonical: opts.canonical, title: opts.title, fingerprint: print, selectors };
    const { id } = await retryLost(() => call<ContentToBackground, 'ann:save'>('ann:save', save));
    saved.push({ id, selectors });
    // shown only once the background has it on disk
    if (!alive) return;
    const r = rangeAt(idx, at.start, at.end)!;
    placed.set(id, { range: r, start: at.start });
    highlight.add(r);
    void report();
    sel.removeAllRanges();
    hideToolbar();
    // "Note…": the companion opens at this highlight with its editor open
    if (withNote) {
      const at = r.getBoundingClientRect();
      openNote({ id, edit: true }, at.left, at.bottom);
    }
  };

  // the small toolbar beside a selection inside the story
  const { host, box } = createHost(TOOLBAR_TAG, 'toolbar', TOOLBAR_CSS);
  const hideToolbar = () => {
    render(null, box);
    host.remove();
  };
  const onMouseUp = (ev: MouseEvent) =>
    // a selection the page made and "released" itself gets no toolbar
    ev.isTrusted &&
    setTimeout(() => {
      const sel = getSelection();
      if (!sel || sel.isCollapsed || !sel.rangeCount || !offsetsOf(idx, sel.getRangeAt(0))) return hideToolbar();
      const r = sel.getRangeAt(0).getBoundingClientRect();
      pin(host, { left: `${Math.min(Math.max(8, r.left), innerWidth - 200)}px`, top: `${Math.min(Math.max(8, r.top - 40), innerHeight - 48)}px` });
      const keep = (e: Event) => e.preventDefault();
      render(
        h('div', { class: 'bar', role: 'toolbar', 'aria-label': 'Save the selection' }, [
          h('button', { type: 'button', onMouseDown: keep, onClick: (ev: MouseEvent) => unobstructed(host, ev) && void save(), title: 'Highlight (Alt+Shift+H)' }, 'Highlight'),
          h('button', { type: 'button', onMouseDown: keep, onClick: (ev: MouseEvent) => unobstructed(host, ev) && void save(true), title: 'Highlight with a note or tags (Alt+Shift+N)' }, 'Note…'),
        ]),
        box,
      );
      if (!host.isConnected) document.documentElement.append(host);
    }, 0);
  const onKey = (ev: KeyboardEvent) => {
    // only the reader's own keys save: a page can select text and dispatch Alt+Shift+H itself
    if (!ev.isTrusted) return;
    if (ev.altKey && ev.shiftKey && (ev.code === HIGHLIGHT_KEY || ev.code === NOTE_KEY)) {
      ev.preventDefault();
      const sel = getSelection();
      const selecting = !!sel && !sel.isCollapsed && sel.rangeCount > 0 && !!offsetsOf(idx, sel.getRangeAt(0));
      if (!selecting && ev.code === NOTE_KEY) openNote({ id: null, edit: false }, innerWidth / 2, 24);
      else void save(ev.code === NOTE_KEY);
    }
  };
  // A click on one of the reader's highlights opens the companion at its note. Only the reader's
  // own click counts, not one inside a link or our own UI, nor the end of a drag that selected text.
  // The message goes out inside the click (no await before it): Chrome's sidePanel.open needs the
  // click's activation, which travels with it.
  let hintTimer = 0;
  const onClick = (ev: MouseEvent) => {
    if (!ev.isTrusted || ev.button !== 0) return;
    const sel = getSelection();
    if (sel && !sel.isCollapsed) return;
    const path = ev.composedPath();
    if (path.some((n) => n instanceof Element && (n.matches('a[href], button, input, textarea, select, label') || (n.hasAttribute('data-ai-news-lens') && n.getAttribute('data-ai-news-lens') !== 'mark')))) return;
    const within = (r: DOMRect) => ev.clientX >= r.left && ev.clientX <= r.right && ev.clientY >= r.top && ev.clientY <= r.bottom;
    const hit = [...placed].find(([, p]) => Array.from(p.range.getClientRects()).some(within));
    if (!hit) return;
    const { clientX: x, clientY: y } = ev;
    openNote({ id: hit[0], edit: false }, x, y);
  };
  /** Inside the reader's click or key press (nothing awaited before the message). */
  const openNote = (ask: NoteAsk, x: number, y: number) =>
    void call<ContentToBackground, 'companion:note'>('companion:note', ask).then(
      (r) => r.opened === 'none' && alive && showHint(x, y),
      () => undefined,
    );
  /** Firefox, no companion open: says how to open it. A fixed sentence: nothing of the reader's enters the page. */
  const showHint = (x: number, y: number) => {
    pin(host, { left: `${Math.min(Math.max(8, x - 150), innerWidth - 320)}px`, top: `${Math.min(Math.max(8, y + 16), innerHeight - 64)}px`, width: '300px' });
    render(h('p', { role: 'status', class: 'hint' }, 'Your note is in AI News Lens: open it with its toolbar button or its shortcut (Alt+Shift+L unless you changed it).'), box);
    if (!host.isConnected) document.documentElement.append(host);
    clearTimeout(hintTimer);
    hintTimer = setTimeout(hideToolbar, HINT_MS) as unknown as number;
  };
  const ac = new AbortController();
  tally.listen(document, 'click', onClick, { signal: ac.signal });
  tally.listen(document, 'mouseup', onMouseUp, { signal: ac.signal });
  tally.listen(document, 'keydown', onKey, { signal: ac.signal });
  return {
    jump(id) {
      const p = placed.get(id);
      if (!p) return false;
      p.range.startContainer.parentElement?.scrollIntoView({ block: 'center', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
      const flash = new HlCtor(p.range);
      flash.priority = ANNOTATION_PRIORITY + 1;
      registry.set(opts.names.flash, flash);
      setTimeout(() => registry.delete(opts.names.flash), FLASH_MS);
      return true;
    },
    reattach() {
      const sel = getSelection();
      const at = sel && !sel.isCollapsed && sel.rangeCount ? offsetsOf(idx, sel.getRangeAt(0)) : null;
      if (!at) return { ok: false, error: 'Select the new text in the article first, then choose “Re-attach”.' };
      return { ok: true, selectors: describe(idx.text, at.start, at.end) };
    },
    reload() {
      if (alive) void load();
    },
    destroy() {
      alive = false;
      ac.abort();
      lateText.disconnect();
      clearTimeout(timer);
      clearTimeout(hintTimer);
      hideToolbar();
      registry.delete(opts.names.annotation);
    },
  };
}

const TOOLBAR_CSS = `
.error { margin: 0; font: 13px system-ui, sans-serif; color: #fff; background: #b3261e; border-radius: 6px; padding: 6px 10px; }
.bar { display: flex; gap: 4px; }
.hint { margin: 0; font: 13px/1.4 system-ui, sans-serif; color: #fff; background: #1c1e21; border-radius: 6px; padding: 8px 10px; box-shadow: 0 4px 12px rgba(0,0,0,.2); }
button { font: 600 13px system-ui, sans-serif; color: #fff; background: #3b4cca; border: 0; border-radius: 6px; padding: 6px 10px; cursor: pointer; box-shadow: 0 4px 12px rgba(0,0,0,.2); }
button:focus-visible { outline: 2px solid #facc15; outline-offset: 2px; }
`;
