import { useEffect, useState } from 'preact/hooks';
import { call } from '../shared/messaging';
import type { LibraryToBackground } from '../../src/messaging/protocol';
import { learnedLine, learnedWhat, type LearnedEntry } from '../../src/kb/learned';

const isWebLink = (u: string) => /^https?:\/\//i.test(u);

/**
 * "Learned from your reading": names the knowledge base does not know that came up in two or more
 * of the reader's articles, with what the text says they are and the sentences it says so in.
 * *Confirm* makes one the reader's own addition; *Dismiss* removes it for good.
 */
export function Learned() {
  const [entries, setEntries] = useState<LearnedEntry[] | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const load = () => call<LibraryToBackground, 'learned:list'>('learned:list', {}).then(setEntries);
  useEffect(() => void load(), []);
  const confirm = async (e: LearnedEntry) => {
    const r = await call<LibraryToBackground, 'learned:confirm'>('learned:confirm', { key: e.key });
    setMessage(r.ok ? { kind: 'ok', text: `${e.name} is now one of your additions (a ${learnedWhat(e)}). Edit or remove it under "Your additions".` } : { kind: 'error', text: `Not added: ${r.error}` });
    await load();
  };
  const dismiss = async (e: LearnedEntry) => {
    await call<LibraryToBackground, 'learned:dismiss'>('learned:dismiss', { key: e.key });
    setMessage({ kind: 'ok', text: `${e.name} is dismissed and will not be suggested again.` });
    await load();
  };
  return (
    <section aria-labelledby="kb-learned">
      <h2 id="kb-learned">Learned from your reading</h2>
      <p class="hint">
        Names the knowledge base does not know that came up in at least two articles you read, with what the articles say they are. Kept in your browser only, from your
        reading history (turn that off and nothing is learned; forgetting it forgets these).
      </p>
      {entries && !entries.length && <p data-learned-empty>Nothing yet.</p>}
      {entries && entries.length > 0 && (
        <ul class="learned">
          {entries.map((e) => (
            <li key={e.key} data-learned-key={e.key} data-type={e.type}>
              <strong class="name">{e.name}</strong> <span class="what">{learnedWhat(e)}</span>
              <p class="hint line">{learnedLine(e)}</p>
              <ul class="evidence">
                {e.evidence.map((x) => {
                  const article = e.articles.find((a) => a.url === x.url);
                  return (
                    <li key={x.url + x.sentence}>
                      “{x.sentence}”{' '}
                      {isWebLink(x.url) ? (
                        <a href={x.url} target="_blank" rel="noopener noreferrer">
                          {article?.title || x.url}
                        </a>
                      ) : (
                        article?.title
                      )}
                    </li>
                  );
                })}
              </ul>
              <button type="button" name="learned-confirm" onClick={() => void confirm(e)}>
                Confirm
              </button>{' '}
              <button type="button" name="learned-dismiss" onClick={() => void dismiss(e)}>
                Dismiss
              </button>
            </li>
          ))}
        </ul>
      )}
      {message && (
        <p class={message.kind} role={message.kind === 'error' ? 'alert' : 'status'} data-learned-message>
          {message.text}
        </p>
      )}
    </section>
  );
}
