// The login storm's baseline: N bare argon2id verifications with the same library (@node-rs/argon2), the
// same cost as production (m=19456, t=2, p=1) and the same concurrency as the storm's clients, in a
// process of its own, so the storm's figures can be read as a ratio of the hashing they cannot avoid.
// Usage: storm-baseline.ts <count> <concurrency>; prints `RESULT {"totalMs":…,"latenciesMs":[…]}`.
import { hash, verify } from '@node-rs/argon2';
import { STORM_PASSWORD } from './storm-seed.ts';

/** `Algorithm.Argon2id`, as src/login/password.ts spells it. */
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };

const [countArg, concurrencyArg] = process.argv.slice(2);
const count = Number(countArg);
const concurrency = Number(concurrencyArg);
if (!(count > 0) || !(concurrency > 0)) throw new Error('usage: storm-baseline.ts <count> <concurrency>');

const password = STORM_PASSWORD;
const encoded = await hash(password, OPTIONS);
const latenciesMs: number[] = [];
let next = 0;
const started = performance.now();
const worker = async () => {
  for (let i = next++; i < count; i = next++) {
    const t0 = performance.now();
    if (!(await verify(encoded, password))) throw new Error('verification failed');
    latenciesMs.push(performance.now() - t0);
  }
};
await Promise.all(Array.from({ length: concurrency }, worker));
console.log(`RESULT ${JSON.stringify({ totalMs: performance.now() - started, latenciesMs })}`);
process.exit(0);
