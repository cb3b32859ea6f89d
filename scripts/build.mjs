#!/usr/bin/env node
// Builds the extension for Chrome and Firefox from the one top-level manifest.json.
//
// 1. Three self-contained scripts (IIFE, no chunks, no module loading): the stage-one gate, stage
//    two (injected by the background on demand) and the background. Classic scripts run the same
//    as a Chrome service worker, a Firefox event page and a content script.
// 2. The extension pages (popup, options, the sidebar's frame, the reading companion) as an ordinary vite multi-page build.
// 3. Icons and the two manifests: Chrome gets the service worker and the side panel, Firefox an event
//    page, the sidebar, its gecko id and data_collection_permissions. Content-script matches come from assets/news-sites.json.
import { build } from 'vite';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeIcons } from './icons.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
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
        popup: path.join(root, 'extension/popup/popup.html'),
        options: path.join(root, 'extension/options/options.html'),
        panel: path.join(root, 'extension/panel/panel.html'),
        sidepanel: path.join(root, 'extension/sidepanel/sidepanel.html'),
      },
    },
  },
});

writeIcons(path.join(chrome, 'icons'));
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'manifest.json'), 'utf8'));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const sites = JSON.parse(fs.readFileSync(path.join(root, 'assets/news-sites.json'), 'utf8')).hosts.map((h) => `*://*.${h}/*`);
const expand = (list) => list.flatMap((m) => (m === '__NEWS_SITES__' ? sites : [m]));
manifest.version = pkg.version;
manifest.host_permissions = expand(manifest.host_permissions);
for (const cs of manifest.content_scripts) cs.matches = expand(cs.matches);
fs.writeFileSync(path.join(chrome, 'manifest.json'), JSON.stringify(manifest, null, 2));

const firefox = path.join(dist, 'firefox');
fs.cpSync(chrome, firefox, { recursive: true });
const fx = structuredClone(manifest);
fx.background = { scripts: [manifest.background.service_worker] };
// Firefox gives every install its own random origin already, and does not know use_dynamic_url
for (const war of fx.web_accessible_resources ?? []) delete war.use_dynamic_url;
// The reading companion: Chrome's side panel is Firefox's sidebar, and its command the built-in
// _execute_sidebar_action (same key, changeable in the add-on manager)
fx.sidebar_action = { default_panel: manifest.side_panel.default_path, default_title: manifest.action.default_title, default_icon: manifest.action.default_icon, open_at_install: false };
delete fx.side_panel;
fx.permissions = fx.permissions.filter((p) => p !== 'sidePanel');
fx.commands = Object.fromEntries(Object.entries(fx.commands).map(([k, c]) => (k === 'open-companion' ? ['_execute_sidebar_action', c] : [k, c])));
// Nothing is collected unless the reader turns a live source on: that sends names from the
// article (website content) to the service, so Firefox's own consent is asked then, too.
fx.browser_specific_settings = {
  gecko: { id: 'ai-news-lens@ai-news-lens.dev', strict_min_version: '140.0', data_collection_permissions: { required: ['none'], optional: ['websiteContent'] } },
  gecko_android: { strict_min_version: '142.0' },
};
fs.writeFileSync(path.join(firefox, 'manifest.json'), JSON.stringify(fx, null, 2));
if (!quiet) console.log(`built ${path.relative(root, chrome)} and ${path.relative(root, firefox)}`);
