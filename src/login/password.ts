import { hash, verify } from '@node-rs/argon2';

/** `Algorithm.Argon2id` in @node-rs/argon2 (an ambient const enum, which isolated modules cannot import). */
const ARGON2ID = 2;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** True when `password` matches `encoded`. With no hash, burns the same time and returns false. */
  verify(encoded: string | null, password: string): Promise<boolean>;
}

/** argon2id, with memory and time cost from configuration (OWASP's minimum is m=19 MiB, t=2). */
export async function createPasswordHasher(cost: {
  memoryCost: number;
  timeCost: number;
}): Promise<PasswordHasher> {
  const options = {
    algorithm: ARGON2ID,
    memoryCost: cost.memoryCost,
    timeCost: cost.timeCost,
    parallelism: 1,
  };
  // Verifying against this when the user ID is unknown makes both failures take about the same time.
  const decoy = await hash('dwaar-decoy-password', options);
  return {
    hash: (password) => hash(password, options),
    async verify(encoded, password) {
      if (!encoded) {
        await verify(decoy, password).catch(() => false);
        return false;
      }
      return verify(encoded, password).catch(() => false);
    },
  };
}
