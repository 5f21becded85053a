import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import type { RouteMeter } from '../metrics/index.ts';
import { cleanResponseHeaders, type UpstreamRequest } from './headers.ts';
import type { ResourceRoute } from './resources.ts';

export type UpstreamFailure = 'UPSTREAM_UNAVAILABLE' | 'UPSTREAM_TIMEOUT';

/** What a request's answer is counted and logged under: its ID and its resource's meter. */
export interface RequestTrace {
  readonly requestId: string;
  readonly meter: RouteMeter;
}

export type OnUpstreamFailure = (
  res: ServerResponse,
  failure: UpstreamFailure,
  err: Error,
  trace: RequestTrace,
) => void;

/** Upstream answers slower than this are cut off with 504. */
const HEADERS_TIMEOUT_MS = 30_000;
const BODY_TIMEOUT_MS = 120_000;

function classify(err: Error & { code?: string }): UpstreamFailure {
  return err.code === 'UND_ERR_HEADERS_TIMEOUT' || err.code === 'UND_ERR_BODY_TIMEOUT'
    ? 'UPSTREAM_TIMEOUT'
    : 'UPSTREAM_UNAVAILABLE';
}

/**
 * Relays one upstream answer to the browser. It implements undici's raw handler interface (the one its
 * client calls natively), so no wrapper objects or parsed header maps are made per request; backpressure is
 * undici's own: `onData` returning false pauses the upstream until the browser drains.
 */
export class ResponseRelay implements Dispatcher.DispatchHandler, RequestTrace {
  protected abort: ((err?: Error) => void) | undefined;
  protected resume: (() => void) | undefined;
  /** When the request was dispatched (ms, monotonic), for the upstream latency histogram. */
  private readonly started = performance.now();

  constructor(
    protected readonly res: ServerResponse,
    private readonly onFailure: OnUpstreamFailure,
    protected readonly portalHost: string,
    readonly requestId: string,
    readonly meter: RouteMeter,
  ) {}

  onConnect(abort: (err?: Error) => void): void {
    this.abort = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean {
    if (statusCode < 200) return true; // 1xx informational: the final answer follows
    this.resume = resume;
    this.res.writeHead(statusCode, statusText, this.answerHeaders(statusCode, rawHeaders));
    return true;
  }

  /**
   * The upstream's headers cleaned, with the request's ID added; counts the answer and the upstream's time
   * to its headers. Added to the array `writeHead` takes (not `setHeader`), which keeps Node's fast path.
   */
  protected answerHeaders(statusCode: number, rawHeaders: Buffer[]): string[] {
    this.meter.upstream(performance.now() - this.started);
    this.meter.status(statusCode);
    const headers = cleanResponseHeaders(rawHeaders, this.portalHost);
    headers.push('x-request-id', this.requestId);
    return headers;
  }

  onData(chunk: Buffer): boolean {
    return this.write(chunk);
  }

  protected write(chunk: Buffer): boolean {
    const more = this.res.write(chunk);
    if (!more) this.res.once('drain', () => this.resume?.());
    return more;
  }

  onComplete(): void {
    this.res.end();
  }

  onError(err: Error): void {
    if (this.res.headersSent) this.res.destroy(err);
    else if (!this.res.destroyed) this.onFailure(this.res, classify(err), err, this);
  }

  /** The browser went away before the answer was complete: stop the upstream request. */
  closed(): void {
    if (!this.res.writableFinished) this.abort?.(new Error('client closed the connection'));
  }
}

/**
 * The request target in origin form (RFC 9112 §3.2.1). An absolute-form target (`GET http://evil/x`) is
 * reduced to its path and query, as nginx and Envoy do, so the upstream never sees a client-chosen
 * authority; anything else that is not a path (`*`, authority-form) becomes `/`.
 */
export function originForm(target: string | undefined): string {
  if (target === undefined || target === '') return '/';
  if (target.charCodeAt(0) === 47 /* / */) return target;
  if (!/^https?:\/\//i.test(target)) return '/';
  try {
    const url = new URL(target);
    return `${url.pathname}${url.search}`;
  } catch {
    return '/';
  }
}

export type RelayFactory = (
  res: ServerResponse,
  onFailure: OnUpstreamFailure,
  portalHost: string,
  requestId: string,
  meter: RouteMeter,
) => ResponseRelay;

/** Streams one request to the upstream pool and the answer back, with backpressure both ways. */
export function forwardRequest(
  req: IncomingMessage,
  res: ServerResponse,
  route: ResourceRoute,
  upstream: UpstreamRequest,
  onFailure: OnUpstreamFailure,
  portalHost: string,
  requestId: string,
  makeRelay?: RelayFactory,
): void {
  // Only resources that opt into the session bar pass `makeRelay`; the rest keep the plain relay.
  const relay = makeRelay
    ? makeRelay(res, onFailure, portalHost, requestId, route.meter)
    : new ResponseRelay(res, onFailure, portalHost, requestId, route.meter);
  res.once('close', () => relay.closed());
  route.pool.dispatch(
    {
      origin: route.upstream.origin,
      path: originForm(req.url),
      method: req.method ?? 'GET',
      headers: upstream.headers,
      body: upstream.hasBody ? req : null,
      headersTimeout: HEADERS_TIMEOUT_MS,
      bodyTimeout: BODY_TIMEOUT_MS,
    },
    relay,
  );
}
