/**
 * The options page's sections, in the order its navigation lists them, and which one the page's
 * address selects. The highlights' filter lives in the same hash (`#entity=qwen&date=30d`), so a
 * hash that is not a section's id but holds a filter selects the highlights.
 */
export const SECTIONS = [
  { id: 'highlights', label: 'Highlights and notes' },
  { id: 'follows', label: 'Following' },
  { id: 'reading', label: 'Reading' },
  { id: 'history', label: 'Reading history' },
  { id: 'keys', label: 'Keyboard' },
  { id: 'knowledge', label: 'Knowledge base' },
  { id: 'learned', label: 'Learned' },
  { id: 'updates', label: 'Knowledge updates' },
  { id: 'sync', label: 'Sync' },
  { id: 'backup', label: 'Backup' },
] as const;
export type SectionId = (typeof SECTIONS)[number]['id'];

const IDS = new Set<string>(SECTIONS.map((s) => s.id));

/** The section an address hash selects: its id, the highlights for a filter, else none (the page's top). */
export function sectionFromHash(hash: string): SectionId | null {
  const h = hash.replace(/^#/, '');
  if (!h) return null;
  if (IDS.has(h)) return h as SectionId;
  return /(^|&)(q|site|tag|entity|date|from|to)=/.test(h) ? 'highlights' : null;
}

/** Whether a hash names a section (and so is not the highlights' filter, which it must leave alone). */
export const isSectionHash = (hash: string): boolean => IDS.has(hash.replace(/^#/, ''));
