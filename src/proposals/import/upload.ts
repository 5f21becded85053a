import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Kv } from '../../store/index.ts';

/** A checked upload, kept between the preview and the commit so the file is not sent twice. */
export interface StoredUpload {
  readonly sessionId: string;
  /** The staff member who made it: only they may see or commit it (from any of their sessions). */
  readonly accountId: number;
  readonly zoneId: string;
  /** The file's UTF-8 bytes (kept as bytes: see `decodeForm`). */
  readonly csv: Uint8Array;
  /** Rows rejected when it was checked, to tell a directory change at commit from known rejections. */
  readonly rejectedAtPreview: number;
}

export const UPLOAD_TTL_MS = 30 * 60_000;
const UploadKey = z.string().regex(/^[0-9a-f]{32}$/);
const Details = z.object({
  sessionId: z.string(),
  accountId: z.number().int(),
  zoneId: z.string(),
  rejectedAtPreview: z.number().int().min(0),
});

const Parts = z.coerce.number().int().min(0).max(10_000);

/**
 * The file is kept in parts of this many bytes (a multiple of 3, so each part is whole base64), each
 * encoded and decoded in its own turn of the event loop: encoding or decoding 13 MB in one call stalls every
 * proxied request sharing this loop for tens of milliseconds, and Redis prefers small values.
 */
const PART_BYTES = 3 * 64 * 1024;

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

// The details (JSON) and the file (base64) are kept under two keys, so reading the details never walks the
// file, and the file is decoded natively in slices rather than parsed.
const uploadKey = (key: string) => `proposals.import.upload:${key}`;
const partsKey = (key: string) => `proposals.import.parts:${key}`;
const partKey = (key: string, part: number) => `proposals.import.part:${key}:${part}`;
const sessionKey = (sessionId: string) => `proposals.import.session:${sessionId}`;

export type UploadDetails = Omit<StoredUpload, 'csv'>;

/**
 * Keeps an uploaded file for 30 minutes under a new random key, bound to the staff session, before it is
 * checked (the check may take the bytes over: see check-thread.ts); `saveUploadDetails` completes it. One
 * upload per session: a new one replaces the last, so abandoned previews do not pile up.
 */
export async function stashUploadFile(kv: Kv, sessionId: string, csv: Uint8Array): Promise<string> {
  const previous = await kv.take(sessionKey(sessionId));
  if (previous) await dropUpload(kv, previous);
  const key = randomBytes(16).toString('hex');
  await writeFile(kv, key, csv);
  await kv.set(sessionKey(sessionId), key, UPLOAD_TTL_MS);
  return key;
}

/** Completes a stashed upload (and puts back one `takeUpload` took, when its commit did not happen). */
export async function saveUploadDetails(kv: Kv, key: string, details: UploadDetails): Promise<void> {
  const { sessionId, accountId, zoneId, rejectedAtPreview } = details;
  await kv.set(
    uploadKey(key),
    JSON.stringify({ sessionId, accountId, zoneId, rejectedAtPreview }),
    UPLOAD_TTL_MS,
  );
}

/** Keeps an upload whole, file and details; its key. */
export async function saveUpload(kv: Kv, upload: StoredUpload): Promise<string> {
  const key = await stashUploadFile(kv, upload.sessionId, upload.csv);
  await saveUploadDetails(kv, key, upload);
  return key;
}

/** What an upload address finds: the upload, nothing (unknown, malformed or expired), or someone else's. */
export type UploadLookup =
  | { readonly kind: 'found'; readonly upload: StoredUpload }
  | { readonly kind: 'missing' }
  | { readonly kind: 'foreign' };

/** True when `key` has the shape of an upload's key (so a path segment can be told from other words). */
export const isUploadKey = (key: unknown): key is string => UploadKey.safeParse(key).success;

/** The upload under `key`, telling a missing one from one that belongs to another staff member. */
export async function lookupUpload(kv: Kv, key: unknown, accountId: number): Promise<UploadLookup> {
  if (!isUploadKey(key)) return { kind: 'missing' };
  const value = await kv.get(uploadKey(key));
  const parsed = value === undefined ? undefined : Details.safeParse(parseJson(value));
  if (!parsed?.success) return { kind: 'missing' };
  if (parsed.data.accountId !== accountId) return { kind: 'foreign' };
  const csv = await readFile(kv, key);
  return csv ? { kind: 'found', upload: { ...parsed.data, csv } } : { kind: 'missing' };
}

/** The upload under `key`, only for the staff member who made it. */
export async function readUpload(kv: Kv, key: unknown, accountId: number): Promise<StoredUpload | undefined> {
  const found = await lookupUpload(kv, key, accountId);
  return found.kind === 'found' ? found.upload : undefined;
}

/**
 * Takes the upload's details out of the store for a commit, so two concurrent commits cannot both use it;
 * the file stays until `dropUpload`. Put the details back with `saveUploadDetails` if the commit did not
 * happen.
 */
export async function takeUpload(kv: Kv, key: unknown, accountId: number): Promise<StoredUpload | undefined> {
  const upload = await readUpload(kv, key, accountId);
  if (!upload || typeof key !== 'string') return undefined;
  const taken = await kv.take(uploadKey(key));
  return taken ? upload : undefined;
}

/** Removes an upload: committed, or refused by the check. */
export async function dropUpload(kv: Kv, key: string): Promise<void> {
  await kv.del(uploadKey(key));
  const parts = Parts.safeParse(await kv.take(partsKey(key)));
  for (let part = 0; parts.success && part < parts.data; part += 1) await kv.del(partKey(key, part));
}

async function writeFile(kv: Kv, key: string, csv: Uint8Array): Promise<void> {
  const bytes = Buffer.from(csv.buffer, csv.byteOffset, csv.byteLength);
  let parts = 0;
  for (let at = 0; at < bytes.length; at += PART_BYTES, parts += 1) {
    if (parts > 0) await nextTurn();
    await kv.set(partKey(key, parts), bytes.toString('base64', at, at + PART_BYTES), UPLOAD_TTL_MS);
  }
  await kv.set(partsKey(key), String(parts), UPLOAD_TTL_MS);
}

/** The file's bytes, in a buffer of their own (so it can be handed to the import worker without a copy). */
async function readFile(kv: Kv, key: string): Promise<Buffer | undefined> {
  const parts = Parts.safeParse(await kv.get(partsKey(key)));
  if (!parts.success) return undefined;
  const out = Buffer.allocUnsafeSlow(parts.data * PART_BYTES);
  let length = 0;
  for (let part = 0; part < parts.data; part += 1) {
    if (part > 0) await nextTurn();
    const text = await kv.get(partKey(key, part));
    if (text === undefined) return undefined;
    length += out.write(text, length, 'base64');
  }
  return out.subarray(0, length);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
