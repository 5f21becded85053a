// Finds the peers the benchmark runs (nginx, caddy, wrk) and, on a clean Debian machine run as root,
// installs the missing ones, so `npm run bench` needs no manual set-up. Otherwise it says what to install.
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type ToolName = 'nginx' | 'caddy' | 'wrk';
export type ToolPaths = Readonly<Record<ToolName, string>>;

export interface Tool {
  readonly name: ToolName;
  /** The Debian package that provides it. */
  readonly pkg: string;
  /** Where the Debian package puts it; looked at first, because sbin is often not on a user's PATH. */
  readonly debianPath: string;
}

export const TOOLS: readonly Tool[] = [
  { name: 'nginx', pkg: 'nginx', debianPath: '/usr/sbin/nginx' },
  { name: 'caddy', pkg: 'caddy', debianPath: '/usr/bin/caddy' },
  { name: 'wrk', pkg: 'wrk', debianPath: '/usr/bin/wrk' },
];

/** Thrown when a tool is missing and cannot be installed here; the message says what to do. */
export class MissingToolsError extends Error {
  override readonly name = 'MissingToolsError';
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The Debian path if executable, else the first executable `name` on `searchPath`. */
export function locateTool(tool: Tool, searchPath: string): string | undefined {
  if (isExecutable(tool.debianPath)) return tool.debianPath;
  const dirs = searchPath.split(delimiter).filter((d) => d !== '');
  return dirs.map((d) => join(d, tool.name)).find(isExecutable);
}

/** Every tool's path, or the tools that were not found. */
export function locateTools(
  searchPath: string,
  tools: readonly Tool[] = TOOLS,
): { found: Partial<Record<ToolName, string>>; missing: Tool[] } {
  const found: Partial<Record<ToolName, string>> = {};
  const missing: Tool[] = [];
  for (const tool of tools) {
    const path = locateTool(tool, searchPath);
    if (path) found[tool.name] = path;
    else missing.push(tool);
  }
  return { found, missing };
}

function toPaths(found: Partial<Record<ToolName, string>>): ToolPaths | undefined {
  const { nginx, caddy, wrk } = found;
  return nginx && caddy && wrk ? { nginx, caddy, wrk } : undefined;
}

export function describeMissing(missing: readonly Tool[]): string {
  const names = missing.map((t) => t.name).join(', ');
  const pkgs = missing.map((t) => t.pkg).join(' ');
  return (
    `the benchmark needs ${names}, not found in ${missing.map((t) => t.debianPath).join(', ')} or on PATH.\n` +
    `Install with: sudo apt-get install -y ${pkgs}   (Debian/Ubuntu packages; or run the benchmark as root ` +
    `and it installs them itself), then run it again.`
  );
}

/** apt-get, found on PATH, when this process may install packages (root); undefined otherwise. */
export function findInstaller(searchPath: string, uid: number | undefined): string | undefined {
  if (uid !== 0) return undefined;
  return searchPath
    .split(delimiter)
    .filter((d) => d !== '')
    .map((d) => join(d, 'apt-get'))
    .find(isExecutable);
}

async function aptInstall(aptGet: string, pkgs: readonly string[]): Promise<void> {
  // No prompts, and no daemon left running by the packages' post-install scripts where that can be avoided.
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive', RUNLEVEL: '1' };
  const install = () => run(aptGet, ['install', '-y', '--no-install-recommends', ...pkgs], { env });
  try {
    await install();
  } catch {
    // A clean machine (a fresh container) often has no package lists yet.
    await run(aptGet, ['update'], { env });
    await install();
  }
}

export interface EnsureOptions {
  readonly searchPath: string;
  readonly uid: number | undefined;
  readonly log: (line: string) => void;
  /** The tools to look for; all of TOOLS unless a test narrows them. */
  readonly tools?: readonly Tool[];
}

/** Finds nginx, caddy and wrk, installing the missing ones with apt-get when root; else MissingToolsError. */
export async function ensureTools(options: EnsureOptions): Promise<ToolPaths> {
  const tools = options.tools ?? TOOLS;
  const first = locateTools(options.searchPath, tools);
  const ready = toPaths(first.found);
  if (ready) return ready;
  const aptGet = findInstaller(options.searchPath, options.uid);
  if (!aptGet) throw new MissingToolsError(describeMissing(first.missing));
  const pkgs = first.missing.map((t) => t.pkg);
  options.log(`installing ${pkgs.join(', ')} with apt-get (running as root)`);
  try {
    await aptInstall(aptGet, pkgs);
  } catch (err) {
    throw new MissingToolsError(
      `apt-get install failed (${String(err)}).\n${describeMissing(first.missing)}`,
    );
  }
  const second = locateTools(options.searchPath, tools);
  const installed = toPaths(second.found);
  if (!installed) throw new MissingToolsError(describeMissing(second.missing));
  return installed;
}
