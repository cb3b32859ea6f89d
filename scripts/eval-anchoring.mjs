#!/usr/bin/env node
// npm run eval:anchoring: re-anchoring on our own articles across page changes.
//
// Each article (our AI fixtures and the demo) gets 24 annotations on spans of 3-12 words, described
// with describe(); the text is then changed one way at a time and anchor() must find each span
// again. Ground truth is tracked exactly: the document is a list of paragraphs and every mutation
// says where each annotated span now is (or that it is gone).
//   unchanged kinds: identical, whitespace, ads inserted, paragraph split, paragraph merge,
//                    paragraphs reordered, lazy-loaded body (anchored once the rest arrives)
//   small edits:     a word changed inside the quote, a typo fixed inside it, a word changed just before it
//   deleted:         the quoted words removed; the annotation must become an orphan
// Last line: anchoring: unchanged=… small_edits=… wrong=… orphaned_when_deleted=… longest_task_ms=…
import fs from 'node:fs';
import path from 'node:path';
import { register } from 'tsx/esm/api';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
register();
const { parseHTML } = await import('linkedom');
const { extractArticle } = await import('../src/article/extract.ts');
const { describe, anchor, anchorAll } = await import('../src/annotate/anchor.ts');

const PER_ARTICLE = 24;
// A small deterministic generator, so every run measures the same cases.
let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (n) => Math.floor(rand() * n);

const pages = [path.resolve('assets/demo/article.html'), ...fs.readdirSync('test/fixtures/pages').filter((s) => s.startsWith('ai-')).map((s) => path.resolve('test/fixtures/pages', s, 'page.html'))];
const articles = pages.map((f) => extractArticle(parseHTML(fs.readFileSync(f, 'utf8')).document).text.split('\n\n').filter((p) => p.split(' ').length >= 12));

/** Annotations: paragraph index, offset and length of a span that starts and ends on word boundaries. */
function annotate(paras) {
  const out = [];
  const used = new Set();
  for (let tries = 0; out.length < PER_ARTICLE && tries < 2000; tries++) {
    const p = pick(paras.length);
    const words = [...paras[p].matchAll(/\S+/g)];
    const n = 3 + pick(10);
    if (words.length < n + 2) continue;
    const w = pick(words.length - n);
    if (used.has(`${p}:${w}`)) continue;
    used.add(`${p}:${w}`);
    const off = words[w].index;
    const last = words[w + n - 1];
    out.push({ p, off, len: last.index + last[0].length - off });
  }
  return out;
}

const join = (paras) => paras.join('\n\n');
const startOf = (paras, p) => paras.slice(0, p).reduce((n, x) => n + x.length + 2, 0);
const inside = (a, off) => off > a.off && off < a.off + a.len;

/** Each mutation returns the new paragraphs and, per annotation, where it now is (or null: gone). */
const MUTATIONS = {
  identical: (paras, anns) => ({ paras, anns }),
  whitespace: (paras, anns) => ({ paras: paras.map((p) => p + '  '), anns, sep: '\n\n\n' }),
  ads: (paras, anns) => {
    const out = [];
    const map = [];
    paras.forEach((p, i) => {
      map[i] = out.length;
      out.push(p);
      if (i % 2 === 1) out.push('Advertisement', 'Read more: Markets rally as chipmakers gain on strong AI demand');
    });
    return { paras: out, anns: anns.map((a) => ({ ...a, p: map[a.p] })) };
  },
  split: (paras, anns) => {
    const out = [];
    const map = [];
    paras.forEach((p, i) => {
      // split at the first sentence end that no annotation crosses
      const cuts = [...p.matchAll(/[.!?] (?=[A-Z])/g)].map((m) => m.index + 1).filter((c) => !anns.some((a) => a.p === i && (inside(a, c) || inside(a, c + 1))));
      const c = cuts[0];
      map[i] = { at: out.length, cut: c };
      if (c === undefined) out.push(p);
      else out.push(p.slice(0, c), p.slice(c + 1));
    });
    return {
      paras: out,
      anns: anns.map((a) => {
        const m = map[a.p];
        return m.cut === undefined || a.off < m.cut ? { ...a, p: m.at } : { ...a, p: m.at + 1, off: a.off - m.cut - 1 };
      }),
    };
  },
  merge: (paras, anns) => {
    // paragraphs 2k and 2k+1 become one, joined by a space
    const out = [];
    const map = [];
    for (let i = 0; i < paras.length; i += 2) {
      map[i] = { at: out.length, shift: 0 };
      if (i + 1 < paras.length) {
        map[i + 1] = { at: out.length, shift: paras[i].length + 1 };
        out.push(paras[i] + ' ' + paras[i + 1]);
      } else out.push(paras[i]);
    }
    return { paras: out, anns: anns.map((a) => ({ ...a, p: map[a.p].at, off: a.off + map[a.p].shift })) };
  },
  reorder: (paras, anns) => {
    const order = paras.map((_, i) => i).reverse();
    const where = [];
    order.forEach((old, neu) => (where[old] = neu));
    return { paras: order.map((i) => paras[i]), anns: anns.map((a) => ({ ...a, p: where[a.p] })) };
  },
  lazy: (paras, anns) => ({ paras, anns, lazy: true }),
  wordInside: (paras, anns, i) => editWord(paras, anns, i, 'inside'),
  typoFixed: (paras, anns, i) => editWord(paras, anns, i, 'typo'),
  wordBefore: (paras, anns, i) => editWord(paras, anns, i, 'before'),
  deleted: (paras, anns, i) => {
    const a = anns[i];
    const out = paras.slice();
    out[a.p] = out[a.p].slice(0, a.off) + out[a.p].slice(a.off + a.len);
    return { paras: out, anns: anns.map((b, j) => (j === i ? null : b.p === a.p && b.off > a.off ? (b.off < a.off + a.len ? null : { ...b, off: b.off - a.len }) : b)), only: i };
  },
};
const UNCHANGED = ['identical', 'whitespace', 'ads', 'split', 'merge', 'reorder', 'lazy'];
const SMALL = ['wordInside', 'typoFixed', 'wordBefore'];

/** A small edit to one annotation (the others stay where they were, shifted when in the same paragraph). */
function editWord(paras, anns, i, where) {
  const a = anns[i];
  const p = paras[a.p];
  let at;
  let from;
  let to;
  if (where === 'before') {
    const before = [...p.slice(0, a.off).matchAll(/\S+/g)].pop();
    if (!before) return null;
    at = before.index;
    from = before[0];
    to = from.length > 3 ? from.slice(0, -2) + 'ly' : from + 's';
  } else {
    const words = [...p.slice(a.off, a.off + a.len).matchAll(/[A-Za-z]{4,}/g)];
    if (!words.length) return null;
    const w = words[words.length > 1 ? 1 : 0];
    at = a.off + w.index;
    from = w[0];
    to = where === 'typo' ? from.slice(0, 2) + from.slice(3) : from.toUpperCase() === from ? from : 'changed';
  }
  const delta = to.length - from.length;
  const out = paras.slice();
  out[a.p] = p.slice(0, at) + to + p.slice(at + from.length);
  const moved = anns.map((b, j) => {
    if (b.p !== a.p) return b;
    if (j === i) return where === 'before' ? { ...b, off: b.off + delta } : { ...b, len: b.len + delta };
    if (b.off >= at + from.length) return { ...b, off: b.off + delta };
    if (b.off + b.len <= at) return b;
    return null; // another annotation overlapping the edit is not scored here
  });
  return { paras: out, anns: moved, only: i };
}

const score = { unchanged: [0, 0], small: [0, 0], deleted: [0, 0], wrong: 0 };
const byKind = {};
const overlap = (x, t) => Math.max(0, Math.min(x.end, t.end) - Math.max(x.start, t.start));

for (const paras of articles) {
  const anns = annotate(paras);
  const text = join(paras);
  const described = anns.map((a) => describe(text, startOf(paras, a.p) + a.off, startOf(paras, a.p) + a.off + a.len));
  for (const [kind, mutate] of Object.entries(MUTATIONS)) {
    const cases = kind in { deleted: 1, wordInside: 1, typoFixed: 1, wordBefore: 1 } ? anns.map((_, i) => i) : [null];
    for (const only of cases) {
      const m = mutate(paras, anns, only);
      if (!m) continue;
      const sep = m.sep ?? '\n\n';
      const newText = m.paras.join(sep);
      const start = (a) => m.paras.slice(0, a.p).reduce((n, x) => n + x.length + sep.length, 0) + a.off;
      const idxs = m.only !== undefined ? [m.only] : anns.map((_, i) => i);
      for (const i of idxs) {
        const t = m.anns[i] ? { start: start(m.anns[i]), end: start(m.anns[i]) + m.anns[i].len } : null;
        if (m.lazy && t) {
          // first only the top half of the body is there: an annotation further down must wait, not land elsewhere
          const half = m.paras.slice(0, Math.ceil(m.paras.length / 2)).join(sep);
          const early = anchor(half, described[i]);
          if (early && (t.start >= half.length || overlap(early, t) === 0)) {
            score.wrong++;
            if (process.env.DEBUG) console.log('WRONG lazy', JSON.stringify(described[i][0].exact), '->', JSON.stringify(half.slice(early.start, early.end)), early.method);
          }
        }
        const got = anchor(newText, described[i]);
        const bucket = UNCHANGED.includes(kind) ? 'unchanged' : SMALL.includes(kind) ? 'small' : 'deleted';
        byKind[kind] ??= [0, 0];
        byKind[kind][1]++;
        score[bucket][1]++;
        let ok;
        if (!t) ok = got === null;
        else if (bucket === 'unchanged') ok = !!got && got.start === t.start && got.end === t.end;
        else ok = !!got && overlap(got, t) >= 0.5 * (t.end - t.start);
        if (got && (!t || overlap(got, t) === 0)) {
          score.wrong++;
          if (process.env.DEBUG) console.log('WRONG', kind, JSON.stringify(described[i][0]), '->', JSON.stringify(newText.slice(got.start, got.end)), got.method, t && JSON.stringify(newText.slice(t.start, t.end)));
        }
        if (ok) {
          byKind[kind][0]++;
          score[bucket][0]++;
        }
      }
    }
  }
}

// 100 annotations on a ~10,000-word page, in slices: the longest stretch the main thread would be held.
const big = articles.flat();
let bigText = big.join('\n\n');
while (bigText.split(/\s+/).length < 10000) bigText += '\n\n' + bigText;
const bigItems = Array.from({ length: 100 }, (_, k) => {
  const s = Math.floor(((k + 0.5) / 100) * (bigText.length - 200));
  const from = bigText.indexOf(' ', s) + 1;
  const to = bigText.indexOf(' ', from + 40);
  return { selectors: describe(bigText, from, to) };
});
// the page changed a little, so most annotations go past the fast path
const bigChanged = bigText.replace(/ the /g, ' the  ').replace(/\n\n/g, '\n\nAdvertisement\n\n');
const { longestSliceMs } = await anchorAll(bigChanged, bigItems, () => undefined);

const share = ([ok, n]) => (n ? ok / n : 1).toFixed(3);
for (const [k, v] of Object.entries(byKind)) console.log(`${k.padEnd(11)} ${v[0]}/${v[1]}`);
console.log(`articles=${articles.length} annotations=${articles.length * PER_ARTICLE}`);
console.log(
  `anchoring: unchanged=${share(score.unchanged)} small_edits=${share(score.small)} wrong=${score.wrong} orphaned_when_deleted=${share(score.deleted)} longest_task_ms=${longestSliceMs.toFixed(1)}`,
);
