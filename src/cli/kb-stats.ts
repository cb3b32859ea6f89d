import { KB_ENTITIES } from '../kb/index';
import { ENTITY_TYPES } from '../kb/types';

/** `ai-news-lens kb stats`: entities per type and relations per type in the embedded knowledge base. */
export function kbStats(out: (line: string) => void): void {
  const types = new Map<string, number>(ENTITY_TYPES.map((t) => [t, 0]));
  const relations = new Map<string, number>();
  let aliases = 0;
  for (const e of KB_ENTITIES) {
    types.set(e.type, (types.get(e.type) ?? 0) + 1);
    aliases += e.aliases.length;
    for (const r of e.relations ?? []) relations.set(r.type, (relations.get(r.type) ?? 0) + 1);
  }
  out(`entities: ${KB_ENTITIES.length} (aliases: ${aliases})`);
  for (const [t, n] of types) out(`  ${t}: ${n}`);
  out(`relations: ${[...relations.values()].reduce((a, b) => a + b, 0)}`);
  for (const [t, n] of [...relations].sort()) out(`  ${t}: ${n}`);
}
