/**
 * What every file the reader imports (JSON-LD annotations, a full backup, knowledge-base additions)
 * is held to before anything is stored, in one place so the three imports cannot drift apart:
 *
 * - the same size limits as the in-page saves (the `ann:save` / `ann:update` / `panel:entityNote`
 *   validators in src/messaging/protocol.ts): a file cannot store what the page could not;
 * - no key that reaches an object's prototype, at any depth (`JSON.parse` makes `__proto__` an own
 *   key, which later spreads, `Object.assign` or `obj[key] = …` turn into a prototype change);
 * - links are http(s) only (they are shown as links: never `javascript:` or `data:`);
 * - the first problem is named by its path (`items[3].id: longer than 100 characters`).
 */

/** Limits shared with the in-page saves (src/messaging/protocol.ts) and the stores. */
export const LIMITS = {
  /** An annotation id (`ann:update` takes ids up to this); ours are UUIDs. */
  id: 100,
  /** A highlighted quote (`ann:save`'s TextQuoteSelector.exact). */
  quote: 10_000,
  /** A quote's context on either side (`ann:save`'s prefix and suffix). */
  context: 64,
  /** A note on a highlight or an entity (`ann:update`, `panel:entityNote`). */
  note: 20_000,
  tags: 50,
  tag: 60,
  /** An article title (`ann:save`, `page:analyze`). */
  title: 2000,
  /** A text fingerprint (`ann:save`). */
  fingerprint: 64,
  /** An address (the messaging default for URLs). */
  url: 2048,
  /** Addresses kept per article (src/storage/history-store.ts MAX_URLS). */
  urls: 20,
  /** An entity key or name (`panel:entityNote`). */
  entityKey: 300,
  name: 200,
  /** A link's text (`page:analyze`). */
  linkText: 500,
  /** A date as text. */
  date: 40,
  /** Records of one kind in one file: far above a reader's real library, far below what stalls the page. */
  records: 100_000,
  /** Nesting of a file: ours go five levels deep. */
  depth: 32,
} as const;

/** The whole file, before it is parsed (src/storage/backup.ts's full backups hold the history too). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** Keys that reach an object's prototype when used as `obj[key]`. */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The first prototype key (or too deep a nesting) anywhere in `data`, as `path: problem`, or null.
 * Walks with its own stack: a hostile file nested 100,000 levels deep does not overflow ours.
 */
export function prototypeKeyProblem(data: unknown, at = ''): string | null {
  const stack: [unknown, string, number][] = [[data, at, 0]];
  while (stack.length) {
    const [v, p, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > LIMITS.depth) return `${p || '(the file)'}: nested more than ${LIMITS.depth} levels deep`;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${p}[${i}]`, depth + 1]);
      continue;
    }
    const keys = Object.keys(v);
    for (const k of keys) if (PROTOTYPE_KEYS.has(k)) return `${p ? `${p}.` : ''}${k}: not allowed as a key`;
    for (let i = keys.length - 1; i >= 0; i--) stack.push([(v as Record<string, unknown>)[keys[i]!], `${p ? `${p}.` : ''}${keys[i]}`, depth + 1]);
  }
  return null;
}

/** An absolute http(s) address of at most LIMITS.url characters, without spaces. */
export const isWebUrl = (v: unknown): v is string => typeof v === 'string' && v.length <= LIMITS.url && /^https?:\/\/[^\s]+$/i.test(v);

/** Text of at most `max` characters (and at least `min`). */
export const isText = (v: unknown, max: number, min = 0): v is string => typeof v === 'string' && v.length >= min && v.length <= max;

/** `field: longer than N characters` or `field: must be a text`, for a value that fails isText. */
export const textProblem = (v: unknown, max: number): string => (typeof v === 'string' ? `longer than ${max} characters` : 'must be a text');

/** The first key of `v` not in `allowed`, as `key: unknown field`, or null. */
export function unknownField(v: Record<string, unknown>, allowed: readonly string[]): string | null {
  const k = Object.keys(v).find((key) => !allowed.includes(key));
  return k === undefined ? null : `${k}: unknown field`;
}

export { isObj };
