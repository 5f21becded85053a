import { buildApp } from '../app.ts';
import { buildBoweb } from '../boweb/app.ts';
import { BOWEB_DEMO_USERS } from '../boweb/users.ts';
import type { Config } from '../config.ts';
import { createDeps } from '../deps.ts';
import { DEMO_ACCOUNTS, seedDemo } from '../demo/seed.ts';

/**
 * `dwaar start`: the gateway with its console, plus the demo back office on 127.0.0.1, seeded with demo
 * data on first run. Returns a function that shuts everything down.
 */
export async function startDemoStack(config: Config): Promise<() => Promise<void>> {
  const bowebUpstream = `http://127.0.0.1:${config.bowebPort}`;
  const deps = await createDeps(config, {
    prepare: async ({ store, passwords, audit, clock }) => {
      const { seeded } = await seedDemo(
        { db: store.db, passwords, audit, now: clock.now() },
        { bowebUpstream },
      );
      if (seeded) console.log('Seeded the demo directory (75 districts, 19 closed, 484 officers).');
    },
  });
  const portalPort = config.publicUrl.port || '80';
  const boweb = await buildBoweb({
    jwksUrl: `http://127.0.0.1:${config.port}/.well-known/jwks.json`,
    audience: 'boweb.localhost',
    logger: deps.logger.child({ app: 'boweb' }),
  });
  await boweb.listen({ host: '127.0.0.1', port: config.bowebPort });
  const app = await buildApp(deps);
  await app.listen(config.port, config.host);

  const origin = config.publicUrl.origin;
  const resourceOrigin = `${config.publicUrl.protocol}//boweb.localhost:${portalPort}`;
  console.log(`
Dwaar is running.
  Gateway portal      ${origin}/
  Console             ${origin}/console
  BOWEB (via gateway) ${resourceOrigin}/
  Health              ${origin}/healthz

Demo accounts (gateway):
${Object.values(DEMO_ACCOUNTS)
  .map((a) => `  ${a.userId.padEnd(15)} ${a.password.padEnd(16)} ${a.description}`)
  .join('\n')}
Demo back-office (BOWEB) logins, used after the gateway:
${BOWEB_DEMO_USERS.map((u) => `  ${u.username.padEnd(15)} ${u.password}`).join('\n')}

Data: ${config.dataDir} (database ${config.databaseUrl.startsWith('sqlite:') ? 'SQLite' : 'PostgreSQL'}). Press Ctrl+C to stop.
`);
  return async () => {
    await app.close();
    await boweb.close();
    await deps.close();
  };
}
