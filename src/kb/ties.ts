/**
 * Outlet ties (issue #15): the commercial and legal ties between the news organisation that
 * published an article and the AI companies the article is about: content-licensing deals, stakes,
 * lawsuits. The companion's header names them ("The New York Times is suing OpenAI (since Dec
 * 2023)"), each with its source, so a reader knows the outlet has a stake in the story.
 *
 * Workflow of `outletTies`:
 * 1. The parties on the outlet's side: the outlet itself and its owners (`facts.parent`,
 *    `subsidiary-of`), since a deal or a suit is often signed by the owner (Dow Jones, News Corp).
 * 2. For each party, the companies' ties to it (`sued-by` the party, `invests-in` the party), then
 *    its own ties to a company of the article (`licenses-content-to`, `invests-in`).
 * 3. One tie per party and company and kind, in the order the article's companies come in; at most
 *    MAX_TIES, each with a line in plain words.
 */
import type { KbEntity, KbRelation } from './types';

/** The header has room for a few lines; an article naming a dozen companies gets the first ones. */
const MAX_TIES = 3;

export type TieKind = 'licensing' | 'lawsuit' | 'stake';

export interface OutletTie {
  kind: TieKind;
  /** The outlet of the article. */
  outlet: { id: string; name: string };
  /** The party to the tie on the outlet's side: the outlet, or its owner. */
  party: { id: string; name: string };
  /** The company of the article. */
  company: { id: string; name: string };
  /** For a stake: who holds it. */
  holder?: 'party' | 'company';
  date: string | null;
  /** For a lawsuit: where it stands (pending, settled, dismissed, ruled, ...). */
  status: string | null;
  note: string | null;
  source: string | null;
  /** The tie in plain words, e.g. "The New York Times is suing OpenAI (since Dec 2023)". */
  line: string;
}

interface KbView {
  byId: ReadonlyMap<string, KbEntity>;
  entities: readonly KbEntity[];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2023-12-27" → "Dec 2023"; "2024" → "2024". */
export function monthYear(date: string): string {
  const m = /^(\d{4})(?:-(\d{2}))?/.exec(date);
  if (!m) return date;
  const month = m[2] ? MONTHS[Number(m[2]) - 1] : undefined;
  return month ? `${month} ${m[1]}` : m[1]!;
}

function lineOf(kind: TieKind, party: KbEntity, outlet: KbEntity, company: KbEntity, r: KbRelation, holder?: 'party' | 'company'): string {
  // an owner is introduced by what it owns: "Dow Jones, owner of The Wall Street Journal, ..."
  const who = party.id === outlet.id ? party.name : `${party.name}, owner of ${outlet.name},`;
  const when = r.date ? monthYear(r.date) : null;
  switch (kind) {
    case 'licensing':
      return `${who} licenses its content to ${company.name}${when ? ` (deal of ${when})` : ''}`;
    case 'stake':
      return holder === 'party' ? `${who} has a stake in ${company.name}${when ? ` (since ${when})` : ''}` : `${company.name} has a stake in ${who.replace(/,$/, '')}${when ? ` (since ${when})` : ''}`;
    case 'lawsuit': {
      const status = r.status ?? 'pending';
      if (status === 'settled') return `${who} settled its lawsuit against ${company.name}${when ? ` (filed ${when})` : ''}`;
      if (status === 'dismissed') return `${who} sued ${company.name}; the case was dismissed${when ? ` (filed ${when})` : ''}`;
      if (status === 'ruled') return `${who} sued ${company.name}; a court has ruled${when ? ` (filed ${when})` : ''}`;
      return `${who} is suing ${company.name}${when ? ` (since ${when})` : ''}`;
    }
  }
}

/** The owners of an outlet, by `facts.parent` and `subsidiary-of`. */
function ownersOf(kb: KbView, outlet: KbEntity): KbEntity[] {
  const ids = new Set<string>();
  if (typeof outlet.facts?.['parent'] === 'string') ids.add(outlet.facts['parent']);
  for (const r of outlet.relations ?? []) if (r.type === 'subsidiary-of') ids.add(r.target);
  return [...ids].map((id) => kb.byId.get(id)).filter((e): e is KbEntity => !!e);
}

/**
 * The ties between an article's outlet (`outletId`, null when the site is not a known outlet) and
 * the companies it is about (`aboutIds`, most mentioned first; ids that are not companies are skipped).
 */
export function outletTies(kb: KbView, outletId: string | null, aboutIds: readonly string[]): OutletTie[] {
  const outlet = outletId ? kb.byId.get(outletId) : undefined;
  if (!outlet || outlet.type !== 'outlet') return [];
  // 1. the outlet and its owners
  const parties = [outlet, ...ownersOf(kb, outlet)];
  const companies = [...new Set(aboutIds)].map((id) => kb.byId.get(id)).filter((e): e is KbEntity => e?.type === 'company');
  const ties: OutletTie[] = [];
  const seen = new Set<string>();
  const push = (kind: TieKind, party: KbEntity, company: KbEntity, r: KbRelation, holder?: 'party' | 'company') => {
    // 3. one tie per party, company and kind (an owner's deal and the outlet's own are both kept)
    const key = `${kind}|${party.id}|${company.id}`;
    if (seen.has(key)) return;
    seen.add(key);
    ties.push({
      kind,
      outlet: { id: outlet.id, name: outlet.name },
      party: { id: party.id, name: party.name },
      company: { id: company.id, name: company.name },
      ...(holder ? { holder } : {}),
      date: r.date ?? null,
      status: kind === 'lawsuit' ? (r.status ?? 'pending') : null,
      note: r.note ?? null,
      source: r.source ?? null,
      line: lineOf(kind, party, outlet, company, r, holder),
    });
  };
  // 2. ties either way between each party and each company of the article
  for (const company of companies) {
    for (const party of parties) {
      if (party.id === company.id) continue;
      // a lawsuit first: it is what a reader most needs to know of the outlet's stake in the story
      for (const r of company.relations ?? []) {
        if (r.target !== party.id) continue;
        if (r.type === 'sued-by') push('lawsuit', party, company, r);
        else if (r.type === 'invests-in') push('stake', party, company, r, 'company');
      }
      for (const r of party.relations ?? []) {
        if (r.target !== company.id) continue;
        if (r.type === 'licenses-content-to') push('licensing', party, company, r);
        else if (r.type === 'invests-in') push('stake', party, company, r, 'party');
      }
    }
    if (ties.length >= MAX_TIES) break;
  }
  return ties.slice(0, MAX_TIES);
}

/**
 * The companies an article is about, most mentioned first: companies it names, and the makers of
 * the models and chips it names (an article about ChatGPT is about OpenAI).
 */
export function aboutCompanies(kb: KbView, entities: readonly { kbId: string | null; mentions: readonly unknown[] }[]): string[] {
  const count = new Map<string, number>();
  for (const e of entities) {
    const k = e.kbId ? kb.byId.get(e.kbId) : undefined;
    if (!k) continue;
    const maker = typeof k.facts?.['maker'] === 'string' ? k.facts['maker'] : undefined;
    const id = k.type === 'company' ? k.id : (k.type === 'model' || k.type === 'hardware') && maker ? maker : undefined;
    if (id) count.set(id, (count.get(id) ?? 0) + e.mentions.length);
  }
  return [...count].sort((a, b) => b[1] - a[1]).map(([id]) => id);
}
