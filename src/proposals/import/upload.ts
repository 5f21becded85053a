import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Kv } from '../../store/index.ts';

/** A checked upload, kept between the preview and the commit so the file is not sent twice. */
export interface StoredUpload {
  readonly sessionId: string;
  readonly zoneId: string;
  readonly csv: string;
  /** Rows rejected when it was checked, to tell a directory change at commit from known rejections. */
  readonly rejectedAtPreview: number;
}

export const UPLOAD_TTL_MS = 30 * 60_000;
const UploadKey = z.string().regex(/^[0-9a-f]{32}$/);
const Stored = z.object({
  sessionId: z.string(),
  zoneId: z.string(),
  csv: z.string(),
  rejectedAtPreview: z.number().int().min(0),
});

const uploadKey = (key: string) => `proposals.import.upload:${key}`;
const sessionKey = (sessionId: string) => `proposals.import.session:${sessionId}`;

/**
 * Keeps an upload for 30 minutes under a random key, bound to the staff session. One upload per session:
 * a new one replaces the last, so abandoned previews do not pile up.
 */
export async function saveUpload(kv: Kv, upload: StoredUpload): Promise<string> {
  const previous = await kv.take(sessionKey(upload.sessionId));
  if (previous) await kv.del(uploadKey(previous));
  const key = randomBytes(16).toString('hex');
  await kv.set(uploadKey(key), JSON.stringify(upload), UPLOAD_TTL_MS);
  await kv.set(sessionKey(upload.sessionId), key, UPLOAD_TTL_MS);
  return key;
}

/** The upload under `key`, only for the session that made it. */
export async function readUpload(kv: Kv, key: unknown, sessionId: string): Promise<StoredUpload | undefined> {
  const parsedKey = UploadKey.safeParse(key);
  if (!parsedKey.success) return undefined;
  const value = await kv.get(uploadKey(parsedKey.data));
  if (!value) return undefined;
  const parsed = Stored.safeParse(JSON.parse(value));
  if (!parsed.success || parsed.data.sessionId !== sessionId) return undefined;
  return parsed.data;
}

/**
 * Takes the upload out of the store for a commit, so two concurrent commits cannot both use it.
 * Put it back with `restoreUpload` if the commit did not happen.
 */
export async function takeUpload(kv: Kv, key: unknown, sessionId: string): Promise<StoredUpload | undefined> {
  const upload = await readUpload(kv, key, sessionId);
  if (!upload || typeof key !== 'string') return undefined;
  const taken = await kv.take(uploadKey(key));
  return taken ? upload : undefined;
}

export async function restoreUpload(kv: Kv, key: string, upload: StoredUpload): Promise<void> {
  await kv.set(uploadKey(key), JSON.stringify(upload), UPLOAD_TTL_MS);
}
