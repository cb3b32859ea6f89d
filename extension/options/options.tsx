import { render } from 'preact';
import { KB_ENTITIES } from '../../src/kb/index';

/** The library and settings page. For now: what the knowledge base holds and how the extension decides where to run. */
function Options() {
  const counts = new Map<string, number>();
  for (const e of KB_ENTITIES) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
  return (
    <div class="stack wide">
      <h1>AI News Lens</h1>
      <h2>Where it runs</h2>
      <p>
        On a list of news sites it checks each page cheaply and opens the sidebar only on articles about the AI industry. On other sites, use the toolbar button's
        “Run on this page”, or turn on “Run on all sites” there.
      </p>
      <h2>Knowledge base</h2>
      <ul>
        {[...counts].map(([t, n]) => (
          <li key={t}>
            {t}: {n}
          </li>
        ))}
      </ul>
      <p>Nothing you read leaves your browser.</p>
    </div>
  );
}
render(<Options />, document.getElementById('app')!);
