/**
 * What an entity's card says: summary, key facts, relations as links to other entities, lineage
 * for models, status and timeline for policies, disputes as claims with their status, and outbound
 * links. Built from the knowledge base alone (no page data), so it may be drawn in the page.
 */
import type { EntityType, KbEntity } from './types';

export interface CardRef {
  id: string;
  name: string;
}
export interface CardFact {
  label: string;
  value: string;
  /** The entity the value names, when it is one: the card links to it. */
  ref?: CardRef;
  /** The page that states this fact (the entity's `sources`), when it cites one. */
  source?: string;
}
export interface CardRelation {
  label: string;
  refs: (CardRef & { date?: string })[];
}
export interface CardDispute {
  /** Who makes the claim and against whom. */
  claimant: CardRef;
  respondent: CardRef;
  kind: 'lawsuit' | 'distillation';
  status: string;
  date?: string;
  note?: string;
  source?: string;
}
export interface CardLink {
  label: string;
  href: string;
}
/** A fact that held for a while (a role, a parent, a policy's status), as the card shows it. */
export interface CardPeriod {
  fact: string;
  /** "CEO", "in force", "replaced". */
  value: string;
  /** The organisation of a role, the parent company. */
  org?: CardRef;
  /** The policy that replaced or froze this one. */
  by?: CardRef;
  start: string;
  end?: string;
  source: string;
}
export interface EntityCardView {
  id: string | null;
  name: string;
  type: EntityType;
  summary: string | null;
  facts: CardFact[];
  relations: CardRelation[];
  disputes: CardDispute[];
  timeline: { date: string; text: string; source?: string }[];
  links: CardLink[];
  /** Facts with a start and an end, oldest first: `timeAware` reads them against an article's date. */
  periods: CardPeriod[];
  /** Set when the entity was found by its shape or NLP and is not in the knowledge base. */
  unknown: boolean;
}

/** How many related entities a card lists per relation before it stops. */
const MAX_REFS = 12;

const LINK_LABELS: Record<string, string> = { official: 'Official site', wikipedia: 'Wikipedia', wikidata: 'Wikidata', source: 'Source' };
const FACT_LABELS: Record<string, string> = {
  hq: 'Headquarters', founded: 'Founded', kind: 'Kind', parent: 'Parent', maker: 'Maker', family: 'Family', released: 'Released',
  openWeights: 'Open weights', modality: 'Modality', jurisdiction: 'Jurisdiction', status: 'Status', date: 'Date', body: 'Issued by',
  role: 'Role', org: 'Organisation', since: 'Since', announced: 'Announced', generation: 'Generation',
};
/** What a card calls each type of entity. */
export const TYPE_LABELS: Record<EntityType, string> = {
  company: 'Company', model: 'Model', policy: 'Policy', agency: 'Agency', person: 'Person', outlet: 'News outlet', organization: 'Organisation', hardware: 'Hardware',
};
const REF_FACTS = new Set(['parent', 'maker', 'family', 'body', 'org']);

/** Reverse lookups over the knowledge base, built once per knowledge base. */
export class KbIndex {
  readonly byId = new Map<string, KbEntity>();
  private readonly inbound = new Map<string, { from: KbEntity; type: string; date?: string; status?: string; note?: string; source?: string }[]>();
  private readonly byFact = new Map<string, KbEntity[]>();

  constructor(readonly entities: readonly KbEntity[]) {
    for (const e of entities) this.byId.set(e.id, e);
    for (const e of entities) {
      for (const r of e.relations ?? []) {
        const list = this.inbound.get(r.target) ?? [];
        list.push({ from: e, type: r.type, date: r.date, status: r.status, note: r.note, source: r.source });
        this.inbound.set(r.target, list);
      }
      for (const k of REF_FACTS) {
        const v = e.facts?.[k];
        if (typeof v !== 'string') continue;
        const key = `${k}:${v}`;
        this.byFact.set(key, [...(this.byFact.get(key) ?? []), e]);
      }
    }
  }

  ref(id: string): CardRef | undefined {
    const e = this.byId.get(id);
    return e && { id: e.id, name: e.name };
  }
  /** Entities whose fact `key` names `id` (models whose maker is a company …). */
  withFact(key: string, id: string): KbEntity[] {
    return this.byFact.get(`${key}:${id}`) ?? [];
  }
  into(id: string, type: string) {
    return (this.inbound.get(id) ?? []).filter((r) => r.type === type);
  }
}

const show = (v: string | number | boolean): string => (typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v));

export function cardFor(idx: KbIndex, id: string): EntityCardView | null {
  const e = idx.byId.get(id);
  if (!e) return null;
  const facts: CardFact[] = [];
  for (const [k, v] of Object.entries(e.facts ?? {})) {
    if (k === 'kind' && (e.type === 'model' || e.type === 'hardware')) continue;
    const ref = REF_FACTS.has(k) && typeof v === 'string' ? idx.ref(v) : undefined;
    const source = e.sources?.[k];
    facts.push({ label: FACT_LABELS[k] ?? k, value: ref ? ref.name : show(v), ...(ref ? { ref } : {}), ...(source ? { source } : {}) });
  }
  // a model found under a family inherits the family's maker when it names none
  if (e.type === 'model' && !e.facts?.maker && typeof e.facts?.family === 'string') {
    const maker = idx.byId.get(e.facts.family)?.facts?.maker;
    const ref = typeof maker === 'string' ? idx.ref(maker) : undefined;
    if (ref) facts.unshift({ label: 'Maker', value: ref.name, ref });
  }

  const relations: CardRelation[] = [];
  const add = (label: string, refs: (CardRef & { date?: string })[]) => {
    const list = refs.filter((r, i) => refs.findIndex((x) => x.id === r.id) === i).slice(0, MAX_REFS);
    if (list.length) relations.push({ label, refs: list });
  };
  const out = (type: string) => (e.relations ?? []).filter((r) => r.type === type).map((r) => ({ ...idx.ref(r.target)!, ...(r.date ? { date: r.date } : {}) })).filter((r) => r.id);
  const inn = (type: string) => idx.into(e.id, type).map((r) => ({ id: r.from.id, name: r.from.name, ...(r.date ? { date: r.date } : {}) }));
  const facted = (key: string) => idx.withFact(key, e.id).map((x) => ({ id: x.id, name: x.name }));

  switch (e.type) {
    case 'company':
      add('Models and products', [...out('makes'), ...facted('maker').filter((x) => idx.byId.get(x.id)?.type !== 'hardware')]);
      add('Chips & systems', facted('maker').filter((x) => idx.byId.get(x.id)?.type === 'hardware'));
      add('Led by', [...inn('leads'), ...facted('org').filter((p) => idx.byId.get(p.id)?.type === 'person')]);
      add('Subsidiaries', [...inn('subsidiary-of'), ...facted('parent')]);
      add('Investors', inn('invests-in'));
      add('Invests in', out('invests-in'));
      add('Regulated by', inn('regulates'));
      add('Licenses content from', inn('licenses-content-to'));
      break;
    case 'model': {
      add('Predecessor', out('successor-of'));
      add('Successor', inn('successor-of'));
      if (e.facts?.kind === 'family') add('Members', [...facted('family'), ...inn('member-of-family')]);
      break;
    }
    case 'person':
      add('Leads', out('leads'));
      break;
    case 'agency':
    case 'organization':
      add('Led by', inn('leads'));
      add('Regulates', out('regulates'));
      add('Instruments', facted('body'));
      break;
    case 'hardware':
      add('Predecessor', out('successor-of'));
      add('Successor', inn('successor-of'));
      if (e.facts?.kind === 'family') add('Members', facted('family'));
      add('Export rules that name it', out('restricted-by'));
      break;
    case 'policy':
      add('Chips it names', inn('restricted-by'));
      break;
    case 'outlet':
      add('Licenses content to', out('licenses-content-to'));
      break;
  }

  const disputes: CardDispute[] = [];
  const dispute = (kind: 'sued-by' | 'accused-of-distilling', respondent: KbEntity, claimantId: string, r: { date?: string; status?: string; note?: string; source?: string }) => {
    const claimant = idx.ref(claimantId);
    if (!claimant) return;
    disputes.push({
      claimant,
      respondent: { id: respondent.id, name: respondent.name },
      kind: kind === 'sued-by' ? 'lawsuit' : 'distillation',
      status: r.status ?? 'alleged',
      ...(r.date ? { date: r.date } : {}),
      ...(r.note ? { note: r.note } : {}),
      ...(r.source ? { source: r.source } : {}),
    });
  };
  for (const kind of ['sued-by', 'accused-of-distilling'] as const) {
    for (const r of (e.relations ?? []).filter((x) => x.type === kind)) dispute(kind, e, r.target, r);
    for (const r of idx.into(e.id, kind)) dispute(kind, r.from, e.id, r);
  }

  return {
    id: e.id,
    name: e.name,
    type: e.type,
    summary: e.summary,
    facts,
    relations,
    disputes,
    timeline: [...(e.timeline ?? [])].sort((a, b) => a.date.localeCompare(b.date)),
    links: linksOf(e),
    periods: (e.periods ?? [])
      .map((p) => ({
        fact: p.fact,
        value: p.value,
        ...(p.org && idx.ref(p.org) ? { org: idx.ref(p.org) } : {}),
        ...(p.by && idx.ref(p.by) ? { by: idx.ref(p.by) } : {}),
        start: p.start,
        ...(p.end ? { end: p.end } : {}),
        source: p.source,
      }))
      .sort((a, b) => a.start.localeCompare(b.start)),
    unknown: false,
  };
}

/** Outbound links, http(s) only, Wikidata ids turned into addresses. */
export function linksOf(e: KbEntity): CardLink[] {
  const out: CardLink[] = [];
  for (const [k, v] of Object.entries(e.links)) {
    const href = k === 'wikidata' && /^Q\d+$/.test(v) ? `https://www.wikidata.org/wiki/${v}` : v;
    if (/^https?:\/\//.test(href)) out.push({ label: LINK_LABELS[k] ?? k.charAt(0).toUpperCase() + k.slice(1), href });
  }
  return out;
}

/** The card of a name the knowledge base does not hold: what its shape tells (a Qwen model, so by Alibaba). */
export function cardForUnknown(idx: KbIndex, name: string, type: EntityType, familyId: string | null): EntityCardView {
  const facts: CardFact[] = [];
  const family = familyId ? idx.byId.get(familyId) : undefined;
  if (family) {
    const maker = typeof family.facts?.maker === 'string' ? idx.ref(family.facts.maker) : undefined;
    if (maker) facts.push({ label: 'Maker', value: maker.name, ref: maker });
    facts.push({ label: 'Family', value: family.name, ref: { id: family.id, name: family.name } });
  }
  return { id: null, name, type, summary: null, facts, relations: [], disputes: [], timeline: [], links: [], periods: [], unknown: true };
}

/** One line of a time-aware card: what it says, the entity it names, and its source. */
export interface TimeLine {
  /** "At the time", "Since Dec 2025", "Ended Mar 2026", "From Aug 2027". */
  when: string;
  text: string;
  ref?: CardRef;
  source: string;
}
export interface TimeAware {
  /** What held on the article's date. */
  then: TimeLine[];
  /** What changed between the article's date and today, oldest first. */
  since: TimeLine[];
  /** For a policy the article met as signed or in force: whether it still stands today (false: frozen, replaced, rescinded …); null when the card cannot tell. */
  stillInForce: boolean | null;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** "2025-12" → "Dec 2025", "2026-05-14" → "14 May 2026", "2016" → "2016". */
export function shortMonth(date: string): string {
  const [y, m, d] = date.split('-');
  if (!m) return y!;
  const mon = MONTHS[Number(m) - 1] ?? m;
  return d ? `${Number(d)} ${mon} ${y}` : `${mon} ${y}`;
}
/** A partial date as the first day it can mean, so "2025-12" sorts before "2025-12-10". */
const day = (date: string) => (date + '-01-01').slice(0, 10);
/** True when the period held on `d` (a YYYY-MM-DD day): started on or before it, not yet ended. */
const holds = (p: CardPeriod, d: string) => day(p.start) <= d && (!p.end || d < day(p.end));
/** Status words under which a rule stands (enacted, perhaps not yet applying): an article describing it then may no longer be right. */
const STANDS = new Set(['signed', 'in force', 'delayed']);

function periodText(p: CardPeriod): { text: string; ref?: CardRef } {
  // "staff": the source names no title, only where the person works
  if (p.fact === 'role' && p.value === 'staff') return p.org ? { text: `at ${p.org.name}`, ref: p.org } : { text: p.value };
  if (p.fact === 'role') return p.org ? { text: `${p.value} at ${p.org.name}`, ref: p.org } : { text: p.value };
  if (p.fact === 'parent') return p.org ? { text: `${p.value} ${p.org.name}`, ref: p.org } : { text: p.value };
  if (p.by) return { text: `${p.value} by ${p.by.name}`, ref: p.by };
  return { text: p.value };
}
const line = (when: string, p: CardPeriod): TimeLine => ({ when, ...periodText(p), source: p.source });

/**
 * What a card read on an article of date `at` says about time: the roles, owners or status that held
 * then, and what changed since ("At the time: CEO of Groq · Since Dec 2025: Chief Software Architect
 * of Nvidia"). `at` is the article's published date (any ISO form, or null when unknown: then the card
 * reads as of `today`). Returns null when the entity has no periods.
 */
export function timeAware(card: Pick<EntityCardView, 'periods' | 'type'>, at: string | null, today: string): TimeAware | null {
  if (!card.periods.length) return null;
  const now = today.slice(0, 10);
  const parsed = at && /^\d{4}-\d{2}-\d{2}/.test(at) ? at.slice(0, 10) : null;
  const d = parsed && parsed < now ? parsed : now;
  const then = card.periods.filter((p) => holds(p, d));
  const since: (TimeLine & { key: string })[] = [];
  for (const p of card.periods) {
    if (day(p.start) <= d) continue;
    const when = day(p.start) > now ? `From ${shortMonth(p.start)}` : p.end && day(p.end) <= now ? `${shortMonth(p.start)} to ${shortMonth(p.end)}` : `Since ${shortMonth(p.start)}`;
    since.push({ key: day(p.start), ...line(when, p) });
  }
  // a period that held then and ended since, with nothing of its kind after it, says that it ended
  for (const p of then) {
    if (!p.end || day(p.end) > now) continue;
    const followed = card.periods.some((q) => q !== p && q.fact === p.fact && day(q.start) > d && (p.fact !== 'role' || !p.org || q.org?.id === p.org.id || !q.org));
    if (!followed) since.push({ key: day(p.end), ...line(`Ended ${shortMonth(p.end)}`, p) });
  }
  since.sort((x, y) => x.key.localeCompare(y.key));
  const status = (x: string) => card.periods.filter((p) => p.fact === 'status' && holds(p, x));
  const thenStatus = status(d);
  const nowStatus = status(now);
  const stillInForce = card.type === 'policy' && thenStatus.some((p) => STANDS.has(p.value)) && nowStatus.length ? nowStatus.some((p) => STANDS.has(p.value)) : null;
  return { then: then.map((p) => line(d === now ? 'Now' : 'At the time', p)), since: since.map(({ key: _key, ...l }) => l), stillInForce };
}

/**
 * How each way of finding an entity reads on its card, after "Why linked:". Written for a reader who
 * reports a wrong label: what matched, in plain words, with an example of the rule.
 */
const WHY_WORDS: Record<string, string> = {
  'pattern:model-version': 'shape of a versioned model name',
  'pattern:model-name': 'a name and version introduced by an AI company or a cue word ("model", "chatbot")',
  'pattern:hardware-code': 'shape of a chip code next to its maker, family or a chip word ("Nvidia B400", "TPU v8")',
  'pattern:policy': 'shape of a policy name ("… Act", "Executive Order …", a bill number, a named rule)',
  'pattern:org-head': 'head word of an organisation name ("Department", "Committee", "Inc")',
  'pattern:credit': 'a byline or photo credit',
  'pattern:title': 'a title right before the name ("CEO", "Senator")',
  'nlp:person': "the language tagger read it as a person's name",
  'nlp:surname': 'surname of a person named in full earlier in the article',
};
/** At most this many alias texts are quoted: the line stays one short sentence. */
const MAX_WHY_ALIASES = 3;

/**
 * The "Why linked: …" line of a card, from the reasons the extractor recorded (`Entity.why`), the
 * texts it matched and, for a knowledge-base alias, whether that alias needed context: an ambiguous
 * name ("Claude", "Blackwell") is linked only in an AI story or next to a related name.
 */
export function whyLinked(why: readonly string[], mentionTexts: readonly string[], opts: { entity?: KbEntity; family?: string | null } = {}): string {
  const parts: string[] = [];
  for (const w of why) {
    if (w === 'kb-alias') {
      const aliases = opts.entity?.aliases ?? [];
      const shown = mentionTexts.slice(0, MAX_WHY_ALIASES);
      const ambiguous = shown.some((t) => aliases.some((a) => a.ambiguous && a.text === t));
      const quoted = shown.map((t) => `"${t}"`).join(', ');
      parts.push(`knowledge-base alias ${quoted}${ambiguous ? ' (a name with other meanings, linked from the AI context around it)' : ''}`);
    } else if (w === 'pattern:model-version' && opts.family) parts.push(`${WHY_WORDS[w]} (${opts.family} family)`);
    else parts.push(WHY_WORDS[w] ?? w);
  }
  return `Why linked: ${parts.length ? parts.join('; ') : 'no reason recorded'}.`;
}
