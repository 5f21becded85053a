import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishDocumentVersion } from '../src/documents/index.ts';
import { en, hi } from '../src/i18n/messages/circular-inbox.ts';
import { COOKIE } from '../src/web/index.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import {
  accountIdOf,
  addRecipient,
  auditCount,
  insertCircular,
  recipientRow,
} from './factories/circulars.ts';
import { Browser, csrfFrom, follow, signIn } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';

// Issue 10: circulars as their recipients meet them — the banner, reading (recorded and audited once),
// acknowledging (with the address; twice is harmless), copies, withdrawn circulars, gating documents.

const PASSWORDS = { officer1: 'Officer@Dwaar1', officer2: 'Officer@Dwaar2' } as const;
const BANNER = `aria-label="${en['circularInbox.bannerLabel']}"`;

describe.each(TEST_DIALECTS)('circulars for their recipients on %s', (dialect) => {
  let t: TestApp;
  let dataDir: string;
  let officer1: number;
  let officer2: number;
  const db = () => t.deps.store.db;
  const url = (path: string) => `${t.portalOrigin}${path}`;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'dwaar-inbox-'));
    t = await createTestApp({ dialect, env: { DWAAR_DATA: dataDir } });
    officer1 = await accountIdOf(db(), 'officer1');
    officer2 = await accountIdOf(db(), 'officer2');
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function signedIn(userId: keyof typeof PASSWORDS): Promise<Browser> {
    const browser = new Browser();
    const page = await follow(browser, await signIn(browser, t.portalOrigin, userId, PASSWORDS[userId]));
    expect(page.status).toBe(200);
    return browser;
  }

  /** A fresh issued circular addressed to officer1 (as recipient unless told). */
  async function circularFor(accountId: number, kind: 'recipient' | 'copy' = 'recipient', extra = {}) {
    const id = await insertCircular(db(), t.clock.now(), extra);
    await addRecipient(db(), id, accountId, kind);
    return id;
  }

  async function acknowledgeForm(browser: Browser, id: number) {
    const page = await browser.fetch(url(`/circulars/${id}`));
    return { _csrf: csrfFrom(page.body), understood: 'yes' };
  }

  async function readAll(browser: Browser, accountId: number) {
    // Earlier tests leave circulars unread: read them, so each test's banner is its own.
    const rows = await db()
      .selectFrom('circular_recipients')
      .select('circular_id')
      .where('account_id', '=', accountId)
      .where('read_at', 'is', null)
      .execute();
    for (const r of rows) await browser.fetch(url(`/circulars/${r.circular_id}`));
  }

  it('shows a recipient the banner, records the reading once, takes the acknowledgement once', async () => {
    const browser = await signedIn('officer1');
    await readAll(browser, officer1);
    const id = await circularFor(officer1);
    const number = (await recipientCircular(id)).number;

    // The banner on the webtop and on another page, naming the circular and linking to it.
    const webtop = await browser.fetch(url('/webtop'));
    expect(webtop.body).toContain(BANNER);
    expect(webtop.body).toContain(`New circular No. ${number}`);
    expect(webtop.body).toContain(`href="/circulars/${id}"`);
    expect(webtop.body).toContain(en['circularInbox.toAckHeading']);
    const sessions = await browser.fetch(url('/account/sessions'));
    expect(sessions.body).toContain(BANNER);

    // Reading it: the body rendered safely, in English with a link to the Hindi text; the copy list.
    const reading = await browser.fetch(url(`/circulars/${id}`));
    expect(reading.status).toBe(200);
    expect(reading.body).toContain('<strong>informed</strong>');
    expect(reading.body).not.toContain('<script>alert');
    expect(reading.body).toContain(`href="/circulars/${id}?text=hi"`);
    expect(reading.body).toContain('All Deputy Commissioners');
    expect(reading.body).not.toContain(BANNER);
    const hindi = await browser.fetch(url(`/circulars/${id}?text=hi`));
    expect(hindi.body).toContain('lang="hi"><p>प्रत्येक उपयोगकर्ता');
    const read = await recipientRow(db(), id, officer1);
    expect(read.read_at).toBe(t.clock.now());
    expect(await auditCount(db(), 'circular.read', id)).toBe(1);

    // The banner is gone everywhere; the webtop still asks for the acknowledgement.
    const after = await browser.fetch(url('/webtop'));
    expect(after.body).not.toContain(BANNER);
    expect(after.body).toContain(en['circularInbox.toAckHeading']);

    // Acknowledged, with the address; the second post changes nothing and says so.
    const form = await acknowledgeForm(browser, id);
    const first = await browser.fetch(url(`/circulars/${id}/acknowledge`), { form });
    expect(first.status).toBe(303);
    expect(first.location).toBe(url(`/circulars/${id}?done=acknowledged`));
    const done = await recipientRow(db(), id, officer1);
    expect(done.acknowledged_at).toBe(t.clock.now());
    expect(done.ack_ip).toBe('127.0.0.1');
    expect(done.read_at).toBe(read.read_at);
    t.clock.advance(60_000);
    const second = await browser.fetch(url(`/circulars/${id}/acknowledge`), { form });
    expect(second.location).toBe(url(`/circulars/${id}?done=already`));
    expect((await follow(browser, second)).body).toContain(en['circularInbox.doneAlready']);
    expect(await recipientRow(db(), id, officer1)).toEqual(done);
    expect(await auditCount(db(), 'circular.acknowledged', id)).toBe(1);
    expect(await auditCount(db(), 'circular.read', id)).toBe(1);
    expect((await browser.fetch(url('/webtop'))).body).not.toContain(en['circularInbox.toAckHeading']);
  });

  async function recipientCircular(id: number) {
    return db().selectFrom('circulars').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  it('answers 404 to another officer for the circular and its attachment, and leaves it off their list', async () => {
    const id = await circularFor(officer1);
    const bytes = Buffer.from('%PDF-1.4 circular');
    const sha = createHash('sha256').update(bytes).digest('hex');
    mkdirSync(join(dataDir, 'attachments'), { recursive: true });
    writeFileSync(join(dataDir, 'attachments', sha), bytes);
    const attachment = await db()
      .insertInto('circular_attachments')
      .values({
        circular_id: id,
        file_name: 'circular.pdf',
        content_type: 'application/pdf',
        size: bytes.length,
        sha256: sha,
        uploaded_by: 'hq.admin',
        uploaded_at: t.clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    const other = await signedIn('officer2');
    expect((await other.fetch(url(`/circulars/${id}`))).status).toBe(404);
    expect((await other.fetch(url(`/circulars/${id}/attachments/${attachment.id}`))).status).toBe(404);
    expect((await other.fetch(url('/circulars/999999'))).status).toBe(404);
    expect((await other.fetch(url('/circulars/not-a-number'))).status).toBe(404);
    const list = await other.fetch(url('/circulars'));
    expect(list.body).toContain(en['circularInbox.empty']);
    expect((await other.fetch(url('/webtop'))).body).not.toContain(BANNER);
    const form = { _csrf: csrfFrom((await other.fetch(url('/webtop'))).body), understood: 'yes' };
    expect((await other.fetch(url(`/circulars/${id}/acknowledge`), { form })).status).toBe(404);
    expect((await recipientRow(db(), id, officer1)).read_at).toBeNull();
    expect(await auditCount(db(), 'circular.read', id)).toBe(0);

    // The recipient gets the file, as a download.
    const mine = await signedIn('officer1');
    const file = await mine.fetch(url(`/circulars/${id}/attachments/${attachment.id}`));
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toContain('attachment');
    expect(file.body).toBe(bytes.toString());
    // Another circular's attachment id under this circular is not found either.
    expect((await mine.fetch(url(`/circulars/${id}/attachments/${attachment.id + 1000}`))).status).toBe(404);
  });

  it('lets a copy recipient read but not acknowledge', async () => {
    const browser = await signedIn('officer2');
    const id = await circularFor(officer2, 'copy');
    const page = await browser.fetch(url(`/circulars/${id}`));
    expect(page.status).toBe(200);
    expect(page.body).toContain(en['circularInbox.ackCopy']);
    expect(page.body).not.toContain('name="understood"');
    const before = await recipientRow(db(), id, officer2);
    expect(before.read_at).not.toBeNull();
    // The page has no form of its own: the webtop's token is the session's.
    const form = { _csrf: csrfFrom((await browser.fetch(url('/webtop'))).body), understood: 'yes' };
    const refused = await browser.fetch(url(`/circulars/${id}/acknowledge`), { form });
    expect(refused.status).toBe(409);
    expect(refused.body).toContain(en['circularInbox.errNoAck']);
    expect(await recipientRow(db(), id, officer2)).toEqual(before);
    expect(await auditCount(db(), 'circular.acknowledged', id)).toBe(0);
  });

  it('refuses an acknowledgement without its CSRF token or with the box unticked, recording nothing', async () => {
    const browser = await signedIn('officer2');
    const id = await circularFor(officer2);
    const { _csrf } = await acknowledgeForm(browser, id);
    const before = await recipientRow(db(), id, officer2);
    const forged = await browser.fetch(url(`/circulars/${id}/acknowledge`), { form: { understood: 'yes' } });
    expect(forged.status).toBe(403);
    const wrong = await browser.fetch(url(`/circulars/${id}/acknowledge`), {
      form: { _csrf: `${_csrf}x`, understood: 'yes' },
    });
    expect(wrong.status).toBe(403);
    const unticked = await browser.fetch(url(`/circulars/${id}/acknowledge`), { form: { _csrf } });
    expect(unticked.status).toBe(400);
    expect(unticked.body).toContain('id="error-summary"');
    expect(unticked.body).toContain('href="#understood"');
    expect(unticked.body).toContain('aria-invalid="true"');
    expect(await recipientRow(db(), id, officer2)).toEqual(before);
    expect(await auditCount(db(), 'circular.acknowledged', id)).toBe(0);
  });

  it('shows a withdrawn circular as withdrawn, without a banner or an acknowledgement; never a draft', async () => {
    const browser = await signedIn('officer2');
    await readAll(browser, officer2);
    const withdrawn = await circularFor(officer2, 'recipient', { status: 'withdrawn' });
    const draft = await circularFor(officer2, 'recipient', { status: 'draft', issued_at: null });
    expect((await browser.fetch(url('/webtop'))).body).not.toContain(BANNER);
    const list = await browser.fetch(url('/circulars'));
    expect(list.body).toContain(en['circularInbox.stateWithdrawn']);
    expect(list.body).not.toContain(`/circulars/${draft}"`);
    const page = await browser.fetch(url(`/circulars/${withdrawn}`));
    expect(page.body).toContain(en['circularInbox.withdrawnNote']);
    expect(page.body).not.toContain('name="understood"');
    const form = { _csrf: csrfFrom((await browser.fetch(url('/webtop'))).body), understood: 'yes' };
    expect((await browser.fetch(url(`/circulars/${withdrawn}/acknowledge`), { form })).status).toBe(409);
    expect((await browser.fetch(url(`/circulars/${draft}`))).status).toBe(404);
  });

  it('shows three circulars in the banner and counts the rest', async () => {
    const browser = await signedIn('officer2');
    await readAll(browser, officer2);
    for (let i = 0; i < 5; i++) await circularFor(officer2);
    const page = await browser.fetch(url('/account/sessions'));
    expect(page.body.match(/New circular No\./g)).toHaveLength(3);
    expect(page.body).toContain('and 2 more');
    await readAll(browser, officer2);
  });

  it('speaks Hindi to a Hindi reader: the banner, the subject and the reading page', async () => {
    const browser = await signedIn('officer2');
    await readAll(browser, officer2);
    browser.setCookie('localhost', COOKIE.lang, 'hi');
    const id = await circularFor(officer2);
    const { number, subject_hi } = await recipientCircular(id);
    const page = await browser.fetch(url('/webtop'));
    expect(page.body).toContain(`aria-label="${hi['circularInbox.bannerLabel']}"`);
    expect(page.body).toContain(`नया परिपत्र संख्या ${number}: ${subject_hi}`);
    const reading = await browser.fetch(url(`/circulars/${id}`));
    expect(reading.body).toContain(hi['circularInbox.ackLabel']);
    expect(reading.body).toContain(`href="/circulars/${id}?text=en"`);
    expect(reading.body).toContain('<li>समस्त डिप्टी कमिश्नर</li>');
  });

  it('records a gating circular’s document acknowledgement, which the live session then sees', async () => {
    const browser = await signedIn('officer1');
    const kind = `circular-gate-${dialect}`;
    const id = await circularFor(officer1, 'recipient', { gates_access: 1, document_kind: kind });
    const doc = await db()
      .transaction()
      .execute((trx) =>
        publishDocumentVersion(trx, {
          kind,
          title_en: 'Gate',
          title_hi: 'द्वार',
          body_en: 'Read it.',
          body_hi: 'पढ़ें।',
          publishedBy: 'hq.admin',
          publishedAt: t.clock.now(),
        }),
      );
    const token = browser.cookie('localhost', COOKIE.session);
    const live = await t.deps.sessions.authenticate(token);
    expect(live.ok && live.session.person.acknowledged.get(kind)).toBeFalsy();
    const form = await acknowledgeForm(browser, id);
    expect((await browser.fetch(url(`/circulars/${id}/acknowledge`), { form })).status).toBe(303);
    const acks = await db()
      .selectFrom('acknowledgements')
      .selectAll()
      .where('document_id', '=', doc.id)
      .execute();
    expect(acks).toHaveLength(1);
    expect(acks[0]).toMatchObject({ account_id: officer1, channel: 'circular', ip: '127.0.0.1' });
    const refreshed = await t.deps.sessions.authenticate(token);
    expect(refreshed.ok && refreshed.session.person.acknowledged.get(kind)).toBe(1);
  });

  it('shows signed-out visitors no banner and sends them to sign in', async () => {
    const visitor = new Browser();
    const home = await visitor.fetch(url('/'));
    expect(home.status).toBeLessThan(400);
    expect(home.body).not.toContain(BANNER);
    const list = await visitor.fetch(url('/circulars'));
    expect(list.status).toBe(303);
    expect((await visitor.fetch(url('/circulars/1'))).status).toBe(303);
    const post = await visitor.fetch(url('/circulars/1/acknowledge'), { form: { understood: 'yes' } });
    expect(post.status).toBe(401);
  });
});
