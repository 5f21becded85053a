import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from './create-test-app.ts';
import {
  addPerson,
  auditOf,
  circularForm,
  createCircularTestApp,
  createDraft,
  issue,
  postNew,
  signInStaff,
  startCircularConsole,
} from './circulars-support.ts';
import { csrfFrom, type Browser } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';

describe.each(TEST_DIALECTS)('circulars: drafting and issuing on %s', (dialect) => {
  let t: TestApp & { dataDir: string };
  let side: Awaited<ReturnType<typeof startCircularConsole>>;
  let hq: Browser;
  const db = () => t.deps.store.db;
  const url = (path: string) => `${side.origin}${path}`;

  async function circularCount() {
    const r = await db()
      .selectFrom('circulars')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  beforeAll(async () => {
    t = await createCircularTestApp(dialect);
    side = await startCircularConsole(t);
    hq = await signInStaff(t, 'hq.admin');
    // Two zones addressed (Lucknow's officers, everyone in Kanpur), a third zone that is not.
    await addPerson(t, { userId: 'off.kanpur', district: 'kanpur-nagar' });
    await addPerson(t, {
      userId: 'off.kanpur.pending',
      district: 'kanpur-nagar',
      status: 'pending_activation',
    });
    await addPerson(t, { userId: 'off.kanpur.revoked', district: 'kanpur-nagar', status: 'revoked' });
    await addPerson(t, { userId: 'zonal.kanpur', role: 'zonal_head', zone: 'kanpur' });
    await addPerson(t, { userId: 'off.agra', district: 'agra' });
    await addPerson(t, { userId: 'zonal.agra', role: 'zonal_head', zone: 'agra' });
  }, 60_000);

  afterAll(async () => {
    await side?.close();
    await t?.close();
    if (t) rmSync(t.dataDir, { recursive: true, force: true });
  });

  it('issues to exactly the people its audiences name, one bilingual mail each, in one step', async () => {
    const form = circularForm({
      aud1Kind: 'recipient',
      aud1Zone: 'kanpur',
      aud2Kind: 'copy',
      aud2Role: 'hq_admin',
    });
    const id = await createDraft(hq, side.origin, form);
    const confirm = await hq.fetch(url(`/console/circulars/${id}/issue`));
    expect(confirm.status).toBe(200);
    expect(confirm.body).toContain('It would reach 5 recipients and 2 copies');
    const done = await issue(hq, side.origin, id);
    expect(done.status).toBe(303);

    const rows = await db()
      .selectFrom('circular_recipients as r')
      .innerJoin('accounts as a', 'a.id', 'r.account_id')
      .select(['a.user_id', 'r.kind', 'r.zone_id', 'r.mailed_at'])
      .where('r.circular_id', '=', id)
      .orderBy('a.user_id')
      .execute();
    expect(rows.map((r) => [r.user_id, r.kind, r.zone_id])).toEqual([
      ['hq.admin', 'copy', null],
      ['hq.approver', 'copy', null],
      ['off.kanpur', 'recipient', 'kanpur'],
      ['off.kanpur.pending', 'recipient', 'kanpur'],
      ['officer1', 'recipient', 'lucknow'],
      ['officer2', 'recipient', 'lucknow'],
      ['zonal.kanpur', 'recipient', 'kanpur'],
    ]);
    // Not: the revoked officer, Agra's officer and zonal head (a third zone), Lucknow's staff (role filter).

    const mails = await db()
      .selectFrom('mail_outbox')
      .select(['to_address', 'subject', 'body_sealed', 'account_id'])
      .where('kind', '=', 'circular')
      .execute();
    expect(mails).toHaveLength(7);
    expect(new Set(mails.map((m) => m.account_id)).size).toBe(7);
    expect(rows.every((r) => r.mailed_at !== null)).toBe(true);
    for (const m of mails) {
      expect(m.subject).toContain(`परिपत्र ${form.number}`);
      expect(m.subject).toContain(`Circular ${form.number}`);
      const body = JSON.parse(t.deps.keyring.open('mail-encryption', m.body_sealed ?? '')) as {
        text: string;
      };
      expect(body.text).toContain('VPN सुविधा एवं गोपनीयता');
      expect(body.text).toContain('VPN access and confidentiality');
    }
    const officerMail = mails.find((m) => m.to_address.startsWith('off.kanpur@'));
    const officerBody = t.deps.keyring.open('mail-encryption', officerMail?.body_sealed ?? '');
    expect(officerBody).toContain(`/circulars/${id}`);
    const staffMail = mails.find((m) => m.to_address.startsWith('zonal.kanpur@'));
    expect(t.deps.keyring.open('mail-encryption', staffMail?.body_sealed ?? '')).toContain(
      `/console/my-circulars/${id}`,
    );

    const issued = await auditOf(t, 'circular.issued');
    expect(issued.at(-1)?.detail).toMatchObject({ recipients: 5, copies: 2, mailed: 7 });
    const page = await hq.fetch(url(`/console/circulars/${id}?issued=1`));
    expect(page.body).toContain('issued to 5 recipients and 2 copies');
    // A second issue of the same circular is refused and mails nobody again.
    expect((await hq.fetch(url(`/console/circulars/${id}/issue`))).status).toBe(409);
  });

  it('refuses a circular with no recipient row, saving nothing', async () => {
    const before = await circularCount();
    const reply = await postNew(
      hq,
      side.origin,
      circularForm({ aud0Kind: 'copy', aud0Role: 'hq_admin', aud0Zone: '' }),
    );
    expect(reply.status).toBe(400);
    expect(reply.body).toContain('Add at least one row of recipients');
    expect(reply.body).toContain('href="#aud0Kind"');
    expect(await circularCount()).toBe(before);
  });

  it.each([
    ['a script tag', '<script>alert(1)</script>', '&lt;script&gt;'],
    ['a javascript: link', '[click](javascript:alert(1))', 'javascript:'],
    ['an inline event handler', 'text <img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
  ])('refuses a body with %s (400, listed, not saved)', async (_what, body, listed) => {
    const before = await circularCount();
    const reply = await postNew(hq, side.origin, circularForm({ bodyEn: body }));
    expect(reply.status).toBe(400);
    expect(reply.body).toContain('The text holds HTML or a link that is not allowed');
    expect(reply.body).toContain(listed);
    expect(reply.body).not.toContain('<script>alert(1)</script>');
    expect(await circularCount()).toBe(before);
    const refused = await auditOf(t, 'circular.refused');
    expect(refused.at(-1)?.detail).toMatchObject({ step: 'draft', fields: 'bodyEn' });
  });

  it('refuses a duplicate number with 409 and a clear message', async () => {
    const form = circularForm();
    await createDraft(hq, side.origin, form);
    const before = await circularCount();
    const reply = await postNew(hq, side.origin, circularForm({ number: form.number }));
    expect(reply.status).toBe(409);
    expect(reply.body).toContain(`Another circular already has the number ${form.number}`);
    expect(await circularCount()).toBe(before);
  });

  it('refuses a district outside the zone named with it', async () => {
    const reply = await postNew(hq, side.origin, circularForm({ aud0Zone: 'agra', aud0District: 'lucknow' }));
    expect(reply.status).toBe(400);
    expect(reply.body).toContain('Row 1: that district is not in that zone');
  });

  it('refuses unreadable dates and unknown zones, every problem at once', async () => {
    const reply = await postNew(
      hq,
      side.origin,
      circularForm({ issuedOn: '2020/31/31', number: '', aud1Kind: 'recipient', aud1Zone: 'atlantis' }),
    );
    expect(reply.status).toBe(400);
    expect(reply.body).toContain('href="#issuedOn"');
    expect(reply.body).toContain('href="#number"');
    expect(reply.body).toContain('href="#aud1Zone"');
  });

  it('refuses to issue when the audiences reach nobody (422), changing nothing', async () => {
    const id = await createDraft(
      hq,
      side.origin,
      circularForm({ aud0Role: 'system_integrator', aud0Zone: 'agra' }),
    );
    const outboxBefore = await db().selectFrom('mail_outbox').select('id').execute();
    const reply = await issue(hq, side.origin, id);
    expect(reply.status).toBe(422);
    expect(reply.body).toContain('The recipients reach nobody');
    const c = await db()
      .selectFrom('circulars')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(c.status).toBe('draft');
    expect(
      await db()
        .selectFrom('circular_recipients')
        .select('account_id')
        .where('circular_id', '=', id)
        .execute(),
    ).toEqual([]);
    expect(await db().selectFrom('mail_outbox').select('id').execute()).toHaveLength(outboxBefore.length);
    expect((await auditOf(t, 'circular.refused')).at(-1)?.detail).toMatchObject({
      step: 'issue',
      reason: 'resolved_to_nobody',
    });
  });

  it('shows a server-side preview with whom it would reach, without saving', async () => {
    const before = await circularCount();
    const reply = await postNew(hq, side.origin, circularForm({ action: 'preview' }));
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('It would reach 2 recipients and 0 copies');
    expect(reply.body).toContain('<strong>inform</strong>');
    expect(await circularCount()).toBe(before);
  });

  it('lets nobody but HQ draft or issue (403, audited)', async () => {
    const id = await createDraft(hq, side.origin, circularForm());
    const zonal = await signInStaff(t, 'zonal.lucknow');
    expect((await zonal.fetch(url('/console/circulars/new'))).status).toBe(403);
    const list = await zonal.fetch(url('/console/circulars'));
    expect(list.status).toBe(200);
    const reply = await zonal.fetch(url(`/console/circulars/${id}/issue`), {
      form: { _csrf: csrfFrom(list.body) },
    });
    expect(reply.status).toBe(403);
    const denied = await auditOf(t, 'console.access_denied');
    expect(denied.at(-1)).toMatchObject({ actor: 'zonal.lucknow', detail: { permission: 'circular.issue' } });
    const c = await db()
      .selectFrom('circulars')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(c.status).toBe('draft');
  });

  it('publishes a gating circular as document circular-<id> version 1 and tells the policy', async () => {
    const id = await createDraft(hq, side.origin, circularForm({ gatesAccess: 'on' }));
    expect((await issue(hq, side.origin, id)).status).toBe(303);
    const doc = await db()
      .selectFrom('documents')
      .selectAll()
      .where('kind', '=', `circular-${id}`)
      .executeTakeFirstOrThrow();
    expect(doc.version).toBe(1);
    expect(doc.content_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(t.deps.policy.documents().get(`circular-${id}`)).toBe(1);
    const c = await db()
      .selectFrom('circulars')
      .select('document_kind')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(c.document_kind).toBe(`circular-${id}`);
  });

  it('withdraws an issued circular only with a reason, audited', async () => {
    const id = await createDraft(hq, side.origin, circularForm());
    await issue(hq, side.origin, id);
    const page = await hq.fetch(url(`/console/circulars/${id}`));
    const csrf = csrfFrom(page.body);
    expect(
      (await hq.fetch(url(`/console/circulars/${id}/withdraw`), { form: { _csrf: csrf, reason: '' } }))
        .status,
    ).toBe(400);
    const ok = await hq.fetch(url(`/console/circulars/${id}/withdraw`), {
      form: { _csrf: csrf, reason: 'Superseded' },
    });
    expect(ok.status).toBe(303);
    const c = await db()
      .selectFrom('circulars')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(c.status).toBe('withdrawn');
    expect((await auditOf(t, 'circular.withdrawn')).at(-1)?.detail).toMatchObject({ reason: 'Superseded' });
  });

  it('edits a draft, and refuses to edit one already issued', async () => {
    const form = circularForm();
    const id = await createDraft(hq, side.origin, form);
    const edit = await hq.fetch(url(`/console/circulars/${id}/edit?saved=1`));
    expect(edit.body).toContain('Draft saved');
    const saved = await hq.fetch(url(`/console/circulars/${id}/edit`), {
      form: { _csrf: csrfFrom(edit.body), ...form, subjectEn: 'Changed subject' },
    });
    expect(saved.status).toBe(303);
    const row = await db()
      .selectFrom('circulars')
      .select('subject_en')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.subject_en).toBe('Changed subject');
    await issue(hq, side.origin, id);
    expect((await hq.fetch(url(`/console/circulars/${id}/edit`))).status).toBe(409);
  });
});
