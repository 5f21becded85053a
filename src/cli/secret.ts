import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * For a development machine without DWAAR_SECRET: a random secret kept in the data directory
 * (mode 0600). Production sets DWAAR_SECRET from its secret store instead.
 */
export async function readOrCreateDevSecret(dataDir: string): Promise<{ secret: string; created: boolean }> {
  const file = join(dataDir, '.secret');
  try {
    const secret = (await readFile(file, 'utf8')).trim();
    if (secret.length >= 32) return { secret, created: false };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  // The data directory holds the database and this secret: private, whatever the umask (see store.ts).
  const created = await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (created !== undefined) await chmod(dataDir, 0o700);
  const secret = randomBytes(32).toString('base64url');
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return { secret, created: true };
}
