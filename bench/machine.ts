// What the figures were measured on, for the JSON report: they mean little without the machine.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { availableParallelism, cpus, release, totalmem } from 'node:os';
import { promisify } from 'node:util';
import type { ToolPaths } from './tools.ts';

const run = promisify(execFile);

export interface MachineInfo {
  readonly date: string;
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly kernel: string;
  readonly loadAverage: string | undefined;
  readonly node: string;
  readonly nginx: string;
  readonly caddy: string;
  readonly wrk: string;
}

/** The first line a tool prints for its version (nginx and wrk print it on stderr). */
async function versionOf(bin: string, args: readonly string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run(bin, args, { timeout: 5000 });
    return firstLine(`${stdout}${stderr}`);
  } catch (err) {
    // wrk -v exits 1 after printing its version.
    const output = err as { stdout?: string; stderr?: string };
    return firstLine(`${output.stdout ?? ''}${output.stderr ?? ''}`) || 'unknown';
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.trim() ?? '';
}

export async function describeMachine(tools: ToolPaths): Promise<MachineInfo> {
  const loadAverage = await readFile('/proc/loadavg', 'utf8').then(
    (text) => text.split(' ').slice(0, 3).join(' '),
    () => undefined,
  );
  return {
    date: new Date().toISOString(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: release(),
    loadAverage,
    node: process.version,
    nginx: await versionOf(tools.nginx, ['-v']),
    caddy: await versionOf(tools.caddy, ['version']),
    wrk: await versionOf(tools.wrk, ['-v']),
  };
}
