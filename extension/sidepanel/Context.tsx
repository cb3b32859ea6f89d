import { entityKey } from '../../src/entities/types';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CardRequest, EntityCard } from '../../src/messaging/protocol';
import type { EntityType } from '../../src/kb/types';
import { TYPE_LABELS, type CardRef, type EntityCardView } from '../../src/kb/cards';
import { EntityCard as CardBody, safeHref } from '../shared/EntityCard';
import type { CitedReport } from '../../src/related/cited';
import type { StoryKind } from '../../src/related/story';

const CITED_LABEL: Record<CitedReport['kind'], string> = { report: 'Report', filing: 'Filing', paper: 'Paper', announcement: 'Announcement' };
/** "2026-11-24T09:30:00Z" → "24 Nov 2026"; anything unparseable is left out. */
function shortDate(s: string | null): string | null {
  if (!s) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

/** Group order and labels: what a reader of AI news looks for first. */
export const GROUPS: { type: EntityType; label: string }[] = [
  { type: 'company', label: 'Companies' },
  { type: 'model', label: 'Models & products' },
  { type: 'hardware', label: 'Chips & systems' },
  { type: 'policy', label: 'Policies & legal' },
  { type: 'agency', label: 'Agencies & regulators' },
  { type: 'person', label: 'People' },
  { type: 'outlet', label: 'News outlets' },
  { type: 'organization', label: 'Other organisations' },
];

/** What the companion gives the Context view of one article. */
export interface ContextProps {
  title: string;
  story: StoryKind | null;
  outlet: string | null;
  published: string | null;
  cited: CitedReport[];
  entities: EntityCard[];
  isAI: boolean;
  /** Fetches a card from the knowledge base (in the background context). */
  loadCard: (req: CardRequest) => Promise<EntityCardView | null>;
  /** Scrolls the page to the entity's first mention and flashes it; false when it is not in the page. */
  onJump?: (e: EntityCard) => boolean;
  /** Receives a function that opens an entity's card from outside (a mark's "Open in side panel"). */
  register?: (open: (e: EntityCard) => void) => void;
  /** The reader's own view (Notes & related), the second tab. */
  yours: ComponentChildren;
  /** Changes (a counter) whenever the companion asks for the Notes & related view: a highlight's note, a correction. */
  showYours?: number;
  /** "Correct a link" on an entity: the correction form, on this entity's names. */
  onCorrect?: (e: EntityCard) => void;
}

type View = 'context' | 'yours';

const requestOf = (e: EntityCard): CardRequest => (e.kbId ? { id: e.kbId } : { name: e.name, type: e.type, familyId: e.familyId });

/**
 * The companion's article view: the story on top, then two tabs, Context (the entities by type
 * with their cards, and the article's own cited reports) and Notes & related (`yours`).
 */
export function Context({ title, story, outlet, published, cited, entities, isAI, loadCard, onJump, register, yours, onCorrect, showYours }: ContextProps) {
  const [view, setView] = useState<View>('context');
  useEffect(() => {
    if (showYours) setView('yours');
  }, [showYours]);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const focusRef = useRef<HTMLButtonElement>(null);
  const [filter, setFilter] = useState('');
  const [open, setOpen] = useState<Record<string, EntityCardView | 'loading' | 'missing'>>({});
  /** Cards opened from a relation, newest last: shown over the list with a way back. */
  const [trail, setTrail] = useState<EntityCardView[]>([]);
  const toggle = (e: EntityCard) => {
    const k = entityKey(e);
    if (open[k]) {
      const rest = { ...open };
      delete rest[k];
      setOpen(rest);
      return;
    }
    setOpen({ ...open, [k]: 'loading' });
    void loadCard(requestOf(e)).then(
      (card) => setOpen((o) => ({ ...o, [k]: card ?? 'missing' })),
      () => setOpen((o) => ({ ...o, [k]: 'missing' })),
    );
  };
  useEffect(() => {
    register?.((e) => {
      setView('context');
      setFilter('');
      setTrail([]);
      if (!open[entityKey(e)]) toggle(e);
      setFocusKey(entityKey(e));
    });
  });
  useEffect(() => {
    if (!focusKey || !focusRef.current) return;
    focusRef.current.focus();
    focusRef.current.scrollIntoView({ block: 'nearest' });
    setFocusKey(null);
  }, [focusKey]);
  const follow = (ref: CardRef) => {
    void loadCard({ id: ref.id }).then((card) => card && setTrail((t) => [...t, card]));
  };
  const q = filter.trim().toLowerCase();
  const shown = q ? entities.filter((e) => e.name.toLowerCase().includes(q) || (e.summary ?? '').toLowerCase().includes(q)) : entities;
  return (
    <aside class="panel" aria-label="AI News Lens">
      <div class="story">
        <span class="pill">{isAI ? `AI industry${story ? ` · ${story}` : ''}` : 'Not detected as AI news'}</span>
        <p class="headline">{title}</p>
        {(outlet || shortDate(published)) && <p class="byline">{[outlet, shortDate(published)].filter(Boolean).join(' · ')}</p>}
      </div>
      {trail.length > 0 && (
        <section class="detail" aria-label={`${trail[trail.length - 1]!.name} card`}>
          <button type="button" class="back" onClick={() => setTrail((t) => t.slice(0, -1))}>
            ‹ Back
          </button>
          <h2 class="detail-name">
            {trail[trail.length - 1]!.name} <span class="count">{TYPE_LABELS[trail[trail.length - 1]!.type]}</span>
          </h2>
          <CardBody card={trail[trail.length - 1]!} onOpen={follow} at={published} />
        </section>
      )}
      <Tabs view={view} onView={setView} />
      <div class="views">
      <div class="yours" id="anl-view-yours" role="tabpanel" aria-label="Notes & related" hidden={view !== 'yours'}>
        {yours}
      </div>
      <div class="context" id="anl-view-context" role="tabpanel" hidden={view !== 'context'}>
      <label class="search" hidden={trail.length > 0}>
        <span class="visually-hidden">Filter entities</span>
        <input type="search" placeholder="Filter entities" value={filter} onInput={(e) => setFilter((e.target as HTMLInputElement).value)} />
      </label>
      <div class="groups" hidden={trail.length > 0}>
        {entities.length === 0 && <p class="empty">No entities found in this article.</p>}
        {GROUPS.map(({ type, label }) => {
          const list = shown.filter((e) => e.type === type);
          if (!list.length) return null;
          return (
            <section key={type} class={`group t-${type}`} aria-label={label}>
              <h2>
                {label} <span class="count">{list.length}</span>
              </h2>
              <ul>
                {list.map((e) => (
                  <li key={entityKey(e)} class="entity" data-entity-type={e.type} data-kb-id={e.kbId ?? ''}>
                    <button type="button" class="name-row" ref={focusKey === entityKey(e) ? focusRef : undefined} aria-expanded={open[entityKey(e)] ? 'true' : 'false'} onClick={() => toggle(e)}>
                      <span class="name">{e.name}</span>
                      <span class="mentions" title={`${e.mentionCount} mention${e.mentionCount === 1 ? '' : 's'}`}>
                        ×{e.mentionCount}
                      </span>
                    </button>
                    {e.family && <div class="family">{`${e.family} family`}</div>}
                    {onJump && e.mentionTexts.length > 0 && (
                      <button type="button" class="jump" aria-label={`Show in text: ${e.name}`} onClick={() => onJump(e)}>
                        Show in text
                      </button>
                    )}
                    {e.summary ? <p class="summary">{e.summary}</p> : <p class="summary unknown">Not in knowledge base</p>}
                    {open[entityKey(e)] === 'loading' && <p class="summary unknown">Loading…</p>}
                    {open[entityKey(e)] === 'missing' && <p class="summary unknown">No card for this entity.</p>}
                    {typeof open[entityKey(e)] === 'object' && <CardBody card={open[entityKey(e)] as EntityCardView} onOpen={follow} why={e.whyLinked} at={published} />}
                    {onCorrect && open[entityKey(e)] && (
                      <button type="button" class="jump" name="correct-link" aria-label={`Correct the link of ${e.name}`} onClick={() => onCorrect(e)}>
                        Correct a link
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
        <section class="group related" aria-label="Related reports">
          <h2>
            Related <span class="count">{cited.length}</span>
          </h2>
          {cited.length === 0 ? (
            <p class="empty">This article links to no reports, filings or papers.</p>
          ) : (
            <ul>
              {cited.map((c) => (
                <li key={c.href} class="cited">
                  <span class="kind">{CITED_LABEL[c.kind]}</span>
                  {c.source && <span class="source"> · {c.source}</span>}
                  <br />
                  {safeHref(c.href) ? (
                    <a href={safeHref(c.href)} target="_blank" rel="noopener noreferrer">
                      {c.text}
                    </a>
                  ) : (
                    c.text
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      </div>
      </div>
    </aside>
  );
}

/** The two views: context from the knowledge base, and the reader's own. */
function Tabs({ view, onView }: { view: View; onView: (v: View) => void }) {
  const tabs: [View, string][] = [
    ['context', 'Context'],
    ['yours', 'Notes & related'],
  ];
  const onKeyDown = (ev: KeyboardEvent) => {
    if (ev.key !== 'ArrowLeft' && ev.key !== 'ArrowRight') return;
    ev.preventDefault();
    const next = view === 'context' ? 'yours' : 'context';
    onView(next);
    ((ev.currentTarget as HTMLElement).querySelector(`[data-view="${next}"]`) as HTMLElement | null)?.focus();
  };
  return (
    <div class="tabs" role="tablist" aria-label="Companion views" onKeyDown={onKeyDown}>
      {tabs.map(([v, label]) => (
        <button key={v} type="button" role="tab" data-view={v} aria-selected={view === v ? 'true' : 'false'} aria-controls={`anl-view-${v}`} tabIndex={view === v ? 0 : -1} onClick={() => onView(v)}>
          {label}
        </button>
      ))}
    </div>
  );
}
