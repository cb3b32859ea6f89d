import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const manifestText = fs.readFileSync(path.join(root, 'manifest.json'), 'utf8');
const manifest = JSON.parse(manifestText) as { default_locale?: string; name: string; description: string; commands: Record<string, { description: string }> };
const messages = JSON.parse(fs.readFileSync(path.join(root, '_locales/en/messages.json'), 'utf8')) as Record<string, { message: string; description?: string }>;
const msg = (ref: string): string | undefined => {
  const m = /^__MSG_(\w+)__$/.exec(ref);
  return m ? messages[m[1]!]?.message : undefined;
};

describe('the manifest speaks through _locales (a store listing can be translated)', () => {
  it('declares English as the default locale', () => expect(manifest.default_locale).toBe('en'));

  it('names every user-facing string by a message, and every message it names exists', () => {
    for (const ref of [manifest.name, manifest.description, ...Object.values(manifest.commands).map((c) => c.description)]) {
      expect(ref, 'a literal string in the manifest').toMatch(/^__MSG_\w+__$/);
      expect(msg(ref), ref).toBeTruthy();
    }
    for (const [, key] of manifestText.matchAll(/__MSG_(\w+)__/g)) expect(messages[key!], key).toBeDefined();
  });

  it('keeps within the stores’ limits (name ≤ 50 characters on addons.mozilla.org, description ≤ 132 in the Chrome Web Store)', () => {
    expect(msg(manifest.name)!.length).toBeLessThanOrEqual(50);
    expect(msg(manifest.description)!.length).toBeLessThanOrEqual(132);
  });

  it('has no message the manifest or the code does not use, and tells translators what each is', () => {
    const code = [manifestText, fs.readFileSync(path.join(root, 'scripts/build.mjs'), 'utf8')].join('\n');
    for (const [key, m] of Object.entries(messages)) {
      expect(code.includes(`__MSG_${key}__`) || code.includes(`'${key}'`), `unused message ${key}`).toBe(true);
      expect(m.description, `${key} has no description for translators`).toBeTruthy();
    }
  });
});
