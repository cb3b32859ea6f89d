#!/usr/bin/env -S npx tsx
/**
 * `npm run kb:compact [-- --keep-last]`: rewrites assets/kb/*.json in their shortest file form
 * (src/kb/file.ts): a source that is one of the entity's links becomes `@key`, plain aliases become
 * strings, a plain canonical name leaves the alias list. Nothing else changes.
 *
 * 1. Every entity is expanded (as the loader does), compacted, and expanded again; the result must
 *    equal the first expansion, else the script stops and writes nothing.
 * 2. `--keep-last` leaves the last entity of each file as it is written, so a branch that appends
 *    entities at the end of a file still merges cleanly.
 * 3. Files keep their indentation (two spaces) and their final newline, or lack of one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath } from 'node:url';
import { compactEntity, expandEntity, type KbFileEntity } from '../src/kb/file';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../assets/kb');
const keepLast = process.argv.includes('--keep-last');
const out = new Map<string, string>();
let before = 0;
let after = 0;
for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const file = path.join(dir, name);
  const text = fs.readFileSync(file, 'utf8');
  const list = JSON.parse(text) as KbFileEntity[];
  const next = list.map((raw, i) => {
    if (keepLast && i === list.length - 1) return raw;
    const full = expandEntity(raw);
    const short = compactEntity(full);
    if (!isDeepStrictEqual(expandEntity(short), full)) throw new Error(`${name} ${raw.id}: the compact form does not expand back to the entity; nothing written`);
    return short;
  });
  const written = JSON.stringify(next, null, 2) + (text.endsWith('\n') ? '\n' : '');
  before += text.length;
  after += written.length;
  out.set(file, written);
}
for (const [file, text] of out) fs.writeFileSync(file, text);
console.log(`assets/kb: ${out.size} files, ${before} → ${after} characters`);
