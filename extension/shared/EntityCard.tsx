import { timeAware, type CardRef, type EntityCardView, type TimeLine } from '../../src/kb/cards';

/** Only http(s) addresses become links; anything else is shown as text or dropped. */
export const safeHref = (href: string | undefined): string | undefined => (href && /^https?:\/\//i.test(href) ? href : undefined);

const STATUS_WORDS: Record<string, string> = {
  alleged: 'alleged',
  denied: 'denied',
  settled: 'settled',
  ruled: 'ruled on',
  pending: 'pending',
  dismissed: 'dismissed',
};

export interface EntityCardProps {
  card: EntityCardView;
  /** Opens another entity's card (a relation, a maker, a family). */
  onOpen: (ref: CardRef) => void;
  /** Why the mention was linked ("Why linked: knowledge-base alias \"H100\"."), when the card is opened from an article. */
  why?: string;
  /** The article's published date: the card says what held then and what changed since. */
  at?: string | null;
  /** Today (YYYY-MM-DD); tests pass it, the default is the clock. */
  today?: string;
}

function RefButton({ r, onOpen }: { r: CardRef; onOpen: (ref: CardRef) => void }) {
  return (
    <button type="button" class="ref" onClick={() => onOpen(r)}>
      {r.name}
    </button>
  );
}

function TimeLines({ lines, onOpen }: { lines: TimeLine[]; onOpen: (ref: CardRef) => void }) {
  return (
    <>
      {lines.map((l, i) => (
        <span key={i} class="when-line">
          {i > 0 && ' · '}
          <strong>{l.when}:</strong> {l.ref ? l.text.slice(0, l.text.length - l.ref.name.length) : l.text}
          {l.ref && <RefButton r={l.ref} onOpen={onOpen} />}{' '}
          {safeHref(l.source) && (
            <a href={safeHref(l.source)} target="_blank" rel="noopener noreferrer" class="src">
              source
            </a>
          )}
        </span>
      ))}
    </>
  );
}

/** An entity's card: summary, what held at the article's date and since, key facts, relations (each opens its card), disputes as claims, timeline, links. */
export function EntityCard({ card, onOpen, why, at = null, today = new Date().toISOString().slice(0, 10) }: EntityCardProps) {
  const time = timeAware(card, at, today);
  return (
    <div class="card" data-card-id={card.id ?? ''}>
      {why && <p class="card-why">{why}</p>}
      {time && (time.then.length > 0 || time.since.length > 0) && (
        <p class="card-time" data-still-in-force={time.stillInForce === null ? '' : String(time.stillInForce)}>
          <TimeLines lines={[...time.then, ...time.since]} onOpen={onOpen} />
          {time.stillInForce === false && <strong class="no-longer"> · Not in force today</strong>}
        </p>
      )}
      {card.summary ? <p class="card-summary">{card.summary}</p> : card.facts.length > 0 && <p class="card-summary unknown">What its name tells:</p>}
      {card.facts.length > 0 && (
        <dl class="facts">
          {card.facts.map((f) => (
            <div key={f.label} class="fact" data-fact={f.label}>
              <dt>{f.label}</dt>
              <dd>
                {f.ref ? <RefButton r={f.ref} onOpen={onOpen} /> : f.value}
                {safeHref(f.source) && (
                  <>
                    {' '}
                    <a href={safeHref(f.source)} target="_blank" rel="noopener noreferrer" class="src" aria-label={`Source for ${f.label}`}>
                      source
                    </a>
                  </>
                )}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {card.relations.map((rel) => (
        <div key={rel.label} class="relation">
          <h4>{rel.label}</h4>
          <ul class="refs">
            {rel.refs.map((r) => (
              <li key={r.id}>
                <RefButton r={r} onOpen={onOpen} />
                {r.date && <span class="date"> {r.date}</span>}
              </li>
            ))}
          </ul>
        </div>
      ))}
      {card.disputes.length > 0 && (
        <div class="relation disputes">
          <h4>Disputes</h4>
          <ul>
            {card.disputes.map((d, i) => (
              <li key={i} class="dispute">
                <RefButton r={d.claimant} onOpen={onOpen} /> {d.kind === 'lawsuit' ? 'sued' : 'accuses'} <RefButton r={d.respondent} onOpen={onOpen} />
                {d.kind === 'distillation' ? ' of distilling its models' : ''} — <strong>{STATUS_WORDS[d.status] ?? d.status}</strong>
                {d.date && <span class="date"> ({d.date})</span>}
                {d.note && <span class="note"> {d.note}</span>}
                {safeHref(d.source) && (
                  <>
                    {' '}
                    <a href={safeHref(d.source)} target="_blank" rel="noopener noreferrer">
                      source
                    </a>
                  </>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {card.timeline.length > 0 && (
        <div class="relation timeline">
          <h4>Timeline</h4>
          <ol>
            {card.timeline.map((t) => (
              <li key={t.date + t.text}>
                <span class="date">{t.date}</span> {t.text}
              </li>
            ))}
          </ol>
        </div>
      )}
      {card.links.length > 0 && (
        <p class="links">
          {card.links.map((l) =>
            safeHref(l.href) ? (
              <a key={l.href} href={safeHref(l.href)} target="_blank" rel="noopener noreferrer">
                {l.label}
              </a>
            ) : null,
          )}
        </p>
      )}
    </div>
  );
}

/** Card styles shared by the sidebar (inside its shadow root) and the library page. */
export const CARD_CSS = `
.card { margin-top: 6px; font-size: 13px; }
.card-summary { margin: 0 0 6px; }
.card-time { margin: 0 0 6px; font-size: 12px; }
.card-time .src { color: var(--accent); font-size: 11px; }
.card-why { margin: 0 0 6px; color: var(--muted); font-size: 12px; }
.card-summary.unknown { color: var(--muted); font-style: italic; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 6px 0; }
.fact { display: contents; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; }
.relation h4 { margin: 8px 0 2px; font-size: 12px; color: var(--muted); font-weight: 650; }
.relation ul, .relation ol { margin: 0; padding-left: 16px; }
.refs { list-style: none; padding-left: 0 !important; display: flex; flex-wrap: wrap; gap: 4px; }
button.ref { font: inherit; color: var(--accent); background: var(--chip); border: 0; border-radius: 4px; padding: 1px 6px; cursor: pointer; }
button.ref:hover { text-decoration: underline; }
.date { color: var(--muted); font-size: 12px; }
.note { color: var(--muted); }
.links { display: flex; gap: 10px; flex-wrap: wrap; margin: 8px 0 0; }
.links a, .dispute a { color: var(--accent); }
`;
