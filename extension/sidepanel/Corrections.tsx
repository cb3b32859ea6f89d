/**
 * The correction loop of issue #12, on the article's names: "Not this" (on this site or
 * everywhere), "It's …" (another entity, found by a type-ahead over the knowledge base) and "Add"
 * (something new). Drawn in the reading companion only (an extension page): the page can neither
 * see these controls nor forge a click on them. Corrections apply from the next analysis; a reload
 * of the article is offered.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { tabCall } from './calls';
import type { Ask } from './NotesRelated';
import type { PanelCorrection, PanelEntity, PanelState } from '../../src/messaging/protocol';
import type { KbSearchHit } from '../../src/kb/search';
import { ENTITY_TYPES, type EntityType } from '../../src/kb/types';

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
/** A known entity's key is its knowledge-base id; a name found by its shape alone is `type:name`. */
const isLinked = (e: PanelEntity) => !e.key.includes(':');

/** Knowledge-base names as the reader types (at most 8), for a `<datalist>`. */
function useHits(tabId: number, query: string, type: EntityType | null): KbSearchHit[] {
  const [hits, setHits] = useState<KbSearchHit[]>([]);
  useEffect(() => {
    if (!query.trim()) return setHits([]);
    let live = true;
    tabCall(tabId, 'companion:kbSearch', { query, type }).then(
      (r) => live && setHits(r.hits),
      () => live && setHits([]),
    );
    return () => void (live = false);
  }, [query]);
  return hits;
}
const pick = (hits: KbSearchHit[], typed: string) => hits.find((h) => h.name.toLowerCase() === typed.trim().toLowerCase()) ?? (hits.length === 1 ? hits[0] : undefined);

/** `ask`: a card's "Correct a link" in the companion: this entity's first name is chosen and the form focused. */
export function Corrections({ tabId, state, ask = null }: { tabId: number; state: PanelState; ask?: Ask }) {
  const pairs = state.entities.flatMap((e) => (e.texts ?? [e.name]).map((text) => ({ e, text })));
  const [choice, setChoice] = useState('');
  const [everywhere, setEverywhere] = useState(!state.site);
  const [target, setTarget] = useState('');
  const [type, setType] = useState<EntityType>('model');
  const [maker, setMaker] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const targetHits = useHits(tabId, target, null);
  const makerHits = useHits(tabId, maker, 'company');
  const chosen = choice === '' ? null : (pairs[Number(choice)] ?? null);
  const select = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    if (!ask) return;
    const i = pairs.findIndex((p) => p.e.key === ask.id);
    if (i >= 0) setChoice(String(i));
    // after the view that holds the form is shown (it may be switched to in the same step)
    const t = setTimeout(() => {
      select.current?.focus();
      select.current?.scrollIntoView?.({ block: 'center' });
    }, 0);
    return () => clearTimeout(t);
  }, [ask?.n]);

  const send = async (correction: PanelCorrection, said: (site: string | null) => string) => {
    try {
      const r = await tabCall(tabId, 'companion:correct', { correction });
      if (!r.ok) throw new Error(r.error);
      setError(null);
      setDone(said(r.site));
    } catch (e) {
      setDone(null);
      setError(`Not saved: ${errorText(e)}`);
    }
  };
  const notThis = (entity: boolean) => {
    if (!chosen) return;
    const { e, text } = chosen;
    void send({ kind: 'notThis', name: text, entityKey: entity ? e.key : null, everywhere }, (site) => `“${text}” ${entity ? `is not ${e.name}` : 'is not a name to link'} ${site ? `on ${site}` : 'anywhere'}.`);
  };
  const itIs = () => {
    if (!chosen) return;
    const hit = pick(targetHits, target);
    if (!hit) return setError('Choose the entity from the list as you type.');
    void send({ kind: 'itIs', name: chosen.text, entityId: hit.id }, () => `“${chosen.text}” now means ${hit.name}.`);
  };
  const add = () => {
    if (!chosen) return;
    const m = type === 'model' && maker.trim() ? pick(makerHits, maker) : undefined;
    if (type === 'model' && maker.trim() && !m) return setError('Choose the maker from the list, or leave it empty.');
    void send({ kind: 'add', name: chosen.text, type, maker: m?.id ?? null }, () => `“${chosen.text}” added as a ${type} of yours.`);
  };
  const reload = () => void tabCall(tabId, 'companion:reload', {}).catch((e: unknown) => setError(errorText(e)));

  return (
    <section aria-labelledby="h-corrections" class="corrections">
      <h2 id="h-corrections">Correct a link</h2>
      {pairs.length === 0 ? (
        <p class="empty">No names were linked in this article.</p>
      ) : (
        <form class="editor" onSubmit={(ev) => ev.preventDefault()}>
          <label>
            Name in this article
            <select ref={select} name="correct-name" value={choice} onChange={(ev) => setChoice((ev.target as HTMLSelectElement).value)}>
              <option value="">Choose a name…</option>
              {pairs.map(({ e, text }, i) => (
                <option key={`${e.key}\u0000${text}`} value={String(i)}>
                  {isLinked(e) ? `“${text}” → ${e.name}` : `“${text}” (${e.type}, found by its shape)`}
                </option>
              ))}
            </select>
          </label>
          <fieldset disabled={!chosen}>
            <legend>Not this</legend>
            <label class="choice">
              <input type="radio" name="scope" value="site" checked={!everywhere} disabled={!state.site} onChange={() => setEverywhere(false)} /> on this site{state.site ? ` (${state.site})` : ''}
            </label>
            <label class="choice">
              <input type="radio" name="scope" value="everywhere" checked={everywhere} onChange={() => setEverywhere(true)} /> everywhere
            </label>
            <div class="row actions">
              {chosen && isLinked(chosen.e) && (
                <button type="button" name="not-this" onClick={() => notThis(true)}>
                  {`Not ${chosen.e.name}`}
                </button>
              )}
              <button type="button" name="not-entity" onClick={() => notThis(false)}>
                Not a name at all
              </button>
            </div>
          </fieldset>
          <fieldset disabled={!chosen}>
            <legend>It's …</legend>
            <input name="it-is" aria-label="The entity it is" list="correct-hits" value={target} placeholder="search the knowledge base" onInput={(ev) => setTarget((ev.target as HTMLInputElement).value)} />
            <datalist id="correct-hits">
              {targetHits.map((h) => (
                <option key={h.id} value={h.name}>
                  {h.type}
                </option>
              ))}
            </datalist>
            <div class="row actions">
              <button type="button" name="it-is-link" onClick={itIs}>
                Link to it
              </button>
            </div>
          </fieldset>
          <fieldset disabled={!chosen}>
            <legend>Add it as something new</legend>
            <select name="add-type" aria-label="What it is" value={type} onChange={(ev) => setType((ev.target as HTMLSelectElement).value as EntityType)}>
              {ENTITY_TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
            {type === 'model' && (
              <>
                <input name="add-maker" aria-label="Made by (optional)" list="correct-makers" value={maker} placeholder="made by (optional)" onInput={(ev) => setMaker((ev.target as HTMLInputElement).value)} />
                <datalist id="correct-makers">
                  {makerHits.map((h) => (
                    <option key={h.id} value={h.name} />
                  ))}
                </datalist>
              </>
            )}
            <div class="row actions">
              <button type="button" name="add-new" onClick={add}>
                Add
              </button>
            </div>
          </fieldset>
        </form>
      )}
      <p class="status" role="status" data-correction-status>
        {done && (
          <>
            {`Saved: ${done} It applies from the next analysis of a page; your corrections are listed on the options page.`}{' '}
            <button type="button" class="link" name="reload" onClick={reload}>
              Reload this page
            </button>
          </>
        )}
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
