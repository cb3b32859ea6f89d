#!/usr/bin/env node
/**
 * `npm run package`: the archives a store takes, from a fresh production build.
 *
 * - builds `dist/` (production: no test hosts, no test key),
 * - checks each manifest holds nothing of the test build and names only files that are there,
 * - lints the Firefox build as addons.mozilla.org does (`web-ext lint`, not self-hosted): stops on any error,
 * - zips each with `web-ext build` into `artifacts/packages/ai-news-lens-<browser>-<version>.zip`.
 *
 * web-ext is the tool AMO's own validator ships as; its zip is what both stores accept (a zip with
 * manifest.json at the root), so one tool makes both archives rather than a zip writer of our own.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import webExt from 'web-ext';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'artifacts/packages');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const fail = (why) => {
  console.error(`package: ${why}`);
  process.exit(1);
};

execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--quiet'], { stdio: 'inherit' });

/** What must never ship: the test build's hosts and switches, source maps. */
const TEST_ONLY = [/news\.example/, /localhost/, /127\.0\.0\.1/];
for (const browser of ['chrome', 'firefox']) {
  const dir = path.join(root, 'dist', browser);
  const text = fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8');
  const manifest = JSON.parse(text);
  if (manifest.version !== pkg.version) fail(`${browser}: manifest version ${manifest.version} is not package.json's ${pkg.version}`);
  for (const re of TEST_ONLY) if (re.test(text)) fail(`${browser}: the manifest names a test host (${re.source})`);
  if (fs.existsSync(path.join(dir, 'test-hooks.json'))) fail(`${browser}: the test build's test-hooks.json is in dist`);
  const files = [];
  const walk = (d) => {
    for (const f of fs.readdirSync(d, { withFileTypes: true })) {
      if (f.isDirectory()) walk(path.join(d, f.name));
      else files.push(path.join(d, f.name));
    }
  };
  walk(dir);
  const maps = files.filter((f) => f.endsWith('.map'));
  if (maps.length) fail(`${browser}: source maps in the build (${path.relative(dir, maps[0])})`);
  // every file the manifest points at is in the archive
  const named = [
    manifest.background?.service_worker,
    ...(manifest.background?.scripts ?? []),
    manifest.side_panel?.default_path,
    manifest.sidebar_action?.default_panel,
    manifest.options_ui?.page,
    ...Object.values(manifest.icons ?? {}),
    ...(manifest.content_scripts ?? []).flatMap((c) => [...(c.js ?? []), ...(c.css ?? [])]),
  ].filter(Boolean);
  for (const f of named) if (!fs.existsSync(path.join(dir, f))) fail(`${browser}: the manifest names ${f}, which the build did not write`);
  if (manifest.default_locale && !fs.existsSync(path.join(dir, '_locales', manifest.default_locale, 'messages.json'))) fail(`${browser}: no _locales/${manifest.default_locale}/messages.json`);
}

// addons.mozilla.org runs this linter on upload: errors block the listing
// web-ext prints its JSON report to stdout itself: keep it out of ours
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = () => true;
const lint = await webExt.cmd.lint({ sourceDir: path.join(root, 'dist/firefox'), output: 'json', selfHosted: false, warningsAsErrors: false, boring: true }, { shouldExitProgram: false });
process.stdout.write = write;
const summary = lint?.summary ?? { errors: NaN, warnings: NaN };
console.log(`web-ext lint dist/firefox: ${summary.errors} errors, ${summary.warnings} warnings, ${summary.notices ?? 0} notices`);
for (const w of lint?.warnings ?? []) console.log(`  warning ${w.code}: ${w.file ?? ''} ${w.message}`);
if (summary.errors !== 0) {
  for (const e of lint?.errors ?? []) console.error(`  error ${e.code}: ${e.file ?? ''} ${e.message}`);
  fail('web-ext lint found errors in the Firefox build');
}

fs.mkdirSync(out, { recursive: true });
for (const browser of ['chrome', 'firefox']) {
  const filename = `ai-news-lens-${browser}-${pkg.version}.zip`;
  await webExt.cmd.build({ sourceDir: path.join(root, 'dist', browser), artifactsDir: out, filename, overwriteDest: true }, { shouldExitProgram: false, showReadyMessage: false });
  const size = fs.statSync(path.join(out, filename)).size;
  console.log(`${path.relative(root, path.join(out, filename))}: ${(size / 1024).toFixed(0)} KB`);
}
