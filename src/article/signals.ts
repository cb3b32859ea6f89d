/**
 * Cheap page signals for the stage-one gate. Runs on every page the content script matches, so it
 * reads only metadata and a bounded slice of text; the real decisions happen in stage two.
 */
import isProbablyReaderable from '@mozilla/readability/Readability-readerable.js';
import gateWords from '../../assets/gate-words.json';

/** How much body text the gate scans for AI words: enough for a headline and lede, cheap on huge pages. */
const GATE_TEXT_CHARS = 6000;

const ARTICLE_LD_TYPES = /^(News|Reportage|Analysis|Opinion|Review|Background|Report|Tech|Blog|Scholarly)?Article$|^BlogPosting$|^LiveBlogPosting$/;

/** The JSON-LD objects of the page, including those inside `@graph` and arrays. Malformed blocks are skipped. */
export function jsonLdObjects(doc: Document): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const visit = (v: unknown, depth: number): void => {
    if (depth > 4 || !v || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach((x) => visit(x, depth + 1));
    const o = v as Record<string, unknown>;
    out.push(o);
    if (o['@graph']) visit(o['@graph'], depth + 1);
  };
  for (const s of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      visit(JSON.parse(s.textContent ?? ''), 0);
    } catch {
      /* a broken block on the page is not our error */
    }
  }
  return out;
}

/** JSON-LD `@type`s found in the page (including inside `@graph`). */
export function jsonLdTypes(doc: Document): string[] {
  return jsonLdObjects(doc).flatMap((o) => {
    const t = o['@type'];
    return typeof t === 'string' ? [t] : Array.isArray(t) ? t.filter((x): x is string => typeof x === 'string') : [];
  });
}

/** Names of the authors the page's JSON-LD gives (`author` as a string, an object or a list of them). */
export function jsonLdAuthors(doc: Document): string[] {
  const names: string[] = [];
  const add = (a: unknown): void => {
    if (typeof a === 'string') names.push(a);
    else if (Array.isArray(a)) a.slice(0, 10).forEach(add);
    else if (a && typeof a === 'object' && typeof (a as Record<string, unknown>)['name'] === 'string') names.push((a as Record<string, string>)['name']!);
  };
  for (const o of jsonLdObjects(doc)) add(o['author']);
  return names;
}

export function metaContent(doc: Document, key: string): string | null {
  const el = doc.querySelector(`meta[property="${key}"], meta[name="${key}"]`);
  return el?.getAttribute('content')?.trim() || null;
}

/** Whether the page declares itself an article, or Readability's quick check thinks it reads like one. */
export function looksLikeArticle(doc: Document): boolean {
  const og = metaContent(doc, 'og:type');
  if (og && /^article$/i.test(og)) return true;
  if (jsonLdTypes(doc).some((t) => ARTICLE_LD_TYPES.test(t))) return true;
  if (og && /^(website|profile|video\.|music\.|book)/i.test(og)) return false;
  return isProbablyReaderable(doc);
}

const GATE_RE = new RegExp(`\\b(?:${gateWords.caseSensitive.join('|')})\\b`);
const GATE_RE_I = new RegExp(`\\b(?:${gateWords.caseInsensitive.join('|')})\\b`, 'i');
/** Chinese and Japanese words, without \\b: there is no word boundary between two ideographs. */
const GATE_RE_CJK = new RegExp(gateWords.unbounded.join('|'));

/** Whether the headline or lede plausibly concerns AI. Liberal on purpose: stage two decides for real. */
export function mentionsAI(doc: Document): boolean {
  const body = doc.querySelector('article, main, [itemprop="articleBody"]') ?? doc.body;
  const sample = [doc.title, metaContent(doc, 'og:title'), metaContent(doc, 'description'), body ? textStart(body, GATE_TEXT_CHARS) : ''].join(' \n ');
  return GATE_RE.test(sample) || GATE_RE_I.test(sample) || GATE_RE_CJK.test(sample);
}

/**
 * The first `max` characters of `root.textContent`, read from the first text nodes only: on a huge
 * page textContent builds the whole page's text (megabytes) just to keep its opening.
 */
export function textStart(root: Node, max: number): string {
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, 4 /* SHOW_TEXT */);
  let out = '';
  for (let n = walker.nextNode(); n && out.length < max; n = walker.nextNode()) out += (n as Text).data;
  return out.slice(0, max);
}
