import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

export const FIXTURES = path.resolve('test/fixtures/pages');
export const DEMO = path.resolve('assets/demo/article.html');
/** The news host the fixtures are served as; the browsers resolve it to 127.0.0.1 (see ../shared/BROWSERS.md). */
export const NEWS_HOST = 'www.news.example';

export interface FixtureServer {
  port: number;
  url(slug: string): string;
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
    const file = slug === 'demo' ? DEMO : path.join(FIXTURES, slug, 'page.html');
    if (!/^[a-z0-9-]+$/.test(slug) || !fs.existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    requests,
    url: (slug) => `http://${NEWS_HOST}:${port}/${slug}/`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
