import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Serves the few static assets from memory; they are read once at start-up. */
export async function registerStaticFiles(app: FastifyInstance): Promise<void> {
  const dir = join(import.meta.dirname, 'static');
  const files = new Map<string, { body: Buffer; type: string }>();
  for (const name of await readdir(dir)) {
    const type = TYPES[extname(name)];
    if (type) files.set(name, { body: await readFile(join(dir, name)), type });
  }
  app.get<{ Params: { name: string } }>('/static/:name', async (request, reply) => {
    const file = files.get(request.params.name);
    if (!file) return reply.callNotFound();
    return reply
      .header('content-type', file.type)
      .header('cache-control', 'public, max-age=3600')
      .send(file.body);
  });
}
