import { sql, type Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { applyAccountAction } from '../src/accounts/lifecycle-service.ts';
import type { AuditEventType, AuditLog } from '../src/audit/index.ts';
import { commitImport } from '../src/proposals/import/commit.ts';
import type { Decider } from '../src/proposals/review/decide-apply.ts';
import { approveAllEligible, decideItem } from '../src/proposals/review/decide-service.ts';
import type { Database } from '../src/store/index.ts';
import { generateOfficerCsv, listImportDistricts } from './factories/import-data.ts';
import { insertOfficerAccount, sendLinkAndReadToken } from './factories/activation.ts';
import {
  APPROVE,
  actorFor,
  addOfficer,
  ensureWorkflowStaff,
  proposalWithOfficers,
} from './factories/proposals.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { TEST_DIALECTS } from './test-env.ts';

/**
 * All or nothing: a failure part-way through an import, an HQ approval or a console account action leaves
 * the database exactly as it was. The fault is injected into the real audit log (never a mocked database)
 * at a chosen record, after the service has already written to other tables in its transaction; what the
 * transaction held at that moment is captured too, to show the fault really struck mid-way.
 */

/** Every table, the audit chain's head included: a rolled-back service must have changed none of them. */
const TABLES = [
  'zones',
  'districts',
  'wings',
  'ranks',
  'officers',
  'accounts',
  'sessions',
  'session_bindings',
  'devices',
  'documents',
  'acknowledgements',
  'signing_keys',
  'audit_head',
  'audit_events',
  'district_status_history',
  'proposals',
  'proposal_items',
  'account_tokens',
  'recovery_codes',
  'mail_outbox',
] as const satisfies readonly (keyof Database)[];
type Table = (typeof TABLES)[number];
type Snapshot = Record<Table, string[]>;
/** Rows added and removed per table (a changed row is one of each); tables without change are left out. */
type Changes = Partial<Record<Table, { added: number; removed: number }>>;

async function snapshot(db: Kysely<Database>): Promise<Snapshot> {
  const tables: Partial<Snapshot> = {};
  for (const table of TABLES) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
    tables[table] = rows.rows.map((r) => JSON.stringify(r));
  }
  return tables as Snapshot;
}

/** Rows of `b` missing from `a`, counting duplicates. */
function missing(a: readonly string[], b: readonly string[]): number {
  const left = new Map<string, number>();
  for (const row of a) left.set(row, (left.get(row) ?? 0) + 1);
  let count = 0;
  for (const row of b) {
    const n = left.get(row) ?? 0;
    if (n > 0) left.set(row, n - 1);
    else count += 1;
  }
  return count;
}

function changes(before: Snapshot, after: Snapshot): Changes {
  const out: Changes = {};
  for (const table of TABLES) {
    const added = missing(before[table], after[table]);
    const removed = missing(after[table], before[table]);
    if (added > 0 || removed > 0) out[table] = { added, removed };
  }
  return out;
}

class InjectedFault extends Error {}

/**
 * Makes `audit.append` throw on the `nth` record of `type` (every other record is written as usual), after
 * noting what the caller's transaction had changed by then compared with `before`.
 */
function failAuditAt(audit: AuditLog, type: AuditEventType, before: Snapshot, nth = 1) {
  const append = audit.append.bind(audit);
  const fault: { seen: number; inside: Changes | undefined } = { seen: 0, inside: undefined };
  vi.spyOn(audit, 'append').mockImplementation(async (event, trx) => {
    if (event.type !== type || ++fault.seen !== nth) return append(event, trx);
    if (trx) fault.inside = changes(before, await snapshot(trx));
    throw new InjectedFault(`injected failure at ${type} #${String(nth)}`);
  });
  return fault;
}

const changed = (n: number) => ({ added: n, removed: n });

describe.each(TEST_DIALECTS)('atomic writes on %s', (dialect) => {
  let t: TestApp;
  let approver: Decider;
  let hq: Decider;
  const db = () => t.deps.store.db;

  beforeAll(async () => {
    t = await createTestApp({ dialect });
    await ensureWorkflowStaff(t.deps);
    approver = await actorFor(t.deps, 'hq.approver', 'proposal.decide');
    hq = await actorFor(t.deps, 'hq.admin', 'proposal.decide');
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await t.close();
  });

  describe('CSV import commit', () => {
    it('leaves no officer, proposal, item or audit record when the audit record fails', async () => {
      const districts = (await listImportDistricts(t.deps.store, 'lucknow')).filter((d) =>
        ['lucknow', 'unnao'].includes(d.id),
      );
      const csv = generateOfficerCsv({ rows: 5, districts, prefix: 'ATOM' });
      const input = { zoneId: 'lucknow', csv, actor: hq, dropRejected: false, via: 'cli' } as const;
      const before = await snapshot(db());
      const fault = failAuditAt(t.deps.audit, 'proposal.imported', before);

      await expect(commitImport(t.deps, input)).rejects.toBeInstanceOf(InjectedFault);
      expect(fault.inside).toEqual({
        officers: { added: 5, removed: 0 },
        proposals: { added: 1, removed: 0 },
        proposal_items: { added: 5, removed: 0 },
      });
      expect(changes(before, await snapshot(db()))).toEqual({});

      vi.restoreAllMocks();
      expect(await commitImport(t.deps, input)).toMatchObject({ ok: true, proposals: [{ officers: 5 }] });
    });
  });

  describe('HQ approval', () => {
    it('leaves no account, link, queued mail, decision or audit record when approving one officer fails', async () => {
      const p = await proposalWithOfficers(t.deps, {
        creator: 'zonal.lucknow',
        zoneId: 'lucknow',
        districts: ['lucknow', 'unnao'],
      });
      const itemId = p.officers[0]?.itemId ?? -1;
      const before = await snapshot(db());
      const fault = failAuditAt(t.deps.audit, 'proposal.item_approved', before);

      await expect(
        decideItem(t.deps, { proposalId: p.proposalId, itemId, request: APPROVE, by: approver }),
      ).rejects.toBeInstanceOf(InjectedFault);
      expect(fault.inside).toEqual({
        accounts: { added: 1, removed: 0 },
        account_tokens: { added: 1, removed: 0 },
        mail_outbox: { added: 1, removed: 0 },
        proposal_items: changed(1),
        audit_events: { added: 2, removed: 0 },
        audit_head: changed(1),
      });
      expect(changes(before, await snapshot(db()))).toEqual({});

      vi.restoreAllMocks();
      expect(
        await decideItem(t.deps, { proposalId: p.proposalId, itemId, request: APPROVE, by: approver }),
      ).toMatchObject({ ok: true, outcome: 'approved', account: { created: true, linkSent: true } });
    });

    it('leaves nothing of "approve all eligible" when closing the proposal fails after every approval', async () => {
      const p = await proposalWithOfficers(t.deps, {
        creator: 'zonal.lucknow',
        zoneId: 'lucknow',
        districts: ['lucknow', 'unnao'],
      });
      const input = {
        proposalId: p.proposalId,
        itemIds: p.officers.map((o) => o.itemId),
        validUntil: null,
        by: approver,
      };
      const before = await snapshot(db());
      const fault = failAuditAt(t.deps.audit, 'proposal.decided', before);

      await expect(approveAllEligible(t.deps, input)).rejects.toBeInstanceOf(InjectedFault);
      expect(fault.inside).toMatchObject({
        accounts: { added: 2, removed: 0 },
        account_tokens: { added: 2, removed: 0 },
        proposals: changed(1),
        proposal_items: changed(2),
      });
      expect(fault.inside?.mail_outbox?.added).toBeGreaterThanOrEqual(3);
      expect(fault.inside?.audit_events?.added).toBeGreaterThanOrEqual(6);
      expect(changes(before, await snapshot(db()))).toEqual({});

      vi.restoreAllMocks();
      expect(await approveAllEligible(t.deps, input)).toMatchObject({
        ok: true,
        approved: [{}, {}],
        proposal: { decided: true },
      });
    });

    it('leaves the first approval undone too when the second of a bulk approval fails', async () => {
      const p = await proposalWithOfficers(t.deps, {
        creator: 'zonal.lucknow',
        zoneId: 'lucknow',
        districts: ['lucknow', 'unnao'],
      });
      const before = await snapshot(db());
      const fault = failAuditAt(t.deps.audit, 'account.activation_sent', before, 2);

      await expect(
        approveAllEligible(t.deps, {
          proposalId: p.proposalId,
          itemIds: p.officers.map((o) => o.itemId),
          validUntil: null,
          by: approver,
        }),
      ).rejects.toBeInstanceOf(InjectedFault);
      expect(fault.inside).toMatchObject({
        accounts: { added: 2, removed: 0 },
        mail_outbox: { added: 2, removed: 0 },
        proposal_items: changed(1),
      });
      expect(changes(before, await snapshot(db()))).toEqual({});
    });
  });

  describe('console account actions', () => {
    /** An officer's account in `status` that has been sent a `purpose` link it has not used. */
    async function accountWithLink(status: 'active' | 'pending_activation', purpose: 'reset' | 'activation') {
      const officer = await addOfficer(t.deps, { districtId: 'lucknow' });
      const accountId = await insertOfficerAccount(t.deps, {
        employeeNo: officer.employeeNo,
        userId: `atom.${officer.employeeNo.toLowerCase()}`,
        status,
      });
      await sendLinkAndReadToken(t.deps, { accountId, purpose });
      return accountId;
    }
    const act = (accountId: number, action: 'revoke' | 'resend') =>
      applyAccountAction(t.deps, {
        accountId,
        action,
        actor: { accountId: hq.accountId, userId: hq.userId },
        reason: 'Transferred out of the zone',
        ip: '192.0.2.7',
        mayAct: () => true,
      });

    it('leaves the account active and its link usable when a revocation fails', async () => {
      const accountId = await accountWithLink('active', 'reset');
      const before = await snapshot(db());
      const fault = failAuditAt(t.deps.audit, 'account.revoked', before);

      await expect(act(accountId, 'revoke')).rejects.toBeInstanceOf(InjectedFault);
      expect(fault.inside).toEqual({ accounts: changed(1), account_tokens: changed(1) });
      expect(changes(before, await snapshot(db()))).toEqual({});
      const row = await db()
        .selectFrom('accounts')
        .select('status')
        .where('id', '=', accountId)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('active');
    });

    it('leaves no new link, queued mail or audit record, and the old link usable, when a resend fails', async () => {
      const accountId = await accountWithLink('pending_activation', 'activation');
      const before = await snapshot(db());
      const fault = failAuditAt(t.deps.audit, 'account.activation_sent', before);

      await expect(act(accountId, 'resend')).rejects.toBeInstanceOf(InjectedFault);
      expect(fault.inside).toEqual({
        account_tokens: { added: 2, removed: 1 },
        mail_outbox: { added: 1, removed: 0 },
      });
      expect(changes(before, await snapshot(db()))).toEqual({});

      vi.restoreAllMocks();
      expect(await act(accountId, 'resend')).toMatchObject({ ok: true });
    });
  });
});
