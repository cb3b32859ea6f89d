import { useEffect, useState } from 'preact/hooks';
import { call } from '../shared/messaging';
import type { LibraryToBackground } from '../../src/messaging/protocol';
import type { Prefs } from '../../src/storage/settings';

/** Reading preferences and the keyboard shortcuts. */
export function Reading() {
  const [prefs, setPrefs] = useState<Prefs | null>(null);
  useEffect(() => void call<LibraryToBackground, 'prefs:get'>('prefs:get', {}).then(setPrefs), []);
  const [forgot, setForgot] = useState<string | null>(null);
  const set = async (patch: Partial<Prefs>) => setPrefs(await call<LibraryToBackground, 'prefs:set'>('prefs:set', { patch }));
  const forgetAll = async () => {
    if (!confirm('Delete your whole reading history? Highlights and notes stay.')) return;
    const { forgotten } = await call<LibraryToBackground, 'history:forgetAll'>('history:forgetAll', {});
    setForgot(`Forgot ${forgotten} article${forgotten === 1 ? '' : 's'}.`);
  };
  return (
    <section aria-labelledby="reading">
      <h2 id="reading">Reading</h2>
      {prefs && (
        <fieldset>
          <legend>Marks in the article</legend>
          <label>
            <input type="radio" name="marks" checked={prefs.marks === 'first'} onChange={() => void set({ marks: 'first' })} /> first mention of each entity
          </label>{' '}
          <label>
            <input type="radio" name="marks" checked={prefs.marks === 'all'} onChange={() => void set({ marks: 'all' })} /> every mention
          </label>
        </fieldset>
      )}
      {prefs && (
        <fieldset>
          <legend>Reading history</legend>
          <label>
            <input type="checkbox" name="history" checked={prefs.history} onChange={(e) => void set({ history: (e.target as HTMLInputElement).checked })} /> keep a history of AI
            articles I read, in this browser only, for related reading and story threads
          </label>{' '}
          <button type="button" onClick={() => void forgetAll()}>
            Forget everything
          </button>{' '}
          {forgot && <span class="ok">{forgot}</span>}
        </fieldset>
      )}
      <p>
        Keyboard: <kbd>Alt</kbd>+<kbd>Shift</kbd>+<kbd>J</kbd> next marked entity, <kbd>Alt</kbd>+<kbd>Shift</kbd>+<kbd>K</kbd> previous (change them in your
        browser&apos;s extension shortcut settings); <kbd>Esc</kbd> closes a card; in the sidebar, <kbd>Tab</kbd> moves between entries and the resize edge takes the
        arrow keys.
      </p>
    </section>
  );
}
