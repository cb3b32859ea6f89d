import http from 'node:http';
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

/**
 * What leaves the browser, seen from outside it. The browser is started with this as its proxy for
 * every address except the fixture hosts, so any request it makes to the internet (from a page,
 * the extension's background, its frames) arrives here first: plain requests as absolute URLs,
 * encrypted ones as CONNECT host:port. Nothing is forwarded; each is recorded and refused.
 */
export interface RecordingProxy {
  port: number;
  /** `CONNECT api.example.org:443` or `GET http://host/path?query`, in arrival order. */
  seen: string[];
  close(): Promise<void>;
}

export async function startRecordingProxy(): Promise<RecordingProxy> {
  const seen: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(502, { 'content-type': 'text/plain' }).end('no network in tests');
  });
  server.on('connect', (req: http.IncomingMessage, socket: net.Socket) => {
    seen.push(`CONNECT ${req.url}`);
    socket.end('HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n');
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/**
 * A stand-in for the live sources on 127.0.0.1, answering GDELT- and Wikipedia-shaped requests
 * with the recorded responses in test/fixtures/live (written by us), and recording each request.
 */
export interface LiveServer {
  port: number;
  /** Path and query of every request, in order. */
  requests: string[];
  close(): Promise<void>;
}

const LIVE = path.resolve('test/fixtures/live');
const recorded = (name: string) => JSON.parse(fs.readFileSync(path.join(LIVE, `${name}.json`), 'utf8')) as { status: number; headers: Record<string, string>; body?: unknown; text?: string };

export async function startLiveServer(): Promise<LiveServer> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(url.pathname + url.search);
    const rec = url.pathname === '/api/v2/doc/doc' ? recorded('gdelt-anthropic-alibaba') : url.pathname.startsWith('/api/rest_v1/page/summary/') ? recorded('wiki-not-found') : null;
    if (!rec) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(rec.status, rec.headers);
    res.end(rec.text ?? JSON.stringify(rec.body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, requests, close: () => new Promise((r) => server.close(() => r())) };
}
