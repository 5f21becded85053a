// The forward-auth endpoint behind the `forward-auth` peer (nginx auth_request), in the shape of
// oauth2-proxy's `/oauth2/auth`: 202 with `X-Auth-Request-User` for a valid session cookie, 401 otherwise.
// node:http, one process. Holds a few thousand sessions in memory, as a busy department's proxy would.
// `/count` answers with the number of checks that let a request through, so the benchmark can prove
// nginx asked on every request. Prints `READY <port> <cookie>` (the Cookie header wrk sends) once listening.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { COOKIE_NAME, readCookie, signCookie, verifyCookie } from './forward-auth-cookie.ts';

const SESSIONS = 5000;
const KEEP_ALIVE_MS = 75_000;

interface Session {
  readonly user: string;
  readonly email: string;
}

const secret = randomBytes(32);
const sessions = new Map<string, Session>();
for (let i = 0; i < SESSIONS; i++) {
  sessions.set(randomBytes(16).toString('hex'), { user: `officer${i}`, email: `officer${i}@example.gov.in` });
}
const [benchSessionId] = sessions.keys();
if (!benchSessionId) throw new Error('no session');

let allowed = 0;

function authenticate(cookieHeader: string | undefined): Session | undefined {
  const cookie = readCookie(cookieHeader, COOKIE_NAME);
  const id = cookie === undefined ? undefined : verifyCookie(secret, cookie, Math.floor(Date.now() / 1000));
  return id === undefined ? undefined : sessions.get(id);
}

const server = createServer({ keepAliveTimeout: KEEP_ALIVE_MS }, (req, res) => {
  if (req.url === '/count') {
    res.writeHead(200, { 'x-bench-allowed': String(allowed), 'content-length': 0 });
    res.end();
    return;
  }
  const session = authenticate(req.headers.cookie);
  if (!session) {
    res.writeHead(401, { 'content-length': 0 });
    res.end();
    return;
  }
  allowed++;
  res.writeHead(202, {
    'x-auth-request-user': session.user,
    'x-auth-request-email': session.email,
    'content-length': 0,
  });
  res.end();
});
server.headersTimeout = KEEP_ALIVE_MS + 1000;

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no listening address');
  const cookie = signCookie(secret, benchSessionId, Math.floor(Date.now() / 1000));
  console.log(`READY ${address.port} ${COOKIE_NAME}=${cookie}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(0));
