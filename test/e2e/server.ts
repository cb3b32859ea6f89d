import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import crypto from 'node:crypto';

export const FIXTURES = path.resolve('test/fixtures/pages');
export const DEMO = path.resolve('assets/demo/article.html');
/** A single-page site: every /spa/<n> path serves it, and it routes itself. */
export const SPA = path.resolve('test/fixtures/spa/index.html');
/** A page that does everything a page can to break the sidebar (CSS, CSP, overridden built-ins). */
export const HOSTILE = path.resolve('test/fixtures/hostile/index.html');
/** The news host the fixtures are served as; the browsers resolve it to 127.0.0.1 (see ../shared/BROWSERS.md). */
export const NEWS_HOST = 'www.news.example';
/** A site that appends the next story below the one being read: /scroll/<story> is the page opened on that story, `?fragment=1` the story alone (test/fixtures/scroll/<story>.html). */
export const SCROLL = path.resolve('test/fixtures/scroll');
/** Articles of one story thread, and one unrelated article, for related reading and following. */
export const THREAD = path.resolve('test/fixtures/thread');

/**
 * A second real news host (in the content scripts' list), served from the same server: the victim
 * site of the boundary tests. The browsers resolve it to 127.0.0.1 (browsers.ts).
 */
export const SECOND_HOST = 'www.reuters.com';
/** The victim story's canonical address on the second host. */
export const VICTIM_CANONICAL = 'https://www.reuters.com/technology/anthropic-alibaba-distillation';
/** A name no knowledge base knows, in the boundary pages: what a reader may add themselves. */
export const READER_ENTITY = 'Quillmere Analytics';

/**
 * The boundary pages (/boundary/<variant>/), all made from the demo story: `story` is the victim
 * (served as the second host, canonical there); `copy` the same text as the page's own (same
 * fingerprint); `claim` an edited text that names the victim as its canonical link.
 */
function boundaryPage(variant: string): string | null {
  const demo = fs.readFileSync(DEMO, 'utf8').replace('</article>', () => `<p>Separately, ${READER_ENTITY} said it had tracked the dispute for clients.</p></article>`);
  const canonical = (html: string, href: string) => html.replace(/(<link rel="canonical" href=")[^"]*/, `$1${href}`).replace(/(<meta property="og:url" content=")[^"]*/, `$1${href}`);
  if (variant === 'story') return canonical(demo, VICTIM_CANONICAL);
  if (variant === 'copy') return demo;
  if (variant === 'claim') return canonical(demo, VICTIM_CANONICAL).replace(/<article>\s*<h1>([^<]*)<\/h1>/, '<article><h1>$1</h1><p>Exclusive to the Hostile Herald, republished without permission or care.</p>');
  return null;
}

/** The hostile page's one inline script, allowed by hash in its Content-Security-Policy. */
const HOSTILE_SCRIPT_HASH = (() => {
  const m = fs.readFileSync(HOSTILE, 'utf8').match(/<script>([\s\S]*?)<\/script>/);
  return crypto.createHash('sha256').update(m?.[1] ?? '').digest('base64');
})();

export interface FixtureServer {
  port: number;
  /** A page's address as served on `host` (the news host unless said). */
  url(slug: string, host?: string): string;
  close(): Promise<void>;
  /** Paths requested so far, to check that nothing else was asked for. */
  requests: string[];
}

/** Serves `/demo/` and `/<fixture-slug>/` on 127.0.0.1 with a random port. */
export async function startFixtureServer(): Promise<FixtureServer> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const p = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(p);
    if (p === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const slug = p.split('/').filter(Boolean)[0] ?? '';
    const file = slug === 'demo' ? DEMO : slug === 'spa' ? SPA : slug === 'hostile' ? HOSTILE : path.join(FIXTURES, slug, 'page.html');
    if (slug === 'demo-edited') {
      // the same story (same canonical link) after the publisher changed a few words
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(fs.readFileSync(DEMO, 'utf8').replace('to train competing systems', 'to train rival systems').replace('Nov 24 (The Wire Ledger)', 'Nov 24, updated (The Wire Ledger)'));
      return;
    }
    if (slug === 'thread') {
      // /thread/<name>/: the story-thread fixtures (test/fixtures/thread/<name>.html)
      const name = p.split('/').filter(Boolean)[1] ?? '';
      const f = path.join(THREAD, `${name}.html`);
      if (!/^[a-z0-9-]+$/.test(name) || !fs.existsSync(f)) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      fs.createReadStream(f).pipe(res);
      return;
    }
    if (slug === 'scroll') {
      const name = p.split('/').filter(Boolean)[1] ?? '';
      const f = path.join(SCROLL, `${name}.html`);
      if (!/^[a-z0-9-]+$/.test(name) || name === 'index' || !fs.existsSync(f)) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const story = fs.readFileSync(f, 'utf8');
      const title = story.match(/<h1>([^<]*)<\/h1>/)?.[1] ?? name;
      const fragment = new URL(req.url ?? '/', 'http://x').searchParams.has('fragment');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(fragment ? story : fs.readFileSync(path.join(SCROLL, 'index.html'), 'utf8').replaceAll('%TITLE%', title).replaceAll('%URL%', `/scroll/${name}`).replace('%STORY%', () => story));
      return;
    }
    if (slug === 'boundary') {
      const html = boundaryPage(p.split('/').filter(Boolean)[1] ?? '');
      if (!html) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(html);
      return;
    }
    if (slug === 'demo-cut') {
      // the same story after the publisher cut a sentence: a highlight on it has nowhere to go
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(fs.readFileSync(DEMO, 'utf8').replace(/ Analysts say learning from a stronger model's outputs can cut the computing cost of reaching similar performance by a wide margin\./, ''));
      return;
    }
    if (!/^[a-z0-9-]+$/.test(slug) || !fs.existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
    // the hostile page also sends the strictest Content-Security-Policy a news site could
    if (slug === 'hostile') headers['content-security-policy'] = "default-src 'none'; script-src 'sha256-" + HOSTILE_SCRIPT_HASH + "'; style-src 'unsafe-inline'; img-src 'none'";
    res.writeHead(200, headers);
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    requests,
    url: (slug, host = NEWS_HOST) => `http://${host}:${port}/${slug}/`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
