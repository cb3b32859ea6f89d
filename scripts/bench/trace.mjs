// Reads a Chromium trace (puppeteer's page.tracing, categories in TRACE_CATEGORIES) for the browser
// benchmark: the page's renderer main thread, its top-level tasks, and which of them ran the
// extension's code.
//
// A task is the extension's when it contains an event naming one of the extension's scripts
// (EvaluateScript, v8.compile, FunctionCall with a chrome-extension:// URL) or a CPU-profiler sample
// whose stack holds a frame of one: promise continuations after a message answer run as microtasks
// with no FunctionCall of their own, and only the samples see them.

export const TRACE_CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing', 'disabled-by-default-v8.cpu_profiler'];

const urlOf = (e) => e.args?.data?.url ?? e.args?.data?.scriptName ?? e.args?.fileName ?? e.args?.beginData?.url ?? '';

/**
 * @param {Uint8Array} raw what page.tracing.stop() returned
 * @param {{ pageUrl: string, extension: string }} o the page's address; the extension's URL prefix (chrome-extension://<id>/)
 */
export function readTrace(raw, { pageUrl, extension }) {
  const json = JSON.parse(Buffer.from(raw).toString('utf8'));
  const events = Array.isArray(json) ? json : json.traceEvents;
  // 1. The page's renderer: the process that parsed its HTML; its main thread.
  const parse = events.find((e) => e.name === 'ParseHTML' && (e.args?.beginData?.url ?? '').startsWith(pageUrl));
  if (!parse) throw new Error(`no ParseHTML for ${pageUrl} in the trace`);
  const { pid, tid } = parse;
  const mine = events.filter((e) => e.pid === pid);
  // 2. Its top-level tasks.
  const tasks = mine.filter((e) => e.tid === tid && e.ph === 'X' && e.name === 'RunTask' && e.cat === 'disabled-by-default-devtools.timeline').map((e) => ({ ts: e.ts, dur: e.dur ?? 0, ext: false }));
  tasks.sort((a, b) => a.ts - b.ts);
  // 3. Moments the extension's code ran: events naming its scripts, and profiler samples in them.
  const moments = [];
  /** The extension's profiler samples: when, and in which of its functions (innermost frame of its own) and what that frame was running. */
  const samples = [];
  let stage2 = Infinity;
  for (const e of mine) {
    if (e.tid !== tid) continue;
    const u = urlOf(e);
    if (!u.startsWith(extension)) continue;
    moments.push(e.ts + (e.dur ?? 0) / 2);
    if (u.includes('/content/stage2.js') && (e.name === 'EvaluateScript' || e.name === 'v8.compile')) stage2 = Math.min(stage2, e.ts);
  }
  const profiles = new Map(mine.filter((e) => e.name === 'Profile' && e.tid === tid).map((e) => [e.id, { t: e.args.data.startTime, nodes: new Map(), ext: new Map() }]));
  for (const e of mine) {
    if (e.name !== 'ProfileChunk' || !profiles.has(e.id)) continue;
    const p = profiles.get(e.id);
    const cp = e.args.data.cpuProfile ?? {};
    for (const n of cp.nodes ?? []) p.nodes.set(n.id, { parent: n.parent, url: n.callFrame?.url ?? '', fn: n.callFrame?.functionName || '(anonymous)', line: n.callFrame?.lineNumber ?? -1, col: n.callFrame?.columnNumber ?? -1 });
    const deltas = e.args.data.timeDeltas ?? [];
    (cp.samples ?? []).forEach((id, i) => {
      p.t += deltas[i] ?? 0;
      if (isExt(p, id, extension)) {
        moments.push(p.t);
        samples.push({ t: p.t, where: where(p, id, extension) });
      }
    });
  }
  moments.sort((a, b) => a - b);
  // 4. Tasks that hold such a moment are the extension's.
  let j = 0;
  for (const t of tasks) {
    while (j < moments.length && moments[j] < t.ts) j++;
    if (j < moments.length && moments[j] <= t.ts + t.dur) t.ext = true;
  }
  const marks = new Map();
  for (const e of events) if (e.cat?.includes('blink.user_timing') && !marks.has(e.name)) marks.set(e.name, e.ts);
  // 5. Where the extension's long tasks spent their time, by profiler sample (each ~0.1–1 ms apart).
  const long = tasks.filter((t) => t.ext && t.dur > 50_000);
  const blame = new Map();
  let k = 0;
  samples.sort((a, b) => a.t - b.t);
  let prev = null;
  for (const t of long) {
    while (k < samples.length && samples[k].t < t.ts) k++;
    prev = null; // a sample's time is the gap since the one before it in the same task
    for (; k < samples.length && samples[k].t <= t.ts + t.dur; k++) {
      const dt = prev ? samples[k].t - prev.t : 0;
      prev = samples[k];
      blame.set(samples[k].where, (blame.get(samples[k].where) ?? 0) + dt / 1000);
    }
  }
  return { tasks, stage2Start: stage2, marks, blame };
}

/** "fn@file:line:col < leaf" for a sample: the innermost frame in the extension's code, and the frame on top (a DOM or built-in call it made). */
function where(p, id, extension) {
  const leaf = p.nodes.get(id);
  for (let n = id; n !== undefined && n !== null; ) {
    const node = p.nodes.get(n);
    if (!node) break;
    if (node.url.startsWith(extension)) {
      const own = `${node.fn}@${node.url.slice(extension.length)}:${node.line}:${node.col}`;
      return node === leaf ? own : `${own} < ${leaf?.fn ?? '?'}`;
    }
    n = node.parent;
  }
  return '?';
}

function isExt(p, id, extension) {
  if (p.ext.has(id)) return p.ext.get(id);
  const chain = [];
  let hit = false;
  for (let n = id; n !== undefined && n !== null; ) {
    if (p.ext.has(n)) {
      hit = p.ext.get(n);
      break;
    }
    chain.push(n);
    const node = p.nodes.get(n);
    if (!node) break;
    if (node.url.startsWith(extension)) {
      hit = true;
      break;
    }
    n = node.parent;
  }
  for (const n of chain) p.ext.set(n, hit);
  return hit;
}

/** Sum and longest of tasks in [from, to] (trace microseconds), in ms; `only` filters them. */
export function taskTime(tasks, from, to, only = () => true) {
  const inside = tasks.filter((t) => t.ts >= from && t.ts <= to && only(t));
  return { ms: inside.reduce((s, t) => s + t.dur, 0) / 1000, longest: Math.max(0, ...inside.map((t) => t.dur)) / 1000, count: inside.length };
}
