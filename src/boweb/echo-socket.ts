import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { type RawData, WebSocketServer } from 'ws';
import { ASSERTION_HEADER, type AssertionVerifier } from './assertion.ts';

export const ECHO_SOCKET_PATH = '/ws/echo';

export interface EchoSocketOptions {
  readonly verifyAssertion: AssertionVerifier;
  readonly requireAssertion: boolean;
  /** Browsers must come from this host name (the gateway's name for BOWEB), to stop cross-site WebSocket hijacking. */
  readonly allowedOriginHost: string;
}

function rawDataToText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function rejectUpgrade(socket: Duplex, statusCode: number): void {
  const body = `${statusCode} ${STATUS_CODES[statusCode] ?? ''}\n`;
  socket.end(
    `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode] ?? ''}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n` +
      body,
  );
}

/** Non-browser clients send no Origin; a browser's Origin must name the BOWEB host. */
function isOriginAllowed(origin: string | undefined, allowedHost: string): boolean {
  if (origin === undefined) return true;
  try {
    return new URL(origin).hostname === allowedHost;
  } catch {
    return false;
  }
}

/** Echo endpoint proving the gateway proxies WebSocket upgrades: replies `echo:<text>`. */
export function attachEchoSocket(app: FastifyInstance, options: EchoSocketOptions): void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });

  wss.on('connection', (socket) => {
    socket.on('message', (data, isBinary) => {
      if (isBinary) {
        socket.close(1003, 'text messages only');
        return;
      }
      socket.send(`echo:${rawDataToText(data)}`);
    });
  });

  async function handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const pathname = new URL(request.url ?? '/', 'http://boweb.invalid').pathname;
    if (pathname !== ECHO_SOCKET_PATH) {
      rejectUpgrade(socket, 404);
      return;
    }
    const result = await options.verifyAssertion(request.headers[ASSERTION_HEADER]);
    if (!result.ok && options.requireAssertion) {
      app.log.warn({ reason: result.reason, detail: result.detail }, 'websocket assertion rejected');
      rejectUpgrade(socket, 403);
      return;
    }
    if (!isOriginAllowed(request.headers.origin, options.allowedOriginHost)) {
      app.log.warn({ origin: request.headers.origin }, 'websocket origin rejected');
      rejectUpgrade(socket, 403);
      return;
    }
    if (socket.destroyed) return;
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  }

  function onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Without a listener a client reset during the async assertion check would crash the process.
    socket.on('error', (error) => app.log.debug({ err: error }, 'websocket upgrade socket error'));
    handleUpgrade(request, socket, head).catch((error: unknown) => {
      app.log.error({ err: error }, 'websocket upgrade failed');
      socket.destroy();
    });
  }

  app.server.on('upgrade', onUpgrade);

  // Upgraded sockets are invisible to Fastify, so close them ourselves or close() would hang.
  app.addHook('preClose', (done) => {
    app.server.off('upgrade', onUpgrade);
    for (const client of wss.clients) client.terminate();
    wss.close(() => done());
  });
}
