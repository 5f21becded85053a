import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyReply } from 'fastify';
import { AppError } from '../errors.ts';

/**
 * What an attachment may be. A file is accepted only when its extension AND its first bytes agree:
 * - PDF (`.pdf`, starts `%PDF-`), PNG (`.png`, the 8-byte PNG signature), JPEG (`.jpg`/`.jpeg`, `FF D8 FF`);
 * - plain text or CSV (`.txt`/`.csv`): valid UTF-8 with no NUL or other control bytes but tab, CR, LF, FF.
 * Everything is served as a download with `nosniff` and a sandboxing CSP, so even a text file that looks
 * like HTML is never rendered by the browser as ours. Office documents are left out on purpose: they carry
 * macros and are zip containers whose contents magic bytes cannot vouch for.
 */
export type AttachmentType = 'application/pdf' | 'image/png' | 'image/jpeg' | 'text/plain' | 'text/csv';

const EXTENSIONS: Readonly<Record<string, AttachmentType>> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  txt: 'text/plain',
  csv: 'text/csv',
};

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function isPlainText(data: Buffer): boolean {
  for (const byte of data) {
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) return false;
    if (byte === 0x7f) return false;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
    return true;
  } catch {
    return false;
  }
}

function contentMatches(type: AttachmentType, data: Buffer): boolean {
  switch (type) {
    case 'application/pdf':
      return data.subarray(0, 5).toString('latin1') === '%PDF-';
    case 'image/png':
      return data.subarray(0, 8).equals(PNG);
    case 'image/jpeg':
      return data.length > 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff;
    case 'text/plain':
    case 'text/csv':
      return isPlainText(data);
  }
}

/** The type a file is, by extension and magic bytes together; undefined when they disagree or neither is ours. */
export function detectAttachmentType(fileName: string, data: Buffer): AttachmentType | undefined {
  const ext = /\.([A-Za-z0-9]{1,5})$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const type = EXTENSIONS[ext];
  if (!type || data.length === 0) return undefined;
  return contentMatches(type, data) ? type : undefined;
}

/**
 * A client's file name made fit for display and for `Content-Disposition`: the last path segment only, no
 * control or reserved characters, at most 120 characters. Never used to build a path.
 */
export function sanitiseFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}"*:<>?|\\/]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  if (cleaned.length <= 120) return cleaned;
  const ext = /\.[A-Za-z0-9]{1,5}$/.exec(cleaned)?.[0] ?? '';
  return cleaned.slice(0, 120 - ext.length) + ext;
}

export const sha256Hex = (data: Buffer) => createHash('sha256').update(data).digest('hex');

export const attachmentsDir = (dataDir: string) => join(dataDir, 'attachments');

/**
 * Stores the bytes once under their SHA-256 (a second upload of the same file writes nothing). Written to
 * a temporary file in the same folder and renamed, so a reader never sees half a file.
 */
export async function storeAttachmentFile(dataDir: string, data: Buffer): Promise<string> {
  const sha = sha256Hex(data);
  const dir = attachmentsDir(dataDir);
  const final = join(dir, sha);
  await mkdir(dir, { recursive: true });
  try {
    await access(final);
    return sha;
  } catch {
    // Not stored yet.
  }
  const temp = join(dir, `.tmp-${randomBytes(8).toString('hex')}`);
  try {
    await writeFile(temp, data, { flag: 'wx', mode: 0o640 });
    await rename(temp, final);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return sha;
}

/** RFC 8187 `ext-value` encoding: percent-encode everything but attr-char. */
function rfc8187(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*!]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `attachment` with an ASCII fallback name and the real one in UTF-8 (RFC 6266 §4.3). */
export function downloadDisposition(fileName: string): string {
  const safe = sanitiseFileName(fileName) || 'attachment';
  const ascii = safe.replace(/[^A-Za-z0-9._ -]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${rfc8187(safe)}`;
}

/**
 * Streams a stored attachment as a download: its stored type, `nosniff`, a CSP that sandboxes anything a
 * browser might still render, and no caching. 404 when the file is missing from the data folder.
 */
export async function sendCircularAttachment(
  reply: FastifyReply,
  row: { sha256: string; content_type: string; file_name: string },
  dataDir: string,
): Promise<FastifyReply> {
  if (!/^[0-9a-f]{64}$/.test(row.sha256)) throw new AppError('CIRCULAR_NOT_FOUND');
  const path = join(attachmentsDir(dataDir), row.sha256);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new AppError('CIRCULAR_NOT_FOUND');
  }
  const type = row.content_type.startsWith('text/') ? `${row.content_type}; charset=utf-8` : row.content_type;
  return reply
    .header('content-type', type)
    .header('content-length', String(size))
    .header('content-disposition', downloadDisposition(row.file_name))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "sandbox; default-src 'none'")
    .header('cache-control', 'private, no-store')
    .send(createReadStream(path));
}
