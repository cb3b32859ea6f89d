/**
 * AI chips the knowledge base does not hold yet, found by the shape of their name: a model code next
 * to its maker ("Nvidia B400", "AMD's MI450"), after a family word ("Ascend 950PR", "TPU v8",
 * "Trainium3") or before a chip word ("the MI450 accelerator"). The words and shapes are data
 * (`assets/rules/extraction.json`, `hardwareShapes`); the reasons for each are written there.
 *
 * A code alone is never enough: "H1 2025" (a half-year), "B2B", "A4 paper" and "M1 Garand" have the
 * same letters-and-digits look, so every match needs one of the three neighbours above.
 */
import type { Token } from './tokens';

export interface HardwareRules {
  code: RegExp;
  familyCode: RegExp;
  /** The stricter code shape taken before a chip word alone. */
  chipWordCode: RegExp;
  /** Maker word → company id. */
  makers: Map<string, string>;
  /** Family word → hardware family id. */
  families: Map<string, string>;
  chipWords: Set<string>;
  notCodes: Set<string>;
}

export interface HardwareHit {
  first: number;
  last: number;
  familyId: string | null;
  makerId: string | null;
}

/** The family word glued to a version, as in "Trainium3" or "Gaudi4". */
const GLUED = /^(\p{Lu}\p{Ll}+)(\d{1,2})$/u;

/**
 * 1. A family word followed by a code ("Ascend 950PR", "TPU v8"), or glued to a version ("Trainium3").
 * 2. A code right after a maker, possessive or not ("Nvidia B400", "AMD's MI450").
 * 3. A code right before a chip word ("MI450 accelerator", "R100 GPUs").
 * Tokens already explained (`taken`) are skipped; the caller lets knowledge-base names win overlaps.
 */
export function hardwareCodes(rules: HardwareRules, text: string, tokens: Token[], taken: (i: number) => boolean): HardwareHit[] {
  const out: HardwareHit[] = [];
  const spaced = (a: Token, b: Token) => text.slice(a.end, b.start) === ' ';
  const isCode = (t: Token | undefined) => !!t && rules.code.test(t.text) && !rules.notCodes.has(t.text);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    if (taken(i)) continue;
    const glued = GLUED.exec(t.text);
    if (glued && rules.families.has(glued[1]!)) {
      out.push({ first: i, last: i, familyId: rules.families.get(glued[1]!)!, makerId: null });
      continue;
    }
    const family = rules.families.get(t.text);
    if (family && next && !t.possessive && spaced(t, next) && rules.familyCode.test(next.text) && !rules.notCodes.has(next.text) && !taken(i + 1)) {
      out.push({ first: i, last: i + 1, familyId: family, makerId: null });
      i++;
      continue;
    }
    if (!isCode(t)) continue;
    const prev = tokens[i - 1];
    const gap = prev ? text.slice(prev.end, t.start) : '';
    const maker = prev && (prev.possessive ? /^['’]s $/.test(gap) : gap === ' ') ? rules.makers.get(prev.text) : undefined;
    const chipWord = !!next && !t.possessive && spaced(t, next) && rules.chipWords.has(next.text) && rules.chipWordCode.test(t.text);
    if (maker || chipWord) out.push({ first: i, last: i, familyId: null, makerId: maker ?? null });
  }
  return out;
}
