import { useState } from 'preact/hooks';
import { call } from '../shared/messaging';
import type { LibraryToBackground } from '../../src/messaging/protocol';

type Lib = LibraryToBackground;

/** Everything the reader made as one file, and back: checked whole, applied all or nothing. */
export function Backup() {
  const [status, setStatusValue] = useState<{ kind: 'ok' | 'error'; text: string; n: number } | null>(null);
  /** Each message gets a new number, so a repeated message still reads as new (and tests can wait for it). */
  const setStatus = (s: { kind: 'ok' | 'error'; text: string }) => setStatusValue((old) => ({ ...s, n: (old?.n ?? 0) + 1 }));
  const download = async () => {
    const data = await call<Lib, 'backup:get'>('backup:get', {});
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
    a.download = `ai-news-lens-backup-${new Date().toISOString().slice(0, 10)}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  const restore = async (ev: Event) => {
    const input = ev.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    let data: unknown;
    try {
      data = JSON.parse(await file.text());
    } catch {
      return setStatus({ kind: 'error', text: `Not restored: ${file.name} is not JSON. Nothing was changed.` });
    }
    let r: Awaited<ReturnType<typeof call<Lib, 'backup:restore'>>>;
    try {
      r = await call<Lib, 'backup:restore'>('backup:restore', { data });
    } catch (e) {
      return setStatus({ kind: 'error', text: `Not restored: ${e instanceof Error ? e.message : 'the extension did not answer'}.` });
    }
    setStatus(r.ok ? { kind: 'ok', text: `Restored from ${file.name}. Reload this page to see it.` } : { kind: 'error', text: `Not restored: ${r.error}. Nothing was changed.` });
  };
  return (
    <section aria-labelledby="backup">
      <h2 id="backup">Backup</h2>
      <p>One file with your settings, your additions to the knowledge base, your highlights and notes.</p>
      <p class="row">
        <button type="button" onClick={() => void download()}>
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
