import { aliasesOf, createKnowledgeBase, type KbEntity, type KnowledgeBase } from '../kb/index';
import rules from '../../assets/rules/extraction.json';
import { AliasMatcher } from './matcher';
import { compileContextRules, type ContextRules } from './context';

export interface AliasValue {
  entity: KbEntity;
  ambiguous: boolean;
}

export interface FamilyRule {
  prefix: string;
  family: string | null;
  needsVersion?: boolean;
  /** The family name has a common non-AI meaning (Nova, Gemini): versioned names need evidence too. */
  ambiguous?: boolean;
}

/** The knowledge base and rules compiled for matching: built once per context, reused for every article. */
export interface CompiledKb {
  kb: KnowledgeBase;
  aliases: AliasMatcher<AliasValue>;
  families: AliasMatcher<FamilyRule>;
  familyPrefixes: FamilyRule[];
  tierWords: Set<string>;
  standaloneModel: RegExp;
  orgHeads: Map<string, 'agency' | 'organization' | 'company' | 'outlet'>;
  policyPatterns: RegExp[];
  agencyPatterns: RegExp[];
  /** Lines that name who wrote or pictured the story: a lead ("Reporting by", "Photo:") and the role it gives. */
  creditLines: { re: RegExp; role: 'byline' | 'credit' }[];
  /** How one mention is checked against its context (assets/rules/context.json). */
  context: ContextRules;
  aiTerms: { re: RegExp; w: number }[];
  localAiCues: RegExp;
  typeWeights: Record<string, number>;
  /** Entities linked by maker, family, parent or a relation, both ways: they vouch for each other. */
  related: Map<string, Set<string>>;
}

export function compileKb(kb: KnowledgeBase = createKnowledgeBase()): CompiledKb {
  const aliasPatterns = kb.entities.flatMap((entity) =>
    aliasesOf(entity).map((a) => ({
      text: a.text,
      caseInsensitive: a.case === 'insensitive',
      value: { entity, ambiguous: !!a.ambiguous },
    })),
  );
  const familyPrefixes = rules.modelFamilies as FamilyRule[];
  const orgHeads = new Map<string, 'agency' | 'organization' | 'company' | 'outlet'>();
  for (const [type, words] of Object.entries(rules.orgHeads)) for (const w of words) orgHeads.set(w, type as 'agency');
  const related = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    if (a === b) return;
    for (const [x, y] of [[a, b], [b, a]] as const) {
      let set = related.get(x);
      if (!set) related.set(x, (set = new Set()));
      set.add(y);
    }
  };
  for (const e of kb.entities) {
    for (const k of ['maker', 'family', 'parent']) {
      const v = e.facts?.[k];
      if (typeof v === 'string' && kb.byId.has(v)) link(e.id, v);
    }
    for (const r of e.relations ?? []) if (kb.byId.has(r.target) && r.type !== 'sued-by') link(e.id, r.target);
  }
  return {
    kb,
    related,
    aliases: new AliasMatcher(aliasPatterns),
    families: new AliasMatcher(familyPrefixes.map((f) => ({ text: f.prefix, value: f }))),
    familyPrefixes,
    tierWords: new Set(rules.modelTierWords),
    standaloneModel: new RegExp(rules.standaloneModelPattern),
    orgHeads,
    policyPatterns: rules.policyPatterns.map((p) => new RegExp(p, 'g')),
    agencyPatterns: rules.agencyPatterns.map((p) => new RegExp(p, 'g')),
    creditLines: rules.creditLines.map((c) => ({ re: new RegExp(c.lead, 'gu'), role: c.role as 'byline' | 'credit' })),
    context: compileContextRules(),
    aiTerms: rules.aiTerms.map((t) => ({ re: new RegExp(t.re, t.i ? 'gi' : 'g'), w: t.w })),
    localAiCues: new RegExp(rules.localAiCues),
    typeWeights: rules.entityTypeWeights,
  };
}

let shared: CompiledKb | null = null;
/** The embedded knowledge base, compiled on first use. */
export function defaultCompiledKb(): CompiledKb {
  return (shared ??= compileKb());
}
