import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from './create-test-app.ts';
import {
  auditOf,
  circularForm,
  createCircularTestApp,
  createDraft,
  issue,
  signInStaff,
  startCircularConsole,
  TEST_ATTACHMENT_MAX,
  upload,
} from './circulars-support.ts';
import { csrfFrom, type Browser } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2000, 0x20), Buffer.from('\n%%EOF\n')]);
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(100, 1),
]);

describe.each(TEST_DIALECTS)('circular attachments on %s', (dialect) => {
  let t: TestApp & { dataDir: string };
  let side: Awaited<ReturnType<typeof startCircularConsole>>;
  let hq: Browser;
  let id: number;
  const db = () => t.deps.store.db;
  const url = (path: string) => `${side.origin}${path}`;
  const stored = () => {
    const dir = join(t.dataDir, 'attachments');
    return existsSync(dir) ? readdirSync(dir) : [];
  };
  const rows = () =>
    db().selectFrom('circular_attachments').selectAll().where('circular_id', '=', id).execute();

  beforeAll(async () => {
    t = await createCircularTestApp(dialect);
    side = await startCircularConsole(t);
    hq = await signInStaff(t, 'hq.admin');
    id = await createDraft(hq, side.origin, circularForm());
  }, 60_000);

  afterAll(async () => {
    await side?.close();
    await t?.close();
    if (t) rmSync(t.dataDir, { recursive: true, force: true });
  });

  it('refuses an oversized file with 413 and the form, storing no file and no row', async () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(TEST_ATTACHMENT_MAX + 10, 0x20)]);
    const reply = await upload(hq, side.origin, id, [{ name: 'big.pdf', data: big }]);
    expect(reply.status).toBe(413);
    expect(reply.body).toContain('The file is larger than');
    expect(reply.body).toContain('href="#file"');
    expect(reply.body).toContain('<form method="post" action="/console/circulars/');
    expect(stored()).toEqual([]);
    expect(await rows()).toEqual([]);
    expect((await auditOf(t, 'circular.attachment_refused')).at(-1)?.detail).toMatchObject({
      reason: 'circular_attachment_too_large',
    });
  });

  it.each([
    ['HTML named .pdf', 'evil.pdf', Buffer.from('<html><script>alert(1)</script></html>')],
    ['a PDF named .png', 'x.png', PDF],
    ['an executable named .txt', 'run.txt', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00])],
    ['an unlisted type', 'macro.docm', Buffer.from('PK\u0003\u0004')],
  ])('refuses %s (415), storing nothing', async (_what, name, data) => {
    const reply = await upload(hq, side.origin, id, [{ name, data }]);
    expect(reply.status).toBe(415);
    expect(reply.body).toContain('Only PDF, PNG, JPEG, plain text or CSV');
    expect(stored()).toEqual([]);
    expect(await rows()).toEqual([]);
    expect((await auditOf(t, 'circular.attachment_refused')).at(-1)?.detail).toMatchObject({
      reason: 'circular_attachment_type',
    });
  });

  it('refuses a post with no file, or two files', async () => {
    expect((await upload(hq, side.origin, id, [])).status).toBe(400);
    const two = await upload(hq, side.origin, id, [
      { name: 'a.png', data: PNG },
      { name: 'b.png', data: PNG },
    ]);
    expect(two.status).toBe(400);
    expect(await rows()).toEqual([]);
  });

  it('refuses an upload without the CSRF token, storing nothing', async () => {
    const reply = await upload(hq, side.origin, id, [{ name: 'ok.pdf', data: PDF }], 'forged');
    expect(reply.status).toBe(403);
    expect(stored()).toEqual([]);
  });

  it('stores a PDF once by SHA-256 and serves it with the safe headers', async () => {
    const reply = await upload(hq, side.origin, id, [{ name: '..\\..\\etc\\परिपत्र <1>.pdf', data: PDF }]);
    expect(reply.status).toBe(303);
    const [row] = await rows();
    expect(row?.file_name).toBe('परिपत्र 1.pdf');
    expect(row?.content_type).toBe('application/pdf');
    expect(stored()).toEqual([row?.sha256]);
    // The same bytes again: a second row, the same single file.
    expect((await upload(hq, side.origin, id, [{ name: 'again.pdf', data: PDF }])).status).toBe(303);
    expect(stored()).toHaveLength(1);

    const got = await hq.fetch(url(`/console/circulars/${id}/attachments/${row?.id}`));
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
    expect(got.headers['cache-control']).toBe('private, no-store');
    expect(got.headers['content-disposition']).toBe(
      `attachment; filename="_______ 1.pdf"; filename*=UTF-8''${encodeURIComponent('परिपत्र 1.pdf')}`,
    );
    expect(got.body.startsWith('%PDF-1.4')).toBe(true);
  });

  it('accepts PNG, JPEG and UTF-8 text; plain text is served as text, never HTML', async () => {
    expect((await upload(hq, side.origin, id, [{ name: 'seal.png', data: PNG }])).status).toBe(303);
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]);
    expect((await upload(hq, side.origin, id, [{ name: 'photo.JPG', data: jpeg }])).status).toBe(303);
    const list = Buffer.from('क्रम,नाम\n1,<b>लखनऊ</b>\n');
    expect((await upload(hq, side.origin, id, [{ name: 'list.csv', data: list }])).status).toBe(303);
    const csv = (await rows()).find((r) => r.file_name === 'list.csv');
    const got = await hq.fetch(url(`/console/circulars/${id}/attachments/${csv?.id}`));
    expect(got.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(got.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
  });

  it('caps a circular at ten attachments (422)', async () => {
    let n = (await rows()).length;
    while (n < 10) {
      expect((await upload(hq, side.origin, id, [{ name: `p${n}.png`, data: PNG }])).status).toBe(303);
      n++;
    }
    const reply = await upload(hq, side.origin, id, [{ name: 'eleven.png', data: PNG }]);
    expect(reply.status).toBe(422);
    expect(reply.body).toContain('at most 10 attachments');
    expect(await rows()).toHaveLength(10);
  });

  it('removes an attachment from a draft, and stops changes once issued', async () => {
    const edit = await hq.fetch(url(`/console/circulars/${id}/edit`));
    const csrf = csrfFrom(edit.body);
    const [first] = await rows();
    const removed = await hq.fetch(url(`/console/circulars/${id}/attachments/${first?.id}/delete`), {
      form: { _csrf: csrf },
    });
    expect(removed.status).toBe(303);
    expect(await rows()).toHaveLength(9);
    expect((await issue(hq, side.origin, id)).status).toBe(303);
    const late = await upload(hq, side.origin, id, [{ name: 'late.png', data: PNG }], csrf);
    expect(late.status).toBe(409);
    expect(await rows()).toHaveLength(9);
  });

  it('serves attachments only to staff who may read the circular', async () => {
    const [row] = await rows();
    const agraDraft = await createDraft(hq, side.origin, circularForm({ aud0Role: '', aud0Zone: 'agra' }));
    expect((await upload(hq, side.origin, agraDraft, [{ name: 'a.png', data: PNG }])).status).toBe(303);
    const [agraRow] = await db()
      .selectFrom('circular_attachments')
      .selectAll()
      .where('circular_id', '=', agraDraft)
      .execute();
    const zonal = await signInStaff(t, 'zonal.lucknow');
    // Lucknow's zonal head: the issued circular reached Lucknow's officers; the Agra draft reached no one.
    expect((await zonal.fetch(url(`/console/circulars/${id}/attachments/${row?.id}`))).status).toBe(200);
    expect(
      (await zonal.fetch(url(`/console/circulars/${agraDraft}/attachments/${agraRow?.id}`))).status,
    ).toBe(404);
    // An attachment ID of another circular is not served under this one.
    expect((await hq.fetch(url(`/console/circulars/${id}/attachments/${agraRow?.id}`))).status).toBe(404);
    const si = await signInStaff(t, 'si.lucknow');
    expect((await si.fetch(url(`/console/circulars/${id}/attachments/${row?.id}`))).status).toBe(403);
  });
});
