import type { EntityType, KbEntity } from './types';

export interface KbSearchHit {
  id: string;
  name: string;
  type: EntityType;
  aliases: string[];
  summary: string;
  /** Added by the reader (not shipped). */
  mine: boolean;
  hidden: boolean;
}

/** Rank of a match: exact name, name prefix, alias exact/prefix, word start, substring anywhere. */
function rank(e: KbEntity, q: string): number {
  const name = e.name.toLowerCase();
  if (name === q) return 0;
  if (name.startsWith(q)) return 1;
  const aliases = e.aliases.map((a) => a.text.toLowerCase());
  if (aliases.includes(q)) return 2;
  if (aliases.some((a) => a.startsWith(q))) return 3;
  if (new RegExp(`\\b${q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).test(name)) return 4;
  if (name.includes(q) || aliases.some((a) => a.includes(q))) return 5;
  return -1;
}

/** Search by name or alias, optionally within one type; an empty query lists everything of the type. */
export function searchKb(entities: readonly KbEntity[], query: string, opts: { type?: EntityType | null; limit?: number; hidden?: ReadonlySet<string>; mine?: (id: string) => boolean } = {}): { total: number; hits: KbSearchHit[] } {
  const q = query.trim().toLowerCase();
  const ranked: [number, KbEntity][] = [];
  for (const e of entities) {
    if (opts.type && e.type !== opts.type) continue;
    const r = q ? rank(e, q) : 0;
    if (r >= 0) ranked.push([r, e]);
  }
  ranked.sort((a, b) => a[0] - b[0] || a[1].name.localeCompare(b[1].name));
  const hits = ranked.slice(0, opts.limit ?? 50).map(([, e]) => ({
    id: e.id,
    name: e.name,
    type: e.type,
    aliases: e.aliases.map((a) => a.text).filter((t) => t !== e.name),
    summary: e.summary,
    mine: opts.mine?.(e.id) ?? false,
    hidden: opts.hidden?.has(e.id) ?? false,
  }));
  return { total: ranked.length, hits };
}
