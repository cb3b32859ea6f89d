import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Issue #11, finding 9: what ships names no test host, asks for no plain-http site, and lets pages
 * load nothing of ours (issue #13: no in-page frame, no popup). Builds production for real (into a temporary folder, never over a
 * dist/ a browser has loaded) and reads the manifests it wrote.
 */
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'anl-build-'));
const dist = path.join(out, 'dist');
type Manifest = {
  host_permissions: string[];
  optional_host_permissions?: string[];
  content_scripts: { matches: string[]; js: string[] }[];
  web_accessible_resources?: { resources: string[]; matches: string[] }[];
};
const read = (dir: string): Manifest => JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
/** Every pattern a manifest gives the extension a site under, without the reader asking. */
const shipped = (m: Manifest) => [...m.host_permissions, ...m.content_scripts.flatMap((c) => c.matches)];

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs', '--quiet', '--out', dist], { stdio: 'inherit' });
}, 180_000);
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

describe.each(['chrome', 'firefox'])('the production %s manifest', (browser) => {
  const m = () => read(path.join(dist, browser));

  it('names no test host (news.example) anywhere', () => {
    expect(fs.readFileSync(path.join(dist, browser, 'manifest.json'), 'utf8')).not.toMatch(/news\.example/);
  });

  it('lists https:// host and content-script patterns only (no http://, no *://)', () => {
    const patterns = shipped(m());
    expect(patterns.length).toBeGreaterThan(10);
    for (const p of patterns) expect(p).toMatch(/^https:\/\/\*\.[a-z0-9.-]+\/\*$/);
  });

  it('makes nothing web-accessible: the page loads no page, script or file of ours (stage two and the mark styles are injected by the browser)', () => {
    expect(m().web_accessible_resources).toBeUndefined();
    // what the content scripts (the only code in the page) would ask for by address: nothing
    const asked = new Set<string>();
    for (const js of m().content_scripts.flatMap((c) => c.js).concat(['content/stage2.js'])) {
      const code = fs.readFileSync(path.join(dist, browser, js), 'utf8');
      for (const hit of code.matchAll(/getURL\(\s*[`'"]([^`'"]*)[`'"]/g)) asked.add(hit[1]!);
      // nor draws a frame of ours in the page
      expect(code, js).not.toMatch(/panel\.html|createElement\(["'`]iframe/);
    }
    expect([...asked]).toEqual([]);
  });

  it('has no toolbar popup and no in-page sidebar frame: the toolbar button opens the reading companion', () => {
    const raw = m() as Manifest & { action: Record<string, unknown>; side_panel?: { default_path: string }; sidebar_action?: { default_panel: string } };
    expect(raw.action.default_popup).toBeUndefined();
    expect(fs.existsSync(path.join(dist, browser, 'popup'))).toBe(false);
    expect(fs.existsSync(path.join(dist, browser, 'panel'))).toBe(false);
    const companion = browser === 'chrome' ? raw.side_panel?.default_path : raw.sidebar_action?.default_panel;
    expect(companion).toBe('sidepanel/sidepanel.html');
    expect(fs.existsSync(path.join(dist, browser, companion!))).toBe(true);
  });
});

describe('the test build (dist-test/)', () => {
  it('is production plus the test host (http and https), a listed site over plain http and the sync stand-in on localhost, and nothing else', () => {
    for (const browser of ['chrome', 'firefox']) {
      const prod = shipped(read(path.join(dist, browser)));
      const test = shipped(read(path.join(`${dist}-test`, browser)));
      expect(test.filter((p) => !prod.includes(p))).toEqual(['*://*.news.example/*', 'http://*.reuters.com/*', 'http://localhost/*', '*://*.news.example/*', 'http://*.reuters.com/*']);
      expect(fs.readFileSync(path.join(`${dist}-test`, browser, 'background.js'), 'utf8')).toBe(fs.readFileSync(path.join(dist, browser, 'background.js'), 'utf8'));
    }
  });
});
