import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayText, indiaDay, indiaTime } from '../src/i18n/index.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { proposalWithOfficers } from './factories/proposals.ts';
import { consoleSignIn } from './factories/staff.ts';
import { type Browser, csrfFrom, type Reply } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';

/** Posts a form with repeated fields (ticked rows), which `Browser.fetch` cannot express, with its cookies. */
async function postFields(b: Browser, url: string, fields: [string, string][]): Promise<Reply> {
  const u = new URL(url);
  const cookies = [...(b.jar.get(u.hostname) ?? new Map<string, string>())]
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
  const res = await request(`http://127.0.0.1:${u.port}${u.pathname}`, {
    method: 'POST',
    headers: {
      host: u.host,
      accept: 'text/html',
      cookie: cookies,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.statusCode, headers: res.headers, body: await res.body.text(), location: undefined };
}

/** The page's text without tags, spaces folded, for reading messages. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');

/**
 * Issue 8 item 12: HQ review as one table form (`POST /console/review/:id/decide`): the rows' decisions or the
 * ticked rows together, checked by the server whatever the page's script showed, confirmed, then recorded
 * all together or not at all.
 */
describe.each(TEST_DIALECTS)('HQ review table on %s', (dialect) => {
  let t: TestApp;
  let hq: Browser;
  const url = (path: string) => `${t.portalOrigin}${path}`;

  beforeAll(async () => {
    t = await createTestApp({ dialect });
    hq = await consoleSignIn(t, 'hq.approver');
  });
  afterAll(async () => {
    await t.close();
  });

  /** A submitted Lucknow proposal: officers in Lucknow and Unnao (closed offices) and Hardoi (open). */
  async function proposal() {
    const p = await proposalWithOfficers(t.deps, {
      creator: 'zonal.lucknow',
      zoneId: 'lucknow',
      districts: ['lucknow', 'unnao', 'hardoi'],
    });
    // In the order of `districts` (the page lists them by name).
    const [lucknow, unnao, hardoi] = p.officers.map((o) => p.items.find((i) => i.itemId === o.itemId));
    if (!lucknow || !unnao || !hardoi) throw new Error('officers missing');
    const page = await hq.fetch(url(`/console/review/${p.proposalId}`));
    expect(page.status).toBe(200);
    const decide = (fields: [string, string][]) =>
      postFields(hq, url(`/console/review/${p.proposalId}/decide`), [
        ['_csrf', csrfFrom(page.body)],
        ...fields,
      ]);
    return { id: p.proposalId, lucknow, unnao, hardoi, page, decide };
  }
  const decisions = async (proposalId: number) =>
    (
      await t.deps.store.db
        .selectFrom('proposal_items')
        .select(['id', 'decision', 'reason', 'open_office_exception'])
        .where('proposal_id', '=', proposalId)
        .orderBy('id')
        .execute()
    ).map((r) => r.decision);
  const accountOf = (officerId: number) =>
    t.deps.store.db
      .selectFrom('accounts')
      .select(['status', 'valid_until'])
      .where('officer_id', '=', officerId)
      .executeTakeFirst();

  it('shows a table: row headers, office badges in words, radios inside labels, a dd-mm-yyyy text box', async () => {
    const p = await proposal();
    const body = p.page.body;
    expect(body).toContain(`<th scope="row" lang="en">${p.lucknow.nameEn}</th>`);
    expect(body).toMatch(
      /class="review-badge review-badge-warn"\s*><span aria-hidden="true">⚠ <\/span>Office open/,
    );
    expect(body).toContain('Office closed');
    expect(body).not.toContain('class="office-open"');
    // Every radio is inside its label; no browser date picker that would show another format.
    const radios = body.match(/<input\s+type="radio"/g) ?? [];
    const inLabels = body.match(/<label class="review-choice"[^>]*>\s*<input\s+type="radio"/g) ?? [];
    expect(radios.length).toBe(9);
    expect(inLabels.length).toBe(9);
    expect(body).not.toContain('type="date"');
    expect(body).not.toContain('YYYY-MM-DD');
    const example = dayText(addDays(indiaDay(t.clock.now()), 90));
    expect(textOf(body)).toContain(`Type the date as dd-mm-yyyy, for example ${example}.`);
    // Only the open office's row has the exception's fields.
    expect(body).toContain(`id="validUntil-${p.hardoi.itemId}"`);
    expect(body).not.toContain(`id="validUntil-${p.lucknow.itemId}"`);
    // The script and stylesheet are static files (no inline script).
    expect(body).toContain('<script src="/static/review.js" defer></script>');
    expect(body).toContain('<link rel="stylesheet" href="/static/review.css" />');
    expect(body).not.toMatch(/<script>/);
    expect((await hq.fetch(url('/static/review.js'))).status).toBe(200);
    expect((await hq.fetch(url('/static/review.css'))).status).toBe(200);

    // In Hindi, the Hindi names.
    hq.setCookie('localhost', 'dwaar_lang', 'hi');
    const hindi = await hq.fetch(url(`/console/review/${p.id}`));
    hq.setCookie('localhost', 'dwaar_lang', 'en');
    expect(hindi.body).toContain(`<th scope="row" lang="hi">${p.lucknow.nameHi}</th>`);
    expect(hindi.body).not.toContain(`>${p.lucknow.nameEn}<`);
  });

  it('confirms first, then records the rows’ decisions together: approval, rejection, exception until a date', async () => {
    const p = await proposal();
    const day = addDays(indiaDay(t.clock.now()), 30);
    const fields: [string, string][] = [
      [`decision-${p.lucknow.itemId}`, 'approve'],
      [`decision-${p.unnao.itemId}`, 'reject'],
      [`reason-${p.unnao.itemId}`, 'Transferred to HQ'],
      [`decision-${p.hardoi.itemId}`, 'exception'],
      [`exceptionReason-${p.hardoi.itemId}`, 'Court case work'],
      [`validUntil-${p.hardoi.itemId}`, `${String(day.day)}/${String(day.month)}/${String(day.year)}`],
    ];
    const confirm = await p.decide([['do', 'rows'], ...fields]);
    expect(confirm.status).toBe(200);
    const text = textOf(confirm.body);
    expect(text).toContain(`Record 3 decision(s) on proposal #${p.id}?`);
    expect(text).toContain('Reason: Transferred to HQ');
    expect(text).toContain(`Exception, the district office is open: Court case work`);
    expect(text).toContain(`Access valid until ${dayText(day)}.`);
    expect(await decisions(p.id)).toEqual(['pending', 'pending', 'pending']);

    // The confirm step posts the checked decisions back, the date as dd-mm-yyyy.
    expect(confirm.body).toContain(`name="validUntil-${p.hardoi.itemId}" value="${dayText(day)}"`);
    const confirmForm = confirm.body.slice(confirm.body.indexOf(`action="/console/review/${p.id}/decide"`));
    const echoed = [...confirmForm.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)" \/>/g)].map(
      (m): [string, string] => [m[1] ?? '', m[2] ?? ''],
    );
    const done = await postFields(hq, url(`/console/review/${p.id}/decide`), [...echoed, ['do', 'rows']]);
    expect(done.status).toBe(200);
    const notice = textOf(done.body);
    expect(notice).toContain(`Approved ${p.lucknow.nameEn}. Account`);
    expect(notice).toContain(`Rejected ${p.unnao.nameEn}. The proposer will see the reason.`);
    expect(notice).toContain(`Approved ${p.hardoi.nameEn}. Account`);
    expect(notice).toContain('Every officer is now decided');
    expect(await decisions(p.id)).toEqual(['approved', 'rejected', 'approved']);
    expect(await accountOf(p.hardoi.officerId)).toEqual({
      status: 'pending_activation',
      valid_until: indiaTime(addDays(day, 1)),
    });
    expect((await accountOf(p.lucknow.officerId))?.valid_until).toBeNull();
    const rows = await t.deps.store.db
      .selectFrom('proposal_items')
      .select(['reason', 'open_office_exception'])
      .where('proposal_id', '=', p.id)
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { reason: null, open_office_exception: null },
      { reason: 'Transferred to HQ', open_office_exception: null },
      { reason: null, open_office_exception: 'Court case work' },
    ]);
  });

  it('approves the ticked rows together, but an open office’s officer only with an exception', async () => {
    const p = await proposal();
    const refused = await p.decide([
      ['do', 'approve_selected'],
      ['select', String(p.lucknow.itemId)],
      ['select', String(p.hardoi.itemId)],
    ]);
    expect(refused.status).toBe(400);
    expect(refused.body).toContain(`id="decision-${p.hardoi.itemId}-error"`);
    expect(textOf(refused.body)).toContain(
      `${p.hardoi.nameEn} works in a district whose office is open. To approve, choose “Approve as an exception” in their row`,
    );
    // The ticks are kept for the next try.
    expect(refused.body).toMatch(new RegExp(`value="${p.hardoi.itemId}"\\s+checked`));
    expect(await decisions(p.id)).toEqual(['pending', 'pending', 'pending']);

    const confirm = await p.decide([
      ['do', 'approve_selected'],
      ['select', String(p.lucknow.itemId)],
      ['select', String(p.unnao.itemId)],
    ]);
    expect(confirm.status).toBe(200);
    expect(textOf(confirm.body)).toContain(`Record 2 decision(s) on proposal #${p.id}?`);
    const done = await p.decide([
      ['do', 'rows'],
      ['confirm', 'yes'],
      [`decision-${p.lucknow.itemId}`, 'approve'],
      [`decision-${p.unnao.itemId}`, 'approve'],
    ]);
    expect(done.status).toBe(200);
    expect(await decisions(p.id)).toEqual(['approved', 'approved', 'pending']);
  });

  it('rejects the ticked rows with one reason, which is required', async () => {
    const p = await proposal();
    const noReason = await p.decide([
      ['do', 'reject_selected'],
      ['select', String(p.lucknow.itemId)],
      ['select', String(p.hardoi.itemId)],
      ['bulkReason', '  '],
    ]);
    expect(noReason.status).toBe(400);
    expect(noReason.body).toContain('id="bulkReason-error"');
    expect(noReason.body).toContain('href="#bulkReason"');
    const confirm = await p.decide([
      ['do', 'reject_selected'],
      ['select', String(p.lucknow.itemId)],
      ['select', String(p.hardoi.itemId)],
      ['bulkReason', 'Offices reopen on Monday'],
    ]);
    expect(confirm.status).toBe(200);
    expect(textOf(confirm.body).split('Reason: Offices reopen on Monday')).toHaveLength(3);
    expect(await decisions(p.id)).toEqual(['pending', 'pending', 'pending']);
  });

  it('refuses a wrong date beside its field and changes nothing, even on a forged confirm', async () => {
    const p = await proposal();
    const h = p.hardoi.itemId;
    for (const [date, message] of [
      ['31-02-2027', 'Enter the end date as dd-mm-yyyy, for example'],
      ['2027-13-01', 'Enter the end date as dd-mm-yyyy, for example'],
      [dayText(addDays(indiaDay(t.clock.now()), -1)), 'The end date must be today or later.'],
    ] as const) {
      const reply = await p.decide([
        ['do', 'rows'],
        ['confirm', 'yes'],
        [`decision-${h}`, 'exception'],
        [`exceptionReason-${h}`, 'Court case work'],
        [`validUntil-${h}`, date],
      ]);
      expect(reply.status, date).toBe(400);
      // The message sits right above the box, which names it, and the typed date is kept.
      expect(reply.body).toMatch(
        new RegExp(
          `id="validUntil-${h}-error">[\\s\\S]*?</p>\\s*<input\\s+type="text"\\s+id="validUntil-${h}"`,
        ),
      );
      expect(reply.body).toMatch(new RegExp(`aria-describedby="validUntil-${h}-hint validUntil-${h}-error"`));
      expect(reply.body).toContain(`value="${date}"`);
      expect(textOf(reply.body)).toContain(message);
    }
    // A rejection without its reason, posted as if confirmed: the server checks again.
    const forged = await p.decide([
      ['do', 'rows'],
      ['confirm', 'yes'],
      [`decision-${p.lucknow.itemId}`, 'approve'],
      [`decision-${p.unnao.itemId}`, 'reject'],
    ]);
    expect(forged.status).toBe(400);
    expect(forged.body).toContain(`href="#reason-${p.unnao.itemId}"`);
    expect(await decisions(p.id)).toEqual(['pending', 'pending', 'pending']);
    expect(await accountOf(p.lucknow.officerId)).toBeUndefined();
  });

  it('records all or nothing: a contradiction refuses the whole table; a repeat says “already”', async () => {
    const p = await proposal();
    const first = await p.decide([
      ['confirm', 'yes'],
      [`decision-${p.lucknow.itemId}`, 'approve'],
    ]);
    expect(first.status).toBe(200);
    const conflict = await p.decide([
      ['confirm', 'yes'],
      [`decision-${p.lucknow.itemId}`, 'reject'],
      [`reason-${p.lucknow.itemId}`, 'Changed my mind'],
      [`decision-${p.unnao.itemId}`, 'approve'],
    ]);
    expect(conflict.status).toBe(409);
    expect(textOf(conflict.body)).toContain('A different decision cannot be recorded');
    expect(await decisions(p.id)).toEqual(['approved', 'pending', 'pending']);
    const again = await p.decide([
      ['confirm', 'yes'],
      [`decision-${p.lucknow.itemId}`, 'approve'],
    ]);
    expect(textOf(again.body)).toContain(`${p.lucknow.nameEn} is already approved. Nothing was changed.`);
  });

  it('refuses forms it never sends, other people’s proposals and posts without the CSRF token', async () => {
    const p = await proposal();
    expect((await p.decide([[`decision-${p.lucknow.itemId}`, 'maybe']])).status).toBe(400);
    expect((await p.decide([['do', 'delete']])).status).toBe(400);
    const nothing = await p.decide([]);
    expect(nothing.status).toBe(400);
    expect(textOf(nothing.body)).toContain('Choose a decision in at least one officer’s row');
    const forged = await postFields(hq, url(`/console/review/${p.id}/decide`), [
      ['_csrf', 'forged'],
      ['confirm', 'yes'],
      [`decision-${p.lucknow.itemId}`, 'approve'],
    ]);
    expect(forged.status).toBe(403);

    const own = await proposalWithOfficers(t.deps, {
      creator: 'hq.approver',
      zoneId: 'lucknow',
      districts: ['lucknow'],
    });
    const ownItem = own.items[0]?.itemId ?? 0;
    const refused = await postFields(hq, url(`/console/review/${own.proposalId}/decide`), [
      ['_csrf', csrfFrom(p.page.body)],
      ['confirm', 'yes'],
      [`decision-${ownItem}`, 'approve'],
    ]);
    expect(refused.status).toBe(403);
    const zonal = await consoleSignIn(t, 'zonal.lucknow');
    const list = await zonal.fetch(url('/console/proposals'));
    const denied = await postFields(zonal, url(`/console/review/${p.id}/decide`), [
      ['_csrf', csrfFrom(list.body)],
      ['confirm', 'yes'],
      [`decision-${p.lucknow.itemId}`, 'approve'],
    ]);
    expect(denied.status).toBe(403);
    expect(await decisions(p.id)).toEqual(['pending', 'pending', 'pending']);
    expect(await decisions(own.proposalId)).toEqual(['pending']);
  });
});
