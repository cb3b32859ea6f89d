import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { openExtensionPage, useBrowser, type BrowserName } from './browsers';
import { toCollection } from '../../src/annotate/export';
import { describe as describeSel } from '../../src/annotate/anchor';
import type { AnnotationRecord } from '../../src/storage/db';

/**
 * Issue #11, finding 7, as the attack: a reader is handed a hostile file and imports it on the
 * options page. Each file is refused whole, with its first problem named, and nothing the reader
 * had changes (the full backup before and after is the same). One file per class of attack.
 */
const WAIT = 15_000;
const TEXT = 'Alibaba rejected the allegation in a statement.';
const ann = (over: Partial<AnnotationRecord> = {}): AnnotationRecord => ({
  id: '31111111-2222-4333-8444-555555555555',
  url: 'https://www.news.example/other',
  urls: ['https://www.news.example/other'],
  title: 'Imported story',
  fingerprint: '',
  selectors: describeSel(TEXT, 0, 7),
  note: 'kept note',
  tags: ['kept'],
  created: '2026-11-20T10:00:00.000Z',
  updated: '2026-11-20T10:00:00.000Z',
  ...over,
});
const jsonld = (list: AnnotationRecord[]) => JSON.stringify(toCollection(list));

/** Everything the reader has, as the backup button would save it (without the time it was made). */
const everything = (page: Page): Promise<unknown> =>
  page.evaluate(() =>
    (globalThis as unknown as { chrome: { runtime: { sendMessage: (m: unknown) => Promise<{ value: Record<string, unknown> }> } } }).chrome.runtime
      .sendMessage({ kind: 'backup:get', payload: {} })
      .then((r) => ({ ...r.value, exported: null })),
  );

/** Picks `text` as a file in the options page's `input[name=…]`; resolves with the message shown (alert or status). */
async function importFile(ctx: ReturnType<typeof useBrowser>, input: string, text: string): Promise<{ page: Page; message: string }> {
  const page = await openExtensionPage(ctx.b, `${ctx.b.extensionUrl}options/options.html`);
  await page.waitForSelector(`input[name="${input}"]`, { timeout: WAIT });
  const file = path.resolve(`.tmp-e2e-hostile-${ctx.b.name}-${input}.json`);
  fs.writeFileSync(file, text);
  try {
    await (await page.$(`input[name="${input}"]`))!.uploadFile(file);
    await page.waitForFunction(() => [...document.querySelectorAll('[role="alert"], [data-backup-status], p.ok[role="status"]')].some((el) => /Not |Imported|Restored|Saved/.test(el.textContent ?? '')), { timeout: WAIT });
  } finally {
    fs.rmSync(file, { force: true });
  }
  const message = await page.$$eval('[role="alert"], [role="status"]', (els) => els.map((e) => e.textContent ?? '').join(' | '));
  return { page, message };
}

/** Each hostile file: where it goes in, what it holds, and the problem the refusal must name. */
const ATTACKS: [string, string, () => string, string][] = [
  ['an annotation id over 100 characters (cannot be deleted or placed)', 'ann-import', () => jsonld([ann({ id: 'a'.repeat(101) })]), 'items[0].id: longer than 100 characters'],
  ['a 3 MB quote (re-anchoring crawls)', 'ann-import', () => jsonld([ann({ selectors: describeSel('q'.repeat(3_000_000), 0, 3_000_000) })]), 'items[0].target.selector[0].exact: longer than 10000 characters'],
  ['a __proto__ key in an annotation', 'ann-import', () => jsonld([ann()]).replace('"selector":', '"__proto__":{"polluted":true},"selector":'), 'items[0].target.__proto__: not allowed as a key'],
  ['a javascript: link among an annotation’s addresses', 'ann-import', () => jsonld([ann({ urls: ['javascript:alert(document.domain)'] })]), 'items[0].ai-news-lens:article.urls[0]: must be an http(s) address'],
  ['two annotations with one id (one silently overwrites the other)', 'ann-import', () => jsonld([ann({ note: 'first' }), ann({ note: 'second, overwriting' })]), 'items[1].id: the same as items[0]'],
  ['a __proto__ facts key in knowledge-base additions (breaks the cards)', 'kb-import', () => '{"version":1,"entities":[{"id":"user-evil","type":"model","name":"Evil","aliases":[{"text":"Evil"}],"summary":"A model with a poisoned fact.","links":{},"asOf":"2026-11-25","facts":{"__proto__":"x"}}]}', 'entities[0].facts.__proto__: not allowed as a key'],
];

describe.each(['chromium', 'firefox'] as BrowserName[])('%s hostile imports', (name) => {
  const ctx = useBrowser(name);
  let before: unknown;

  it('a good file imports (the reader has something to lose)', async () => {
    const { page, message } = await importFile(ctx, 'ann-import', jsonld([ann()]));
    expect(message).toContain('Imported 1');
    before = await everything(page);
    expect(JSON.stringify(before)).toContain('kept note');
    await page.close();
  });

  it.each(ATTACKS)('%s: refused, the problem named, nothing changed', async (_attack, input, data, problem) => {
    const { page, message } = await importFile(ctx, input, data());
    expect(message).toContain('Not ');
    expect(message).toContain(problem);
    expect(await everything(page)).toEqual(before);
    await page.close();
  });

  it('a backup whose history has a javascript: link, claims [null, 42] or a multi-megabyte extra field: refused, nothing changed', async () => {
    const page = await openExtensionPage(ctx.b, `${ctx.b.extensionUrl}options/options.html`);
    const good = (await everything(page)) as Record<string, unknown>;
    await page.close();
    const record = { id: 'h-evil', url: 'https://www.news.example/evil', urls: ['https://www.news.example/evil'], host: 'news.example', title: 'Evil', outlet: null, published: null, read: '2026-11-01T10:00:00.000Z', lastRead: '2026-11-01T10:00:00.000Z', entities: [], links: [], fingerprint: 'f', thread: 't-evil' };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...record, links: [{ href: 'javascript:alert(document.domain)', text: 'Read more' }] }, 'history[0].links[0].href: must be an http(s) address'],
      [{ ...record, claims: [null, 42] }, 'history[0].claims[0] must be a claim object'],
      [{ ...record, padding: 'x'.repeat(3_000_000) }, 'history[0].padding: unknown field'],
    ];
    for (const [rec, problem] of cases) {
      const { page: p, message } = await importFile(ctx, 'backup-restore', JSON.stringify({ ...good, exported: '2026-11-30T10:00:00.000Z', history: [rec], follows: [] }));
      expect(message).toContain('Not restored');
      expect(message).toContain(problem);
      expect(await everything(p)).toEqual(before);
      await p.close();
    }
  });

  it('logged no extension errors', () => {
    expect(ctx.b.errors).toEqual([]);
  });
});
