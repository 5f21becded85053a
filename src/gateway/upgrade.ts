import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { translator, type MessageKey } from '../i18n/index.ts';
import type { BindingLookup, ResourceBinding, SessionStore } from '../session/index.ts';
import { clientIp, requestIdOf } from '../web/index.ts';
import { originForm } from './forward.ts';
import { buildUpstreamHeaders, cleanResponseHeaders, findRawHeader, readCookie } from './headers.ts';
import type { ResourceRoute } from './resources.ts';
import type { TunnelRegistry } from './tunnels.ts';

/** The upstream's answer head is parsed by Node's own HTTP parser, in pieces as it comes, up to this size. */
const UPSTREAM_HEAD_MAX = 16 * 1024;
/** An upstream that has not answered the handshake by then gets 504, like a slow plain request. */
const HANDSHAKE_TIMEOUT_MS = 30_000;

export interface UpgradeDeps {
  readonly config: Pick<Config, 'trustedProxies'>;
  readonly sessions: SessionStore;
  readonly tunnels: TunnelRegistry;
  readonly logger: Logger;
  readonly proto: 'http' | 'https';
  readonly cookieName: string;
  /** The portal's host name: an upstream's Set-Cookie may not cover it (see `cleanResponseHeaders`). */
  readonly portalHost: string;
  assertionFor(binding: ResourceBinding): string;
  /** The policy's decision for this session, resource and address (and the resource allows WebSocket). */
  allowed(binding: ResourceBinding, route: ResourceRoute, ip: string): boolean;
}

interface Refusal {
  readonly status: number;
  readonly reason: string;
  readonly message: MessageKey;
  readonly extra?: string;
}

const ONLY_WEBSOCKET: Refusal = { status: 403, reason: 'Forbidden', message: 'proxy.upgradeOnlyWebsocket' };
const MALFORMED: Refusal = { status: 400, reason: 'Bad Request', message: 'proxy.upgradeMalformed' };
const CROSS_ORIGIN: Refusal = { status: 403, reason: 'Forbidden', message: 'proxy.upgradeCrossOrigin' };
const NO_SESSION: Refusal = { status: 401, reason: 'Unauthorized', message: 'proxy.upgradeSessionRequired' };
const NOT_ALLOWED: Refusal = { status: 403, reason: 'Forbidden', message: 'proxy.upgradeNotAllowed' };
const BAD_GATEWAY: Refusal = { status: 502, reason: 'Bad Gateway', message: 'proxy.upgradeUpstreamFailed' };
const TIMEOUT: Refusal = { status: 504, reason: 'Gateway Timeout', message: 'proxy.upgradeUpstreamFailed' };

/** Every value of one header (any casing) in Node's raw list. */
function valuesOf(raw: readonly string[], lowerName: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) if (raw[i]?.toLowerCase() === lowerName) out.push(raw[i + 1] ?? '');
  return out;
}

const tokens = (value: string) =>
  value
    .toLowerCase()
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/**
 * RFC 6455 §4.2.1 opening handshake, strictly: only WebSocket is tunnelled. Other upgrade types (h2c,
 * TLS/1.x) are refused with 403 as Envoy refuses upgrade types it is not configured for; an incomplete
 * WebSocket handshake gets 400, a wrong version 426 (RFC 6455 §4.4). The connection is then closed, so
 * nothing the client pipelined after the head is ever read.
 */
function checkHandshake(req: IncomingMessage, route: ResourceRoute): Refusal | undefined {
  const raw = req.rawHeaders;
  const upgrade = valuesOf(raw, 'upgrade');
  if (upgrade.length !== 1 || tokens(upgrade[0] ?? '').join(',') !== 'websocket') return ONLY_WEBSOCKET;
  const key = valuesOf(raw, 'sec-websocket-key');
  const version = valuesOf(raw, 'sec-websocket-version');
  const connection = valuesOf(raw, 'connection').flatMap(tokens);
  const hasBody =
    valuesOf(raw, 'transfer-encoding').length > 0 ||
    valuesOf(raw, 'content-length').some((v) => v.trim() !== '0');
  if (
    req.method !== 'GET' ||
    !connection.includes('upgrade') ||
    key.length !== 1 ||
    Buffer.from(key[0] ?? '', 'base64').length !== 16 ||
    version.length > 1 ||
    hasBody
  )
    return MALFORMED;
  if (version[0]?.trim() !== '13')
    return {
      status: 426,
      reason: 'Upgrade Required',
      message: 'proxy.upgradeMalformed',
      extra: 'sec-websocket-version: 13\r\n',
    };
  // Cross-site WebSocket hijacking: a page elsewhere can open a socket that carries the resource cookie,
  // so the Origin must be the resource's own, port included (Pomerium and oauth2-proxy guidance). Browsers
  // always send Origin on a WebSocket handshake; a client without one is not a browser and holds no
  // victim's cookie, so it is let through, as gorilla/websocket's default CheckOrigin does.
  const origin = valuesOf(raw, 'origin');
  if (origin.length > 1 || (origin.length === 1 && origin[0]?.trim().toLowerCase() !== route.publicOrigin))
    return CROSS_ORIGIN;
  return undefined;
}

/** A plain HTTP answer on the raw socket, then close. */
function refuse(socket: Duplex, r: Refusal): void {
  if (socket.destroyed) return;
  const body = `${translator('en')(r.message)} / ${translator('hi')(r.message)}\n`;
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${r.status} ${r.reason}\r\n` +
      'content-type: text/plain; charset=utf-8\r\ncache-control: no-store\r\nconnection: close\r\n' +
      `${r.extra ?? ''}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** A response head from the upstream's parsed answer, its hop-by-hop fields removed. */
function responseHead(res: IncomingMessage, portalHost: string, trailer: string): string {
  const headers = cleanResponseHeaders(
    res.rawHeaders.map((h) => Buffer.from(h, 'latin1')),
    portalHost,
  );
  let head = `HTTP/1.1 ${res.statusCode ?? 502} ${res.statusMessage ?? ''}\r\n`;
  for (let i = 0; i < headers.length; i += 2) head += `${headers[i] ?? ''}: ${headers[i + 1] ?? ''}\r\n`;
  return `${head}${trailer}\r\n`;
}

/**
 * WebSocket upgrades on resource hosts (issue 7, item 1). The handshake is checked and authorised like any
 * request, then sent upstream as a request of its own; the connection is spliced only once the upstream
 * answers 101 for WebSocket. Any other answer is relayed as a normal response and the connection closed,
 * so a refused upgrade can never turn into a raw channel to the back office. Live tunnels are tracked per
 * session and closed when the session ends.
 */
export function createUpgradeHandler(d: UpgradeDeps) {
  function open(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    route: ResourceRoute,
    binding: ResourceBinding,
    requestId: string,
  ): void {
    const { headers } = buildUpstreamHeaders(req.rawHeaders, {
      clientIp: clientIp(req, d.config.trustedProxies),
      proto: d.proto,
      assertion: d.assertionFor(binding),
      upstreamHost: route.upstream.host,
      requestId,
    });
    // The client's Upgrade and Connection are hop-by-hop and dropped above; the gateway sets its own, as
    // nginx does with `proxy_set_header Upgrade/Connection`.
    headers.push('connection', 'Upgrade', 'upgrade', 'websocket');
    const https = route.upstream.protocol === 'https:';
    let answered = false;
    const upstream: ClientRequest = (https ? httpsRequest : httpRequest)({
      host: route.upstream.hostname.replace(/^\[|\]$/g, ''),
      port: route.upstream.port || (https ? 443 : 80),
      method: 'GET',
      path: originForm(req.url),
      headers,
      setHost: false,
      agent: false,
      maxHeaderSize: UPSTREAM_HEAD_MAX,
      timeout: HANDSHAKE_TIMEOUT_MS,
    });
    const clientGone = () => {
      if (!answered) upstream.destroy();
    };
    socket.once('close', clientGone);
    upstream.once('timeout', () =>
      upstream.destroy(Object.assign(new Error('handshake timeout'), { timeout: true })),
    );
    upstream.once('error', (err: Error & { timeout?: boolean }) => {
      if (answered) return;
      answered = true;
      d.logger.warn({ err: err.message, host: route.host, reqId: requestId }, 'WebSocket upstream failed');
      refuse(socket, err.timeout ? TIMEOUT : BAD_GATEWAY);
    });
    upstream.once('response', (res) => {
      // Not switching: relay the answer as a plain response, then close; nothing is tunnelled.
      answered = true;
      socket.write(responseHead(res, d.portalHost, 'connection: close\r\n'), 'latin1');
      // Then close outright: nothing reads this socket any more, so a half-open wait would never end.
      res.pipe(socket, { end: false });
      res.once('end', () => socket.end(() => socket.destroy()));
      res.once('error', () => socket.destroy());
    });
    upstream.once('upgrade', (res, upSocket: Socket, upHead: Buffer) => {
      answered = true;
      socket.off('close', clientGone);
      const upgradeTo = tokens(res.headers.upgrade ?? '').join(',');
      if (
        upgradeTo !== 'websocket' ||
        socket.destroyed ||
        !d.tunnels.add(binding.session, socket, upSocket)
      ) {
        upSocket.destroy();
        if (upgradeTo !== 'websocket') refuse(socket, BAD_GATEWAY);
        else if (!socket.destroyed) refuse(socket, NO_SESSION); // the session ended during the handshake
        return;
      }
      socket.write(
        responseHead(res, d.portalHost, 'connection: Upgrade\r\nupgrade: websocket\r\n'),
        'latin1',
      );
      upSocket.setTimeout(0); // the handshake's timeout; a tunnel ends with its session instead
      if (upHead.length > 0) socket.write(upHead);
      if (head.length > 0) upSocket.write(head);
      upSocket.on('error', () => socket.destroy());
      socket.on('error', () => upSocket.destroy());
      upSocket.once('close', () => socket.destroy());
      socket.once('close', () => upSocket.destroy());
      upSocket.pipe(socket).pipe(upSocket);
    });
    upstream.end();
  }

  return function handleUpgrade(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    route: ResourceRoute,
  ): void {
    socket.on('error', () => socket.destroy());
    const refusal = checkHandshake(req, route);
    if (refusal) {
      refuse(socket, refusal);
      return;
    }
    const requestId = requestIdOf(req, d.config.trustedProxies);
    const admit = (lookup: BindingLookup) => {
      if (!lookup.ok) refuse(socket, NO_SESSION);
      else if (!d.allowed(lookup.binding, route, clientIp(req, d.config.trustedProxies)))
        refuse(socket, NOT_ALLOWED);
      else open(req, socket, head, route, lookup.binding, requestId);
    };
    const cookie = readCookie(findRawHeader(req.rawHeaders, 'cookie'), d.cookieName);
    Promise.resolve(d.sessions.resolveBinding(cookie, route.host))
      .then(admit)
      .catch((err: unknown) => {
        d.logger.error({ err, reqId: requestId }, 'upgrade failed');
        refuse(socket, BAD_GATEWAY);
      });
  };
}
