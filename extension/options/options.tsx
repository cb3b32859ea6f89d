import { render, type ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { KnowledgeBase } from './KnowledgeBase';
import { KnowledgeUpdates } from './KnowledgeUpdates';
import { Learned } from './Learned';
import { Reading } from './Reading';
import { History } from './History';
import { Keyboard } from './Keyboard';
import { Library } from './Library';
import { Followed } from './Followed';
import { Backup } from './Backup';
import { Sync } from './Sync';
import { CARD_CSS } from '../shared/EntityCard';
import { SECTIONS, sectionFromHash, type SectionId } from '../../src/options/sections';

const PARTS: Record<SectionId, () => ComponentChildren> = {
  highlights: () => <Library />,
  follows: () => <Followed />,
  reading: () => <Reading />,
  history: () => <History />,
  keys: () => <Keyboard />,
  knowledge: () => <KnowledgeBase />,
  learned: () => <Learned />,
  updates: () => <KnowledgeUpdates />,
  sync: () => <Sync />,
  backup: () => <Backup />,
};

/** The section the address selects; following a link to it moves focus there, so keyboard and screen-reader users land on it. */
function useSection(): SectionId | null {
  const [section, setSection] = useState(() => sectionFromHash(location.hash));
  useEffect(() => {
    const go = (move: boolean) => {
      const s = sectionFromHash(location.hash);
      setSection(s);
      const el = s && move && location.hash === `#${s}` ? document.getElementById(s) : null;
      if (el) {
        el.scrollIntoView({ block: 'start' });
        el.focus({ preventScroll: true });
      }
    };
    go(true);
    const onHash = () => go(true);
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  return section;
}

/**
 * The library and settings page: a navigation of its sections beside them. Every section stays on
 * the page (find-in-page, and the tests' and readers' old links, keep working); the address hash
 * selects one, which the navigation marks and focus moves to.
 */
function Options() {
  const section = useSection();
  return (
    <div class="options">
      <header class="options-head">
        <h1>AI News Lens</h1>
        <p class="muted">
          On a list of news sites it checks each page cheaply and marks names only on articles about the AI industry; the toolbar button opens the companion beside the article.
          On other sites, use “Run on this page” in the companion’s Settings menu, or turn on “Run on all sites” there. Nothing you read or add leaves your browser unless you turn on a live source or sync.
        </p>
      </header>
      <nav class="options-nav" aria-label="Sections">
        <ul>
          {SECTIONS.map((s) => (
            <li key={s.id}>
              <a href={`#${s.id}`} aria-current={section === s.id ? 'true' : undefined}>
                {s.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main class="options-main stack">
        {SECTIONS.map((s) => (
          <div key={s.id} id={s.id} class={`pane${section === s.id ? ' selected' : ''}`} tabIndex={-1}>
            {PARTS[s.id]()}
          </div>
        ))}
      </main>
    </div>
  );
}
const style = document.createElement('style');
style.textContent = CARD_CSS;
document.head.append(style);
render(<Options />, document.getElementById('app')!);
