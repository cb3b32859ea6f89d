/** The first-run welcome page (welcome/welcome.html): opened on a new install only, never on an update. */
import { api } from '../shared/browser';
import { opensWelcome, type TestHooks } from '../../src/welcome/hooks';

export function wireWelcome(hooks: Promise<TestHooks | null>): void {
  // registered at the background's start, as onInstalled needs
  api.runtime.onInstalled.addListener(({ reason }) => {
    void hooks.then((h) => (opensWelcome(reason, h) ? api.tabs.create({ url: api.runtime.getURL('welcome/welcome.html') }) : undefined));
  });
}
