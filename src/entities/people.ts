/**
 * Finders of people: a one-word alias inside a person's name, the NLP tagger where rules have not
 * explained a name, people after a title, bylines and credits, and surnames that join a full name.
 */
import type { CompiledKb } from './compiled';
import { notAPerson } from './context';
import { spanIndexAt, type Span } from './sentences';
import { isCapitalized, type Token } from './tokens';
import type { NlpSpan, NlpTagger, Reason } from './types';
import { Claims, tokenSpan, type Candidate } from './candidate';
import { NAME_PARTICLES, NOT_NAMES, ROLE_WORDS } from './words';

/** "Michael Bloomberg": a first name right before the word. */
export function followsFirstName(tokens: Token[], i: number, text: string, ck: CompiledKb, isFirstName: (w: string) => boolean): boolean {
  const p = tokens[i - 1];
  return !!p && !p.possessive && text.slice(p.end, tokens[i]!.start) === ' ' && /^\p{Lu}\p{Ll}+$/u.test(p.text) && isFirstName(p.text);
}

/**
 * A one-word alias inside a person's name: followed by a capitalised word that is not part of a
 * model name ("Claude Monet"), or preceded by a first name ("Michael Bloomberg").
 */
export function isPartOfPersonName(tokens: Token[], i: number, text: string, ck: CompiledKb, isFirstName?: (w: string) => boolean): boolean {
  const t = tokens[i]!;
  if (isFirstName && followsFirstName(tokens, i, text, ck, isFirstName)) return true;
  const n = tokens[i + 1];
  // Only a word that is itself a first name starts a person's name ("Claude Monet", not "Amazon Bedrock").
  if (isFirstName && !isFirstName(t.text)) return false;
  if (!n || t.possessive || text.slice(t.end, n.start) !== ' ') return false;
  if (!/^\p{Lu}\p{Ll}+$/u.test(n.text) || ck.tierWords.has(n.text) || NOT_NAMES.has(n.text)) return false;
  return !ck.aliases.startsWithToken(n);
}

/** "Mayor Bill de Blasio", "Fox News' Bill O'Reilly": a bill name that is a man's first name before his surname. */
export function firstNameBill(tokens: Token[], last: number, text: string, ck: CompiledKb): boolean {
  const t = tokens[last]!;
  const n = tokens[last + 1];
  if (t.text !== 'Bill' || !n || t.possessive || text.slice(t.end, n.start) !== ' ') return false;
  if (NAME_PARTICLES.has(n.text)) return /^\p{Lu}/u.test(tokens[last + 2]?.text ?? '');
  return /^\p{Lu}\p{Ll}*(?:['’]\p{Lu})?\p{Ll}/u.test(n.text) && !NOT_NAMES.has(n.text) && !ck.aliases.startsWith(n.text);
}


/** At most this much text goes to the NLP tagger per article: bounded time on huge pages. */
const MAX_NLP_CHARS = 40_000;
/** Words of context on each side of a name the NLP tagger looks at: enough for "said", "CEO", "Mr". */
const NLP_CONTEXT_WORDS = 4;
const sentenceStartBefore = (sentences: Span[], pos: number): number => sentences[spanIndexAt(sentences, pos)]!.start;

/** Two name-shaped words in a row: what may be a person the rules have not explained. */
const NAME_WORD = /^\p{Lu}\p{Ll}/u;

/**
 * Runs the NLP tagger only around the pairs of capitalised words that nothing has explained yet
 * (a few words of context each, within the sentence), joined into one text, and maps its spans
 * back. Most of a news story is explained by the matcher and the patterns, so this costs a
 * fraction of tagging the whole article.
 */
export function tagWhereNeeded(nlp: NlpTagger, text: string, tokens: Token[], sentences: Span[], claims: Claims) {
  const covered = (i: number) => claims.covered(i);
  // Windows of a few words around each unexplained run of capitalised words, merged when they touch.
  const needed: Span[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const a = tokens[i]!;
    const b = tokens[i + 1]!;
    if (covered(i) || covered(i + 1) || !NAME_WORD.test(a.text) || !NAME_WORD.test(b.text) || a.possessive || NOT_NAMES.has(b.text)) continue;
    if (text.slice(a.end, b.start) !== ' ') continue;
    let j = i + 1;
    while (j + 1 < tokens.length && !covered(j + 1) && NAME_WORD.test(tokens[j + 1]!.text) && !tokens[j]!.possessive) j++;
    const from = tokens[Math.max(0, i - NLP_CONTEXT_WORDS)]!.start;
    const to = tokens[Math.min(tokens.length - 1, j + NLP_CONTEXT_WORDS)]!.end;
    const lo = Math.max(from, sentenceStartBefore(sentences, a.start));
    const prev = needed[needed.length - 1];
    if (prev && prev.end >= lo) prev.end = Math.max(prev.end, to);
    else needed.push({ start: lo, end: to });
    i = j;
  }
  if (!needed.length) return [];
  // Each distinct window is tagged once (a name repeated fifty times costs one pass), up to a bound.
  const SEP = '\n\n';
  const where = new Map<string, number[]>();
  for (const sp of needed) {
    const w = text.slice(sp.start, sp.end);
    const list = where.get(w);
    if (list) list.push(sp.start);
    else where.set(w, [sp.start]);
  }
  const windows: { sub: number; text: string }[] = [];
  let at = 0;
  for (const w of where.keys()) {
    if (at + w.length > MAX_NLP_CHARS) break;
    windows.push({ sub: at, text: w });
    at += w.length + SEP.length;
  }
  const out: NlpSpan[] = [];
  let k = 0;
  for (const span of nlp(windows.map((w) => w.text).join(SEP)).sort((a, b) => a.start - b.start)) {
    while (k < windows.length - 1 && span.start >= windows[k + 1]!.sub) k++;
    const w = windows[k]!;
    if (span.start < w.sub || span.end > w.sub + w.text.length) continue;
    for (const orig of where.get(w.text)!) out.push({ ...span, start: span.start - w.sub + orig, end: span.end - w.sub + orig });
  }
  return out.sort((a, b) => a.start - b.start);
}

export function personCandidates(spans: NlpSpan[], text: string, tokens: Token[], ck: CompiledKb): Candidate[] {
  const out: Candidate[] = [];
  for (const s of spans) {
    if (s.kind !== 'person') continue;
    const span = tokenSpan(tokens, s.start, s.end);
    if (!span) continue;
    let { first } = span;
    while (first <= span.last && (ROLE_WORDS.has(tokens[first]!.text.replace(/\.$/, '')) || !isCapitalized(tokens[first]!.text))) first++;
    let last = span.last;
    while (last >= first && (!isCapitalized(tokens[last]!.text) || ROLE_WORDS.has(tokens[last]!.text))) last--;
    // A lone word is too often a place or a first name ("San Francisco" → "Francisco"); surnames join later.
    if (last <= first) continue;
    const words = tokens.slice(first, last + 1).map((t) => t.text);
    if (words.some((w) => NOT_NAMES.has(w) || !/^\p{Lu}[\p{Ll}'’-]/u.test(w))) continue;
    // A lone word the knowledge base knows as something else ("Claude" in an AI story) is not a person.
    if (words.length === 1 && ck.aliases.match(words[0]!).length) continue;
    // Places and products the tagger reads as people: "Santa Clara", "SAP Center", "the Vera Rubin platform".
    const nx = tokens[last + 1];
    if (notAPerson(words, nx && text.slice(tokens[last]!.end, nx.start) === ' ' ? nx.text : undefined, ck.context)) continue;
    out.push({ start: tokens[first]!.start, end: tokens[last]!.end, first, last, type: 'person', why: 'nlp:person' });
  }
  return out;
}

/** Titles that stand right before a name: "Magistrate Judge Ona Wang", "CEO Dario Amodei". */
export const TITLES = new Set(['CEO', 'Executive', 'Officer', 'Judge', 'Justice', 'Secretary', 'Senator', 'Sen', 'Rep', 'Representative', 'Gov', 'Governor', 'President', 'Chairman', 'Chairwoman', 'Chair', 'Minister', 'Commissioner', 'Director', 'founder', 'co-founder', 'Founder', 'spokesperson', 'spokesman', 'spokeswoman', 'analyst', 'Dr', 'Mr', 'Mrs', 'Ms', 'Prof', 'Professor', 'Premier', 'Chancellor', 'Mayor', 'CTO', 'CFO', 'COO', 'Congressman', 'Congresswoman', 'Congressmember', 'Assemblymember', 'lawmaker', 'economist', 'researcher', 'scientist', 'investor']);

/** People named right after a title. */
export function titledCandidates(ck: CompiledKb, text: string, tokens: Token[]): Candidate[] {
  const out: Candidate[] = [];
  const nameWord = (t: Token | undefined) => !!t && /^\p{Lu}\p{Ll}[\p{L}'’-]*$/u.test(t.text) && !NOT_NAMES.has(t.text) && !ROLE_WORDS.has(t.text) && !ck.orgHeads.has(t.text);
  for (let i = 0; i + 2 < tokens.length; i++) {
    if (!TITLES.has(tokens[i]!.text) || tokens[i]!.possessive) continue;
    const gap = (a: number) => text.slice(tokens[a]!.end, tokens[a + 1]!.start);
    // "Dr. Jane Roe": only the title itself may end with an abbreviation dot
    if (!/^\.? $/.test(gap(i)) || !nameWord(tokens[i + 1]) || gap(i + 1) !== ' ' || !nameWord(tokens[i + 2])) continue;
    let last = i + 2;
    if (!tokens[last]!.possessive && nameWord(tokens[last + 1]) && gap(last) === ' ' && (tokens[last + 2] === undefined || !isCapitalized(tokens[last + 2]!.text))) last++;
    if (ck.aliases.match(text.slice(tokens[i + 1]!.start, tokens[last]!.end)).some((h) => h.value.entity.type !== 'person')) continue;
    out.push({ start: tokens[i + 1]!.start, end: tokens[last]!.end, first: i + 1, last, type: 'person', why: 'pattern:title' });
    i = last;
  }
  return out;
}

/** One credited name: two or three capitalised words, a middle initial allowed ("Jane Q. Roe"). */
const CREDIT_NAME = /^\p{Lu}[\p{Ll}'’-]+(?: \p{Lu}\.)?(?: \p{Lu}[\p{Ll}'’-]+){1,2}/u;
/** What may follow a credited name: the end of the credit, or another name of the same credit. */
const CREDIT_END = /^(?:\s*(?:[/|;\n)]|\.(?:\s|$)|$)|\s+(?:in|at|for|from|with|via)\s)/;
const CREDIT_MORE = /^(?:,\s*(?:and\s+)?|\s+(?:and|&)\s+)/;
/** Where a credited reporter filed from, before the next name: "Ann Lee in London and Bo Chen in Beijing". */
const CREDIT_PLACE = /^\s+(?:in|at|from)\s+\p{Lu}[\p{L}'’.-]*(?: \p{Lu}[\p{L}'’.-]*){0,2}/u;

/**
 * Bylines and credits: "By Jane Roe", "Reporting by Jane Roe and John Doe; Editing by Ann Lee",
 * "Photo: Jane Roe/Getty Images". Each name is a person with the role of the line's lead
 * (assets/rules/extraction.json `creditLines`): part of the page, not a person of the story.
 */
export function creditCandidates(ck: CompiledKb, text: string, tokens: Token[]): Candidate[] {
  const out: Candidate[] = [];
  const bad = (name: string) => name.split(/ /).some((w) => NOT_NAMES.has(w) || ROLE_WORDS.has(w) || ck.orgHeads.has(w));
  for (const { re, role } of ck.creditLines) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      let at = m.index + m[0].length;
      const found: Candidate[] = [];
      for (;;) {
        const name = CREDIT_NAME.exec(text.slice(at, at + 80))?.[0];
        if (!name) break;
        const place = CREDIT_PLACE.exec(text.slice(at + name.length, at + name.length + 60))?.[0] ?? '';
        const rest = text.slice(at + name.length + place.length, at + name.length + place.length + 12);
        const more = CREDIT_MORE.exec(rest);
        if (!more && !place && !CREDIT_END.test(rest)) break;
        const span = tokenSpan(tokens, at, at + name.length);
        if (span && !bad(name)) found.push({ ...span, type: 'person', why: 'pattern:credit', role });
        if (!more) break;
        at += name.length + place.length + more[0].length;
      }
      out.push(...found);
    }
  }
  return out;
}

/** "Dario Amodei ... Amodei said": a surname alone after the full name joins the person. */
export function joinSurnames(claims: Claims, tokens: Token[], text: string, refused: Map<number, Reason>): void {
  const surnames = new Map<string, Candidate>();
  for (const c of claims.all()) {
    if (c.type === 'person' && c.last > c.first) surnames.set(tokens[c.last]!.text, c);
  }
  if (!surnames.size) return;
  for (let i = 0; i < tokens.length; i++) {
    const full = surnames.get(tokens[i]!.text);
    // A surname the context refused stays refused ("Trump Tower" is a building, not Donald Trump again).
    if (!full || full.start > tokens[i]!.start || refused.has(i)) continue;
    claims.addIfFree({ start: tokens[i]!.start, end: tokens[i]!.end, first: i, last: i, type: 'person', why: 'nlp:surname', kb: full.kb, name: full.name ?? text.slice(full.start, full.end) });
  }
}

