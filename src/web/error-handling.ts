import type { FastifyInstance } from 'fastify';
import { AppError, isAppError, statusOf, type ErrorCode } from '../errors.ts';
import { renderRefusal, refusalOf } from './refusal.ts';

/** Fastify's own 4xx errors (a body too large, a malformed one), as the error table's codes. */
function clientError(err: unknown): AppError | undefined {
  const status = (err as { statusCode?: unknown }).statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  const code: ErrorCode = status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST';
  return new AppError(code, { cause: err });
}

/**
 * The one error handler and the not-found page. An AppError is answered from the error table, as JSON for
 * API callers or the bilingual refusal page; anything else is logged with the request ID and answered with
 * a bare 500 that quotes it. Register it before any plugin: plugins keep the handler in force when they
 * register.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) =>
    reply.page(renderRefusal(request, { code: 'NOT_FOUND' }), statusOf('NOT_FOUND')),
  );

  app.setErrorHandler((err, request, reply) => {
    const wantsJson = !(request.headers.accept ?? '').includes('text/html');
    const known = isAppError(err) ? err : clientError(err);
    if (!known) request.log.error({ err }, 'unhandled error');
    // A 5xx code (database unreachable, disk full) is the server's fault: logged as an error with the
    // driver's own error (naming the database file) so an operator sees the cause, not a bare 503.
    else if (known.status >= 500)
      request.log.error({ err: known.cause ?? known, code: known.code }, 'unavailable');
    else if (known.cause !== undefined) request.log.warn({ err: known.cause, code: known.code }, 'refused');
    const error = known ?? new AppError('INTERNAL');
    if (error.status === 503) void reply.header('retry-after', '30');
    if (wantsJson) {
      const message = known ? error.message : `${error.message} (${request.id})`;
      return reply.code(error.status).send({ error: { code: error.code, message } });
    }
    const refusal = refusalOf(error);
    const more = !known
      ? [request.t('serverErrorBody', { ref: request.id })]
      : error.status >= 500
        ? [request.t('ops.helpReference', { ref: request.id })]
        : [];
    return reply.page(renderRefusal(request, { ...refusal, more }), error.status);
  });
}
