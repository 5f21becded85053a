// CPU time of a process (all its threads) from /proc, so each proxy's cost per request can be shown
// alongside throughput: on a 2-core machine wrk, proxy and upstream compete, and CPU/request is steadier.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Clock ticks per second for /proc times; 100 on practically every Linux. */
function readClockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

const TICKS_PER_S = process.platform === 'linux' ? readClockTicks() : 100;

/** User plus system CPU time of `pid` in microseconds, or undefined where /proc is unavailable. */
export function readCpuUs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; fields after its closing parenthesis are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
    return ((utime + stime) / TICKS_PER_S) * 1e6;
  } catch {
    return undefined;
  }
}
