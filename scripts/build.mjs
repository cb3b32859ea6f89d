#!/usr/bin/env node
// Builds the extension for Chrome and Firefox from the one top-level manifest.json.
//
// 1. Three self-contained scripts (IIFE, no chunks, no module loading): the stage-one gate, stage
//    two (injected by the background on demand) and the background. Classic scripts run the same
//    as a Chrome service worker, a Firefox event page and a content script.
// 2. The extension pages (options, the reading companion, the welcome page) as an ordinary vite multi-page build.
//    None is web-accessible: the page gets nothing of ours but the content scripts the browser injects.
// 3. Icons and the two manifests: Chrome gets the service worker and the side panel, Firefox an event
//    page, the sidebar, its gecko id and data_collection_permissions. Content-script matches come
//    from assets/news-sites.json, as https:// patterns only.
// 4. The test build, dist-test/: the same files with a manifest that also lists the test host
//    (TEST_HOSTS, http and https: the fixture server and the demo serve plain http on 127.0.0.1),
//    the test key for knowledge packs in place of the real one (kb-pack-key.json, read at run
//    time by the background: see src/kb/pack.ts), and test-hooks.json (no welcome page on install
//    unless a test asks).
//    The e2e suite, the browser benchmark and `npm start` load it; dist/ (what ships) never names it.
import { build } from 'vite';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeIcons } from './icons.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// `--out DIR` builds elsewhere (the build test does, so it never touches a dist/ a browser has loaded)
const outAt = process.argv.indexOf('--out');
const dist = outAt > 0 ? path.resolve(process.argv[outAt + 1]) : path.join(root, 'dist');
const distTest = `${dist}-test`;
/** Hosts the tests and the demo serve fixtures as (the reserved .example domain, RFC 2606); test build only. */
const TEST_HOSTS = ['news.example'];
/**
 * Listed news sites the tests serve over plain http from 127.0.0.1 as well (the boundary tests play
 * a reader's story on www.reuters.com against a hostile page on news.example); test build only.
 */
const TEST_HTTP_SITES = ['reuters.com'];
/** Where the sync tests' stand-in Hypothesis server answers (any port); test build only. */
const TEST_SYNC_HOST = 'http://localhost/*';
const chrome = path.join(dist, 'chrome');
const quiet = process.argv.includes('--quiet');

const shared = {
  configFile: false,
  root,
  logLevel: quiet ? 'error' : 'warn',
  define: { 'process.env.NODE_ENV': '"production"' },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
};

const scripts = [
  ['extension/content/gate.ts', 'content/gate.js'],
  ['extension/content/stage2.ts', 'content/stage2.js'],
  ['extension/background/index.ts', 'background.js'],
];

fs.rmSync(dist, { recursive: true, force: true });
fs.rmSync(distTest, { recursive: true, force: true });
for (const [entry, out] of scripts) {
  await build({
    ...shared,
    build: {
      outDir: chrome,
      emptyOutDir: false,
      target: 'es2022',
      minify: true,
      copyPublicDir: false,
      reportCompressedSize: false,
      lib: { entry: path.join(root, entry), formats: ['iife'], name: 'aiNewsLens', fileName: () => out },
    },
  });
}
await build({
  ...shared,
  root: path.join(root, 'extension'),
  base: './',
  build: {
    outDir: chrome,
    emptyOutDir: false,
    target: 'es2022',
    copyPublicDir: false,
    reportCompressedSize: false,
    rollupOptions: {
      input: {
        options: path.join(root, 'extension/options/options.html'),
        sidepanel: path.join(root, 'extension/sidepanel/sidepanel.html'),
        welcome: path.join(root, 'extension/welcome/welcome.html'),
      },
    },
  },
});

writeIcons(path.join(chrome, 'icons'));
// the public keys knowledge packs are checked with (the private key never is in the repository)
fs.copyFileSync(path.join(root, 'assets/kb-pack-key.json'), path.join(chrome, 'kb-pack-key.json'));
// the manifest's user-facing strings (name, description, command descriptions), so a listing can be translated
fs.cpSync(path.join(root, '_locales'), path.join(chrome, '_locales'), { recursive: true });
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'manifest.json'), 'utf8'));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const sites = JSON.parse(fs.readFileSync(path.join(root, 'assets/news-sites.json'), 'utf8')).hosts;
manifest.version = pkg.version;

/** The Chrome and Firefox manifests for one list of content-script patterns. */
function manifests(patterns) {
  const expand = (list) => list.flatMap((m) => (m === '__NEWS_SITES__' ? patterns : [m]));
  const cr = structuredClone(manifest);
  cr.host_permissions = expand(cr.host_permissions);
  for (const cs of cr.content_scripts) cs.matches = expand(cs.matches);
  const fx = structuredClone(cr);
  fx.background = { scripts: [cr.background.service_worker] };
  // The reading companion: Chrome's side panel is Firefox's sidebar, and its command the built-in
  // _execute_sidebar_action (same key, changeable in the add-on manager)
  fx.sidebar_action = { default_panel: cr.side_panel.default_path, default_title: cr.action.default_title, default_icon: cr.action.default_icon, open_at_install: false };
  delete fx.side_panel;
  fx.permissions = fx.permissions.filter((p) => p !== 'sidePanel');
  fx.commands = Object.fromEntries(Object.entries(fx.commands).map(([k, c]) => (k === 'open-companion' ? ['_execute_sidebar_action', c] : [k, c])));
  // Nothing is collected unless the reader turns a live source on: that sends names from the
  // article (website content) to the service, so Firefox's own consent is asked then, too.
  fx.browser_specific_settings = {
    gecko: { id: 'ai-news-lens@ai-news-lens.dev', strict_min_version: '140.0', data_collection_permissions: { required: ['none'], optional: ['websiteContent'] } },
    gecko_android: { strict_min_version: '142.0' },
  };
  return { chrome: cr, firefox: fx };
}

const firefox = path.join(dist, 'firefox');
fs.cpSync(chrome, firefox, { recursive: true });
const production = manifests(sites.map((h) => `https://*.${h}/*`));
fs.writeFileSync(path.join(chrome, 'manifest.json'), JSON.stringify(production.chrome, null, 2));
fs.writeFileSync(path.join(firefox, 'manifest.json'), JSON.stringify(production.firefox, null, 2));

const test = manifests([...sites.map((h) => `https://*.${h}/*`), ...TEST_HOSTS.map((h) => `*://*.${h}/*`), ...TEST_HTTP_SITES.map((h) => `http://*.${h}/*`)]);
// The sync tests' stand-in Hypothesis server runs on http://localhost:<port>: granted in the test
// build, because headless Chromium shows the optional-permission prompt to no one (Firefox's test
// profile grants without one). The live-source tests use 127.0.0.1, which stays ungranted.
for (const m of [test.chrome, test.firefox]) m.host_permissions.push(TEST_SYNC_HOST);
for (const browser of ['chrome', 'firefox']) {
  fs.cpSync(path.join(dist, browser), path.join(distTest, browser), { recursive: true });
  fs.writeFileSync(path.join(distTest, browser, 'manifest.json'), JSON.stringify(test[browser], null, 2));
  // the tests sign packs with a key of their own, and serve them from plain http on 127.0.0.1 (loopbackHttp)
  fs.copyFileSync(path.join(root, 'test/fixtures/kb-pack/test-keys.json'), path.join(distTest, browser, 'kb-pack-key.json'));
  // the test build's switches (src/welcome/hooks.ts): no welcome tab on install unless a test asks for one
  fs.writeFileSync(path.join(distTest, browser, 'test-hooks.json'), JSON.stringify({ welcomeOnInstall: false, companion: 'auto' }));
}
if (!quiet) console.log(`built ${path.relative(root, chrome)} and ${path.relative(root, firefox)} (production), ${path.relative(root, distTest)}/ (the same with the test host)`);
