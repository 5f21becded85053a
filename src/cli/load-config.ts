import { loadConfig, type Config } from '../config.ts';
import { readOrCreateDevSecret } from './secret.ts';

/** Configuration for CLI commands: the environment, plus a dev secret when none is set. */
export async function loadCliConfig(env: NodeJS.ProcessEnv): Promise<Config> {
  if (env.DWAAR_SECRET) return loadConfig(env);
  const { secret, created } = await readOrCreateDevSecret(env.DWAAR_DATA ?? './data');
  if (created)
    console.error('dwaar: DWAAR_SECRET is not set; created a development secret in the data directory.');
  return loadConfig(env, secret);
}
