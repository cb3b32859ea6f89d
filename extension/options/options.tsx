import { render } from 'preact';
import { KnowledgeBase } from './KnowledgeBase';
import { KnowledgeUpdates } from './KnowledgeUpdates';
import { Learned } from './Learned';
import { Reading } from './Reading';
import { Library } from './Library';
import { Followed } from './Followed';
import { Backup } from './Backup';
import { Sync } from './Sync';
import { CARD_CSS } from '../shared/EntityCard';

/** The library and settings page: where the extension runs, and the knowledge base with the reader's additions. */
function Options() {
  return (
    <div class="stack wide">
      <h1>AI News Lens</h1>
      <p>
        On a list of news sites it checks each page cheaply and opens the sidebar only on articles about the AI industry. On other sites, use the toolbar button's
        “Run on this page”, or turn on “Run on all sites” there. Nothing you read or add leaves your browser unless you turn on a live source or sync.
      </p>
      <Library />
      <Followed />
      <Reading />
      <KnowledgeBase />
      <Sync />
      <Learned />
      <KnowledgeUpdates />
      <Backup />
    </div>
  );
}
const style = document.createElement('style');
style.textContent = CARD_CSS;
document.head.append(style);
render(<Options />, document.getElementById('app')!);
