import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createManualClock } from '../src/clock.ts';
import type { OfficerActor, StaffActor, TicketService } from '../src/helpdesk/index.ts';
import { createTicketService } from '../src/helpdesk/index.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import type { TestDialect } from './test-env.ts';

/** Helpers for the ticket service's tests: an app at a known working hour, actors, outbox and audit. */

export const TICKET_ATTACHMENT_MAX = 64 * 1024;
/** Monday 7 December 2026, 11:00 India time (05:30 UTC): inside working hours. */
export const MONDAY_11_IST = Date.UTC(2026, 11, 7, 5, 30);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export interface TicketTestApp extends TestApp {
  tickets: TicketService;
}

export async function createTicketTestApp(dialect: TestDialect): Promise<TicketTestApp> {
  const t = await createTestApp({
    dialect,
    clock: createManualClock(MONDAY_11_IST),
    env: { DWAAR_ATTACHMENT_MAX_BYTES: String(TICKET_ATTACHMENT_MAX) },
  });
  // The demo may already place an SI at Lucknow: this test's own, known one replaces it.
  const location = {
    si_name: 'Ramesh Verma',
    si_phone: '0522-4000001',
    si_email: 'si.desk.lucknow@ctd.up.example',
    hours_en: 'Mon–Sat 10:00–18:00',
    hours_hi: 'सोम–शनि 10:00–18:00',
    updated_at: MONDAY_11_IST,
    updated_by: 'hq.admin',
  };
  await t.deps.store.db
    .insertInto('support_locations')
    .values({ district_id: 'lucknow', ...location })
    .onConflict((oc) => oc.column('district_id').doUpdateSet(location))
    .execute();
  return Object.assign(t, { tickets: createTicketService(t.deps) });
}

export async function officer(t: TestApp, userId: string): Promise<OfficerActor> {
  const row = await t.deps.store.db
    .selectFrom('accounts')
    .select('id')
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return { kind: 'officer', accountId: row.id, userId, ip: '10.0.0.7', via: 'portal' };
}

export const siLucknow: StaffActor = {
  kind: 'staff',
  userId: 'si.lucknow',
  role: 'system_integrator',
  scope: 'district',
  zoneId: 'lucknow',
  districtId: 'lucknow',
  ip: '10.0.0.9',
};
/** A system integrator of another location (Kanpur Nagar). */
export const siElsewhere: StaffActor = { ...siLucknow, userId: 'si.kanpur', districtId: 'kanpur-nagar' };
export const zonalLucknow: StaffActor = {
  kind: 'staff',
  userId: 'zonal.lucknow',
  role: 'zonal_head',
  scope: 'zone',
  zoneId: 'lucknow',
  districtId: null,
  ip: '10.0.0.10',
};
export const hqAdmin: StaffActor = {
  kind: 'staff',
  userId: 'hq.admin',
  role: 'hq_admin',
  scope: 'all',
  zoneId: null,
  districtId: null,
  ip: '10.0.0.11',
};

export interface SentMail {
  kind: string;
  to: string;
  subject: string;
  replyTo: string | null;
  text: string;
  html: string;
}

/** The outbox's rows (bodies opened), optionally of one kind. */
export async function outbox(t: TestApp, kind?: string): Promise<SentMail[]> {
  let q = t.deps.store.db.selectFrom('mail_outbox').selectAll().orderBy('id');
  if (kind) q = q.where('kind', '=', kind);
  const rows = await q.execute();
  return rows.map((r) => {
    const body = JSON.parse(r.body_sealed ? t.deps.keyring.open('mail-encryption', r.body_sealed) : '{}') as {
      text?: string;
      html?: string;
    };
    return {
      kind: r.kind,
      to: r.to_address,
      subject: r.subject,
      replyTo: r.reply_to ?? null,
      text: body.text ?? '',
      html: body.html ?? '',
    };
  });
}

export async function auditOf(t: TestApp, type: string) {
  const rows = await t.deps.store.db
    .selectFrom('audit_events')
    .select(['actor', 'target', 'detail'])
    .where('type', '=', type)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
}

/** Files in the app's attachment folder. */
export function storedFiles(t: TestApp): string[] {
  const dir = join(t.deps.config.dataDir, 'attachments');
  return existsSync(dir) ? readdirSync(dir).filter((f) => !f.startsWith('.')) : [];
}

export const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(200, 1),
]);
