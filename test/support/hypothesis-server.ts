/**
 * The stand-in Hypothesis server (test/support/hypothesis-fake.ts) over HTTP on 127.0.0.1, for the
 * end-to-end tests: the extension's background talks to it as to hypothes.is. It can be stopped and
 * started again on the same port (the server "down"), keeping its annotations.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeHypothesis } from './hypothesis-fake';

export interface HypothesisServer {
  port: number;
  base: string;
  /** Stops answering (connections refused) until `up()`. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function serveHypothesis(fake: FakeHypothesis): Promise<HypothesisServer> {
  const sockets = new Set<import('node:net').Socket>();
  const make = () => {
    const s = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = undefined;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          fake.violations.push(`request ${req.method} ${req.url}: a body that is not JSON`);
        }
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));
        const out = fake.handle({ method: req.method ?? 'GET', url: req.url ?? '/', headers, body });
        res.writeHead(out.status, out.headers).end(out.body === undefined ? undefined : JSON.stringify(out.body));
      });
    });
    s.on('connection', (c) => {
      sockets.add(c);
      c.on('close', () => sockets.delete(c));
    });
    return s;
  };
  let server = make();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const stop = () =>
    new Promise<void>((r) => {
      for (const c of sockets) c.destroy();
      server.close(() => r());
    });
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    down: stop,
    async up() {
      server = make();
      await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    },
    close: stop,
  };
}
