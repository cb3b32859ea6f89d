import { useState } from 'preact/hooks';
import { call } from '../shared/messaging';
import { download, readChosenJson } from './files';
import type { LibraryToBackground } from '../../src/messaging/protocol';

type Lib = LibraryToBackground;

/** Everything the reader made as one file, and back: checked whole, applied all or nothing. */
export function Backup() {
  const [status, setStatusValue] = useState<{ kind: 'ok' | 'error'; text: string; n: number } | null>(null);
  /** Each message gets a new number, so a repeated message still reads as new (and tests can wait for it). */
  const setStatus = (s: { kind: 'ok' | 'error'; text: string }) => setStatusValue((old) => ({ ...s, n: (old?.n ?? 0) + 1 }));
  const saveBackup = async () => {
    const data = await call<Lib, 'backup:get'>('backup:get', {});
    download(`ai-news-lens-backup-${new Date().toISOString().slice(0, 10)}.json`, 'application/json', JSON.stringify(data, null, 2));
  };
  const restore = async (ev: Event) => {
    const chosen = await readChosenJson(ev);
    if (!chosen) return;
    if ('error' in chosen) return setStatus({ kind: 'error', text: `Not restored: ${chosen.error}. Nothing was changed.` });
    const { name: fileName, data } = chosen;
    let r: Awaited<ReturnType<typeof call<Lib, 'backup:restore'>>>;
    try {
      r = await call<Lib, 'backup:restore'>('backup:restore', { data });
    } catch (e) {
      return setStatus({ kind: 'error', text: `Not restored: ${e instanceof Error ? e.message : 'the extension did not answer'}.` });
    }
    if (!r.ok) return setStatus({ kind: 'error', text: `Not restored: ${r.error}. Nothing was changed.` });
    const history = r.reading
      ? ` It had ${r.reading.articles} article${r.reading.articles === 1 ? '' : 's'} of reading history and ${r.reading.follows} follow${r.reading.follows === 1 ? '' : 's'}.`
      : ' It is from an older version without reading history: yours was kept as it is.';
    setStatus({ kind: 'ok', text: `Restored from ${fileName}.${history} Reload this page to see it.` });
  };
  return (
    <section aria-labelledby="backup">
      <h2 id="backup">Backup</h2>
      <p>One file with your settings, your additions to the knowledge base, your highlights and notes, your reading history and what you follow.</p>
      <p class="row">
        <button type="button" onClick={() => void saveBackup()}>
          Download a full backup
        </button>
        <label>
          Restore from a backup (replaces everything) <input type="file" name="backup-restore" accept=".json,application/json" onChange={(e) => void restore(e)} />
        </label>
      </p>
      {status && (
        <p role={status.kind === 'error' ? 'alert' : 'status'} class={status.kind} data-backup-status={String(status.n)}>
          {status.text}
        </p>
      )}
    </section>
  );
}
