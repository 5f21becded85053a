import { existsSync, rmSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDueReminders, startCircularReminders } from '../src/circulars/index.ts';
import type { TestApp } from './create-test-app.ts';
import {
  addPerson,
  auditOf,
  circularForm,
  createCircularTestApp,
  createDraft,
  issue,
  signInStaff,
  startCircularConsole,
} from './circulars-support.ts';
import { csrfFrom, type Browser } from './http-client.ts';
import { TEST_CHROMIUM, TEST_DIALECTS } from './test-env.ts';

const AGRA_PASSWORD = 'Zonal@Agra-2026';
const CHROMIUM = TEST_CHROMIUM ?? '/usr/bin/chromium';

describe.each(TEST_DIALECTS)('circular tally, attestation, reminders and print on %s', (dialect) => {
  let t: TestApp & { dataDir: string };
  let side: Awaited<ReturnType<typeof startCircularConsole>>;
  let hq: Browser;
  let zonal: Browser;
  let id: number;
  let number: string;
  const db = () => t.deps.store.db;
  const url = (path: string) => `${side.origin}${path}`;
  const accountId = async (userId: string) =>
    (await db().selectFrom('accounts').select('id').where('user_id', '=', userId).executeTakeFirstOrThrow())
      .id;

  async function attest(b: Browser, zone: string, note = '') {
    const page = await b.fetch(url(`/console/circulars/${id}`));
    return b.fetch(url(`/console/circulars/${id}/attest`), {
      form: { _csrf: csrfFrom(page.body), zone, note },
    });
  }

  beforeAll(async () => {
    t = await createCircularTestApp(dialect);
    side = await startCircularConsole(t);
    await addPerson(t, { userId: 'off.kanpur', district: 'kanpur-nagar' });
    await addPerson(t, { userId: 'zonal.kanpur', role: 'zonal_head', zone: 'kanpur' });
    await addPerson(t, { userId: 'zonal.agra', role: 'zonal_head', zone: 'agra', password: AGRA_PASSWORD });
    hq = await signInStaff(t, 'hq.admin');
    zonal = await signInStaff(t, 'zonal.lucknow');
    const form = circularForm({
      aud1Kind: 'recipient',
      aud1Zone: 'kanpur',
      aud2Kind: 'copy',
      aud2Role: 'hq_admin',
      ackDeadline: '01-01-2021',
    });
    number = form.number;
    id = await createDraft(hq, side.origin, form);
    expect((await issue(hq, side.origin, id)).status).toBe(303);
    // officer1 read and acknowledged (the reading pages are the recipients' side; here, the rows).
    await db()
      .updateTable('circular_recipients')
      .set({ read_at: t.clock.now(), acknowledged_at: t.clock.now(), ack_ip: '10.1.2.3' })
      .where('circular_id', '=', id)
      .where('account_id', '=', await accountId('officer1'))
      .execute();
  }, 60_000);

  afterAll(async () => {
    await side?.close();
    await t?.close();
    if (t) rmSync(t.dataDir, { recursive: true, force: true });
  });

  it('lists the circular for a zonal head with counts over their zone only', async () => {
    const list = await zonal.fetch(url('/console/circulars'));
    expect(list.status).toBe(200);
    expect(list.body).toContain(number);
    expect(list.body).toContain('1 of 2');
    expect(list.body).not.toContain('New circular');
    const hqList = await hq.fetch(url('/console/circulars'));
    expect(hqList.body).toContain('1 of 4');
    expect(hqList.body).toContain('New circular');
    const agra = await signInStaff(t, 'zonal.agra', AGRA_PASSWORD);
    const empty = await agra.fetch(url('/console/circulars'));
    expect(empty.body).toContain('No circular has reached your zone yet');
    expect((await agra.fetch(url(`/console/circulars/${id}`))).status).toBe(404);
    const si = await signInStaff(t, 'si.lucknow');
    expect((await si.fetch(url('/console/circulars'))).status).toBe(403);
  });

  it('lets a zonal head attest for their own zone once: 403 for another zone, 409 twice', async () => {
    const other = await attest(zonal, 'kanpur');
    expect(other.status).toBe(403);
    const denied = await auditOf(t, 'console.access_denied');
    expect(denied.at(-1)).toMatchObject({
      actor: 'zonal.lucknow',
      detail: { permission: 'circular.attest' },
    });
    expect((await attest(zonal, 'lucknow', 'All informed at the meeting of 21-04-2020')).status).toBe(303);
    expect((await attest(zonal, 'lucknow')).status).toBe(409);
    const listed = await hq.fetch(url('/console/circulars'));
    expect(listed.body).toMatch(/<td>\s*Lucknow\s*<\/td>/);
    const attested = await auditOf(t, 'circular.attested');
    expect(attested).toHaveLength(1);
    expect(attested[0]).toMatchObject({ actor: 'zonal.lucknow', detail: { zone: 'lucknow' } });
    const jc = await signInStaff(t, 'jc.lucknow');
    expect((await attest(jc, 'lucknow')).status).toBe(403);
    const agra = await signInStaff(t, 'zonal.agra', AGRA_PASSWORD);
    const page = await agra.fetch(url('/console/circulars'));
    const notReached = await agra.fetch(url(`/console/circulars/${id}/attest`), {
      form: { _csrf: csrfFrom(page.body), zone: 'agra', note: '' },
    });
    expect(notReached.status).toBe(422);
  });

  it('shows HQ the per-zone tally, attestations and every recipient; a zonal head only their zone', async () => {
    const page = await hq.fetch(url(`/console/circulars/${id}`));
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/<caption>\s*By zone: recipients, read, acknowledged, attested\s*<\/caption>/);
    expect(page.body).toContain('Zonal Additional Commissioner, Lucknow');
    expect(page.body).toContain('10.1.2.3');
    expect(page.body).toContain('off.kanpur');
    expect(page.body).toContain('<strong>inform</strong>');
    const mine = await zonal.fetch(url(`/console/circulars/${id}`));
    expect(mine.body).toContain('officer1');
    expect(mine.body).not.toContain('off.kanpur');
    expect(mine.body).toContain('Only people in your zone are listed.');
  });

  it('exports the recipients as CSV within the reader’s scope, audited', async () => {
    const all = await hq.fetch(url(`/console/circulars/${id}/recipients.csv`));
    expect(all.status).toBe(200);
    expect(all.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows: string[][] = parse(all.body, { bom: true, relax_column_count: true });
    const users = rows.slice(2).map((r) => r[0]);
    expect(users.sort()).toEqual([
      'hq.admin',
      'hq.approver',
      'off.kanpur',
      'officer1',
      'officer2',
      'zonal.kanpur',
    ]);
    const ack = rows.find((r) => r[0] === 'officer1');
    expect(ack?.[8]).toBe('10.1.2.3');
    const zoneOnly = await zonal.fetch(url(`/console/circulars/${id}/recipients.csv`));
    const zoneRows: string[][] = parse(zoneOnly.body, { bom: true, relax_column_count: true });
    expect(
      zoneRows
        .slice(2)
        .map((r) => r[0])
        .sort(),
    ).toEqual(['officer1', 'officer2']);
    const exported = await auditOf(t, 'report.exported');
    expect(exported.at(-1)).toMatchObject({
      actor: 'zonal.lucknow',
      target: `circular-${id}`,
      detail: { rows: 2 },
    });
  });

  it('reminds each overdue recipient once, even with two workers at the same time', async () => {
    const [a, b] = await Promise.all([sendDueReminders(t.deps), sendDueReminders(t.deps)]);
    // officer2, off.kanpur, zonal.kanpur: officer1 acknowledged; copies are never reminded.
    expect(a + b).toBe(3);
    expect(await sendDueReminders(t.deps)).toBe(0);
    const mails = await db()
      .selectFrom('mail_outbox')
      .select(['account_id', 'subject'])
      .where('kind', '=', 'circular_reminder')
      .execute();
    expect(mails).toHaveLength(3);
    expect(new Set(mails.map((m) => m.account_id)).size).toBe(3);
    expect(mails.map((m) => m.account_id)).not.toContain(await accountId('officer1'));
    expect(mails[0]?.subject).toContain(`अनुस्मारक: परिपत्र ${number}`);
    const reminded = await auditOf(t, 'circular.reminded');
    expect(reminded.reduce((n, e) => n + Number(e.detail.reminded), 0)).toBe(3);
    const worker = startCircularReminders({ ...t.deps, pollMs: 10 });
    await new Promise((r) => setTimeout(r, 50));
    await worker.stop();
    expect(
      await db().selectFrom('mail_outbox').select('id').where('kind', '=', 'circular_reminder').execute(),
    ).toHaveLength(3);
  });

  it('does not remind before the deadline', async () => {
    const future = await createDraft(hq, side.origin, circularForm({ ackDeadline: '31-12-2099' }));
    await issue(hq, side.origin, future);
    expect(await sendDueReminders(t.deps)).toBe(0);
  });

  it('prints the circular with the endorsement block and the numbered copy list', async () => {
    const both = await hq.fetch(url(`/console/circulars/${id}/print`));
    expect(both.status).toBe(200);
    expect(both.body).toContain(`पृ०सं० ${number} तद्दिनांक`);
    expect(both.body).toContain('प्रतिलिपि निम्नलिखित को सूचनार्थ एवं आवश्यक कार्यवाही हेतु प्रेषित:');
    expect(both.body).toContain('Copy for information and necessary action to:');
    expect(both.body).toContain('<li>निजी सचिव, अपर मुख्य सचिव</li>');
    expect(both.body).toContain('<li>Additional Commissioner, Commercial Tax</li>');
    expect(both.body.indexOf('lang="hi"')).toBeLessThan(
      both.body.indexOf('<section class="letter" lang="en"'),
    );
    expect(both.body).toContain('href="/console/circulars/print.css"');
    const en = await hq.fetch(url(`/console/circulars/${id}/print?lang=en`));
    expect(en.body).not.toContain('तद्दिनांक');
    expect(en.body).toContain(`No. ${number} of even date`);
    const css = await hq.fetch(url('/console/circulars/print.css'));
    expect(css.body).toContain('size: A4');
  });

  // Skipped only without Chromium (npm test says so); CI sets TEST_CHROMIUM, so it runs on both databases.
  it.skipIf(!TEST_CHROMIUM || !existsSync(CHROMIUM))(
    'renders the printable circular to PDF',
    async () => {
      const pdf = await hq.fetch(url(`/console/circulars/${id}/print.pdf`));
      expect(pdf.status).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.body.startsWith('%PDF-')).toBe(true);
    },
    60_000,
  );

  it('answers 503 with a bilingual page pointing to the HTML when Chromium is missing', async () => {
    const noBrowser = await startCircularConsole(t, { chromiumPath: '/nonexistent/chromium' });
    try {
      const reply = await hq.fetch(`${noBrowser.origin}/console/circulars/${id}/print.pdf`);
      expect(reply.status).toBe(503);
      expect(reply.body).toContain('PDF not available');
      expect(reply.body).toContain('PDF उपलब्ध नहीं');
      expect(reply.body).toContain(`href="/console/circulars/${id}/print"`);
    } finally {
      await noBrowser.close();
    }
  });
});
