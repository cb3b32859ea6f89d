/**
 * The live sample on the welcome page. Content scripts do not run on extension pages, so the page
 * runs the same pieces itself: the analysis from src/ with the shipped knowledge base (as the
 * background does for a web page), and the marks and cards of extension/content/marks.tsx on its
 * own sample article. A highlight made here stays on this page: nothing is saved.
 */
import { analyzeText } from '../../src/entities/extract';
import { compileKb } from '../../src/entities/compiled';
import { compromiseOptions } from '../../src/entities/nlp';
import { toCards } from '../../src/analysis/cards';
import { indexText } from '../../src/article/locate';
import { SAMPLE, sampleText } from '../../src/welcome/sample';
import type { EntityCard } from '../../src/messaging/protocol';
import { MARK_KEYS, markCss, newMarkNames } from '../content/mark-css';
import { createMarks, type MarksHandle } from '../content/marks';
import { HIGHLIGHT_KEY } from '../content/highlights';

export interface SampleHandle {
  marks: MarksHandle;
  entities: EntityCard[];
  /** Highlights the selection if it lies in the sample: true when it did. */
  highlight(): boolean;
  destroy(): void;
}

type Hl = { add(r: Range): void; clear(): void; priority: number };

export function runSample(root: HTMLElement, onOpen: (e: EntityCard) => void): SampleHandle {
  const compiled = compileKb();
  const analysis = analyzeText(sampleText(), SAMPLE.title, { compiled, ...compromiseOptions });
  const entities = toCards(analysis, compiled.kb);
  const names = newMarkNames(MARK_KEYS);
  const style = document.createElement('style');
  style.textContent = markCss(names);
  document.head.append(style);
  const marks = createMarks({ names, entities, story: { root, idx: indexText(root) }, all: false, onOpenInPanel: onOpen });
  root.setAttribute('data-marks', String(marks.count));

  const registry = typeof CSS !== 'undefined' && 'highlights' in CSS ? (CSS as unknown as { highlights: Map<string, unknown> }).highlights : null;
  const HlCtor = (globalThis as { Highlight?: new (...r: Range[]) => Hl }).Highlight;
  const mine = registry && HlCtor ? new HlCtor() : null;
  if (mine && registry) {
    mine.priority = 1;
    registry.set(names.annotation, mine);
  }
  let count = 0;
  const highlight = () => {
    const sel = getSelection();
    if (!mine || !sel || sel.isCollapsed || !sel.rangeCount) return false;
    const r = sel.getRangeAt(0);
    if (!root.contains(r.commonAncestorContainer)) return false;
    mine.add(r.cloneRange());
    sel.removeAllRanges();
    root.setAttribute('data-highlights', String(++count));
    return true;
  };
  const onKey = (ev: KeyboardEvent) => {
    if (ev.isTrusted && ev.altKey && ev.shiftKey && ev.code === HIGHLIGHT_KEY && highlight()) ev.preventDefault();
  };
  document.addEventListener('keydown', onKey);
  return {
    marks,
    entities,
    highlight,
    destroy() {
      document.removeEventListener('keydown', onKey);
      marks.destroy();
      registry?.delete(names.annotation);
      style.remove();
    },
  };
}
