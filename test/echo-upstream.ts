import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { WebSocketServer } from 'ws';

export interface EchoUpstream {
  url: string;
  /** Headers of the last request the upstream received. */
  last(): IncomingHttpHeaders | undefined;
  /**
   * Raw `[name, value, …]` headers of the last request (HTTP or WebSocket upgrade), as they arrived: the
   * original casing, and duplicates kept apart (which `last()` joins into one comma-separated value).
   */
  lastRaw(): readonly string[] | undefined;
  count(): number;
  close(): Promise<void>;
}

/** A real upstream on port 0 that answers with the request it saw, and echoes WebSocket messages. */
export async function startEchoUpstream(): Promise<EchoUpstream> {
  let last: IncomingHttpHeaders | undefined;
  let lastRaw: readonly string[] | undefined;
  let count = 0;
  const server: Server = createServer((req, res) => {
    last = req.headers;
    lastRaw = req.rawHeaders;
    count += 1;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.setHeader('set-cookie', 'UPSTREAM=1; Path=/');
      res.setHeader('connection', 'keep-alive, x-secret-hop');
      res.setHeader('x-secret-hop', 'should not pass');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ method: req.method, url: req.url, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
  });
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket, req) => {
    last = req.headers;
    lastRaw = req.rawHeaders;
    socket.on('message', (data: Buffer) => socket.send(`echo:${data.toString('utf8')}`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    last: () => last,
    lastRaw: () => lastRaw,
    count: () => count,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
