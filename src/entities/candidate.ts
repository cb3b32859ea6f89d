/**
 * A candidate mention and the token claims that keep candidates from overlapping: shared by
 * extract.ts and the finders in names.ts and people.ts.
 */
import type { EntityType, KbEntity } from '../kb/types';
import type { Token } from './tokens';
import type { Reason } from './types';

export interface Candidate {
  start: number;
  end: number;
  first: number;
  last: number;
  type: EntityType;
  why: Reason;
  /** Knowledge-base entity, when linked. */
  kb?: KbEntity;
  ambiguous?: boolean;
  familyId?: string | null;
  makerId?: string | null;
  /** Name to use instead of the mention text (knowledge-base canonical name). */
  name?: string;
  /** A description rather than a name ("the export ban"): joins the article's named policy when there is one. */
  descriptive?: boolean;
  /** Token index of the head word that typed an organisation ("Committee"). */
  headAt?: number;
  /** Context rules that steered or refused a knowledge-base name here (`context:<rule>`), shown in `why`. */
  notes?: Reason[];
  /** A byline or a picture credit, not a person of the story. */
  role?: 'byline' | 'credit';
}

/** Which candidate owns each token: overlap checks in time proportional to a name's length, not to the article's. */
export class Claims {
  private readonly owner: Int32Array;
  private readonly list: (Candidate | null)[] = [];

  constructor(tokens: number) {
    this.owner = new Int32Array(tokens).fill(-1);
  }

  isFree(c: Candidate): boolean {
    for (let i = c.first; i <= c.last; i++) if (this.owner[i] !== -1) return false;
    return true;
  }

  covered(i: number): boolean {
    return this.owner[i] !== -1;
  }

  add(c: Candidate): void {
    const id = this.list.push(c) - 1;
    this.owner.fill(id, c.first, c.last + 1);
  }

  addIfFree(c: Candidate): void {
    if (this.isFree(c)) this.add(c);
  }

  overlapping(c: Candidate): Candidate[] {
    const ids = new Set<number>();
    for (let i = c.first; i <= c.last; i++) if (this.owner[i] !== -1) ids.add(this.owner[i]!);
    return [...ids].map((id) => this.list[id]!);
  }

  remove(c: Candidate): void {
    const id = this.list.indexOf(c);
    if (id < 0) return;
    this.list[id] = null;
    this.owner.fill(-1, c.first, c.last + 1);
  }

  all(): Candidate[] {
    return this.list.filter((c): c is Candidate => c !== null);
  }
}


/** The tokens covering characters start..end, as a candidate's span; null when none begins there. */
export function tokenSpan(tokens: Token[], start: number, end: number): Pick<Candidate, 'start' | 'end' | 'first' | 'last'> | null {
  // first token ending after `start` (binary search: this runs once per pattern match)
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.end > start) hi = mid;
    else lo = mid + 1;
  }
  const first = lo;
  if (first >= tokens.length || tokens[first]!.start >= end) return null;
  let last = first;
  while (last + 1 < tokens.length && tokens[last + 1]!.start < end) last++;
  return { start: tokens[first]!.start, end: tokens[last]!.end, first, last };
}

/** A model, a chip, or an AI lab or start-up: evidence that the article is about the AI industry. */
export function isAiEntity(c: Candidate): boolean {
  if (c.type === 'model' || c.type === 'hardware') return true;
  const kind = c.kb?.facts?.['kind'];
  return c.type === 'company' && (kind === 'ai-lab' || kind === 'startup');
}
