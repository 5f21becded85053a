import { request } from 'undici';
import type { TestApp } from './create-test-app.ts';
import { Browser, csrfFrom, type Reply } from './http-client.ts';

/** The help codes mailed so far (kind `help_code`), newest last, with the code read from the sealed body. */
export async function helpCodeMails(t: TestApp): Promise<{ to: string; text: string; code: string }[]> {
  const rows = await t.deps.store.db
    .selectFrom('mail_outbox')
    .selectAll()
    .where('kind', '=', 'help_code')
    .orderBy('id')
    .execute();
  return rows.map((r) => {
    const { text } = JSON.parse(t.deps.keyring.open('mail-encryption', r.body_sealed ?? '')) as {
      text: string;
    };
    return { to: r.to_address, text, code: /\b(\d{6})\b/.exec(text)?.[1] ?? '' };
  });
}

/** Asks for a code for `userId`; the code page's reply. */
export async function askCode(t: TestApp, b: Browser, userId: string, next = 'diagnose'): Promise<Reply> {
  const form = await b.fetch(`${t.portalOrigin}/help/identify?next=${next}`);
  return b.fetch(`${t.portalOrigin}/help/identify`, { form: { _csrf: csrfFrom(form.body), userId, next } });
}

/** Types `code` on the code page `page`. */
export function typeCode(
  t: TestApp,
  b: Browser,
  page: Reply,
  userId: string,
  code: string,
  next = 'diagnose',
) {
  return b.fetch(`${t.portalOrigin}/help/code`, { form: { _csrf: csrfFrom(page.body), userId, code, next } });
}

/** Identifies `userId` by a mailed code (the mail must have an address); returns the browser. */
export async function identify(t: TestApp, userId: string, next = 'diagnose'): Promise<Browser> {
  const b = new Browser();
  const page = await askCode(t, b, userId, next);
  const mail = (await helpCodeMails(t)).at(-1);
  const done = await typeCode(t, b, page, userId, mail?.code ?? '', next);
  if (done.status !== 303) throw new Error(`identification failed: ${done.status}`);
  return b;
}

/** A multipart POST from `b` (the test Browser only posts url-encoded forms). */
export async function postMultipart(
  b: Browser,
  url: string,
  fields: Record<string, string>,
  file?: { field: string; name: string; type: string; data: Buffer },
): Promise<Reply> {
  const boundary = `----dwaar${Date.now()}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.data,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const u = new URL(url);
  const cookies = b.jar.get(u.hostname);
  const headers: Record<string, string> = {
    host: u.host,
    accept: 'text/html',
    'content-type': `multipart/form-data; boundary=${boundary}`,
  };
  if (cookies && cookies.size > 0) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await request(`http://127.0.0.1:${u.port}${u.pathname}${u.search}`, {
    method: 'POST',
    headers,
    body: Buffer.concat(parts),
  });
  const location = res.headers.location;
  return {
    status: res.statusCode,
    headers: res.headers,
    body: await res.body.text(),
    location: typeof location === 'string' ? new URL(location, url).toString() : undefined,
  };
}

/** A tiny valid PNG (1×1), padded to `size` bytes when asked. */
export function pngOf(size = 0): Buffer {
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  );
  return size > png.length ? Buffer.concat([png, Buffer.alloc(size - png.length)]) : png;
}
