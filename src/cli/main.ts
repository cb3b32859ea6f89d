import { readFile } from 'node:fs/promises';
import { parseHTML } from 'linkedom';
import { analyzeDocument, type PageResult } from '../pipeline';
import { compromiseOptions } from '../entities/nlp';
import { describeScore } from '../detect/ai-score';

const USAGE = `usage: ai-news-lens annotate [--json] FILE...
       ai-news-lens kb stats`;

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === 'annotate') return annotate(rest, io);
  if (cmd === 'kb' && rest[0] === 'stats') {
    const { kbStats } = await import('./kb-stats');
    return kbStats(io.out);
  }
  io.err(USAGE);
  return 2;
}

/** Looks like an HTML document: text (no NUL bytes) that opens with markup and has an HTML element in it. */
export function looksLikeHtml(s: string): boolean {
  const head = s.replace(/^\uFEFF/, '').trimStart().slice(0, 4096);
  return !head.includes('\u0000') && head.startsWith('<') && /<(?:!doctype\s+html|html|head|body|article|main|p|div|title)\b/i.test(head);
}

async function annotate(args: string[], io: Io): Promise<number> {
  const json = args.includes('--json');
  const files = args.filter((a) => a !== '--json');
  if (!files.length) {
    io.err(USAGE);
    return 2;
  }
  let failed = 0;
  for (const file of files) {
    let html: string;
    try {
      html = await readFile(file, 'utf8');
    } catch (e) {
      io.err(`ai-news-lens: ${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      failed++;
      continue;
    }
    if (!looksLikeHtml(html)) {
      io.err(`ai-news-lens: ${file}: not an HTML document`);
      failed++;
      continue;
    }
    const { document } = parseHTML(html);
    const r = analyzeDocument(document as unknown as Document, compromiseOptions);
    io.out(json ? JSON.stringify(toJson(file, r)) : summary(file, r));
  }
  return failed ? 1 : 0;
}

/** The stable `annotate --json` record (see the README). */
export function toJson(file: string, r: PageResult) {
  return {
    file,
    isArticle: r.article.isArticle,
    isAI: r.article.isArticle && r.isAI,
    aiScore: r.aiScore,
    why: !r.article.isArticle ? 'not an article' : r.aiWhy ? describeScore(r.aiScore, r.aiWhy) : null,
    title: r.article.title,
    entities: r.entities.map((e) => ({ name: e.name, type: e.type, kbId: e.kbId, mentions: e.mentions, why: e.why, ...(e.role ? { role: e.role } : {}) })),
  };
}

function summary(file: string, r: PageResult): string {
  const lines = [`${file}: ${r.article.title || '(untitled)'}`];
  lines.push(`  article: ${r.article.isArticle ? 'yes' : 'no'}  AI industry: ${r.article.isArticle && r.isAI ? 'yes' : 'no'} (score ${r.aiScore})`);
  const byType = new Map<string, string[]>();
  for (const e of r.entities) {
    const list = byType.get(e.type) ?? [];
    list.push(`${e.name}${e.kbId ? '' : '*'} ×${e.mentions.length}`);
    byType.set(e.type, list);
  }
  for (const [t, names] of byType) lines.push(`  ${t}: ${names.join(', ')}`);
  if (r.entities.some((e) => !e.kbId)) lines.push('  (* not in knowledge base)');
  return lines.join('\n');
}
