import { gzipSync } from 'node:zlib';
import { KB_ENTITIES, KB_FILE_ENTITIES } from '../kb/index';
import { ENTITY_TYPES, type KbEntity } from '../kb/types';
import { datedFacts } from '../kb/validate';

/** Entities added or checked after this day must cite a source for every dated fact (issue #15). */
export const SOURCED_SINCE = '2026-12-01';
/** The issue's budget for the whole knowledge base, gzipped. */
export const MAX_GZIP_KB = 150;

/** The knowledge base as the build bundles it (all entities as the files write them, minified JSON), gzipped: bytes. */
export const gzippedSize = (entities: readonly object[] = KB_FILE_ENTITIES): number => gzipSync(JSON.stringify(entities)).length;

/**
 * `ai-news-lens kb stats`: entities per type, relations per type, dated facts with a source, the
 * `asOf` dates, the gzipped size (of `bundled`: the files' own form for the shipped knowledge base). Returns the exit code: 1 when an entity added or checked after
 * SOURCED_SINCE states a dated fact without a source (each is printed) or the size is over budget, else 0.
 */
export function kbStats(out: (line: string) => void, entities: readonly KbEntity[] = KB_ENTITIES, bundled: readonly object[] = entities === KB_ENTITIES ? KB_FILE_ENTITIES : entities): number {
  const size = gzippedSize(bundled);
  const types = new Map<string, number>(ENTITY_TYPES.map((t) => [t, 0]));
  const relations = new Map<string, number>();
  const asOf = new Map<string, number>();
  let aliases = 0;
  let dated = 0;
  let sourced = 0;
  const missing: string[] = [];
  for (const e of entities) {
    types.set(e.type, (types.get(e.type) ?? 0) + 1);
    aliases += e.aliases.length;
    asOf.set(e.asOf, (asOf.get(e.asOf) ?? 0) + 1);
    for (const r of e.relations ?? []) relations.set(r.type, (relations.get(r.type) ?? 0) + 1);
    for (const f of datedFacts(e)) {
      dated++;
      if (f.sourced) sourced++;
      else if (e.asOf > SOURCED_SINCE) missing.push(`${f.id}: ${f.what}`);
    }
  }
  out(`entities: ${entities.length} (aliases: ${aliases})`);
  for (const [t, n] of types) out(`  ${t}: ${n}`);
  out(`hardware: ${types.get('hardware') ?? 0}`);
  out(`relations: ${[...relations.values()].reduce((a, b) => a + b, 0)}`);
  for (const [t, n] of [...relations].sort()) out(`  ${t}: ${n}`);
  out(`dated facts with a source: ${sourced} of ${dated}`);
  out(`asOf dates: ${asOf.size} distinct (${[...asOf].sort(([a], [b]) => b.localeCompare(a)).map(([d, n]) => `${d}: ${n}`).join(', ')})`);
  out(`gzipped size: ${(size / 1024).toFixed(1)} KB (budget ${MAX_GZIP_KB} KB)`);
  let code = 0;
  if (size > MAX_GZIP_KB * 1024) {
    out(`over the budget of ${MAX_GZIP_KB} KB gzipped`);
    code = 1;
  }
  if (!missing.length) return code;
  out(`unsourced dated facts on entities checked after ${SOURCED_SINCE}: ${missing.length}`);
  for (const m of missing) out(`  ${m}`);
  return 1;
}
