import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { ResourceRoute } from './resources.ts';

/** One proxied request on its way: who it turned out to be is filled in once the session is known. */
export interface AccessEntry {
  user: string | undefined;
}

export interface AccessLog {
  begin(
    req: IncomingMessage,
    res: ServerResponse,
    route: ResourceRoute,
    requestId: string,
    path: string,
  ): AccessEntry;
}

/**
 * The optional access log (`DWAAR_ACCESS_LOG=1`): one JSON line per request to a resource host, written
 * when the answer has been sent. Off by default, because a listener and a log line per request cost the
 * proxy path; load balancers and the upstreams' own logs usually cover it. The query string is left out:
 * one-time codes and search terms travel there.
 */
export function createAccessLog(logger: Logger): AccessLog {
  return {
    begin(req, res, route, requestId, path) {
      const started = performance.now();
      const entry: AccessEntry = { user: undefined };
      const query = path.indexOf('?');
      res.once('close', () => {
        logger.info(
          {
            log: 'access',
            reqId: requestId,
            resource: route.id,
            method: req.method,
            path: query < 0 ? path : path.slice(0, query),
            status: res.statusCode,
            ms: Math.round((performance.now() - started) * 100) / 100,
            user: entry.user ?? null,
            // A browser that left before the answer was complete (nginx logs these as 499).
            ...(res.writableFinished ? {} : { aborted: true }),
          },
          'access',
        );
      });
      return entry;
    },
  };
}
