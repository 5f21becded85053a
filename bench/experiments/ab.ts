// Experiment: alternate wrk runs over already-running servers; medians of req/s, p99 and CPU/req.
// Usage: ab.ts <rounds> <seconds> name=url,pid[,cookie[,host]] ...
import { readCpuUs } from '../cpu.ts';
import { median } from '../report.ts';
import { runWrk } from '../wrk.ts';

const [roundsArg, secondsArg, ...specs] = process.argv.slice(2);
const targets = specs.map((spec) => {
  const eq = spec.indexOf('=');
  const name = spec.slice(0, eq);
  const rest = spec.slice(eq + 1);
  const [url, pid, cookie, host] = (rest ?? '').split(',');
  const headers: Record<string, string> = {};
  if (cookie) headers.cookie = cookie;
  if (host) headers.host = host;
  return { name: name ?? '', url: url ?? '', pid: Number(pid), headers, rps: [] as number[], p99: [] as number[], cpu: [] as number[] };
});
const load = { threads: 1, connections: 50, durationS: Number(secondsArg) };
const signal = new AbortController().signal;
for (let r = 0; r < Number(roundsArg); r++) {
  for (const t of targets) {
    const before = readCpuUs(t.pid) ?? 0;
    const res = await runWrk(t.url, t.headers, load, signal);
    const after = readCpuUs(t.pid) ?? 0;
    t.rps.push(res.rps);
    t.p99.push(res.p99Ms);
    t.cpu.push((after - before) / res.requests);
    console.log(`${r + 1} ${t.name.padEnd(12)} ${Math.round(res.rps)} req/s p99 ${res.p99Ms.toFixed(2)}ms cpu ${((after - before) / res.requests).toFixed(1)}us errors ${res.errors}`);
  }
}
for (const t of targets)
  console.log(`MEDIAN ${t.name.padEnd(12)} ${Math.round(median(t.rps))} req/s p99 ${median(t.p99).toFixed(2)}ms cpu ${median(t.cpu).toFixed(1)}us`);
