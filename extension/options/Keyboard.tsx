import { useEffect, useState } from 'preact/hooks';
import { api } from '../shared/browser';
import { keysOf, SHORTCUTS } from '../../src/options/keyboard';

/** Every keyboard shortcut, with the key the browser reports for the ones a reader can change. */
export function Keyboard() {
  const [current, setCurrent] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    void api.commands
      .getAll()
      .then((cs) => setCurrent(new Map(cs.filter((c) => c.name).map((c) => [c.name!, c.shortcut ?? '']))))
      .catch(() => undefined);
  }, []);
  return (
    <section aria-labelledby="keyboard">
      <h2 id="keyboard">Keyboard</h2>
      <table class="keys">
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">Where</th>
            <th scope="col">What it does</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((s) => {
            const keys = keysOf(s, current);
            return (
              <tr key={s.does}>
                <td>
                  {keys
                    ? keys.map((k, i) => (
                        <span key={k}>
                          {i > 0 && '+'}
                          <kbd>{k}</kbd>
                        </span>
                      ))
                    : <span class="muted">none set</span>}
                </td>
                <td>{s.where}</td>
                <td>{s.does}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p class="muted">The first three can be changed in your browser’s extension shortcut settings; this list shows what they are now.</p>
    </section>
  );
}
