/** Reads the test build's switches (src/welcome/hooks.ts); null in what ships, where the file is not. */
import { api } from './browser';
import { TEST_HOOKS_FILE, parseTestHooks, type TestHooks } from '../../src/welcome/hooks';

export async function loadTestHooks(): Promise<TestHooks | null> {
  try {
    const res = await fetch(api.runtime.getURL(TEST_HOOKS_FILE));
    return res.ok ? parseTestHooks(await res.json()) : null;
  } catch {
    return null;
  }
}
