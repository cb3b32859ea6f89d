import { useCallback, useEffect, useState } from 'preact/hooks';
import { call } from '../shared/messaging';
import { EntityCard } from '../shared/EntityCard';
import type { CardRef, EntityCardView } from '../../src/kb/cards';
import type { KbSearchHit } from '../../src/kb/search';
import type { LibraryToBackground } from '../../src/messaging/protocol';
import { ENTITY_TYPES, type EntityType } from '../../src/kb/types';
import { newUserEntity, type UserKb } from '../../src/kb/user';
import { download, readChosenJson } from './files';
import { Corrections } from './Corrections';

type Lib = LibraryToBackground;
const send = <K extends keyof Lib & string>(kind: K, payload: Parameters<typeof call<Lib, K>>[1]) => call<Lib, K>(kind, payload);
const LIMIT = 60;
const today = () => new Date().toISOString().slice(0, 10);

/** The knowledge-base browser and the reader's additions: search, open cards, add names, hide, export, import. */
export function KnowledgeBase() {
  const [query, setQuery] = useState('');
  const [type, setType] = useState<EntityType | ''>('');
  const [result, setResult] = useState<{ total: number; hits: KbSearchHit[] }>({ total: 0, hits: [] });
  const [card, setCard] = useState<EntityCardView | null>(null);
  const [user, setUser] = useState<UserKb | null>(null);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const refresh = useCallback(async () => {
    setResult(await send('kb:search', { query, type: type || null, limit: LIMIT }));
    setUser(await send('userKb:get', {}));
  }, [query, type]);
  useEffect(() => void refresh(), [refresh]);

  const open = async (ref: CardRef) => setCard(await send('kb:card', { id: ref.id }));
  /** Every change goes through one checked write; the page shows what happened. */
  const save = async (next: UserKb, done: string) => {
    const r = await send('userKb:set', { data: next });
    // the lists show what was saved before the page says so
    await refresh();
    setStatus(r.ok ? { kind: 'ok', text: done } : { kind: 'error', text: `Not saved: ${r.error}` });
    // the open card shows what was just saved
    if (r.ok && card?.id) setCard(await send('kb:card', { id: card.id }));
    return r.ok;
  };

  return (
    <div class="kb">
      <section aria-labelledby="kb-browse">
        <h2 id="kb-browse">Knowledge base</h2>
        <div class="row">
          <label>
            Search names and aliases{' '}
            <input type="search" name="kb-search" value={query} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} placeholder="e.g. Qwen, BIS, Amodei" />
          </label>
          <label>
            Type{' '}
            <TypeSelect name="filter-type" value={type} onChange={setType} all />
          </label>
        </div>
        <p class="muted" aria-live="polite">
          {result.total} {result.total === 1 ? 'entity' : 'entities'}
          {result.total > result.hits.length ? `, first ${result.hits.length} shown` : ''}
        </p>
        <div class="browser">
          <ul class="hits">
            {result.hits.map((h) => (
              <li key={h.id} class={h.hidden ? 'hidden-entity' : ''}>
                <button type="button" class="hit" onClick={() => void open(h)}>
                  <strong>{h.name}</strong> <span class="muted">{h.type}</span>
                  {h.mine && <span class="tag">yours</span>}
                  {h.hidden && <span class="tag">hidden</span>}
                </button>
                {user && (
                  <button
                    type="button"
                    class="small"
                    onClick={() => void save({ ...user, hidden: h.hidden ? user.hidden.filter((x) => x !== h.id) : [...user.hidden, h.id] }, h.hidden ? `${h.name} is shown again.` : `${h.name} is hidden.`)}
                  >
                    {h.hidden ? 'Show' : 'Hide'}
                  </button>
                )}
              </li>
            ))}
          </ul>
          <div class="detail" aria-live="polite">
            {card ? (
              <article aria-label={`${card.name} card`}>
                <h3>
                  {card.name} <span class="muted">{card.type}</span>
                </h3>
                <EntityCard card={card} onOpen={(r) => void open(r)} />
                {user && card.id && <EditSummary key={card.id} id={card.id} user={user} save={save} />}
              </article>
            ) : (
              <p class="muted">Choose an entity to see its card.</p>
            )}
          </div>
        </div>
      </section>
      {status && (
        <p role={status.kind === 'error' ? 'alert' : 'status'} class={status.kind}>
          {status.text}
        </p>
      )}
      {user && <AddName user={user} save={save} />}
      {user && <Additions user={user} save={save} open={open} />}
      {user && <Corrections user={user} save={save} />}
      {user && <Transfer user={user} save={save} report={(text) => setStatus({ kind: 'error', text })} />}
    </div>
  );
}

type Save = (next: UserKb, done: string) => Promise<boolean>;

/** The entity types, optionally with "all" (an empty value) first. */
function TypeSelect({ name, value, onChange, all = false }: { name: string; value: EntityType | ''; onChange: (t: EntityType | '') => void; all?: boolean }) {
  return (
    <select name={name} value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value as EntityType | '')}>
      {all && <option value="">all</option>}
      {ENTITY_TYPES.map((t) => (
        <option key={t} value={t}>
          {t}
        </option>
      ))}
    </select>
  );
}

/** "This name is a model by X", or another name for something the knowledge base knows. */
function AddName({ user, save }: { user: UserKb; save: Save }) {
  const [name, setName] = useState('');
  const [mode, setMode] = useState<'alias' | 'new'>('alias');
  const [target, setTarget] = useState('');
  const [targetHits, setTargetHits] = useState<KbSearchHit[]>([]);
  const [type, setType] = useState<EntityType>('model');
  const [maker, setMaker] = useState('');
  const [makerHits, setMakerHits] = useState<KbSearchHit[]>([]);
  const [summary, setSummary] = useState('');
  const [error, setError] = useState('');

  useEffect(() => void (target ? send('kb:search', { query: target, type: null, limit: 8 }).then((r) => setTargetHits(r.hits)) : setTargetHits([])), [target]);
  useEffect(() => void (maker ? send('kb:search', { query: maker, type: 'company', limit: 8 }).then((r) => setMakerHits(r.hits)) : setMakerHits([])), [maker]);

  const submit = async (ev: Event) => {
    ev.preventDefault();
    setError('');
    if (!name.trim()) return setError('Give the name as articles write it.');
    if (mode === 'alias') {
      const hit = targetHits.find((h) => h.name.toLowerCase() === target.trim().toLowerCase()) ?? (targetHits.length === 1 ? targetHits[0] : undefined);
      if (!hit) return setError('Choose the entity this name refers to from the list.');
      if (await save({ ...user, aliases: [...user.aliases, { entityId: hit.id, text: name.trim() }] }, `“${name.trim()}” now also means ${hit.name}.`)) setName('');
      return;
    }
    const makerHit = type === 'model' && maker.trim() ? (makerHits.find((h) => h.name.toLowerCase() === maker.trim().toLowerCase()) ?? makerHits[0]) : undefined;
    if (type === 'model' && maker.trim() && !makerHit) return setError('Choose the maker from the list, or leave it empty.');
    const taken = new Set(user.entities.map((e) => e.id));
    const made = newUserEntity({ name, type, summary, ...(makerHit ? { maker: makerHit.id } : {}) }, taken, today());
    if (!made.ok) return setError(made.error);
    if (await save({ ...user, entities: [...user.entities, made.value] }, `${made.value.name} added as a ${type}.`)) {
      setName('');
      setSummary('');
    }
  };

  return (
    <section aria-labelledby="kb-add">
      <h2 id="kb-add">Add a name</h2>
      <form onSubmit={(e) => void submit(e)} class="stack-form">
        <label>
          Name as articles write it <input name="name" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} required />
        </label>
        <fieldset>
          <legend>It is</legend>
          <label>
            <input type="radio" name="mode" checked={mode === 'alias'} onChange={() => setMode('alias')} /> another name for
          </label>
          <label>
            <input type="radio" name="mode" checked={mode === 'new'} onChange={() => setMode('new')} /> something new
          </label>
        </fieldset>
        {mode === 'alias' ? (
          <label>
            Entity{' '}
            <input name="target" list="kb-target-hits" value={target} onInput={(e) => setTarget((e.target as HTMLInputElement).value)} placeholder="search the knowledge base" />
            <datalist id="kb-target-hits">
              {targetHits.map((h) => (
                <option key={h.id} value={h.name}>
                  {h.type}
                </option>
              ))}
            </datalist>
          </label>
        ) : (
          <>
            <label>
              Type{' '}
              <TypeSelect name="type" value={type} onChange={(t) => t && setType(t)} />
            </label>
            {type === 'model' && (
              <label>
                Made by{' '}
                <input name="maker" list="kb-maker-hits" value={maker} onInput={(e) => setMaker((e.target as HTMLInputElement).value)} placeholder="company" />
                <datalist id="kb-maker-hits">
                  {makerHits.map((h) => (
                    <option key={h.id} value={h.name} />
                  ))}
                </datalist>
              </label>
            )}
            <label>
              One line about it (optional) <input name="summary" value={summary} maxLength={280} onInput={(e) => setSummary((e.target as HTMLInputElement).value)} />
            </label>
          </>
        )}
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
        <button type="submit">Add</button>
      </form>
    </section>
  );
}

/** The reader's own one-line summary for an entity, shown instead of the shipped one; empty restores it. */
function EditSummary({ id, user, save }: { id: string; user: UserKb; save: Save }) {
  const own = user.entities.find((e) => e.id === id);
  const [text, setText] = useState(own ? own.summary : (user.summaries[id] ?? ''));
  const submit = async (ev: Event) => {
    ev.preventDefault();
    const t = text.trim();
    if (own) {
      await save({ ...user, entities: user.entities.map((e) => (e.id === id ? { ...e, summary: t } : e)) }, 'Summary saved.');
      return;
    }
    const summaries = { ...user.summaries };
    if (t) summaries[id] = t;
    else delete summaries[id];
    await save({ ...user, summaries }, t ? 'Your summary is saved.' : 'The shipped summary is back.');
  };
  return (
    <form class="stack-form" onSubmit={(e) => void submit(e)}>
      <label>
        {own ? 'Summary' : 'Your summary (leave empty for the shipped one)'}{' '}
        <textarea name="summary-edit" rows={2} maxLength={280} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
      </label>
      <button type="submit">Save summary</button>
    </form>
  );
}

/** What the reader added, each removable; hidden entities can be shown again from the browser. */
function Additions({ user, save, open }: { user: UserKb; save: Save; open: (r: CardRef) => void }) {
  if (!user.entities.length && !user.aliases.length && !user.hidden.length) return null;
  return (
    <section aria-labelledby="kb-mine">
      <h2 id="kb-mine">Your additions</h2>
      <ul class="mine">
        {user.entities.map((e) => (
          <li key={e.id}>
            <button type="button" class="hit" onClick={() => open(e)}>
              {e.name}
            </button>{' '}
            <span class="muted">{e.type}</span>{' '}
            <button type="button" class="small" onClick={() => void save({ ...user, entities: user.entities.filter((x) => x.id !== e.id), aliases: user.aliases.filter((a) => a.entityId !== e.id), hidden: user.hidden.filter((h) => h !== e.id), corrections: user.corrections.filter((c) => c.entityId !== e.id) }, `${e.name} removed.`)}>
              Remove
            </button>
          </li>
        ))}
        {user.aliases.map((a, i) => (
          <li key={`${a.entityId}:${a.text}`}>
            “{a.text}” → {a.entityId}{' '}
            <button type="button" class="small" onClick={() => void save({ ...user, aliases: user.aliases.filter((_, j) => j !== i) }, `“${a.text}” removed.`)}>
              Remove
            </button>
          </li>
        ))}
        {user.hidden.length > 0 && <li class="muted">{user.hidden.length} hidden (use Show in the list above)</li>}
      </ul>
    </section>
  );
}

/** Export and import of the reader's additions as one JSON file; an import is checked whole first. */
function Transfer({ user, save, report }: { user: UserKb; save: Save; report: (text: string) => void }) {
  const onFile = async (ev: Event) => {
    const chosen = await readChosenJson(ev);
    if (!chosen) return;
    if ('error' in chosen) return report(`Not imported: ${chosen.error}.`);
    await save(chosen.data as UserKb, `Imported ${chosen.name}.`);
  };
  return (
    <section aria-labelledby="kb-transfer">
      <h2 id="kb-transfer">Export and import</h2>
      <p>
        <button type="button" onClick={() => download('ai-news-lens-knowledge.json', 'application/json', JSON.stringify(user, null, 2))}>
          Export your additions (JSON)
        </button>
      </p>
      <label>
        Import a file (replaces your additions; nothing changes if the file has a problem){' '}
        <input type="file" name="kb-import" accept="application/json,.json" onChange={(e) => void onFile(e)} />
      </label>
    </section>
  );
}
