/**
 * The reports an article itself cites: outbound links classified by where they point (a news
 * outlet, a filing or official text, a paper, a company's own announcement) or by what their text
 * names. Only http(s) links; the page's own site is not a citation.
 */
import type { KbEntity } from '../kb/types';

export type CitedKind = 'report' | 'filing' | 'paper' | 'announcement';
export interface CitedReport {
  href: string;
  text: string;
  kind: CitedKind;
  /** The outlet or company the link belongs to, when the knowledge base knows it. */
  source: string | null;
}

/** Hosts of filings and official texts (courts, registers, governments, the EU). */
const FILING_HOSTS = /(?:^|\.)(?:sec\.gov|federalregister\.gov|govinfo\.gov|regulations\.gov|courtlistener\.com|uscourts\.gov|supremecourt\.gov|congress\.gov|whitehouse\.gov|commerce\.gov|bis\.gov|bis\.doc\.gov|ftc\.gov|justice\.gov|europa\.eu|gov\.uk|legislation\.gov\.uk|leginfo\.legislature\.ca\.gov|gov\.cn|miit\.gov\.cn|cac\.gov\.cn)$/;
const PAPER_HOSTS = /(?:^|\.)(?:arxiv\.org|doi\.org|openreview\.net|aclanthology\.org|nature\.com|science\.org|proceedings\.mlr\.press|papers\.nips\.cc|neurips\.cc|ssrn\.com)$/;
/** Link text that says it is a report, whoever published it. */
const REPORT_WORDS = /\b(?:report(?:ed|s)?|according to|first reported|told|filing|filed|lawsuit|complaint|ruling|order|paper|study|statement|announced|press release|letter)\b/i;
/** At most this many citations are listed: an article with hundreds of links is a link farm. */
const MAX_CITED = 30;

const hostOf = (url: string): string | null => {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.hostname.replace(/^www\./, '').toLowerCase() : null;
  } catch {
    return null;
  }
};

export interface SiteIndex {
  /** Host (without www.) → the outlet or company entity that owns it. */
  byHost: Map<string, KbEntity>;
  /** Outlet names and aliases, longest first, for matching link text. */
  outletNames: { re: RegExp; entity: KbEntity }[];
}

export function siteIndex(entities: readonly KbEntity[]): SiteIndex {
  const byHost = new Map<string, KbEntity>();
  const outletNames: { re: RegExp; entity: KbEntity }[] = [];
  for (const e of entities) {
    if (e.type !== 'outlet' && e.type !== 'company') continue;
    const host = e.links.official ? hostOf(e.links.official) : null;
    if (host && !byHost.has(host)) byHost.set(host, e);
    if (e.type === 'outlet') {
      for (const a of e.aliases) if (!a.ambiguous && a.text.length > 3) outletNames.push({ re: new RegExp(`\\b${a.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`), entity: e });
    }
  }
  outletNames.sort((a, b) => b.re.source.length - a.re.source.length);
  return { byHost, outletNames };
}

/** The entity that owns a host, trying parent domains too (news.bloomberg.com → bloomberg.com). */
function owner(idx: SiteIndex, host: string): KbEntity | undefined {
  const parts = host.split('.');
  for (let i = 0; i < parts.length - 1; i++) {
    const e = idx.byHost.get(parts.slice(i).join('.'));
    if (e) return e;
  }
  return undefined;
}

/** The news outlet whose site an address is on (www.ft.com → the Financial Times), if the knowledge base knows it. */
export function siteOutlet(pageUrl: string, idx: SiteIndex): KbEntity | null {
  const host = hostOf(pageUrl);
  const e = host ? owner(idx, host) : undefined;
  return e?.type === 'outlet' ? e : null;
}

export function citedReports(links: { href: string; text: string }[], pageUrl: string, idx: SiteIndex): CitedReport[] {
  const own = hostOf(pageUrl);
  const seen = new Set<string>();
  const out: CitedReport[] = [];
  for (const l of links) {
    const host = hostOf(l.href);
    if (!host || (own && (host === own || host.endsWith(`.${own}`) || own.endsWith(`.${host}`)))) continue;
    const key = l.href.replace(/#.*$/, '');
    if (seen.has(key)) continue;
    const site = owner(idx, host);
    const named = idx.outletNames.find((n) => n.re.test(l.text))?.entity;
    let kind: CitedKind | null = null;
    if (FILING_HOSTS.test(host) || /\.gov$/.test(host)) kind = 'filing';
    else if (PAPER_HOSTS.test(host)) kind = 'paper';
    else if (site?.type === 'outlet' || named) kind = 'report';
    else if (site?.type === 'company') kind = 'announcement';
    else if (REPORT_WORDS.test(l.text)) kind = 'report';
    if (!kind) continue;
    seen.add(key);
    out.push({ href: l.href, text: l.text || host, kind, source: (site ?? named)?.name ?? null });
    if (out.length >= MAX_CITED) break;
  }
  return out;
}
