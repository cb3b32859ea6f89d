/**
 * Claims in an article: who accused whom, who denied, who sued or settled, and what an authority
 * did (investigated, ruled, fined, banned, approved). A story thread shows them so a reader sees
 * the state of a dispute without rereading every article.
 *
 * Sentence by sentence: a cue phrase ("accused … of", "denied the allegations", "opened an
 * investigation into") with the entity that acts before it and, for some kinds, the entity it acts
 * on after it. Only entities the extractor already found can be actors or targets, so "analysts
 * accused the market of overreacting" says nothing. The rules prefer silence to a wrong claim: a
 * negated, conditional or modal cue, a question, or an actor that sits in a different clause is
 * skipped, and each (kind, actor, target) is reported once per article.
 */
import { sentenceSpans } from '../entities/sentences';

export const CLAIM_KINDS = ['accused', 'denied', 'sued', 'settled', 'investigating', 'ruled', 'fined', 'banned', 'approved'] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

export interface Claim {
  kind: ClaimKind;
  /** Entity key (knowledge-base id, or `type:name`). */
  actor: string;
  actorName: string;
  target: string | null;
  targetName: string | null;
  /** The sentence the claim was read from, trimmed, at most MAX_SENTENCE characters. */
  sentence: string;
}

/** An entity the extractor found in the article; `mentionTexts` are its surface forms there. */
export interface ClaimEntity {
  name: string;
  type: string;
  key: string;
  mentionTexts?: string[];
}

/** Long enough for any real news sentence to be shown whole; longer ones are cut with an ellipsis. */
const MAX_SENTENCE = 240;
/** An actor further than this many words before its cue is usually the subject of another clause. */
const MAX_ACTOR_GAP_WORDS = 14;
/** A target further than this many words after its cue is usually part of something else. */
const MAX_TARGET_GAP_WORDS = 12;

type Role = (e: ClaimEntity, before: string) => boolean;

const PARTY = new Set(['company', 'agency', 'organization', 'person']);
const COURT_NAME = /\b(?:Court|Circuit|Tribunal)\b/;
const isCourt = (e: ClaimEntity) => e.type === 'organization' && COURT_NAME.test(e.name);
/** Anyone who can make or answer an accusation; a court rules instead. */
const party: Role = (e) => PARTY.has(e.type) && !isCourt(e);
/** Any party, courts included (an agency or the Authors Guild can sue too). */
const anyParty: Role = (e) => PARTY.has(e.type);
/** Bodies with power to investigate, fine, ban or approve. */
const authority: Role = (e) => e.type === 'agency' || e.type === 'organization';
/** Courts and agencies rule; so does a person named as a judge. */
const adjudicator: Role = (e, before) => e.type === 'agency' || isCourt(e) || (e.type === 'person' && /\b(?:Judge|Justice)\s+$/.test(before));
/** What an authority can act on: a party, or a product (a banned chatbot, an approved model). */
const partyOrProduct: Role = (e) => PARTY.has(e.type) || e.type === 'model';
const partyProductOrLaw: Role = (e) => partyOrProduct(e, '') || e.type === 'policy';

interface Rule {
  kind: ClaimKind;
  /** Case-insensitive cue. For passive rules the match ends just before "by <actor>". */
  cue: RegExp;
  passive?: boolean;
  actor: Role;
  target: Role | null;
  needsTarget: boolean;
  /** Look for the target only inside the cue's own match (its object phrase), not after it. */
  targetInMatch?: boolean;
}

// Fragments shared by the cue patterns.
const W = String.raw`[\p{L}\p{N}’'$€£.,%-]+`;
const CLAIM_NOUN = String.raw`(?:allegations?|accusations?|claims?|charges?|assertions?|suggestions?|reports?)`;
const DENY_VERB = String.raw`(?:denied|denies|denying|rejected|rejects|rejecting|disputed|disputes|disputing|refuted|refutes|dismissed|dismisses)`;
const DENY_OBJECT = String.raw`(?:that\b|having\b|ever\b|(?:any\s+)?wrongdoing\b|(?:using|copying|training|distilling|stealing|misusing|scraping|violating|breaching)\b|(?:(?:the|these|those|all|such|any|its|their)\s+)?(?:${W}\s+){0,3}?${CLAIM_NOUN}\b)`;
const LEGAL_NOUN = String.raw`(?:lawsuit|suit|case|dispute|claims?|litigation|charges|complaint|fight)`;
const INQUIRY = String.raw`(?:investigation|inquiry|enquiry|probe|review)`;

const re = (s: string) => new RegExp(s, 'giu');

const RULES: readonly Rule[] = [
  { kind: 'accused', cue: re(String.raw`\b(?:accused|accuses|accusing)\b(?!\s+by\b)`), actor: party, target: party, needsTarget: true },
  { kind: 'accused', cue: re(String.raw`\b(?:alleged|alleges|alleging)\s+that\b`), actor: party, target: party, needsTarget: true },
  { kind: 'accused', cue: re(String.raw`\baccused(?=\s+by\b)`), passive: true, actor: party, target: party, needsTarget: true },

  { kind: 'denied', cue: re(String.raw`\b${DENY_VERB}\s+${DENY_OBJECT}`), actor: party, target: party, needsTarget: false, targetInMatch: true },

  { kind: 'sued', cue: re(String.raw`\b(?:sued|sues|suing)\b(?!\s+by\b)`), actor: anyParty, target: anyParty, needsTarget: true },
  { kind: 'sued', cue: re(String.raw`\b(?:filed|brought|lodged)\s+(?:a|an)\s+(?:${W}\s+){0,2}?(?:lawsuit|suit|complaint|case|action)\s+against\b`), actor: anyParty, target: anyParty, needsTarget: true },
  { kind: 'sued', cue: re(String.raw`\bsued(?=\s+by\b)`), passive: true, actor: anyParty, target: anyParty, needsTarget: true },

  { kind: 'settled', cue: re(String.raw`\bsettled\s+with\b`), actor: party, target: party, needsTarget: false },
  { kind: 'settled', cue: re(String.raw`\b(?:settled|settles|agreed\s+to\s+settle)\s+(?:(?:the|its|their|a|an|this|that)\s+)?(?:${W}\s+){0,3}?${LEGAL_NOUN}\b`), actor: party, target: party, needsTarget: false },
  { kind: 'settled', cue: re(String.raw`\b(?:reached|agreed\s+to|signed|struck|announced)\s+(?:a|an|the)\s+(?:${W}\s+){0,2}?settlement\b(?!\s+talks)`), actor: party, target: party, needsTarget: false },

  { kind: 'investigating', cue: re(String.raw`\b(?:opened|launched|began|started|initiated|announced)\s+(?:a|an)\s+(?:${W}\s+){0,2}?${INQUIRY}\b`), actor: authority, target: partyOrProduct, needsTarget: false },
  { kind: 'investigating', cue: re(String.raw`\b(?:is|are|was|were|has\s+been|have\s+been|had\s+been)\s+(?:\p{L}+\s+)?(?:investigating|probing|examining|scrutini[sz]ing)\b`), actor: authority, target: partyOrProduct, needsTarget: false },
  { kind: 'investigating', cue: re(String.raw`\b(?:investigates|investigated)\b(?!\s+by\b)`), actor: authority, target: partyOrProduct, needsTarget: false },
  { kind: 'investigating', cue: re(String.raw`\b(?:under\s+(?:a\s+|an\s+)?(?:${W}\s+){0,2}?(?:${INQUIRY}|scrutiny)|investigated|probed)(?=\s+by\b)`), passive: true, actor: authority, target: partyOrProduct, needsTarget: true },

  { kind: 'ruled', cue: re(String.raw`\bruled\b(?!\s+out\b)`), actor: adjudicator, target: anyParty, needsTarget: false },
  { kind: 'ruled', cue: re(String.raw`\brules\s+(?:that|in\s+favou?r|against)\b`), actor: adjudicator, target: anyParty, needsTarget: false },
  { kind: 'ruled', cue: re(String.raw`\bissued\s+(?:a|an)\s+(?:${W}\s+){0,2}?(?:ruling|decision|injunction|judgm?ent)\b`), actor: adjudicator, target: anyParty, needsTarget: false },
  { kind: 'ruled', cue: re(String.raw`\b(?:granted|dismissed|threw\s+out)\s+(?:(?:a|an|the)\s+)?(?:${W}\s+){0,2}?(?:injunction|motion|request|case|lawsuit|suit|complaint|claims?)\b`), actor: adjudicator, target: anyParty, needsTarget: false },

  { kind: 'fined', cue: re(String.raw`\b(?:fined|fines|penali[sz]ed)\b(?!\s+by\b)`), actor: authority, target: anyParty, needsTarget: true },
  { kind: 'fined', cue: re(String.raw`\b(?:imposed|levied|issued)\s+(?:a|an)\s+(?:${W}\s+){0,4}?(?:fine|penalty)\b`), actor: authority, target: anyParty, needsTarget: true },
  { kind: 'fined', cue: re(String.raw`\b(?:fined|penali[sz]ed)(?=\s+by\b)`), passive: true, actor: authority, target: anyParty, needsTarget: true },

  { kind: 'banned', cue: re(String.raw`\b(?:banned|bans|barred|bars|prohibited|prohibits|blacklisted)\b(?!\s+by\b)`), actor: authority, target: partyOrProduct, needsTarget: true },
  // the target sits inside the phrase: "added Alibaba Cloud and two affiliates to the Entity List"
  { kind: 'banned', cue: re(String.raw`\b(?:added|placed|put)\s+.{1,80}?\s+(?:to|on)\s+(?:the|its)\s+Entity\s+List\b`), actor: authority, target: partyOrProduct, needsTarget: true, targetInMatch: true },
  { kind: 'banned', cue: re(String.raw`\b(?:banned|barred|prohibited|blacklisted|(?:added|placed)\s+(?:to|on)\s+the\s+Entity\s+List)(?=\s+by\b)`), passive: true, actor: authority, target: partyOrProduct, needsTarget: true },

  { kind: 'approved', cue: re(String.raw`\b(?:approved|approves)\b(?!\s+by\b)`), actor: authority, target: partyProductOrLaw, needsTarget: false },
  { kind: 'approved', cue: re(String.raw`\b(?:granted|issued)\s+(?:a|an|the)\s+(?:${W}\s+){0,2}?(?:approval|licen[cs]e|permit|clearance)\b`), actor: authority, target: partyProductOrLaw, needsTarget: false },
  { kind: 'approved', cue: re(String.raw`\b(?:approved|cleared)(?=\s+by\b)`), passive: true, actor: authority, target: partyProductOrLaw, needsTarget: true },
];

/**
 * Words that make the cue a possibility, a plan or a report of nothing: "would sue", "has not
 * denied". Case-sensitive, because "May" before a cue is far more often the month than the modal.
 */
const MODAL_OR_NEGATION = /\b(?:would|could|might|may|should|must|can|will|shall|ought|not|never|no\s+longer|neither|nor|yet\s+to|declined\s+to|refused\s+to|threatened\s+to|plans?\s+to|without|Would|Could|Might|Should|Never|Not)\b|n[’']t\b/;
/** A condition or an open question before the cue: "if regulators fined…", "unclear whether it sued…". */
const HYPOTHETICAL = /\b(?:if|unless|whether|suppose|supposing|hypothetically|imagine|in\s+case|rumou?rs?|speculat\w*)\b/i;
/** A determiner right before the cue makes it an adjective: "the accused company", "an approved model". */
const ADJECTIVAL = /\b(?:the|a|an|this|that|its|their|his|her)\s+$/i;
/** A word between actor and cue that starts another clause, whose subject the actor is not. */
const CLAUSE_BREAK = /\b(?:said|says|told|that|which|who|whom|whose|after|before|when|while|because|although|though|since|until|where)\b|[;:]/i;
/** Prepositions that make an entity an object, never the one acting: "a filing in the Northern District". */
const OBJECT_PREPOSITION = /\b(?:in|at|from|to|with|on|before|under|about|against|into|over|than|like|including|between|toward|towards|among|versus|vs)\s+(?:the\s+)?$/i;
/** Where the target search stops: the clause ends, or another clause with its own subject begins. */
const TARGET_STOP = /[;:—–]|,\s+(?:which|who|while|but|although|though|saying|after|as|and|or)\b|\b(?:but|said|says|told)\b/iu;
/**
 * Parenthetical stretches, whose entities are neither actor nor target: ", which makes Claude,",
 * ", the group's cloud unit,", "(…)", "— … —".
 */
const PARENTHETICAL = /,\s+(?:which|who|whose|whom|where|a|an|the|its|their|his|her|part|one|itself|based|backed|founded|led|owned|known|also|now|formerly|including|like)\b[^,;]{0,160},|\([^)]{0,160}\)|\s[—–]\s[^—–]{0,160}\s[—–]\s/giu;

interface Hit {
  start: number;
  end: number;
  entity: ClaimEntity;
}

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/** Entity mentions in a sentence, longest forms first so "Alibaba Cloud" is not read as "Alibaba". */
function findMentions(sentence: string, forms: readonly { text: string; entity: ClaimEntity }[]): Hit[] {
  const hits: Hit[] = [];
  const taken = new Uint8Array(sentence.length);
  for (const { text, entity } of forms) {
    for (let i = sentence.indexOf(text); i !== -1; i = sentence.indexOf(text, i + 1)) {
      const end = i + text.length;
      if (isWordChar(sentence[i - 1]) || (isWordChar(sentence[end]) && isWordChar(text[text.length - 1]))) continue;
      if (taken.subarray(i, end).some((x) => x === 1)) continue;
      taken.fill(1, i, end);
      hits.push({ start: i, end, entity });
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}

/** Character ranges of the sentence that are parenthetical. */
function parentheticals(sentence: string): [number, number][] {
  const out: [number, number][] = [];
  PARENTHETICAL.lastIndex = 0;
  for (let m = PARENTHETICAL.exec(sentence); m; m = PARENTHETICAL.exec(sentence)) {
    out.push([m.index, m.index + m[0].length]);
    // the closing comma may open the next aside: step back onto it
    if (m[0].endsWith(',')) PARENTHETICAL.lastIndex = m.index + m[0].length - 1;
  }
  return out;
}

const inRanges = (ranges: [number, number][], h: Hit) => ranges.some(([s, e]) => h.start >= s && h.end <= e);
const wordCount = (s: string) => s.match(/\S+/g)?.length ?? 0;

function shorten(sentence: string): string {
  const s = sentence.trim().replace(/\s+/g, ' ');
  if (s.length <= MAX_SENTENCE) return s;
  const cut = s.slice(0, MAX_SENTENCE - 1);
  const space = cut.lastIndexOf(' ');
  return (space > MAX_SENTENCE / 2 ? cut.slice(0, space) : cut) + '…';
}

/**
 * The acting entities before a cue: the nearest eligible mention, plus any joined to it by "and"
 * ("Anthropic and Alibaba reached a settlement"). Empty when the nearest candidate is in another
 * clause or too far back.
 */
function actorsBefore(sentence: string, hits: Hit[], asides: [number, number][], cueStart: number, role: Role): Hit[] {
  const before = hits.filter((h) => h.end <= cueStart && !inRanges(asides, h));
  for (let i = before.length - 1; i >= 0; i--) {
    const h = before[i]!;
    const lead = sentence.slice(0, h.start);
    if (!role(h.entity, lead) || OBJECT_PREPOSITION.test(lead)) continue;
    const gap = stripRanges(sentence, h.end, cueStart, asides).replace(/^(?:’s|'s)/, '');
    if (wordCount(gap) > MAX_ACTOR_GAP_WORDS || CLAUSE_BREAK.test(gap)) return [];
    const group = [h];
    for (let j = i - 1; j >= 0; j--) {
      const prev = before[j]!;
      if (!/^\s*(?:,|,?\s+and)\s*$/.test(stripRanges(sentence, prev.end, group[0]!.start, asides))) break;
      if (!role(prev.entity, sentence.slice(0, prev.start))) break;
      group.unshift(prev);
    }
    return group;
  }
  return [];
}

/** The first eligible mention in [from, to), outside asides, at most MAX_TARGET_GAP_WORDS words after `gapFrom`. */
function targetIn(sentence: string, hits: Hit[], asides: [number, number][], from: number, to: number, role: Role, not: ReadonlySet<string>, gapFrom = from): Hit | null {
  for (const h of hits) {
    if (h.start < from || h.end > to || inRanges(asides, h) || not.has(h.entity.key)) continue;
    if (h.start > gapFrom && wordCount(stripRanges(sentence, gapFrom, h.start, asides)) > MAX_TARGET_GAP_WORDS) return null;
    if (role(h.entity, sentence.slice(0, h.start))) return h;
  }
  return null;
}

/** The text of [from, to) with the asides taken out. */
function stripRanges(s: string, from: number, to: number, ranges: [number, number][]): string {
  let out = '';
  let at = from;
  for (const [rangeStart, rangeEnd] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (rangeEnd <= at || rangeStart >= to) continue;
    out += s.slice(at, Math.max(at, rangeStart)) + ' ';
    at = Math.max(at, rangeEnd);
  }
  return out + s.slice(at, Math.max(at, to));
}

/** Where the target search after a cue ends: the end of its clause. */
function clauseEnd(sentence: string, from: number): number {
  const m = TARGET_STOP.exec(sentence.slice(from));
  return m ? from + m.index : sentence.length;
}

/** Whether the words just before the cue (back to the previous comma) make it hypothetical or negated. */
function hedged(sentence: string, cueStart: number): boolean {
  const lead = sentence.slice(0, cueStart);
  if (HYPOTHETICAL.test(lead)) return true;
  const clause = lead.slice(Math.max(lead.lastIndexOf(','), lead.lastIndexOf(';')) + 1);
  const near = clause.split(/\s+/).slice(-5).join(' ');
  return MODAL_OR_NEGATION.test(near) || ADJECTIVAL.test(lead);
}

/** A claim before its sentence is attached, with where its cue starts (to list claims in reading order). */
interface Found {
  at: number;
  claim: Omit<Claim, 'sentence'>;
}

function claimsInSentence(sentence: string, forms: readonly { text: string; entity: ClaimEntity }[]): Found[] {
  const out: Found[] = [];
  if (/\?["”’]?\s*$/.test(sentence)) return out; // a question asserts nothing
  const hits = findMentions(sentence, forms);
  if (!hits.length) return out;
  const asides = parentheticals(sentence);
  for (const rule of RULES) {
    rule.cue.lastIndex = 0;
    for (let m = rule.cue.exec(sentence); m; m = rule.cue.exec(sentence)) {
      const cueStart = m.index;
      const cueEnd = m.index + m[0].length;
      if (hedged(sentence, cueStart)) continue;
      const aside = asides.find(([s, e]) => cueStart >= s && cueStart < e);
      if (aside) {
        // a cue inside an aside counts only as "X, which sued Y,": the relative clause's subject is X
        const c = relativeClaim(rule, sentence, hits, aside, cueStart, cueEnd);
        if (c) out.push(c);
        continue;
      }
      if (rule.passive) {
        // "X was accused by Y": the actor follows "by", the target is the subject before the cue
        const by = /^\s+by\s+(?:the\s+)?/.exec(sentence.slice(cueEnd));
        if (!by) continue;
        const actor = targetIn(sentence, hits, asides, cueEnd, clauseEnd(sentence, cueEnd), rule.actor, new Set());
        if (!actor || actor.start !== cueEnd + by[0].length) continue;
        const target = rule.target ? actorsBefore(sentence, hits, asides, cueStart, rule.target).at(-1) : undefined;
        if (!target || target.entity.key === actor.entity.key) continue;
        out.push(make(rule.kind, actor.entity, target.entity, cueStart));
        continue;
      }
      const actors = actorsBefore(sentence, hits, asides, cueStart, rule.actor);
      if (!actors.length) continue;
      const mine = new Set(actors.map((a) => a.entity.key));
      // from the cue's start: some objects sit inside the cue ("granted Anthropic's request")
      const [from, to] = rule.targetInMatch ? [cueStart, cueEnd] : [cueStart, clauseEnd(sentence, cueEnd)];
      const target = rule.target ? targetIn(sentence, hits, asides, from, to, rule.target, mine, cueEnd) : null;
      if (rule.kind === 'settled' && !target && actors.length > 1) {
        // "Anthropic and Alibaba settled": the first named settled with the second
        out.push(make(rule.kind, actors[0]!.entity, actors[1]!.entity, cueStart));
        continue;
      }
      if (rule.needsTarget && !target) continue;
      for (const a of actors) out.push(make(rule.kind, a.entity, target?.entity ?? null, cueStart));
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

/** Relative pronoun opening an aside whose subject is the entity just before it. */
const RELATIVE_SUBJECT = /^,\s+(?:which|who)\s+/i;

/**
 * "Anthropic, which sued Alibaba last week, …": the entity before the aside is the actor when the
 * cue follows the pronoun closely (so "Nvidia, which the FTC investigated" is not read as Nvidia
 * investigating); the target must be inside the aside. Any other cue inside an aside is skipped.
 */
function relativeClaim(rule: Rule, sentence: string, hits: Hit[], aside: [number, number], cueStart: number, cueEnd: number): Found | null {
  const [start, end] = aside;
  const pronoun = RELATIVE_SUBJECT.exec(sentence.slice(start, end));
  if (!pronoun || rule.passive) return null;
  const between = sentence.slice(start + pronoun[0].length, cueStart);
  if (wordCount(between) > 2 || CLAUSE_BREAK.test(between)) return null;
  const antecedent = hits.find((h) => h.end === start);
  if (!antecedent || !rule.actor(antecedent.entity, sentence.slice(0, antecedent.start))) return null;
  const [from, to] = rule.targetInMatch ? [cueStart, cueEnd] : [cueStart, Math.min(end, clauseEnd(sentence, cueEnd))];
  const target = rule.target ? targetIn(sentence, hits, [], from, to, rule.target, new Set([antecedent.entity.key]), cueEnd) : null;
  if (rule.needsTarget && !target) return null;
  return make(rule.kind, antecedent.entity, target?.entity ?? null, cueStart);
}

function make(kind: ClaimKind, actor: ClaimEntity, target: ClaimEntity | null, at: number): Found {
  return { at, claim: { kind, actor: actor.key, actorName: actor.name, target: target?.key ?? null, targetName: target?.name ?? null } };
}

/**
 * The claims an article makes, in the order of the sentences that make them, one per
 * (kind, actor, target). `entities` are the article's entities as the extractor found them.
 */
export function extractClaims(text: string, entities: readonly ClaimEntity[]): Claim[] {
  const forms: { text: string; entity: ClaimEntity }[] = [];
  for (const e of entities) {
    for (const t of new Set([e.name, ...(e.mentionTexts ?? [])])) if (t.trim()) forms.push({ text: t, entity: e });
  }
  forms.sort((a, b) => b.text.length - a.text.length);
  const claims: Claim[] = [];
  const seen = new Set<string>();
  for (const span of sentenceSpans(text)) {
    const sentence = text.slice(span.start, span.end);
    for (const { claim: c } of claimsInSentence(sentence, forms)) {
      const id = `${c.kind}|${c.actor}|${c.target ?? ''}`;
      if (seen.has(id)) continue;
      seen.add(id);
      claims.push({ ...c, sentence: shorten(sentence) });
    }
  }
  return claims;
}
