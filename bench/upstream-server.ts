// The benchmark's upstream: answers every request with the same 1 KB body over keep-alive.
// Runs in its own process so it never shares an event loop with the proxy being measured.
// `/count` answers with the number of requests served so far. Prints `READY <port>` once listening.
import { createServer } from 'node:http';

const BODY = Buffer.alloc(1024, 'x');
/** Longer than nginx's and undici's idle timeouts, so the proxies never race a server-side close. */
const KEEP_ALIVE_MS = 75_000;

/** `/probe` reports what the upstream saw, so the benchmark can check what the proxies forward. */
function probeHeaders(headers: NodeJS.Dict<string | string[]>): Record<string, string> {
  return {
    'x-bench-saw-assertion': String(headers['x-dwaar-assertion'] !== undefined),
    'x-bench-saw-cookie': String(headers.cookie !== undefined),
    // The user a forward-auth proxy vouched for (empty when none did).
    'x-bench-saw-user': String(headers['x-auth-request-user'] ?? ''),
  };
}

const HEADERS = { 'content-type': 'text/plain', 'content-length': BODY.length };

/** Requests answered, so the benchmark can check every request wrk counted really reached the upstream. */
let served = 0;

const server = createServer({ keepAliveTimeout: KEEP_ALIVE_MS }, (req, res) => {
  if (req.url === '/count') {
    res.writeHead(200, { 'x-bench-served': String(served), 'content-length': 0 });
    res.end();
    return;
  }
  served++;
  if (req.url === '/probe') res.writeHead(200, { ...HEADERS, ...probeHeaders(req.headers) });
  else res.writeHead(200, HEADERS);
  res.end(BODY);
});
server.headersTimeout = KEEP_ALIVE_MS + 1000;

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no listening address');
  console.log(`READY ${address.port}`);
});
