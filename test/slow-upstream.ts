import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer } from 'ws';

export interface SlowUpstream {
  readonly url: string;
  /** WebSocket close codes the upstream received from the browser side, in order. */
  closeCodes(): readonly number[];
  close(): Promise<void>;
}

/** The body `/slow` sends: large enough to arrive in many pieces, checkable whole. */
export const SLOW_BODY = `${'x'.repeat(64 * 1024)}END`;

/**
 * A back office for shutdown tests: `/` answers at once; `/slow?ms=N` sends its head and the first half of
 * SLOW_BODY at once and the rest after N ms (so a request is in flight, mid-body, for N ms); WebSocket
 * messages are echoed.
 */
export async function startSlowUpstream(): Promise<SlowUpstream> {
  const sockets = new Set<Socket>();
  const codes: number[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://upstream');
    if (url.pathname !== '/slow') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>home</title><p>back office home</p>');
      return;
    }
    const ms = Number(url.searchParams.get('ms') ?? '1000');
    const half = SLOW_BODY.length / 2;
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(SLOW_BODY.length) });
    res.write(SLOW_BODY.slice(0, half));
    const timer = setTimeout(() => res.end(SLOW_BODY.slice(half)), ms);
    res.once('close', () => clearTimeout(timer));
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket) => {
    socket.on('message', (data: Buffer) => socket.send(`echo:${data.toString('utf8')}`));
    socket.on('close', (code) => codes.push(code));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    closeCodes: () => codes,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
