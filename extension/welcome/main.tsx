/** The welcome page's entry: reads the companion's shortcut and where it opens, and draws the page. */
import { render } from 'preact';
import { api, isFirefox, sidePanel } from '../shared/browser';
import { companionShortcut } from '../../src/welcome/shortcut';
import { companionHome } from '../../src/companion/opening';
import { loadTestHooks } from '../shared/test-hooks';
import { Welcome } from './Welcome';

void (async () => {
  const [commands, hooks] = await Promise.all([api.commands.getAll().catch(() => []), loadTestHooks()]);
  const home = companionHome({ sidePanel: !!sidePanel, sidebar: !!(api as { sidebarAction?: unknown }).sidebarAction }, hooks);
  const shortcutsAt = isFirefox ? 'about:addons (the gear, then “Manage Extension Shortcuts”)' : 'chrome://extensions/shortcuts';
  render(<Welcome shortcut={companionShortcut(commands)} shortcutsAt={shortcutsAt} home={home} firefox={isFirefox} />, document.getElementById('app')!);
})();
