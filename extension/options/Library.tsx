import { useEffect, useMemo, useState } from 'preact/hooks';
import { call } from '../shared/messaging';
import { Note } from '../shared/Note';
import { download, readChosenJson } from './files';
import { fromWebAnnotations, toCollection, toMarkdown } from '../../src/annotate/export';
import { articleFinder, type LibraryArticle } from '../../src/library/articles';
import { groupByArticle, matchSegments } from '../../src/library/matches';
import { isSectionHash } from '../../src/options/sections';
import { dayOf, entityOptions, matchEntities, filterAnnotations, filterFromHash, filterToHash, NO_FILTER, quoteLink, quoteOf, searchIndex, siteOf, type AnnotationFilter, type DatePreset } from '../../src/library/filter';
import type { AnnotationRecord } from '../../src/storage/db';
import type { LibraryToBackground } from '../../src/messaging/protocol';

type Lib = LibraryToBackground;
const DATE_LABELS: Record<DatePreset, string> = { any: 'any time', '7d': 'in the last 7 days', '30d': 'in the last 30 days', '365d': 'in the last 365 days', range: 'between dates…' };

/** The filter kept in the page's address, so a reload or a bookmark shows the same selection. */
function useAddressFilter(): [AnnotationFilter, (patch: Partial<AnnotationFilter>) => void] {
  const [filter, setFilter] = useState<AnnotationFilter>(() => filterFromHash(location.hash));
  useEffect(() => {
    // a section's link (#reading) moves around the page; it is not a filter to clear
    const fromAddress = () => !isSectionHash(location.hash) && setFilter(filterFromHash(location.hash));
    addEventListener('hashchange', fromAddress);
    return () => removeEventListener('hashchange', fromAddress);
  }, []);
  const update = (patch: Partial<AnnotationFilter>) =>
    setFilter((old) => {
      const next = { ...old, ...patch };
      // replaced, not pushed: typing a search should not fill the Back button's history
      history.replaceState(null, '', filterToHash(next) || `${location.pathname}${location.search}`);
      return next;
    });
  return [filter, update];
}

/** The reader's highlights and notes: full-text search, filters, edit, delete with undo, export and import. */
export function Library() {
  const [list, setList] = useState<AnnotationRecord[]>([]);
  const [articles, setArticles] = useState<LibraryArticle[]>([]);
  const [filter, setFilter] = useAddressFilter();
  const [undo, setUndo] = useState<AnnotationRecord | null>(null);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const refresh = async () => {
    setList(await call<Lib, 'ann:list'>('ann:list', {}));
    setArticles(await call<Lib, 'history:articles'>('history:articles', {}));
  };
  useEffect(() => void refresh(), []);

  const search = useMemo(() => searchIndex(list), [list]);
  const articleOf = useMemo(() => articleFinder(articles), [articles]);
  const { shown, error: filterError } = filterAnnotations(list, filter, { hits: search(filter.q), articleOf, now: new Date() });
  const sites = [...new Set(list.map((a) => siteOf(a.url)))].sort();
  const tags = [...new Set(list.flatMap((a) => a.tags))].sort();
  const entities = entityOptions(list, articleOf);
  // a filter from the address naming something no longer listed stays visible, so it can be cleared
  const keep = (values: string[], v: string) => (v && !values.includes(v) ? [...values, v] : values);
  const filtered = filterToHash({ ...filter, q: '' }) !== '';

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
      <div class="row" role="group" aria-label="Filter highlights">
        <label>
          Search <input type="search" name="ann-search" value={filter.q} onInput={(e) => setFilter({ q: (e.target as HTMLInputElement).value })} placeholder="quotes, notes, titles, tags" />
        </label>
        <label>
          Site{' '}
          <select name="ann-site" value={filter.site} onChange={(e) => setFilter({ site: (e.target as HTMLSelectElement).value })}>
            <option value="">all</option>
            {keep(sites, filter.site).map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Tag{' '}
          <select name="ann-tag" value={filter.tag} onChange={(e) => setFilter({ tag: (e.target as HTMLSelectElement).value })}>
            <option value="">all</option>
            {keep(tags, filter.tag).map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <EntityPick options={entities} onPick={(key) => setFilter({ entity: key })} />
        <label>
          Article mentions{' '}
          <select name="ann-entity" value={filter.entity} onChange={(e) => setFilter({ entity: (e.target as HTMLSelectElement).value })}>
            <option value="">anyone</option>
            {entities.map((x) => (
              <option key={x.key} value={x.key}>
                {`${x.name} (${x.count})`}
              </option>
            ))}
            {filter.entity && !entities.some((x) => x.key === filter.entity) && <option value={filter.entity}>{`${filter.entity} (0)`}</option>}
          </select>
        </label>
        <label>
          Highlighted{' '}
          <select name="ann-date" value={filter.date} onChange={(e) => setFilter({ date: (e.target as HTMLSelectElement).value as DatePreset })}>
            {(Object.keys(DATE_LABELS) as DatePreset[]).map((d) => (
              <option key={d} value={d}>
                {DATE_LABELS[d]}
              </option>
            ))}
          </select>
        </label>
        {filter.date === 'range' && (
          <>
            <label>
              from <input type="date" name="ann-from" value={filter.from} max={filter.to || undefined} onChange={(e) => setFilter({ from: (e.target as HTMLInputElement).value })} />
            </label>
            <label>
              to <input type="date" name="ann-to" value={filter.to} min={filter.from || undefined} onChange={(e) => setFilter({ to: (e.target as HTMLInputElement).value })} />
            </label>
          </>
        )}
        {filtered && (
          <button type="button" class="small" onClick={() => setFilter({ ...NO_FILTER, q: filter.q })}>
            Clear filters
          </button>
        )}
      </div>
      {entities.length === 0 && list.length > 0 && (
        <p class="muted">The entity filter uses your reading history: it lists the people and companies of articles you highlighted in once they are in it.</p>
      )}
      {filterError && (
        <p role="alert" class="error">
          {`Dates: ${filterError}.`}
        </p>
      )}
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
      <ul class="article-groups">
        {groupByArticle(shown).map((g) => (
          <li key={g.url} class="article-group">
            <h3>
              <Marked text={g.items[0]!.title || g.url} q={filter.q} />
            </h3>
            <p class="muted">
              {siteOf(g.url)} · {g.items.length} highlight{g.items.length === 1 ? '' : 's'}
            </p>
            <ul class="annotations">
              {g.items.map((a) => (
                <AnnotationItem key={a.id} a={a} q={filter.q} onDelete={() => void remove(a)} onSaved={() => void refresh()} />
              ))}
            </ul>
          </li>
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

function AnnotationItem({ a, q, onDelete, onSaved }: { a: AnnotationRecord; q: string; onDelete: () => void; onSaved: () => void }) {
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
      <blockquote>
        <Marked text={quoteOf(a)} q={q} />
      </blockquote>
      <p class="muted">
        <a href={quoteLink(a)} target="_blank" rel="noopener noreferrer">
          {a.title || a.url}
        </a>{' '}
        · {siteOf(a.url)} · <span title={`highlighted ${a.created}`}>{dayOf(a.created)}</span>
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

/** Text with the search's words marked: `<mark>` elements and text nodes, never markup from the text. */
function Marked({ text, q }: { text: string; q: string }) {
  return (
    <>
      {matchSegments(text, q).map((s, i) => (s.match ? <mark key={i}>{s.text}</mark> : s.text))}
    </>
  );
}

/**
 * A type-ahead over the filter's entities (real ones only: entityOptions): type a few letters,
 * pick with the arrow keys and Enter, or click. An ARIA combobox with a listbox.
 */
function EntityPick({ options, onPick }: { options: { key: string; name: string; count: number }[]; onPick: (key: string) => void }) {
  const [typed, setTyped] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const found = matchEntities(options, typed);
  const pick = (key: string) => {
    onPick(key);
    setTyped('');
    setOpen(false);
  };
  const onKey = (ev: KeyboardEvent) => {
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      setOpen(true);
      setActive((i) => (found.length ? (i + (ev.key === 'ArrowDown' ? 1 : found.length - 1)) % found.length : 0));
    } else if (ev.key === 'Enter' && open && found[active]) {
      ev.preventDefault();
      pick(found[active].key);
    } else if (ev.key === 'Escape') setOpen(false);
  };
  const shown = open && typed.trim() !== '' && found.length > 0;
  return (
    <span class="entity-pick">
      <label>
        Find a name{' '}
        <input
          type="text"
          name="ann-entity-find"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={shown}
          aria-controls="entity-pick-list"
          aria-activedescendant={shown ? `entity-pick-${active}` : undefined}
          autocomplete="off"
          value={typed}
          placeholder="company, model, person"
          onInput={(e) => (setTyped((e.target as HTMLInputElement).value), setOpen(true), setActive(0))}
          onKeyDown={onKey}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
        />
      </label>
      <ul id="entity-pick-list" role="listbox" aria-label="Matching names" hidden={!shown}>
        {shown &&
          found.map((o, i) => (
            <li key={o.key} id={`entity-pick-${i}`} role="option" aria-selected={i === active} onMouseDown={(e) => (e.preventDefault(), pick(o.key))}>
              {`${o.name} (${o.count})`}
            </li>
          ))}
      </ul>
    </span>
  );
}
