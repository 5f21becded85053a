import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '../src/proposals/import/csv-format.ts';
import { Browser, csrfFrom, signIn } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';
import { useAccountsConsole } from './factories/accounts-console.ts';
import { consoleSignIn } from './factories/staff.ts';
import { proposalWithOfficers } from './factories/proposals.ts';

/**
 * Issue 7 item 10: every free-text field has a maximum length and a character class; a line break, a
 * control character or a bidi override (U+202E, "Trojan Source") is refused with a clear message, and the
 * refused request changes nothing.
 */

const RLO = '\u202E';
const BELL = '\u0007';

describe.each(TEST_DIALECTS)('free-text fields on %s', (dialect) => {
  const c = useAccountsConsole(dialect);
  const auditCount = async () =>
    Number(
      (
        await c
          .db()
          .selectFrom('audit_events')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('refuses an account action reason with a bidi override or a control character, changing nothing', async () => {
    const officer = await c.addOfficerAccount('lucknow', 'active');
    for (const reason of [`Under inquiry ${RLO}44 rettel`, `Under inquiry${BELL} letter 44`]) {
      const before = await auditCount();
      const reply = await c.act(c.hq, officer.id, 'suspend', { reason });
      expect(reply.status).toBe(400);
      expect(reply.body).toContain('invisible control characters');
      expect((await c.accountRow(officer.id)).status).toBe('active');
      expect(await auditCount()).toBe(before);
    }
    // A reason over several lines (the confirm page's textarea) is a paragraph, and stands.
    const ok = await c.act(c.hq, officer.id, 'suspend', { reason: 'Under inquiry,\r\nletter 44' });
    expect(ok.status).toBe(303);
  });

  it('refuses an account search with a line break, a control character or over 100 characters', async () => {
    for (const q of ['Verma\nx', `Verma${RLO}`, 'a'.repeat(101)]) {
      const reply = await c.hq.fetch(c.url(`/console/accounts?q=${encodeURIComponent(q)}`));
      expect(reply.status).toBe(400);
      expect(reply.body).toContain('Search with one line of text, at most 100 characters');
    }
    expect((await c.hq.fetch(c.url(`/console/accounts?q=${encodeURIComponent('वर्मा')}`))).status).toBe(200);
  });

  it('refuses a district order number or reason with a line break, control character or bidi override', async () => {
    const url = c.url('/console/districts/lucknow/status');
    const history = () => c.db().selectFrom('district_status_history').select('id').execute();
    const before = (await history()).length;
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Kolkata' }).format(c.t.clock.now());
    const cases: [Record<string, string>, string][] = [
      [{ orderNo: '4411/CT\n2026' }, 'Write the order number on one line'],
      [{ orderNo: `4411/CT/2026${RLO}` }, 'Write the order number on one line'],
      [{ orderNo: '4411/CT/2026; drop' }, 'Write the order number on one line'],
      [{ reason: `Office reopened ${RLO}sriaper retfa` }, 'invisible control characters'],
      [{ reason: `Office reopened${BELL}` }, 'invisible control characters'],
      [{ reason: 'x'.repeat(1001) }, 'Enter the reason (up to 1000 characters).'],
    ];
    for (const [over, message] of cases) {
      const page = await c.hq.fetch(url);
      const reply = await c.hq.fetch(url, {
        form: {
          _csrf: csrfFrom(page.body),
          status: 'open',
          orderNo: '4411/CT/2026',
          orderDate: today,
          reason: 'Office reopened after repairs',
          step: 'confirm',
          ...over,
        },
      });
      expect(reply.status, JSON.stringify(over)).toBe(400);
      expect(reply.body).toContain(message);
    }
    expect((await history()).length).toBe(before);
  });

  it('refuses an HQ decision reason with a line break or a bidi override, leaving the officer pending', async () => {
    const p = await proposalWithOfficers(c.t.deps, {
      creator: 'zonal.lucknow',
      zoneId: 'lucknow',
      districts: ['lucknow'],
    });
    const item = p.items[0];
    if (!item) throw new Error('no item');
    const approver = await consoleSignIn(c.t, 'hq.approver');
    const url = c.url(`/console/review/${p.proposalId}/items/${item.itemId}`);
    for (const reason of ['Not in the wing\nApproved: all', `Not in the wing ${RLO}devorppa`]) {
      const page = await approver.fetch(c.url(`/console/review/${p.proposalId}`));
      const reply = await approver.fetch(url, {
        form: { _csrf: csrfFrom(page.body), decision: 'reject', reason, confirm: 'yes' },
      });
      expect(reply.status).toBe(400);
      expect(reply.body).toContain('on one line, without line breaks or invisible control characters');
    }
    const row = await c
      .db()
      .selectFrom('proposal_items')
      .select(['decision', 'reason'])
      .where('id', '=', item.itemId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ decision: 'pending', reason: null });
  });

  it('refuses a sign-in user ID with a line break, a control or bidi character before looking it up', async () => {
    for (const userId of ['officer1\nadmin', `officer1${BELL}`, `${RLO}1reciffo`, 'अधिकारी']) {
      const reply = await signIn(new Browser(), c.t.portalOrigin, userId, 'Officer@Dwaar1');
      expect(reply.status, JSON.stringify(userId)).toBe(400);
      expect(reply.body).toContain('A user ID has only letters, digits and the signs . _ -');
    }
    const page = await new Browser().fetch(c.url('/console/login'));
    expect(page.status).toBe(200);
  });

  it('refuses CSV names with a line break, a control character, a bidi override, symbols or over 100 characters', async () => {
    const cell = (v: string) => `"${v.replace(/"/g, '""')}"`;
    const names = [
      'Ravi\nVerma',
      `Ravi${BELL}Verma`,
      `Ravi ${RLO}amreV`,
      'Ravi <b>Verma</b>',
      'R'.repeat(101),
    ];
    const csv = [
      CSV_COLUMNS.join(','),
      ...names.map(
        (name, i) =>
          `TXT${String(i).padStart(4, '0')},${cell(name)},रवि वर्मा,cto,enforcement,lucknow,txt${i}@ctd.up.example,9876543210`,
      ),
    ].join('\r\n');
    const page = await c.zonal.fetch(c.url('/console/proposals/import'));
    const checked = await c.zonal.fetch(c.url('/console/proposals/import/preview'), {
      form: { _csrf: csrfFrom(page.body), csv },
    });
    // The check answers with the preview's own address (issue 8, item 10).
    const preview = await c.zonal.fetch(checked.location ?? '');
    for (const message of [
      'This value has a line break inside it.',
      'This value has invisible control characters.',
      'A name may contain only letters, spaces, full stops',
      'This value is longer than 100 characters.',
    ])
      expect(preview.body).toContain(message);
    expect(preview.body).not.toMatch(/Rows ready: [1-9]/);
    const officers = await c
      .db()
      .selectFrom('officers')
      .select('id')
      .where('employee_no', 'like', 'TXT%')
      .execute();
    expect(officers).toEqual([]);
  });
});
