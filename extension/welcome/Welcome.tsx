/**
 * The first-run page, one screen: how to open the reading companion (the toolbar button, the
 * shortcut as the browser has it now), what runs where and what never leaves the browser, and a
 * sample article to try the marks, cards and highlights on.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { SAMPLE } from '../../src/welcome/sample';
import type { EntityCard } from '../../src/messaging/protocol';
import { runSample, type SampleHandle } from './sample';

export interface WelcomeProps {
  /** The companion's keys, read from commands.getAll(); null: none set. */
  shortcut: string[] | null;
  /** Where the reader changes shortcuts, in words for this browser. */
  shortcutsAt: string;
  /** How this browser shows the companion: beside the page, or (no sidebar) in a tab of its own. */
  home: 'sidePanel' | 'sidebar' | 'tab';
  firefox: boolean;
}

export function Welcome({ shortcut, shortcutsAt, home, firefox }: WelcomeProps) {
  const article = useRef<HTMLElement>(null);
  const sample = useRef<SampleHandle | null>(null);
  const [picked, setPicked] = useState<EntityCard | null>(null);
  const [marked, setMarked] = useState(0);
  const [highlighted, setHighlighted] = useState(0);
  useEffect(() => {
    const s = runSample(article.current!, (e) => setPicked(e));
    sample.current = s;
    setMarked(s.marks.count);
    return () => s.destroy();
  }, []);
  const where = home === 'sidePanel' ? "Chrome's side panel" : home === 'sidebar' ? "Firefox's sidebar" : 'a tab of its own, next to the article';
  return (
    <div class="welcome">
      <header>
        <h1>Welcome to AI News Lens</h1>
        <p class="muted">It reads news about the AI industry with you: who and what a story is about, with background from a knowledge base inside the extension.</p>
      </header>
      <div class="columns">
        <section aria-labelledby="open-h">
          <h2 id="open-h">Open the reading companion</h2>
          <ol>
            <li>
              <strong>Pin the toolbar button.</strong> {firefox ? 'Open the extensions menu (the puzzle piece), then AI News Lens’s gear and “Pin to Toolbar”.' : 'Open the extensions menu (the puzzle piece) and click the pin beside AI News Lens.'} The badge
              on it counts the entities of the article you are on.
            </li>
            <li>
              <strong>Click it</strong> on an article, or press{' '}
              {shortcut ? (
                <span class="keys" data-shortcut={shortcut.join('+')}>
                  {shortcut.map((k, i) => (
                    <>
                      {i > 0 && '+'}
                      <kbd>{k}</kbd>
                    </>
                  ))}
                </span>
              ) : (
                <span data-shortcut="">the shortcut you set (none is set now)</span>
              )}
              . Change the key at {shortcutsAt}.
            </li>
            <li>The companion opens in {where} and follows the tab you are on. On a card, “Open in side panel” opens it at that entity.</li>
          </ol>
          <h2 id="where-h">What runs where</h2>
          <ul class="where" aria-labelledby="where-h">
            <li>
              <strong>In the article’s page:</strong> the marks on names, the small cards (from the shipped knowledge base only) and the selection toolbar. The page never sees your notes.
            </li>
            <li>
              <strong>Inside the extension:</strong> reading the article, finding its entities, the knowledge base, your highlights, notes, reading history and follows.
            </li>
            <li>
              <strong>Never leaves your browser</strong> unless you turn on a live source in the options (each says what it sends, and where). Otherwise the extension makes no network requests.
            </li>
            <li>It runs by itself on a list of news sites. Elsewhere, use “Run on this page” in the companion, or turn on “Run on all sites” there.</li>
          </ul>
        </section>
        <section aria-labelledby="try-h" class="try">
          <h2 id="try-h">Try it on this sample</h2>
          <p class="muted">
            {marked} names are marked. Hover one, or press <kbd>Alt</kbd>+<kbd>Shift</kbd>+<kbd>J</kbd> to step through them with the keyboard (<kbd>Esc</kbd> closes the card). Select a few
            words and press <kbd>Alt</kbd>+<kbd>Shift</kbd>+<kbd>H</kbd>, or{' '}
            <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={(e) => e.isTrusted && sample.current?.highlight() && setHighlighted((n) => n + 1)}>
              Highlight the selection
            </button>
            . {highlighted > 0 && <span role="status">{`${highlighted} highlighted here (nothing on this page is saved).`}</span>}
          </p>
          <article ref={article} class="sample" aria-label="Sample article">
            <h3>{SAMPLE.title}</h3>
            <p class="muted">{SAMPLE.outlet}</p>
            {SAMPLE.paragraphs.map((p) => (
              <p>{p}</p>
            ))}
          </article>
          <div class="picked" aria-live="polite">
            {picked ? (
              <div data-picked={picked.kbId ?? picked.name}>
                <strong>{picked.name}</strong> <span class="muted">{picked.type}</span>
                <p>{picked.summary ?? 'Not in the knowledge base'}</p>
                <p class="muted">On a real article, this card’s button opens the companion at this entity, with its relations, your notes on it and related reading.</p>
              </div>
            ) : (
              <p class="muted">A card’s “Open …” button shows the entity here.</p>
            )}
          </div>
        </section>
      </div>
    </div>
  );
}
