/** The knowledge base's data shapes. The files in `assets/kb/` follow these; `assets/kb/README.md` has the labelling rules. */

export const ENTITY_TYPES = ['company', 'model', 'policy', 'agency', 'person', 'outlet', 'organization', 'hardware'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export interface KbAlias {
  /** The surface form, as written in articles. Possessives are handled in code. */
  text: string;
  /** `sensitive` (default): matched only as written. `insensitive`: any case. */
  case?: 'sensitive' | 'insensitive';
  /** The form has a common non-AI meaning (Claude Monet, Gemini the star sign): it needs evidence from the article. */
  ambiguous?: boolean;
}

export interface KbRelation {
  type: string;
  target: string;
  date?: string;
  source?: string;
  /** For disputes (sued-by, accused-of-distilling): alleged, denied, settled, ruled, pending, dismissed. */
  status?: string;
  note?: string;
}

export interface KbTimelineEvent {
  date: string;
  text: string;
  source?: string;
}

/** What a period says held: a person's role at an organisation, a company's parent, a policy's status. */
export const PERIOD_FACTS = ['role', 'parent', 'status'] as const;
export type PeriodFact = (typeof PERIOD_FACTS)[number];

/**
 * A fact that held from `start` until `end` (no `end`: it still holds). Lets a card read on an older
 * article say what held then and what changed since. `org` is the organisation a role is at or the
 * parent company; `by` is the policy that replaced or froze this one. Every period cites its source.
 */
export interface KbPeriod {
  fact: PeriodFact;
  /** A role title ("CEO"; "staff" when the source names none), for `parent` the words before the parent's name ("subsidiary of", "owned by"), for `status` one of POLICY_STATUSES ("in force", "replaced"). */
  value: string;
  org?: string;
  by?: string;
  start: string;
  end?: string;
  source: string;
}

export interface KbEntity {
  id: string;
  type: EntityType;
  name: string;
  aliases: KbAlias[];
  summary: string;
  links: Record<string, string>;
  asOf: string;
  facts?: Record<string, string | number | boolean>;
  relations?: KbRelation[];
  timeline?: KbTimelineEvent[];
  periods?: KbPeriod[];
  /** Per-fact sources: a fact key (`founded`, `released`) → the https address of a page that states that fact. */
  sources?: Record<string, string>;
}
