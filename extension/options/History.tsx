import { useState } from 'preact/hooks';
import { call } from '../shared/messaging';
import type { LibraryToBackground } from '../../src/messaging/protocol';

/** The destructive reading-history control, here rather than beside notes; it asks before it deletes, next to the button. */
export function History() {
  const [asking, setAsking] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const forgetAll = async () => {
    const { forgotten } = await call<LibraryToBackground, 'history:forgetAll'>('history:forgetAll', {});
    setAsking(false);
    setDone(`Forgot ${forgotten} article${forgotten === 1 ? '' : 's'}. Highlights and notes stay.`);
  };
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">Reading history</h2>
      <p>
        The history of AI articles you read stays in this browser. It feeds related reading, story threads and the entity filter of your highlights; your highlights
        and notes are kept apart and are not deleted with it.
      </p>
      {!asking ? (
        <p class="row">
          <button type="button" class="danger" onClick={() => (setAsking(true), setDone(null))}>
            Forget my whole reading history…
          </button>
          {done && (
            <span role="status" class="ok">
              {done}
            </span>
          )}
        </p>
      ) : (
        <div class="confirm" role="group" aria-labelledby="forget-question">
          <p id="forget-question">Delete every article of your reading history? This cannot be undone. Highlights and notes stay.</p>
          <p class="row">
            <button type="button" class="danger" onClick={() => void forgetAll()}>
              Forget everything
            </button>
            <button type="button" onClick={() => setAsking(false)} ref={(b) => b?.focus()}>
              Cancel
            </button>
          </p>
        </div>
      )}
    </section>
  );
}
