// Sends one proxied request with each resource cookie of a file, as each signed-in officer's first page
// in BOWEB would, from a process of its own; every answer must be the upstream's 200.
// Usage: memory-touch.ts <gateway-port> <cookies-file> <concurrency>; prints `RESULT {"ok":…,"bad":…}`.
import { readFile } from 'node:fs/promises';
import { Pool } from 'undici';

const [port, file, concurrencyArg] = process.argv.slice(2);
if (!port || !file || !concurrencyArg) throw new Error('usage: memory-touch.ts <port> <file> <concurrency>');
const cookies = (await readFile(file, 'utf8')).split('\n').filter((l) => l !== '');
const concurrency = Number(concurrencyArg);
const pool = new Pool(`http://127.0.0.1:${port}`, { connections: concurrency });
let next = 0;
let ok = 0;
const bad: string[] = [];
const worker = async () => {
  for (let i = next++; i < cookies.length; i = next++) {
    const res = await pool.request({
      path: '/',
      method: 'GET',
      headers: { host: `boweb.localhost:${port}`, cookie: cookies[i] ?? '' },
    });
    await res.body.dump();
    if (res.statusCode === 200) ok++;
    else if (bad.length < 10) bad.push(`cookie ${i}: ${res.statusCode}`);
  }
};
await Promise.all(Array.from({ length: concurrency }, worker));
await pool.close();
console.log(`RESULT ${JSON.stringify({ ok, bad, total: cookies.length })}`);
process.exit(0);
