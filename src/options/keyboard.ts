/**
 * Every keyboard shortcut the extension has, as the options page's help lists them. The browser
 * commands (manifest.json `commands`) can be changed by the reader in the browser's shortcut
 * settings, so the page shows the key the browser reports for each when it can (`current`).
 */
export interface Shortcut {
  /** The manifest command, for the keys a reader can change. */
  command?: string;
  keys: string[];
  where: string;
  does: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { command: 'next-mark', keys: ['Alt', 'Shift', 'J'], where: 'In an article', does: 'Go to the next marked name and open its card' },
  { command: 'previous-mark', keys: ['Alt', 'Shift', 'K'], where: 'In an article', does: 'Go to the previous marked name' },
  { command: 'open-companion', keys: ['Alt', 'Shift', 'L'], where: 'Anywhere in the browser', does: 'Open the companion beside the article' },
  { keys: ['Alt', 'Shift', 'H'], where: 'With text selected in an article', does: 'Highlight the selection' },
  { keys: ['Alt', 'Shift', 'N'], where: 'With text selected in an article', does: 'Highlight the selection and write a note or tags' },
  { keys: ['Esc'], where: 'On a card', does: 'Close the card and return to the name it belongs to' },
  { keys: ['Tab'], where: 'In the companion or a card', does: 'Move between entries and their buttons' },
  { keys: ['←', '→'], where: 'On the companion’s Context and Notes & related tabs', does: 'Switch between the two views' },
];

/**
 * The keys to show for a shortcut: what the browser reports for its command when it reports one
 * ("Alt+Shift+J", or "" when the reader removed it), else the default.
 */
export function keysOf(s: Shortcut, current: ReadonlyMap<string, string>): string[] | null {
  if (!s.command || !current.has(s.command)) return s.keys;
  const set = current.get(s.command)!;
  return set ? set.split('+') : null;
}
