import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import { cleanResponseHeaders } from './headers.ts';
import type { ResourceRoute } from './resources.ts';

export type UpstreamFailure = 'UPSTREAM_UNAVAILABLE' | 'UPSTREAM_TIMEOUT';

/** Upstream answers slower than this are cut off with 504. */
const HEADERS_TIMEOUT_MS = 30_000;
const BODY_TIMEOUT_MS = 120_000;

function classify(err: Error & { code?: string }): UpstreamFailure {
  return err.code === 'UND_ERR_HEADERS_TIMEOUT' || err.code === 'UND_ERR_BODY_TIMEOUT'
    ? 'UPSTREAM_TIMEOUT'
    : 'UPSTREAM_UNAVAILABLE';
}

/**
 * Streams one request to the upstream pool and the answer back, with backpressure both ways.
 * Uses undici's dispatch API directly: no intermediate streams or promises per request.
 */
export function forwardRequest(
  req: IncomingMessage,
  res: ServerResponse,
  route: ResourceRoute,
  headers: Record<string, string>,
  onFailure: (res: ServerResponse, failure: UpstreamFailure, err: Error) => void,
): void {
  const method = req.method ?? 'GET';
  const hasBody =
    req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
  let controller: Dispatcher.DispatchController | undefined;
  const abortOnClose = () => {
    if (!res.writableFinished) controller?.abort(new Error('client closed the connection'));
  };
  res.once('close', abortOnClose);

  route.pool.dispatch(
    {
      origin: route.upstream.origin,
      path: req.url ?? '/',
      method,
      headers,
      body: hasBody ? req : null,
      headersTimeout: HEADERS_TIMEOUT_MS,
      bodyTimeout: BODY_TIMEOUT_MS,
    },
    {
      onRequestStart(ctrl) {
        controller = ctrl;
      },
      onResponseStart(ctrl, statusCode, resHeaders, statusMessage) {
        if (statusCode < 200) return; // 1xx informational: the final answer follows
        cleanResponseHeaders(resHeaders);
        res.writeHead(statusCode, statusMessage, resHeaders);
      },
      onResponseData(ctrl, chunk) {
        if (!res.write(chunk)) {
          ctrl.pause();
          res.once('drain', () => ctrl.resume());
        }
      },
      onResponseEnd() {
        res.off('close', abortOnClose);
        res.end();
      },
      onResponseError(_ctrl, err) {
        res.off('close', abortOnClose);
        if (res.headersSent) {
          res.destroy(err);
        } else if (!res.destroyed) {
          onFailure(res, classify(err), err);
        }
      },
    },
  );
}
