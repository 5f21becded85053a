import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

export interface BowebDemoUser {
  readonly username: string;
  readonly password: string;
  readonly nameEn: string;
  readonly nameHi: string;
}

/** Demo-only credentials, printed in the start-up banner; BOWEB keeps its own users, not the gateway's. */
export const BOWEB_DEMO_USERS: readonly BowebDemoUser[] = Object.freeze([
  Object.freeze({
    username: 'bo.sharma',
    password: 'Boweb@2020',
    nameEn: 'Ramesh Sharma',
    nameHi: 'रमेश शर्मा',
  }),
  Object.freeze({ username: 'bo.khan', password: 'Boweb@2021', nameEn: 'Ayesha Khan', nameHi: 'आयशा ख़ान' }),
]);

export interface BowebUser {
  readonly username: string;
  readonly nameEn: string;
  readonly nameHi: string;
}

export interface BowebUserStore {
  /** Resolves the user on a correct password, otherwise null. */
  verifyCredentials(username: string, password: string): Promise<BowebUser | null>;
}

function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

/** Hashes the demo passwords with argon2id (the library default) when the app is built. */
export async function createBowebUserStore(): Promise<BowebUserStore> {
  const records = new Map<string, { user: BowebUser; passwordHash: string }>();
  for (const { username, password, nameEn, nameHi } of BOWEB_DEMO_USERS) {
    records.set(username, { user: { username, nameEn, nameHi }, passwordHash: await hash(password) });
  }
  // Unknown user names still cost one argon2 verification, so timing does not reveal which names exist.
  const decoyHash = await hash(randomBytes(16).toString('hex'));

  return {
    async verifyCredentials(username, password) {
      const record = records.get(normaliseUsername(username));
      const matches = await verify(record?.passwordHash ?? decoyHash, password);
      return matches && record ? record.user : null;
    },
  };
}
