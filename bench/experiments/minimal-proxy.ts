// Experiment: the floor for a Node proxy (node:http server + undici Pool.dispatch), no Dwaar logic.
import { createServer } from 'node:http';
import { Pool } from 'undici';

const [portArg, upstreamArg, mode] = process.argv.slice(2);
// mode "headers": send the upstream what Dwaar sends (forwarding fields and a 560-byte assertion).
const assertion = 'a'.repeat(560);
const upstream = new URL(upstreamArg ?? '');
const pool = new Pool(upstream.origin, { connections: 128, pipelining: 1, keepAliveTimeout: 30_000 });
const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  pool.dispatch(
    { origin: upstream.origin, path: req.url ?? '/', method: 'GET', headers:
        mode === 'headers'
          ? {
              host: req.headers.host ?? '',
              'x-forwarded-for': '127.0.0.1',
              'x-forwarded-proto': 'http',
              'x-forwarded-host': req.headers.host ?? '',
              'x-dwaar-assertion': assertion,
            }
          : { host: req.headers.host ?? '' } },
    {
      onRequestStart() {},
      onResponseStart(_c, status, headers) {
        delete headers.connection;
        delete headers['keep-alive'];
        res.writeHead(status, headers as Record<string, string>);
      },
      onResponseData(_c, chunk: Buffer) {
        res.write(chunk);
      },
      onResponseEnd() {
        res.end();
      },
      onResponseError(_c, err) {
        res.destroy(err);
      },
    },
  );
});
server.listen(Number(portArg), '127.0.0.1', () => console.log(`READY ${portArg}`));
for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, () => process.exit(0));
