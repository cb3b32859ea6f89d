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
}
