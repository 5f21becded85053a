// Optional benchmark target (BENCH_NODE_FLOOR=1): the least a Node reverse proxy can do, a node:http
// server relaying to an undici Pool with no session check, no assertion and no header rewriting. It
// shows how much of the gap to nginx is Node itself and how much is Dwaar's own work.
// Usage: node-floor-proxy.ts <upstream-url>; prints `READY <port>` once listening.
import { createServer } from 'node:http';
import { Pool } from 'undici';

const upstreamArg = process.argv[2];
if (!upstreamArg) throw new Error('usage: node-floor-proxy.ts <upstream-url>');
const upstream = new URL(upstreamArg);
// The same pool settings as Dwaar's resource table.
const pool = new Pool(upstream.origin, { connections: 128, pipelining: 1, keepAliveTimeout: 30_000 });

const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  pool.dispatch(
    {
      origin: upstream.origin,
      path: req.url ?? '/',
      method: 'GET',
      headers: { host: req.headers.host ?? '' },
    },
    {
      onRequestStart() {
        // Nothing to keep: this proxy never aborts.
      },
      onResponseStart(_ctrl, status, headers) {
        delete headers.connection;
        delete headers['keep-alive'];
        res.writeHead(status, headers);
      },
      onResponseData(_ctrl, chunk) {
        res.write(chunk);
      },
      onResponseEnd() {
        res.end();
      },
      onResponseError(_ctrl, err) {
        res.destroy(err);
      },
    },
  );
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no listening address');
  console.log(`READY ${address.port}`);
});
