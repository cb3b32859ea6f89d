/**
 * Finders of candidate names by what the knowledge base knows and by shape: aliases, versioned
 * model names, chip codes, cued product names, policy patterns and organisations by head word.
 */
import type { EntityType } from '../kb/types';
import type { AliasValue, CompiledKb } from './compiled';
import { isCapitalized, type Token } from './tokens';
import { hardwareCodes } from './hardware';
import { isAiEntity, tokenSpan, type Candidate } from './candidate';
import { firstNameBill } from './people';
import { CONNECTORS, MAX_NAME_TOKENS, NOT_AI_COMPANY, NOT_NAMES, ROLE_WORDS, VERSION } from './words';

/** Every knowledge-base alias in the text (the compiled matcher), as candidates linked to their entity. */
export function knownCandidates(ck: CompiledKb, text: string, tokens: Token[]): Candidate[] {
  const out: Candidate[] = [];
  const hits = ck.aliases.match(text, tokens);
  for (let i = 0; i < hits.length; i++) {
    const h = hits[i]!;
    // Several entities can share an ambiguous alias; the first listed wins, the rest of the group is skipped.
    if (i > 0 && hits[i - 1]!.start === h.start && hits[i - 1]!.end === h.end) continue;
    const v: AliasValue = h.value;
    out.push({
      start: h.start,
      end: h.end,
      first: h.first,
      last: h.last,
      type: v.entity.type,
      why: 'kb-alias',
      kb: v.entity,
      ambiguous: v.ambiguous,
      name: v.entity.name,
    });
  }
  return out;
}

/** Versioned model names: "Qwen3.7-Max", "GPT-5.1-Codex", "Claude Opus 4.5", "Llama 4 Maverick", "Kimi K2", "o3-mini". */
export function modelCandidates(ck: CompiledKb, text: string, tokens: Token[], starts: Set<number>): Candidate[] {
  const out: Candidate[] = [];
  const isTail = (t: Token): boolean => VERSION.test(t.text) || ck.tierWords.has(t.text);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (ck.standaloneModel.test(t.text)) {
      out.push({ start: t.start, end: t.end, first: i, last: i, type: 'model', why: 'pattern:model-version', familyId: 'openai-o-series' });
      continue;
    }
    let family = /[\d-]/.test(t.text) ? ck.familyPrefixes.find((f) => t.text.length > f.prefix.length && t.text.startsWith(f.prefix) && /^[-.]?[vV]?[\p{N}]|^-\p{Lu}/u.test(t.text.slice(f.prefix.length))) : undefined;
    let last = i;
    let hasTail = !!family;
    if (!family) {
      if (!ck.families.startsWithToken(t)) continue;
      const hit = ck.families.matchAt(text, tokens, i, Math.min(tokens.length, i + 3))[0];
      if (!hit) continue;
      family = hit.value;
      last = hit.last;
    }
    // A new sub-brand between the family and a version: "Claude Mythos 5".
    const nx = tokens[last + 1];
    const nx2 = tokens[last + 2];
    if (!hasTail && nx && nx2 && /^\p{Lu}\p{Ll}+$/u.test(nx.text) && !NOT_NAMES.has(nx.text) && /^\d/.test(nx2.text) && VERSION.test(nx2.text) && text.slice(tokens[last]!.end, nx.start) === ' ' && text.slice(nx.end, nx2.start) === ' ' && !tokens[last]!.possessive) {
      last += 2;
      hasTail = true;
    }
    // Extend over version numbers and tier words, without crossing a possessive or punctuation.
    while (last + 1 < tokens.length && !tokens[last]!.possessive && text.slice(tokens[last]!.end, tokens[last + 1]!.start) === ' ' && isTail(tokens[last + 1]!)) {
      last++;
      hasTail = true;
    }
    if (!hasTail) continue;
    const tailTokens = tokens.slice(i, last + 1);
    if (family.needsVersion && !tailTokens.some((x) => /\d/.test(x.text))) continue;
    // A sentence-initial tier word alone ("Pro") is not a tail; require a digit somewhere or two tail tokens.
    if (!tailTokens.some((x) => /\d/.test(x.text)) && last === i + 0 && starts.has(i)) continue;
    out.push({ start: t.start, end: tokens[last]!.end, first: i, last, type: 'model', why: 'pattern:model-version', familyId: family.family, ambiguous: !!family.ambiguous });
    i = last;
  }
  return out;
}

/** Chip codes by shape (src/entities/hardware.ts), on tokens no model name or alias has explained. */
export function chipCandidates(ck: CompiledKb, text: string, tokens: Token[], known: Candidate[]): Candidate[] {
  const owned = new Uint8Array(tokens.length);
  // A maker's name and a bare family word ("Ascend") may lead a longer chip name ("Ascend 950PR"); selection keeps the longer.
  for (const c of known) if (c.type !== 'company' && c.kb?.facts?.['kind'] !== 'family') owned.fill(1, c.first, c.last + 1);
  return hardwareCodes(ck.hardware, text, tokens, (i) => owned[i] === 1).map((h) => ({
    start: tokens[h.first]!.start,
    end: tokens[h.last]!.end,
    first: h.first,
    last: h.last,
    type: 'hardware' as const,
    why: 'pattern:hardware-code' as const,
    familyId: h.familyId,
    makerId: h.makerId,
  }));
}

/** Words that introduce a product name right after them: "its new model X", "the chatbot X". */
const MODEL_CUES = new Set(['model', 'models', 'chatbot', 'chatbots', 'assistant', 'assistants', 'LLM', 'LLMs']);

/**
 * Model names without a known family, introduced by context: a capitalised name plus a version
 * after an AI company's possessive ("Anthropic's Fable 5") or a cue word ("flagship models, Fable 5"),
 * and the same shape coordinated with one of those ("Fable 5 and Mythos 5").
 */
export function cuedModelCandidates(text: string, tokens: Token[], known: Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  const byLast = new Map(known.map((c) => [c.last, c]));
  const owned = new Uint8Array(tokens.length);
  for (const c of known) owned.fill(1, c.first, c.last + 1);
  const taken = (i: number) => owned[i] === 1 || out.some((c) => c.first <= i && i <= c.last);
  /** A name at token i: one or two capitalised words, then a version with a digit. Returns its last index. */
  const nameAt = (i: number): number => {
    for (let words = 1; words <= 2; words++) {
      const v = tokens[i + words];
      const names = tokens.slice(i, i + words);
      if (!v || names.length < words) return -1;
      if (!names.every((t) => /^\p{Lu}[\p{L}-]*$/u.test(t.text) && !NOT_NAMES.has(t.text) && !t.possessive)) return -1;
      if (/^\d/.test(v.text) && VERSION.test(v.text) && tokens.slice(i, i + words + 1).every((t, k, a) => k === 0 || text.slice(a[k - 1]!.end, t.start) === ' ')) return i + words;
    }
    return -1;
  };
  for (let i = 1; i < tokens.length; i++) {
    const prev = tokens[i - 1]!;
    const gap = text.slice(prev.end, tokens[i]!.start);
    const company = byLast.get(i - 1);
    const cued = (company && company.type === 'company' && prev.possessive && isAiEntity(company)) || (MODEL_CUES.has(prev.text) && /^[,:]? $/.test(gap));
    const coordinated = out.length > 0 && out[out.length - 1]!.last === i - 2 && /^(?:and|or|&)$/.test(prev.text);
    if (!(cued || coordinated) || taken(i)) continue;
    const last = nameAt(i);
    if (last < 0 || taken(last)) continue;
    out.push({ start: tokens[i]!.start, end: tokens[last]!.end, first: i, last, type: 'model', why: 'pattern:model-name' });
    i = last;
  }
  return out;
}


export function patternCandidates(ck: CompiledKb, patterns: RegExp[], type: EntityType, text: string, tokens: Token[]): Candidate[] {
  const out: Candidate[] = [];
  for (const re of patterns) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      let start = m.index;
      const s = m[0].replace(/^(?:the|The|a|an|A|An) /, '');
      start += m[0].length - s.length;
      const span = tokenSpan(tokens, start, m.index + m[0].length);
      if (span && type === 'policy' && firstNameBill(tokens, span.last, text, ck)) continue;
      if (span) out.push({ ...span, type, why: type === 'policy' ? 'pattern:policy' : 'pattern:org-head', descriptive: /(?:^| )\p{Ll}+$/u.test(text.slice(span.start, span.end)) || undefined });
    }
  }
  return out;
}

/** Capitalised phrases typed by a head word: "Bureau of Industry and Security", "Mistral AI", "Stanford University". */
export function orgCandidates(ck: CompiledKb, text: string, tokens: Token[], starts: Set<number>): Candidate[] {
  const out: Candidate[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!isCapitalized(tokens[i]!.text)) continue;
    let j = i;
    const words = [i];
    while (j + 1 < tokens.length && words.length < MAX_NAME_TOKENS) {
      const gap = text.slice(tokens[j]!.end, tokens[j + 1]!.start);
      if (tokens[j]!.possessive || (gap !== ' ' && gap !== ' & ')) break;
      const nx = tokens[j + 1]!;
      if (NOT_NAMES.has(nx.text)) break;
      if (isCapitalized(nx.text)) {
        j++;
        words.push(j);
      } else if (CONNECTORS.has(nx.text)) {
        // "Committee on the CCP", "Department of Commerce": one or two small words between capitalised ones
        let k = j + 2;
        if (k < tokens.length && tokens[k]!.text === 'the' && nx.text !== 'the') k++;
        if (k >= tokens.length || !isCapitalized(tokens[k]!.text) || NOT_NAMES.has(tokens[k]!.text)) break;
        if (!tokens.slice(j + 1, k + 1).every((t, x, a) => text.slice((x ? a[x - 1]! : tokens[j]!).end, t.start) === ' ')) break;
        j = k;
        words.push(j);
      } else break;
    }
    const phrase = tokens.slice(i, j + 1);
    let type: EntityType | undefined;
    let cut = j;
    let headAt = -1;
    for (let k = phrase.length - 1; k >= 0 && !type; k--) {
      const head = ck.orgHeads.get(phrase[k]!.text.replace(/\.$/, ''));
      if (!head) continue;
      // Suffix heads (Inc, Labs, AI, News) must end the name and follow another word; agency/organisation heads can lead ("Department of ...").
      if ((head === 'company' || head === 'outlet') && k === 0) continue;
      type = head;
      headAt = i + k;
      if (head === 'company' || head === 'outlet') cut = i + k;
    }
    let first = i;
    while (first <= cut && (NOT_NAMES.has(tokens[first]!.text) || !isCapitalized(tokens[first]!.text) || (first === i && starts.has(first) && ROLE_WORDS.has(tokens[first]!.text)))) first++;
    // A suffix head needs a name before it ("Mistral AI"), not a description ("Chinese AI").
    if ((type === 'company' || type === 'outlet') && (first >= cut || (tokens[cut]!.text === 'AI' && tokens.slice(first, cut).some((t) => NOT_AI_COMPANY.test(t.text))))) type = undefined;
    // A head word alone ("the Commission") refers back to a name; it is not one.
    if (type && first < cut) {
      out.push({ start: tokens[first]!.start, end: tokens[cut]!.end, first, last: cut, type, why: 'pattern:org-head', headAt });
    }
    i = j;
  }
  return out;
}

