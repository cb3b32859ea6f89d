/** What the live sources are asked about, from the entities of one article. */

/* ---------------------------------------------------------------- what to ask about */

/** An entity as the background keeps it for a page: `key` is the knowledge-base id, or `type:name` for a name the knowledge base does not know. */
export interface PageEntity {
  key: string;
  name: string;
  type: string;
  count: number;
}

/** Kinds worth a news search or an encyclopedia summary (an outlet is neither). */
const ASKABLE = new Set(['company', 'model', 'person', 'organization', 'agency', 'policy']);
const byMentions = (a: PageEntity, b: PageEntity) => b.count - a.count || a.name.localeCompare(b.name);

/** The names a news search is asked for: the article's three most mentioned askable entities. */
export function newsQuery(entities: readonly PageEntity[]): string[] {
  const out: string[] = [];
  for (const e of [...entities].filter((x) => ASKABLE.has(x.type)).sort(byMentions)) {
    if (!out.some((n) => n.toLowerCase() === e.name.toLowerCase())) out.push(e.name);
    if (out.length === 3) break;
  }
  return out;
}

/** Names in the article the knowledge base does not know, most mentioned first (at most five): the only ones Wikipedia is asked about. */
export function unknownNames(entities: readonly PageEntity[]): string[] {
  return [...entities]
    .filter((e) => ASKABLE.has(e.type) && e.type !== 'policy' && e.key === `${e.type}:${e.name}`)
    .sort(byMentions)
    .slice(0, 5)
    .map((e) => e.name);
}
