import { aliasesOf, createKnowledgeBase, type KbEntity, type KnowledgeBase } from '../kb/index';
import rules from '../../assets/rules/extraction.json';
import detection from '../../assets/rules/detection.json';
import { AliasMatcher } from './matcher';
import type { HardwareRules } from './hardware';
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
  hardware: HardwareRules;
  agencyPatterns: RegExp[];
  /** Lines that name who wrote or pictured the story: a lead ("Reporting by", "Photo:") and the role it gives. */
  creditLines: { re: RegExp; role: 'byline' | 'credit' }[];
  /** How one mention is checked against its context (assets/rules/context.json). */
  context: ContextRules;
  /** AI terms for detection, each with its tier (assets/rules/detection.json). */
  aiTerms: { re: RegExp; once: RegExp; w: number; tier: 'ai' | 'context'; label: string }[];
  localAiCues: RegExp;
  /** How entities count as AI evidence (assets/rules/detection.json). */
  detection: {
    entityWeights: Record<string, number>;
    contextKinds: Set<string>;
    contextIds: Set<string>;
    aiPersonOrgKinds: Set<string>;
  };
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
    // a lawsuit or a licensing deal says nothing about what an ambiguous name means next to the other party
    for (const r of e.relations ?? []) if (kb.byId.has(r.target) && r.type !== 'sued-by' && r.type !== 'licenses-content-to') link(e.id, r.target);
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
    hardware: {
      code: new RegExp(rules.hardwareShapes.code),
      familyCode: new RegExp(rules.hardwareShapes.familyCode),
      chipWordCode: new RegExp(rules.hardwareShapes.chipWordCode),
      makers: new Map(Object.entries(rules.hardwareShapes.makers)),
      families: new Map(Object.entries(rules.hardwareShapes.families)),
      chipWords: new Set(rules.hardwareShapes.chipWords),
      notCodes: new Set(rules.hardwareShapes.notCodes),
    },
    creditLines: rules.creditLines.map((c) => ({ re: new RegExp(c.lead, 'gu'), role: c.role as 'byline' | 'credit' })),
    context: compileContextRules(),
    aiTerms: detection.aiTerms.map((t: { re: string; w: number; i?: boolean; tier?: string }) => ({
      re: new RegExp(t.re, t.i ? 'gi' : 'g'),
      /** The same pattern without `g`: the first match, for the label a headline gives it. */
      once: new RegExp(t.re, t.i ? 'i' : ''),
      w: t.w,
      tier: t.tier === 'context' ? ('context' as const) : ('ai' as const),
      label: t.re.replace(/\\b/g, ''),
    })),
    localAiCues: new RegExp(rules.localAiCues),
    detection: {
      entityWeights: detection.entityWeights as Record<string, number>,
      contextKinds: new Set(detection.contextKinds),
      contextIds: new Set(detection.contextIds),
      aiPersonOrgKinds: new Set(detection.aiPersonOrgKinds),
    },
  };
}

let shared: CompiledKb | null = null;
/** The embedded knowledge base, compiled on first use. */
export function defaultCompiledKb(): CompiledKb {
  return (shared ??= compileKb());
}
