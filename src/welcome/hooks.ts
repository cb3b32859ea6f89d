/**
 * Switches only the test build carries (`test-hooks.json` beside its manifest; `npm run build`
 * writes it into dist-test/ only, never into dist/). A missing or unreadable file means the
 * shipped behaviour: the welcome page opens on install, the companion opens where the browser has room.
 */
export interface TestHooks {
  /** Open the welcome page on install (false in the test build, so the suite's tabs are its own; a test turns it on). */
  welcomeOnInstall: boolean;
  /** `tab`: behave as a browser with no side panel and no sidebar. */
  companion: 'auto' | 'tab';
}

export const TEST_HOOKS_FILE = 'test-hooks.json';

/** Reads the file's JSON; anything not exactly of the shape gives null (the shipped behaviour). */
export function parseTestHooks(raw: unknown): TestHooks | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const o = raw as Record<string, unknown>;
  if (Object.keys(o).some((k) => k !== 'welcomeOnInstall' && k !== 'companion')) return null;
  if (typeof o.welcomeOnInstall !== 'boolean') return null;
  if (o.companion !== undefined && o.companion !== 'auto' && o.companion !== 'tab') return null;
  return { welcomeOnInstall: o.welcomeOnInstall, companion: (o.companion as TestHooks['companion'] | undefined) ?? 'auto' };
}

/** Whether `runtime.onInstalled` with this reason opens the welcome page: a first install only, never an update. */
export const opensWelcome = (reason: string, hooks: TestHooks | null): boolean => reason === 'install' && (hooks?.welcomeOnInstall ?? true);
