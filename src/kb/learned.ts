/**
 * Learned from your reading (issue #15): names the knowledge base does not know that recur in the
 * reader's articles become provisional entries in the reader's own store, with what the text says
 * they are ("Alibaba's Qwen3.7-Max": a model made by Alibaba; "Nordvik, a Paris-based startup": a
 * company; "its chief executive, Lena Ostrova": a person who leads it), when they were first seen,
 * and the sentences and articles they come from. Kept in the extension's own IndexedDB; nothing
 * leaves the browser.
 *
 * Workflow, per article the reader reads (`observeArticle`):
 *   1. split the text into sentences (src/entities/sentences.ts);
 *   2. in each, look for a statement about a name (STATEMENTS below): a possessive maker, "X, a …
 *      startup", "its chief executive, Y", "Y, chief executive of X";
 *   3. keep a name only when the knowledge base does not know it (`isKnown`), it was not dismissed,
 *      and it is not a word a sentence merely starts with;
 *   4. also keep models the extraction found by their shape with no knowledge-base entry (their
 *      type is stated by the name itself), with a maker when the text gives one;
 *   5. fold them into the store: one entry per name, one article counted once, at most a few
 *      sentences of evidence.
 * An entry is shown from its second article on (`provisional`). *Confirm* turns it into one of the
 * reader's own additions (`confirmedEntity`, src/kb/user.ts); *Dismiss* removes it and keeps its
 * name on a list, so it does not come back.
 *
 * No browser globals: the store is read and written through the key-value seam.
 */
import { sentenceSpans } from '../entities/sentences';
import type { KbEntity } from './types';
import { newUserEntity, type Checked } from './user';

export const LEARNED_KEY = 'learned';
export const LEARNED_VERSION = 1;
/** From this many articles on, an entry is shown: one mention may be a typo or a one-off, two is a pattern. */
export const SHOW_FROM_ARTICLES = 2;
/** Bounds that keep the store small however much the reader reads. */
const MAX_ENTRIES = 1000;
const MAX_ARTICLES = 50;
const MAX_EVIDENCE = 5;
const MAX_SENTENCE = 400;
const MAX_DISMISSED = 5000;

export type LearnedType = 'model' | 'company' | 'person';

/** Another entity an entry is tied to: a knowledge-base id when the text named one it knows. */
export interface LearnedRef {
  id: string | null;
  name: string;
}

/** What a text states about a name: its type and the ties it gives. */
export interface LearnedFacts {
  name: string;
  type: LearnedType;
  /** For a model: who makes it. */
  maker?: LearnedRef;
  /** For a person: the company they lead, and the role the text gives. */
  leads?: LearnedRef;
  role?: string;
  /** For a company: where the text says it is based. */
  basedIn?: string;
}

export interface LearnedEntry extends LearnedFacts {
  /** The name as first written, normalised for lookup in `key`. */
  key: string;
  /** ISO time of the first article that named it. */
  firstSeen: string;
  articles: { url: string; title: string; seen: string }[];
  evidence: { sentence: string; url: string }[];
}

export interface LearnedStore {
  version: 1;
  entries: Record<string, LearnedEntry>;
  /** Keys the reader dismissed: never learned again. */
  dismissed: string[];
}

export const emptyLearned = (): LearnedStore => ({ version: 1, entries: {}, dismissed: [] });

/** One statement about a name found in one sentence. */
export interface Observation extends LearnedFacts {
  sentence: string;
}

/** What the analysis found in the article, as far as learning needs it. */
export interface SeenEntity {
  name: string;
  type: string;
  kbId: string | null;
  familyId?: string | null;
  mentionTexts: string[];
}

export const learnedKey = (name: string) => name.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();

/* ---------------------------------------------------------------- finding statements */

/** A name as articles write one: up to four capitalised words (digits, dots and hyphens inside: "Qwen3.7-Max", "GPT-5.2 Pro"). */
const NAME = String.raw`\p{Lu}[\p{L}\p{N}.+'’&-]*(?:\s(?:\p{Lu}[\p{L}\p{N}.+&-]*|\p{N}[\p{L}\p{N}.+-]*)){0,3}`;
const ROLE = String.raw`chief executive(?: officer)?|CEO|co-?founder|founder|president|chief scientist|chief technology officer|CTO|chair(?:man|woman)?`;
const COMPANY_WORD = String.raw`start-?up|company|firm|lab|laboratory|developer|chipmaker|maker|unicorn`;

/** Words that start sentences or name roles, never an entity of their own. */
const NOT_NAMES = new Set(['the', 'a', 'an', 'its', 'it', 'this', 'that', 'these', 'those', 'their', 'his', 'her', 'our', 'we', 'they', 'he', 'she', 'i', 'ai', 'chief', 'ceo', 'on', 'in', 'at', 'but', 'and', 'or', 'so', 'as', 'by', 'for', 'from', 'with', 'after', 'before', 'when', 'while', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'however', 'meanwhile', 'still', 'yet', 'also', 'instead', 'now', 'today', 'yesterday', 'earlier', 'later', 'separately', 'similarly', 'elsewhere', 'indeed', 'overall', 'instead', 'first', 'second', 'finally', 'last', 'next', 'then', 'there', 'here', 'what', 'why', 'how', 'who']);

/**
 * The statements looked for, each with its reason. `$name` is the entity learned; `$other` the
 * maker or the company led, resolved against the article's entities.
 */
const STATEMENTS: { why: string; re: RegExp; type: LearnedType; tie?: 'maker' | 'leads'; needsDigit?: boolean }[] = [
  // "Alibaba's Qwen3.7-Max", "Mistral's new Lumo 2 model": a possessive before a versioned name states its maker
  { why: 'possessive maker', re: new RegExp(String.raw`(?<other>${NAME})['’]s\s+(?:(?:new|latest|upcoming|flagship|open-source|open-weight|reasoning|AI)\s+){0,3}(?<name>${NAME})`, 'gu'), type: 'model', tie: 'maker', needsDigit: true },
  // "Lumo 2, a new model from Mistral", "…, an AI chatbot made by X"
  { why: 'model from', re: new RegExp(String.raw`(?<name>${NAME}),\s(?:a|an|the)\s(?:[\p{Ll}-]+\s){0,3}(?:model|chatbot|LLM|assistant)\s(?:from|by|made by|built by|developed by)\s(?<other>${NAME})`, 'gu'), type: 'model', tie: 'maker' },
  // "Nordvik, a Paris-based startup", "Nordvik, an AI start-up"
  { why: 'company apposition', re: new RegExp(String.raw`(?<name>${NAME}),\s(?:a|an)\s(?:(?<place>\p{Lu}[\p{L}]+(?:[ -]\p{Lu}[\p{L}]+)?)-based\s)?(?:[\p{L}-]+\s){0,3}(?:${COMPANY_WORD})\b`, 'gu'), type: 'company' },
  // "its chief executive, Lena Ostrova", "its CEO Lena Ostrova": leads the company the sentence is about
  { why: 'its role', re: new RegExp(String.raw`\b[Ii]ts\s(?<role>${ROLE}),?\s(?<name>${NAME})`, 'gu'), type: 'person', tie: 'leads' },
  // "Lena Ostrova, the chief executive of Nordvik"
  { why: 'role of', re: new RegExp(String.raw`(?<name>${NAME}),\s(?:the\s|its\s)?(?<role>${ROLE})\s(?:of|at)\s(?<other>${NAME})`, 'gu'), type: 'person', tie: 'leads' },
];

/** A captured name without what trails it (a closing possessive, punctuation), or null when it is not a name. */
function cleanName(raw: string | undefined): string | null {
  if (!raw) return null;
  const name = raw.replace(/['’]s$/u, '').replace(/[.,;:'’-]+$/u, '').trim();
  if (name.length < 2 || name.length > 80) return null;
  const first = name.split(/\s/)[0]!.toLowerCase();
  if (NOT_NAMES.has(first) || NOT_NAMES.has(name.toLowerCase())) return null;
  return name;
}

/**
 * Statements about names in a text (steps 1 and 2). `resolve` finds the knowledge-base id of a
 * name the article mentions (the maker, the company led), or null.
 */
export function findStatements(text: string, resolve: (name: string) => LearnedRef): Observation[] {
  const out: Observation[] = [];
  const spans = sentenceSpans(text);
  let lastCompany: LearnedRef | null = null;
  for (const span of spans) {
    const sentence = text.slice(span.start, span.end).replace(/\s+/g, ' ').trim();
    if (!sentence) continue;
    // the company a sentence is about, for "its chief executive": the first company named before "its", else the last one before
    const companies: { at: number; ref: LearnedRef }[] = [];
    for (const s of STATEMENTS) {
      s.re.lastIndex = 0;
      for (let m = s.re.exec(sentence); m; m = s.re.exec(sentence)) {
        const g = m.groups ?? {};
        const name = cleanName(g.name);
        if (!name || (s.needsDigit && !/\p{N}/u.test(name))) continue;
        const obs: Observation = { name, type: s.type, sentence: sentence.slice(0, MAX_SENTENCE) };
        if (g.place) obs.basedIn = g.place;
        if (g.role) obs.role = g.role;
        if (s.tie === 'maker') {
          const other = cleanName(g.other);
          if (!other) continue;
          obs.maker = resolve(other);
        }
        if (s.tie === 'leads') {
          const other = cleanName(g.other);
          if (other) obs.leads = resolve(other);
          else {
            const before = companies.filter((c) => c.at < m!.index).at(-1)?.ref ?? companyBefore(sentence.slice(0, m.index), resolve) ?? lastCompany;
            if (!before) continue;
            obs.leads = before;
          }
        }
        if (s.type === 'company') companies.push({ at: m.index, ref: { id: null, name } });
        out.push(obs);
      }
    }
    lastCompany = companies.at(-1)?.ref ?? companyBefore(sentence, resolve) ?? lastCompany;
  }
  return out;
}

/** The last company-like name the article's entities know in a stretch of text (for "its"). */
function companyBefore(text: string, resolve: (name: string) => LearnedRef): LearnedRef | null {
  const names = [...text.matchAll(new RegExp(NAME, 'gu'))].map((m) => cleanName(m[0])).filter((n): n is string => !!n);
  for (const n of names.reverse()) {
    const ref = resolve(n);
    if (ref.id) return ref;
  }
  return null;
}

/* ---------------------------------------------------------------- the store */

export interface ObserveInput {
  url: string;
  title: string;
  /** ISO time of the reading. */
  at: string;
  text: string;
  entities: readonly SeenEntity[];
  /** Whether the knowledge base the reader uses (shipped, a pack, their additions) knows the name. */
  isKnown: (name: string) => boolean;
  /** The id of a company, by name, in the knowledge base the reader uses; null when it knows none. */
  companyId: (name: string) => string | null;
}

/** What one article adds (steps 3 and 4): its statements about unknown names, and its unknown shaped models. */
export function observationsOf(i: ObserveInput): Observation[] {
  const byText = new Map<string, SeenEntity>();
  for (const e of i.entities) for (const t of e.mentionTexts) byText.set(t, e);
  const resolve = (name: string): LearnedRef => {
    const seen = byText.get(name);
    if (seen?.kbId && (seen.type === 'company' || seen.type === 'organization')) return { id: seen.kbId, name: seen.name };
    return { id: i.companyId(name), name: seen?.kbId ? seen.name : name };
  };
  const found = findStatements(i.text, resolve).filter((o) => {
    const seen = byText.get(o.name);
    if (seen?.kbId) return false;
    return !i.isKnown(o.name);
  });
  // step 4: a versioned model found by its shape that nothing above named
  const named = new Set(found.map((o) => learnedKey(o.name)));
  for (const e of i.entities) {
    if (e.type !== 'model' || e.kbId || named.has(learnedKey(e.name)) || i.isKnown(e.name)) continue;
    if (!/\p{N}/u.test(e.name)) continue;
    const at = i.text.indexOf(e.mentionTexts[0] ?? e.name);
    if (at < 0) continue;
    const span = sentenceSpans(i.text).find((s) => s.start <= at && at < s.end);
    const sentence = span ? i.text.slice(span.start, span.end).replace(/\s+/g, ' ').trim().slice(0, MAX_SENTENCE) : e.name;
    found.push({ name: e.name, type: 'model', sentence });
    named.add(learnedKey(e.name));
  }
  return found;
}

/** Folds one article's observations into the store (step 5); returns the new store. The same article read again counts once. */
export function observeArticle(store: LearnedStore, i: ObserveInput): LearnedStore {
  const found = observationsOf(i);
  if (!found.length) return store;
  const next: LearnedStore = { ...store, entries: { ...store.entries } };
  const dismissed = new Set(store.dismissed);
  for (const o of found) {
    const key = learnedKey(o.name);
    if (dismissed.has(key)) continue;
    const had = next.entries[key];
    const e: LearnedEntry = had
      ? { ...had, articles: [...had.articles], evidence: [...had.evidence] }
      : { key, name: o.name, type: o.type, firstSeen: i.at, articles: [], evidence: [] };
    // what a later article states fills in what the first left open; it never overwrites
    if (o.maker && !e.maker && e.type === 'model') e.maker = o.maker;
    if (o.leads && !e.leads && e.type === 'person') e.leads = o.leads;
    if (o.role && !e.role && e.type === 'person') e.role = o.role;
    if (o.basedIn && !e.basedIn && e.type === 'company') e.basedIn = o.basedIn;
    if (!e.articles.some((a) => a.url === i.url)) e.articles.push({ url: i.url, title: i.title.slice(0, 300), seen: i.at });
    if (e.articles.length > MAX_ARTICLES) e.articles.splice(0, e.articles.length - MAX_ARTICLES);
    if (!e.evidence.some((x) => x.sentence === o.sentence) && e.evidence.length < MAX_EVIDENCE) e.evidence.push({ sentence: o.sentence, url: i.url });
    next.entries[key] = e;
  }
  const keys = Object.keys(next.entries);
  if (keys.length > MAX_ENTRIES) {
    // the least seen, oldest first, make room
    const drop = keys.map((k) => next.entries[k]!).sort((a, b) => a.articles.length - b.articles.length || a.firstSeen.localeCompare(b.firstSeen));
    for (const e of drop.slice(0, keys.length - MAX_ENTRIES)) delete next.entries[e.key];
  }
  return next;
}

/** The entries to show: seen in at least two articles, still unknown to the knowledge base, most seen first. */
export function provisional(store: LearnedStore, isKnown: (name: string) => boolean): LearnedEntry[] {
  return Object.values(store.entries)
    .filter((e) => e.articles.length >= SHOW_FROM_ARTICLES && !isKnown(e.name))
    .sort((a, b) => b.articles.length - a.articles.length || a.firstSeen.localeCompare(b.firstSeen));
}

/** *Dismiss*: the entry goes, and its name is not learned again. */
export function dismissLearned(store: LearnedStore, key: string): LearnedStore {
  const entries = { ...store.entries };
  delete entries[key];
  const dismissed = store.dismissed.includes(key) ? store.dismissed : [...store.dismissed, key].slice(-MAX_DISMISSED);
  return { ...store, entries, dismissed };
}

/** *Confirm*: the entry leaves the store (the reader's addition replaces it). */
export function removeLearned(store: LearnedStore, key: string): LearnedStore {
  const entries = { ...store.entries };
  delete entries[key];
  return { ...store, entries };
}

/** The card's line: "From your reading · seen in 3 articles since 18 Nov 2026". */
export function learnedLine(e: LearnedEntry, locale?: string): string {
  const since = new Date(e.firstSeen).toLocaleDateString(locale, { day: 'numeric', month: 'short', year: 'numeric' });
  return `From your reading · seen in ${e.articles.length} article${e.articles.length === 1 ? '' : 's'} since ${since}`;
}

/** What the text says it is, in words: "model by Alibaba", "company based in Paris", "chief executive of Nordvik". */
export function learnedWhat(e: LearnedEntry): string {
  if (e.type === 'model') return e.maker ? `model by ${e.maker.name}` : 'model';
  if (e.type === 'person') return e.leads ? `${e.role ?? 'leads'} ${e.role ? 'of' : ''} ${e.leads.name}`.replace(/\s+/g, ' ') : 'person';
  return e.basedIn ? `company based in ${e.basedIn}` : 'company';
}

/**
 * The reader's own entity for a confirmed entry (src/kb/user.ts): its type, its maker or the
 * company it leads when the knowledge base knows them, and a summary saying where it came from.
 */
export function confirmedEntity(e: LearnedEntry, taken: ReadonlySet<string>, known: ReadonlySet<string>, today: string): Checked<KbEntity> {
  const maker = e.type === 'model' && e.maker?.id && known.has(e.maker.id) ? e.maker.id : undefined;
  const first = e.articles[0];
  const summary = `From your reading: a ${learnedWhat(e)}, first seen ${e.firstSeen.slice(0, 10)}${first ? ` in "${first.title.slice(0, 120)}"` : ''}.`.slice(0, 280);
  const made = newUserEntity({ name: e.name, type: e.type, summary: summary.length >= 10 ? summary : undefined, maker, link: first && /^https?:/.test(first.url) ? first.url : undefined }, taken, today);
  if (!made.ok) return made;
  const entity = made.value;
  if (e.type === 'person' && e.leads?.id && known.has(e.leads.id)) {
    entity.relations = [{ type: 'leads', target: e.leads.id }];
    entity.facts = { ...(entity.facts ?? {}), org: e.leads.id, ...(e.role ? { role: e.role } : {}) };
  }
  return { ok: true, value: entity };
}

/** A stored record as this version reads it; anything unreadable starts empty rather than blocking reading. */
export function migrateLearned(raw: unknown): LearnedStore {
  if (typeof raw !== 'object' || raw === null) return emptyLearned();
  const r = raw as Partial<LearnedStore>;
  if (r.version !== LEARNED_VERSION || typeof r.entries !== 'object' || r.entries === null || !Array.isArray(r.dismissed)) return emptyLearned();
  return { version: 1, entries: { ...r.entries }, dismissed: r.dismissed.filter((d) => typeof d === 'string') };
}
