/**
 * The reader's own data for the article in this tab: highlights in reading order (with notes and
 * tags, each jumping to its text), highlights this version of the page no longer holds (orphans,
 * never deleted, re-attachable), notes on the article's entities, related reading and corrections.
 * Drawn in the reading companion, an extension page beside the article: the page cannot read
 * anything drawn here.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { tabCall } from './calls';
import { Note } from '../shared/Note';
import { Related } from './Related';
import { Corrections } from './Corrections';
import type { PanelEntity, PanelState } from '../../src/messaging/protocol';
import type { AnnotationRecord, EntityNoteRecord } from '../../src/storage/db';

type Status = { kind: 'ok' | 'error'; text: string } | null;
const quoteOf = (a: AnnotationRecord) => a.selectors.find((s) => s.type === 'TextQuoteSelector')?.exact ?? '';
const clip = (s: string, n = 280) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** A request from outside that arrives more than once (`n` tells them apart): show this note, or correct this entity's link. */
export type Ask = { id: string; n: number; edit?: boolean } | null;

/**
 * `nonce` changes whenever the companion hears that the tab's article or the reader's data changed
 * (a highlight saved in the page, its placement found): the view asks the background again.
 */
export function NotesRelated({ tabId, nonce, note = null, correct = null }: { tabId: number; nonce: string | null; note?: Ask; correct?: Ask }) {
  const [state, setState] = useState<PanelState | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [undo, setUndo] = useState<AnnotationRecord | null>(null);

  const refresh = () =>
    tabCall(tabId, 'companion:state', {}).then(
      (s) => {
        setState(s);
        setFailed(null);
      },
      (e: unknown) => setFailed(errorText(e)),
    );
  useEffect(() => void refresh(), [tabId]);
  useEffect(() => {
    if (nonce) void refresh();
  }, [nonce]);

  // a highlight clicked in the page: its entry, scrolled to and focused, once the list holds it
  const noteShown = useRef(0);
  useEffect(() => {
    if (!note || !state || noteShown.current === note.n) return;
    // no highlight named (Alt+Shift+N with nothing selected): the list itself
    const li = document.querySelector<HTMLElement>(note.id ? `li[data-annotation-id="${CSS.escape(note.id)}"]` : '#h-highlights');
    if (!li) return;
    noteShown.current = note.n;
    // "Note…": the editor opens, focused (it focuses itself); a click: the entry takes focus, once its view is shown
    if (note.edit) setEditing(note.id);
    setTimeout(() => {
      li.scrollIntoView({ block: 'center' });
      if (!note.edit) li.focus();
    }, 0);
  }, [note?.n, state]);

  if (failed) return <p class="error" role="alert">{`Your notes could not be shown: ${failed}`}</p>;
  if (!state) return <p class="hint">Loading your notes…</p>;

  const order = new Map(state.placement?.placed.map((p, i) => [p.id, i]) ?? []);
  const orphaned = new Set(state.placement?.orphaned ?? []);
  const placed = state.annotations.filter((a) => !orphaned.has(a.id)).sort((a, b) => (order.get(a.id) ?? 1e9) - (order.get(b.id) ?? 1e9) || a.created.localeCompare(b.created));
  const orphans = state.annotations.filter((a) => orphaned.has(a.id));

  /** Does `work`, then shows the result and says `done` together: never "saved" beside the old text. */
  const act = async (work: () => Promise<unknown>, done: string): Promise<boolean> => {
    try {
      await work();
      await refresh();
      setStatus({ kind: 'ok', text: done });
      return true;
    } catch (e) {
      setStatus({ kind: 'error', text: `Not saved: ${errorText(e)}` });
      return false;
    }
  };
  const save = async (a: AnnotationRecord, note: string, tags: string[]) => {
    const saved = await act(async () => {
      const r = await tabCall(tabId, 'companion:annUpdate', { id: a.id, note, tags });
      if (!r) throw new Error('this highlight no longer exists');
    }, 'Note saved.');
    // the editor stays open (with what was typed) unless the note is safely stored
    if (saved) setEditing(null);
  };
  const remove = (a: AnnotationRecord) =>
    act(async () => {
      await tabCall(tabId, 'companion:annDelete', { id: a.id });
      setUndo(a);
    }, 'Highlight deleted.');
  const restore = () =>
    undo &&
    act(async () => {
      const r = await tabCall(tabId, 'companion:annRestore', { record: undo });
      if (!r.ok) throw new Error(r.error);
      setUndo(null);
    }, 'Highlight restored.');
  const jump = async (a: AnnotationRecord) => {
    const r = await tabCall(tabId, 'companion:jump', { id: a.id }).catch(() => ({ ok: false }));
    if (!r.ok) setStatus({ kind: 'error', text: 'That highlight is not in the page just now.' });
  };
  const reattach = (a: AnnotationRecord) =>
    act(async () => {
      const r = await tabCall(tabId, 'companion:reattach', { id: a.id });
      if (!r.ok) throw new Error(r.error);
    }, 'Re-attached to the selected text.');

  const item = (a: AnnotationRecord, orphan: boolean) => (
    <li key={a.id} class={`item${orphan ? ' orphan' : ''}${note?.id === a.id ? ' asked' : ''}`} data-annotation-id={a.id} tabIndex={-1}>
      <blockquote>{clip(quoteOf(a))}</blockquote>
      {editing === a.id ? (
        <Editor annotation={a} onSave={(note, tags) => void save(a, note, tags)} onCancel={() => setEditing(null)} />
      ) : (
        <>
          {a.note && <Note text={a.note} />}
          {a.tags.length > 0 && (
            <p class="tags">
              {a.tags.map((t) => (
                <span key={t} class="tag">
                  {t}
                </span>
              ))}
            </p>
          )}
          <div class="actions">
            {orphan ? (
              <button type="button" onClick={() => void reattach(a)}>
                Re-attach to selected text
              </button>
            ) : (
              <button type="button" onClick={() => void jump(a)}>
                Show in text
              </button>
            )}
            <button type="button" onClick={() => setEditing(a.id)}>
              {a.note || a.tags.length ? 'Edit note' : 'Add note or tags'}
            </button>
            <button type="button" onClick={() => void remove(a)}>
              Delete
            </button>
          </div>
        </>
      )}
    </li>
  );

  return (
    <>
      <p class="status" role="status" aria-live="polite">
        {status && <span class={status.kind}>{status.text}</span>}{' '}
        {undo && (
          <button type="button" class="link" onClick={() => void restore()}>
            Undo
          </button>
        )}
      </p>
      <Related tabId={tabId} state={state} onChanged={(text) => void act(() => Promise.resolve(), text)} />
      <section aria-labelledby="h-highlights">
        <h2 id="h-highlights">
          Your highlights <span class="count">{placed.length}</span>
        </h2>
        {placed.length === 0 ? (
          <p class="empty">
            None yet. Select text in the article, then choose Highlight or Note… (keyboard: <kbd>Alt</kbd>+<kbd>Shift</kbd>+<kbd>H</kbd>, or <kbd>N</kbd> for a note).
          </p>
        ) : (
          <ul aria-label="Highlights in reading order">{placed.map((a) => item(a, false))}</ul>
        )}
      </section>
      {(state.elsewhere ?? []).some((e) => !e.shown) && (
        <section aria-labelledby="h-elsewhere" class="elsewhere">
          <h2 id="h-elsewhere">On other sites</h2>
          <p class="hint">This page names or copies a story you highlighted elsewhere. Your highlights stay out of this page unless you ask.</p>
          <ul>
            {state.elsewhere
              .filter((e) => !e.shown)
              .map((e) => (
                <li key={e.site} data-elsewhere={e.site}>
                  {`You highlighted this story on ${e.site} (${e.count}). `}
                  <button type="button" class="link" onClick={() => void act(() => tabCall(tabId, 'companion:showHere', { site: e.site }), `Your highlights from ${e.site} are shown on this page.`)}>
                    Show them on this page
                  </button>
                </li>
              ))}
          </ul>
        </section>
      )}
      {orphans.length > 0 && (
        <section aria-labelledby="h-orphans">
          <h2 id="h-orphans">
            Not found in this version <span class="count">{orphans.length}</span>
          </h2>
          <p class="hint">The page changed and these quotes are no longer in it. They are kept; select the new text and re-attach, or delete them.</p>
          <ul>{orphans.map((a) => item(a, true))}</ul>
        </section>
      )}
      <EntityNotes tabId={tabId} entities={state.entities} notes={state.entityNotes} onSaved={(text) => void act(() => Promise.resolve(), text)} />
      <Corrections tabId={tabId} state={state} ask={correct} />
    </>
  );
}

function Editor({ annotation, onSave, onCancel }: { annotation: AnnotationRecord; onSave: (note: string, tags: string[]) => void; onCancel: () => void }) {
  const [note, setNote] = useState(annotation.note);
  const [tags, setTags] = useState(annotation.tags.join(', '));
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => focusWhenShown(area.current), []);
  const submit = () => onSave(note, tags.split(',').map((t) => t.trim()).filter(Boolean));
  const onKeyDown = (ev: KeyboardEvent) => {
    if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      submit();
    } else if (ev.key === 'Escape') {
      ev.preventDefault();
      onCancel();
    }
  };
  return (
    <form
      class="editor"
      onKeyDown={onKeyDown}
      onSubmit={(ev) => {
        ev.preventDefault();
        submit();
      }}
    >
      <label>
        Note <span class="hint">(Markdown: **bold**, *italic*, [link](https://…); Ctrl+Enter saves)</span>
        <textarea ref={area} name="note" value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
      </label>
      <label>
        Tags <span class="hint">(comma-separated)</span>
        <input name="tags" value={tags} onInput={(e) => setTags((e.target as HTMLInputElement).value)} />
      </label>
      <div class="row">
        <button type="submit">Save</button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Notes on the article's entities: shown on every article that mentions them. */
function EntityNotes({ tabId, entities, notes, onSaved }: { tabId: number; entities: PanelEntity[]; notes: EntityNoteRecord[]; onSaved: (text: string) => void }) {
  const [choice, setChoice] = useState('');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const byKey = new Map(notes.map((n) => [n.entityKey, n]));
  const save = async (e: PanelEntity, note: string) => {
    try {
      await tabCall(tabId, 'companion:entityNote', { entityKey: e.key, name: e.name, note });
      setError(null);
      setChoice('');
      setText('');
      onSaved(note ? `Note on ${e.name} saved.` : `Note on ${e.name} removed.`);
    } catch (err) {
      setError(`Not saved: ${errorText(err)}`);
    }
  };
  const chosen = entities.find((e) => e.key === choice) ?? null;
  return (
    <section aria-labelledby="h-entity-notes">
      <h2 id="h-entity-notes">
        Your notes on these entities <span class="count">{notes.length}</span>
      </h2>
      {notes.length === 0 && <p class="empty">A note on an entity appears on every article that mentions it.</p>}
      <ul>
        {notes.map((n) => {
          const e = entities.find((x) => x.key === n.entityKey) ?? { key: n.entityKey, name: n.name, type: 'organization' as const };
          return (
            <li key={n.entityKey} class="item" data-entity-key={n.entityKey}>
              <span class="entity-name">{n.name}</span>
              <Note text={n.note} />
              <div class="actions">
                <button
                  type="button"
                  onClick={() => {
                    setChoice(e.key);
                    setText(n.note);
                  }}
                >
                  Edit
                </button>
                <button type="button" onClick={() => void save(e, '')}>
                  Remove
                </button>
              </div>
            </li>
          );
        })}
      </ul>
      <form
        class="editor"
        onSubmit={(ev) => {
          ev.preventDefault();
          if (chosen && text.trim()) void save(chosen, text.trim());
        }}
      >
        <label>
          Note on
          <select
            name="entity"
            value={choice}
            onChange={(ev) => {
              const key = (ev.target as HTMLSelectElement).value;
              setChoice(key);
              setText(byKey.get(key)?.note ?? '');
            }}
          >
            <option value="">Choose an entity…</option>
            {entities.map((e) => (
              <option key={e.key} value={e.key}>
                {e.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span class="visually-hidden">Note</span>
          <textarea name="entity-note" value={text} disabled={!chosen} placeholder="e.g. watch Qwen's licensing" onInput={(ev) => setText((ev.target as HTMLTextAreaElement).value)} />
        </label>
        <div class="row">
          <button type="submit" name="save-entity-note" disabled={!chosen || !text.trim()}>
            Save note
          </button>
        </div>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}

/**
 * Focuses `el` now, or as soon as the reader can see it. The companion shows this view and opens
 * the editor in one step; until the view is laid out (and, in Firefox's sidebar or a background tab,
 * until the page has focus) nothing in it can take focus: the reader's first keys would go nowhere.
 * An IntersectionObserver says when `el` is in view; it also retries when the page gets focus.
 */
function focusWhenShown(el: HTMLElement | null): (() => void) | undefined {
  if (!el) return undefined;
  el.focus();
  if (document.activeElement === el) return undefined;
  const retry = () => {
    if (!el.isConnected) return stop();
    el.focus();
    if (document.activeElement === el) stop();
  };
  const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && retry());
  const stop = () => {
    io.disconnect();
    removeEventListener('focus', retry);
  };
  io.observe(el);
  addEventListener('focus', retry);
  return stop;
}
