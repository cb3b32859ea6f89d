import { useEffect, useState } from 'preact/hooks';
import { call } from '../shared/messaging';
import type { LibraryToBackground } from '../../src/messaging/protocol';
import type { Prefs } from '../../src/storage/settings';

/** Reading preferences and the keyboard shortcuts. */
export function Reading() {
  const [prefs, setPrefs] = useState<Prefs | null>(null);
  useEffect(() => void call<LibraryToBackground, 'prefs:get'>('prefs:get', {}).then(setPrefs), []);
  const set = async (marks: Prefs['marks']) => setPrefs(await call<LibraryToBackground, 'prefs:set'>('prefs:set', { patch: { marks } }));
  return (
    <section aria-labelledby="reading">
      <h2 id="reading">Reading</h2>
      {prefs && (
        <fieldset>
          <legend>Marks in the article</legend>
          <label>
            <input type="radio" name="marks" checked={prefs.marks === 'first'} onChange={() => void set('first')} /> first mention of each entity
          </label>{' '}
          <label>
            <input type="radio" name="marks" checked={prefs.marks === 'all'} onChange={() => void set('all')} /> every mention
          </label>
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
