/**
 * Inline marks on entity mentions in the article body, drawn with the CSS Custom Highlight API so the
 * page's DOM, text and layout stay exactly as they were. A hover (or the keyboard shortcut) opens a
 * small card (shipped knowledge only); "Open in side panel" hands over to the reading companion.
 */
import { render } from 'preact';
import { findRanges, type StoryIndex } from '../../src/article/locate';
import type { EntityCard, MarkNames } from '../../src/messaging/protocol';
import type { EntityType } from '../../src/kb/types';
import { entityKey } from '../../src/entities/types';
import { createHost, pin, unobstructed } from '../shared/host';
import { tally } from './live';
import { TOKENS_CSS } from '../shared/tokens';

export const CARD_TAG = 'ai-news-lens-card';
/** Keyboard: Alt+Shift+J next mark, Alt+Shift+K previous, Escape closes the card. */
export const NEXT_KEY = 'KeyJ';
export const PREV_KEY = 'KeyK';
const FLASH_MS = 1200;
/** The flash of a mark stepped to or shown in text paints above everything else of ours. */
const FLASH_PRIORITY = 2;

export interface Mark {
  entity: EntityCard;
  range: Range;
}

export interface MarksOptions {
  /** This page's highlight names (random; see MarkNames). */
  names: MarkNames;
  entities: EntityCard[];
  story: StoryIndex | null;
  /** Mark every mention, or only the first of each entity (the default: subtle). */
  all: boolean;
  /** "Open in side panel": the reading companion beside the article, on this entity (called inside the click). */
  onOpenInPanel: (e: EntityCard) => void;
}

export interface MarksHandle {
  readonly count: number;
  /** Goes to the next (1) or previous (-1) mark and opens its card, focused. */
  step(dir: 1 | -1): void;
  /** Scrolls to an entity's first mention (by its key: knowledge-base id, or type:name) and flashes it. */
  flash(key: string): boolean;
  destroy(): void;
}

const TYPES: EntityType[] = ['company', 'model', 'policy', 'agency', 'person', 'outlet', 'organization', 'hardware'];
const reducedMotion = () => matchMedia('(prefers-reduced-motion: reduce)').matches;

export function createMarks(opts: MarksOptions): MarksHandle {
  if (!opts.story) return { count: 0, step: () => undefined, flash: () => false, destroy: () => undefined };
  const { idx } = opts.story;
  const found = findRanges(idx, opts.entities.flatMap((e) => e.mentionTexts));
  const byEntity = new Map<string, Range[]>();
  for (const e of opts.entities) {
    const ranges = e.mentionTexts.flatMap((t) => found.get(t) ?? []).sort((a, b) => a.compareBoundaryPoints(Range.START_TO_START, b));
    byEntity.set(entityKey(e), ranges);
  }
  const marks: Mark[] = opts.entities
    .flatMap((entity) => (opts.all ? byEntity.get(entityKey(entity))! : byEntity.get(entityKey(entity))!.slice(0, 1)).map((range) => ({ entity, range })))
    .sort((a, b) => a.range.compareBoundaryPoints(Range.START_TO_START, b.range));

  const highlights = typeof CSS !== 'undefined' && 'highlights' in CSS ? (CSS as unknown as { highlights: Map<string, unknown> }).highlights : null;
  const HighlightCtor = (globalThis as { Highlight?: new (...r: Range[]) => unknown }).Highlight;
  const wrapped: HTMLElement[] = [];
  if (highlights && HighlightCtor) {
    for (const t of TYPES) {
      const ranges = marks.filter((m) => m.entity.type === t).map((m) => m.range);
      if (ranges.length) highlights.set(opts.names[t], new HighlightCtor(...ranges));
    }
  } else {
    // No Highlight API: wrap each mark that sits inside one text node in an element of ours.
    for (const m of marks) {
      if (m.range.startContainer !== m.range.endContainer) continue;
      const el = document.createElement('mark');
      el.setAttribute('data-ai-news-lens', 'mark');
      el.className = `anl-mark anl-t-${m.entity.type}`;
      try {
        m.range.surroundContents(el);
        wrapped.push(el);
      } catch {
        /* a range the DOM will not wrap stays unmarked */
      }
    }
  }

  // The small card, in its own closed shadow root.
  const { host, box } = createHost(CARD_TAG, 'card', CARD_STYLE);
  let shown: Mark | null = null;
  const hide = () => {
    shown = null;
    render(null, box);
    host.remove();
  };
  const show = (m: Mark, focus: boolean) => {
    if (shown === m) return;
    shown = m;
    const r = m.range.getBoundingClientRect();
    pin(host, {
      left: `${Math.max(8, Math.min(r.left, innerWidth - 320))}px`,
      top: `${r.bottom + 6 + 160 > innerHeight ? Math.max(8, r.top - 166) : r.bottom + 6}px`,
      width: '300px',
    });
    render(<MarkCard entity={m.entity} onOpenInPanel={(ev) => unobstructed(host, ev as MouseEvent) && (opts.onOpenInPanel(m.entity), hide())} onClose={hide} />, box);
    if (!host.isConnected) document.documentElement.append(host);
    if (focus) box.querySelector('button')?.focus();
  };

  // Hover: which mark is under the pointer (checked once per frame at most).
  let frame = 0;
  const onMove = (ev: MouseEvent) => {
    // the page can dispatch events too: only the reader's own pointer opens a card
    if (frame || !ev.isTrusted) return;
    // the event's path is only there while it is dispatched: read it now, not in the frame callback
    const path = ev.composedPath();
    frame = requestAnimationFrame(() => {
      frame = 0;
      if (path.includes(host)) return;
      // over the selection toolbar (or another of our elements) a mark underneath is covered: no card for it
      if (path.some((n) => n instanceof Element && (n.getAttribute('data-ai-news-lens') ?? 'mark') !== 'mark')) {
        if (shown) hide();
        return;
      }
      const hit = marks.find((m) => Array.from(m.range.getClientRects()).some((r) => ev.clientX >= r.left && ev.clientX <= r.right && ev.clientY >= r.top && ev.clientY <= r.bottom));
      if (hit) show(hit, false);
      else if (shown && !host.matches(':hover')) hide();
    });
  };
  let at = -1;
  const step = (dir: 1 | -1) => {
    if (!marks.length) return;
    at = (at + dir + marks.length) % marks.length;
    const m = marks[at]!;
    scrollToRange(m.range);
    flashRange(m.range);
    requestAnimationFrame(() => show(m, true));
  };
  const onKey = (ev: KeyboardEvent) => {
    // a key the page made up is not the reader's
    if (!ev.isTrusted) return;
    if (ev.key === 'Escape' && shown) {
      hide();
      return;
    }
    // The same keys as the browser-level commands, for when the browser hands them to the page
    if (!ev.altKey || !ev.shiftKey || (ev.code !== NEXT_KEY && ev.code !== PREV_KEY)) return;
    ev.preventDefault();
    step(ev.code === NEXT_KEY ? 1 : -1);
  };
  const ac = new AbortController();
  tally.listen(document, 'mousemove', onMove, { passive: true, signal: ac.signal });
  tally.listen(document, 'keydown', onKey, { signal: ac.signal });

  return {
    count: marks.length,
    step,
    flash(key) {
      const r = byEntity.get(key)?.[0];
      if (!r) return false;
      scrollToRange(r);
      flashRange(r);
      return true;
    },
    destroy() {
      ac.abort();
      cancelAnimationFrame(frame);
      hide();
      if (highlights) for (const t of TYPES) highlights.delete(opts.names[t]);
      for (const el of wrapped) el.replaceWith(...Array.from(el.childNodes));
    },
  };

  function scrollToRange(r: Range) {
    const el = r.startContainer.parentElement;
    el?.scrollIntoView({ block: 'center', behavior: reducedMotion() ? 'auto' : 'smooth' });
  }
  function flashRange(r: Range) {
    if (!highlights || !HighlightCtor) return;
    const h = new HighlightCtor(r) as { priority: number };
    // above the entity marks (0) and the reader's highlights (1), as the highlights' own flash
    h.priority = FLASH_PRIORITY;
    highlights.set(opts.names.flash, h);
    setTimeout(() => highlights.delete(opts.names.flash), FLASH_MS);
  }
}

function MarkCard({ entity, onOpenInPanel, onClose }: { entity: EntityCard; onOpenInPanel: (ev: Event) => void; onClose: () => void }) {
  return (
    <div class="mc" role="dialog" aria-label={`${entity.name}, ${entity.type}`} onKeyDown={(e) => e.isTrusted && e.key === 'Escape' && onClose()}>
      <div class="head">
        <strong>{entity.name}</strong> <span class="type">{entity.type}</span>
      </div>
      {entity.family && <div class="sub">{`${entity.family} family${entity.maker ? ` · by ${entity.maker}` : ''}`}</div>}
      {!entity.family && entity.maker && <div class="sub">{`by ${entity.maker}`}</div>}
      {entity.status && <div class="sub">{`Status: ${entity.status}`}</div>}
      <p>{entity.summary ?? 'Not in knowledge base'}</p>
      <button type="button" onClick={onOpenInPanel}>
        Open in side panel
      </button>
    </div>
  );
}

const CARD_STYLE = TOKENS_CSS + `
.mc { --bg: var(--lens-bg); --fg: var(--lens-fg); --muted: var(--lens-muted); --accent: var(--lens-accent); font: 13px/1.4 var(--lens-font); color: var(--fg); background: var(--bg);
  border: 1px solid var(--lens-line); border-radius: 8px; box-shadow: 0 6px 20px rgba(0,0,0,.18); padding: var(--lens-space-3); }
.head { font-size: var(--lens-text-md); } .type, .sub { color: var(--muted); font-size: var(--lens-text-sm); }
p { margin: 6px 0; }
button { font: inherit; color: var(--accent); background: none; border: 1px solid currentColor; border-radius: var(--lens-radius); padding: 3px var(--lens-space-2); cursor: pointer; }
button:focus-visible { outline: var(--lens-focus-width) solid var(--lens-focus-colour); outline-offset: var(--lens-focus-offset); }
`;

