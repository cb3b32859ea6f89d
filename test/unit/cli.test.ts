import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { looksLikeHtml, main } from '../../src/cli/main';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'anl-cli-'));
const write = (name: string, body: string | Buffer) => {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, body);
  return p;
};
const fixture = (slug: string) => path.resolve('test/fixtures/pages', slug, 'page.html');

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('ai-news-lens annotate', () => {
  it('prints one JSON object per file, in input order, in the documented shape', async () => {
    const files = [fixture('ai-chip-export'), fixture('neg-weather'), path.resolve('assets/demo/article.html')];
    const { code, out } = await run(['annotate', '--json', ...files]);
    expect(code).toBe(0);
    const rows = out.map((l) => JSON.parse(l));
    expect(rows.map((r) => r.file)).toEqual(files);
    expect(rows.map((r) => r.isAI)).toEqual([true, false, true]);
    const demo = rows[2];
    expect(Object.keys(demo)).toEqual(['file', 'isArticle', 'isAI', 'aiScore', 'why', 'title', 'entities']);
    expect(typeof demo.aiScore).toBe('number');
    const text = fs.readFileSync(files[2]!, 'utf8');
    for (const e of demo.entities) {
      expect(['company', 'model', 'policy', 'agency', 'person', 'outlet', 'organization', 'hardware']).toContain(e.type);
      expect(e.kbId === null || typeof e.kbId === 'string').toBe(true);
      for (const m of e.mentions) {
        expect(m.end - m.start).toBe(m.text.length);
        expect(text).toContain(m.text);
      }
    }
  });

  it('reports a missing file and a non-HTML file on stderr, still processes the rest, exits non-zero', async () => {
    const bin = write('data.bin', Buffer.from([0, 1, 2, 3, 255]));
    const txt = write('notes.txt', 'just some notes, no markup at all');
    const { code, out, err } = await run(['annotate', '--json', path.join(tmp, 'missing.html'), bin, fixture('neg-weather'), txt]);
    expect(code).not.toBe(0);
    expect(out).toHaveLength(1);
    expect(err).toHaveLength(3);
    expect(err[0]).toContain('missing.html');
    expect(err[1]).toContain('data.bin');
    expect(err[2]).toContain('notes.txt');
    for (const line of err) expect(line.split('\n')).toHaveLength(1);
  });

  it('prints a readable summary without --json', async () => {
    const { out } = await run(['annotate', path.resolve('assets/demo/article.html')]);
    expect(out.join('\n')).toMatch(/AI industry: yes[\s\S]*company: .*Anthropic/);
  });

  it('works as the package bin through npx', () => {
    const r = spawnSync('npx', ['--no-install', 'ai-news-lens', 'annotate', '--json', fixture('ai-chip-export')], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.trim()).isAI).toBe(true);
    expect(() => execFileSync('npx', ['--no-install', 'ai-news-lens', 'annotate'], { stdio: 'pipe' })).toThrow();
    // two processes that each load the NLP: seconds apiece on a busy two-core machine
  }, 30_000);

  it.each([
    ['<!doctype html><p>x</p>', true],
    ['  <html><body>x</body></html>', true],
    ['plain text', false],
    ['{"json": true}', false],
    ['<x>\u0000</x><p>', false],
  ])('looksLikeHtml(%j) = %s', (s, want) => {
    expect(looksLikeHtml(s)).toBe(want);
  });
});
