/**
 * The companion's keyboard shortcut as the browser has it now (`commands.getAll()`), so a key the
 * reader changed is the one the welcome page shows. Chrome names the command `open-companion`;
 * Firefox's build maps it to `_execute_sidebar_action`.
 */
export const COMPANION_COMMANDS = ['open-companion', '_execute_sidebar_action'] as const;

export interface CommandInfo {
  name?: string;
  shortcut?: string;
}

/** The keys of the companion's command, split for <kbd> ("Alt+Shift+L" → ["Alt", "Shift", "L"]); null when it has none. */
export function companionShortcut(commands: readonly CommandInfo[]): string[] | null {
  const c = commands.find((x) => x.name !== undefined && (COMPANION_COMMANDS as readonly string[]).includes(x.name));
  const keys = c?.shortcut?.trim();
  if (!keys) return null;
  // Chrome on macOS gives "⌥⇧L" with no separators: one key a character
  return keys.includes('+') ? keys.split('+').map((k) => k.trim()).filter(Boolean) : [...keys];
}
