import { useEffect, useMemo, useState } from 'preact/hooks';
import MiniSearch from 'minisearch';
import { call } from '../shared/messaging';
import { Note } from '../shared/Note';
import { download, readChosenJson } from './files';
import { fromWebAnnotations, toCollection, toMarkdown } from '../../src/annotate/export';
import type { AnnotationRecord } from '../../src/storage/db';
import type { LibraryToBackground } from '../../src/messaging/protocol';

type Lib = LibraryToBackground;
const quoteOf = (a: AnnotationRecord) => a.selectors.find((s) => s.type === 'TextQuoteSelector')?.exact ?? '';
const siteOf = (url: string) => {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
};
/** Opens the article scrolled to the quote (a text fragment, where the browser supports them). */
const openAt = (a: AnnotationRecord) => `${a.url.replace(/#.*$/, '')}#:~:text=${encodeURIComponent(quoteOf(a).slice(0, 300))}`;

/** The reader's highlights and notes: full-text search, filters, edit, delete with undo, export and import. */
export function Library() {
  const [list, setList] = useState<AnnotationRecord[]>([]);
  const [query, setQuery] = useState('');
  const [site, setSite] = useState('');
  const [tag, setTag] = useState('');
  const [undo, setUndo] = useState<AnnotationRecord | null>(null);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const refresh = async () => setList(await call<Lib, 'ann:list'>('ann:list', {}));
  useEffect(() => void refresh(), []);

  const index = useMemo(() => {
    const ms = new MiniSearch<{ id: string; quote: string; note: string; title: string; tags: string }>({ fields: ['quote', 'note', 'title', 'tags'], searchOptions: { prefix: true, fuzzy: 0.2 } });
    ms.addAll(list.map((a) => ({ id: a.id, quote: quoteOf(a), note: a.note, title: a.title, tags: a.tags.join(' ') })));
    return ms;
  }, [list]);
  const hits = query.trim() ? new Set(index.search(query).map((r) => r.id as string)) : null;
  const shown = list.filter((a) => (!hits || hits.has(a.id)) && (!site || siteOf(a.url) === site) && (!tag || a.tags.includes(tag)));
  const sites = [...new Set(list.map((a) => siteOf(a.url)))].sort();
  const tags = [...new Set(list.flatMap((a) => a.tags))].sort();

  const remove = async (a: AnnotationRecord) => {
    await call<Lib, 'ann:delete'>('ann:delete', { id: a.id });
    setUndo(a);
    await refresh();
  };
  const restore = async () => {
    if (!undo) return;
    const r = await call<Lib, 'ann:restore'>('ann:restore', { records: [undo] });
    setStatus(r.ok ? { kind: 'ok', text: 'Restored.' } : { kind: 'error', text: r.error });
    setUndo(null);
    await refresh();
  };
  const importFile = async (ev: Event) => {
    const chosen = await readChosenJson(ev);
    if (!chosen) return;
    if ('error' in chosen) return setStatus({ kind: 'error', text: `Not imported: ${chosen.error}.` });
    const checked = fromWebAnnotations(chosen.data);
    if (!checked.ok) return setStatus({ kind: 'error', text: `Not imported: ${checked.error}. Nothing was changed.` });
    const r = await call<Lib, 'ann:restore'>('ann:restore', { records: toCollection(checked.value).items });
    setStatus(r.ok ? { kind: 'ok', text: `Imported ${r.count} annotations.` } : { kind: 'error', text: `Not imported: ${r.error}. Nothing was changed.` });
    await refresh();
  };

  return (
    <section aria-labelledby="library">
      <h2 id="library">Your highlights and notes</h2>
      <div class="row">
        <label>
          Search <input type="search" name="ann-search" value={query} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} placeholder="quotes, notes, titles, tags" />
        </label>
        <label>
          Site{' '}
          <select name="ann-site" value={site} onChange={(e) => setSite((e.target as HTMLSelectElement).value)}>
            <option value="">all</option>
            {sites.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Tag{' '}
          <select name="ann-tag" value={tag} onChange={(e) => setTag((e.target as HTMLSelectElement).value)}>
            <option value="">all</option>
            {tags.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
      </div>
      {undo && (
        <p role="status">
          Deleted “{quoteOf(undo).slice(0, 60)}”.{' '}
          <button type="button" onClick={() => void restore()}>
            Undo
          </button>
        </p>
      )}
      {status && (
        <p role={status.kind === 'error' ? 'alert' : 'status'} class={status.kind}>
          {status.text}
        </p>
      )}
      <p class="muted" aria-live="polite">
        {shown.length} of {list.length}
      </p>
      <ul class="annotations">
        {shown.map((a) => (
          <AnnotationItem key={a.id} a={a} onDelete={() => void remove(a)} onSaved={() => void refresh()} />
        ))}
      </ul>
      <p class="row">
        <button type="button" onClick={() => download('ai-news-lens-annotations.jsonld', 'application/ld+json', JSON.stringify(toCollection(list), null, 2))}>
          Export (Web Annotation JSON-LD)
        </button>
        <button type="button" onClick={() => download('ai-news-lens-annotations.md', 'text/markdown', toMarkdown(shown))}>
          Export shown as Markdown
        </button>
        <label>
          Import JSON-LD <input type="file" name="ann-import" accept=".json,.jsonld,application/json,application/ld+json" onChange={(e) => void importFile(e)} />
        </label>
      </p>
    </section>
  );
}

function AnnotationItem({ a, onDelete, onSaved }: { a: AnnotationRecord; onDelete: () => void; onSaved: () => void }) {
  const [editing, setEditing] = useState(false);
  const [note, setNote] = useState(a.note);
  const [tags, setTags] = useState(a.tags.join(', '));
  const save = async (ev: Event) => {
    ev.preventDefault();
    await call<Lib, 'ann:update'>('ann:update', { id: a.id, note, tags: tags.split(',') });
    setEditing(false);
    onSaved();
  };
  return (
    <li class="annotation" data-id={a.id}>
      <blockquote>{quoteOf(a)}</blockquote>
      <p class="muted">
        <a href={/^https?:\/\//.test(a.url) ? openAt(a) : undefined} target="_blank" rel="noopener noreferrer">
          {a.title || a.url}
        </a>{' '}
        · {siteOf(a.url)} · {a.updated.slice(0, 10)}
        {a.tags.map((t) => (
          <span key={t} class="tag">
            {t}
          </span>
        ))}
      </p>
      {editing ? (
        <form class="stack-form" onSubmit={(e) => void save(e)}>
          <label>
            Note (Markdown) <textarea name="ann-note" rows={3} value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
          </label>
          <label>
            Tags (comma-separated) <input name="ann-tags" value={tags} onInput={(e) => setTags((e.target as HTMLInputElement).value)} />
          </label>
          <button type="submit">Save</button>
        </form>
      ) : (
        a.note && <Note text={a.note} />
      )}
      <p class="row">
        {!editing && (
          <button type="button" class="small" onClick={() => setEditing(true)}>
            {a.note ? 'Edit note' : 'Add note'}
          </button>
        )}
        <button type="button" class="small" onClick={onDelete}>
          Delete
        </button>
      </p>
    </li>
  );
}
