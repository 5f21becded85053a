import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseRawMail, type ParsedMail } from './mime.ts';

/** A development mail as the dev mailbox shows it. */
export interface CaughtMail extends ParsedMail {
  /** File-style ID: `<received ms>-<sequence>`. */
  readonly id: string;
  readonly receivedAt: number;
}

/** The folder under the data directory where `npm start`'s SMTP catcher keeps what it caught. */
export function devMailboxDir(dataDir: string): string {
  return join(dataDir, 'dev-mailbox');
}

const FILE_NAME = /^(\d{13})-(\d{6})\.eml$/;

/** A sortable name: newest sorts last, whichever process wrote it. */
export function caughtMailId(receivedAt: number, seq: number): string {
  return `${String(receivedAt).padStart(13, '0')}-${String(seq % 1_000_000).padStart(6, '0')}`;
}

/**
 * Writes one caught message as `<id>.eml` (owner-only: dev mail holds one-time links), then deletes the
 * oldest files beyond `keep`.
 */
export async function saveCaughtMail(dir: string, id: string, raw: Buffer, keep: number): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(join(dir, `${id}.eml`), raw, { mode: 0o600 });
  const names = await listMailFiles(dir);
  await Promise.all(names.slice(keep).map((name) => rm(join(dir, name), { force: true })));
}

/**
 * The newest `limit` caught messages in `dir`, newest first; undefined when the folder does not exist
 * (no catcher has run). Files that are not ours are ignored.
 */
export async function readDevMailbox(
  dir: string,
  limit: number,
): Promise<{ messages: CaughtMail[]; total: number } | undefined> {
  let names: string[];
  try {
    names = await listMailFiles(dir);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
  const messages: CaughtMail[] = [];
  for (const name of names.slice(0, limit)) {
    const match = FILE_NAME.exec(name);
    if (!match) continue;
    let raw: Buffer;
    try {
      raw = await readFile(join(dir, name));
    } catch (err) {
      // Pruned by the catcher between listing and reading.
      if (isNotFound(err)) continue;
      throw err;
    }
    messages.push({ ...parseRawMail(raw), id: name.slice(0, -4), receivedAt: Number(match[1]) });
  }
  return { messages, total: names.length };
}

/** Our `.eml` names, newest first. */
async function listMailFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir);
  return names.filter((n) => FILE_NAME.test(n)).sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
}

function isNotFound(err: unknown): boolean {
  return err instanceof Error && 'code' in err && err.code === 'ENOENT';
}
