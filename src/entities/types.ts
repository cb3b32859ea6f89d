import type { EntityType } from '../kb/types';
import type { AiWhy } from '../detect/ai-score';

export interface Mention {
  text: string;
  start: number;
  end: number;
}

/** Why an entity was found: a knowledge-base alias, a name pattern, or an NLP tag. */
export type Reason = 'kb-alias' | 'pattern:model-version' | 'pattern:model-name' | 'pattern:hardware-code' | 'pattern:policy' | 'pattern:org-head' | 'pattern:credit' | 'pattern:title' | 'nlp:person' | 'nlp:surname'
  /** A context rule that accepted, steered or refused a mention (assets/rules/context.json): `context:<rule>`. */
  | `context:${string}`;

export interface Entity {
  name: string;
  type: EntityType;
  kbId: string | null;
  mentions: Mention[];
  why: Reason[];
  /** For a model found by its shape: the knowledge-base family it belongs to ("Qwen3.7-Max" → qwen). */
  familyId?: string | null;
  /** For a chip found by its shape next to its maker ("Nvidia B400"): the maker's company id. */
  makerId?: string | null;
  /** Who the person is to the page rather than to the story: the byline's writer or a picture's credit. */
  role?: 'byline' | 'credit';
}

/** A span some NLP tagger thinks is a name. Offsets index the same text. */
export interface NlpSpan {
  start: number;
  end: number;
  kind: 'person' | 'organization' | 'place';
}
export type NlpTagger = (text: string) => NlpSpan[];

export interface Analysis {
  isAI: boolean;
  aiScore: number;
  /** What the score is made of (absent when the text was not analysed: not an article). */
  aiWhy?: AiWhy;
  entities: Entity[];
}

/**
 * The key that names one entity of an article across the extension (marks, cards, the reading
 * history, entity notes): its knowledge-base id, or its type and name when the knowledge base does
 * not know it.
 */
export const entityKey = (e: { kbId: string | null; type: string; name: string }): string => e.kbId ?? `${e.type}:${e.name}`;
