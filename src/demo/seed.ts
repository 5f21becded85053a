import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/index.ts';
import type { Role } from '../accounts/table.ts';
import type { PasswordHasher } from '../login/index.ts';
import { documentContentHash } from '../documents/index.ts';
import type { Database } from '../store/index.ts';
import { CONFIDENTIALITY_V1, DISCLAIMER_V1 } from './disclaimer.ts';
import { DEMO_CLOSED_DISTRICTS, RANKS, WINGS, demoName, readUpDistricts, slug } from './reference-data.ts';

export interface DemoAccount {
  userId: string;
  password: string;
  role: Role;
  description: string;
}

/** Demo sign-ins printed at start-up. Demo only: a real deployment provisions accounts through proposals. */
export const DEMO_ACCOUNTS = {
  officer: {
    userId: 'officer1',
    password: 'Officer@Dwaar1',
    role: 'officer',
    description: 'Adjudication officer, Lucknow (office closed)',
  },
  officerOpen: {
    userId: 'officer2',
    password: 'Officer@Dwaar2',
    role: 'officer',
    description: 'Officer in Hardoi (office open: no remote access)',
  },
  zonalHead: {
    userId: 'zonal.lucknow',
    password: 'Zonal@Dwaar1',
    role: 'zonal_head',
    description: 'Zonal head, Lucknow zone',
  },
  hqAdmin: {
    userId: 'hq.admin',
    password: 'Admin@Dwaar1',
    role: 'hq_admin',
    description: 'HQ administrator',
  },
  hqApprover: {
    userId: 'hq.approver',
    password: 'Admin@Dwaar2',
    role: 'hq_admin',
    description: 'Second HQ administrator (decides others’ proposals)',
  },
  jointCommissioner: {
    userId: 'jc.lucknow',
    password: 'Joint@Dwaar1',
    role: 'joint_commissioner',
    description: 'Joint Commissioner (Executive), Lucknow zone',
  },
  systemIntegrator: {
    userId: 'si.lucknow',
    password: 'Integrator@Dwaar1',
    role: 'system_integrator',
    description: 'System integrator, Lucknow district',
  },
  auditor: {
    userId: 'auditor',
    password: 'Auditor@Dwaar1',
    role: 'auditor',
    description: 'Auditor (read-only)',
  },
} as const satisfies Record<string, DemoAccount>;

/** How many officers the demo directory holds in closed districts: the circular's 372. */
export const DEMO_CLOSED_OFFICERS = 372;

export interface SeedOptions {
  /** Officers placed in each open district (default 2). */
  officersPerOpenDistrict?: number;
  closedOfficers?: number;
}

interface SeedDeps {
  db: Kysely<Database>;
  passwords: PasswordHasher;
  audit: AuditLog;
  now: number;
}

/** Fills an empty database with the demo directory, accounts, disclaimer and BOWEB resource. Idempotent. */
export async function seedDemo(d: SeedDeps, o: SeedOptions): Promise<{ seeded: boolean }> {
  const existing = await d.db.selectFrom('zones').select('id').limit(1).executeTakeFirst();
  if (existing) return { seeded: false };
  const refs = await readUpDistricts();
  const closed = new Set<string>(DEMO_CLOSED_DISTRICTS);
  const hashes = new Map<string, string>();
  for (const a of Object.values(DEMO_ACCOUNTS)) hashes.set(a.userId, await d.passwords.hash(a.password));

  await d.db.transaction().execute(async (trx) => {
    const zones = new Map(
      refs.map((r) => [slug(r.zoneEn), { id: slug(r.zoneEn), name_en: r.zoneEn, name_hi: r.zoneHi }]),
    );
    await trx
      .insertInto('zones')
      .values([...zones.values()])
      .execute();
    const districts = refs.map((r) => ({
      id: slug(r.districtEn),
      zone_id: slug(r.zoneEn),
      name_en: r.districtEn,
      name_hi: r.districtHi,
      office_status: closed.has(slug(r.districtEn)) ? ('closed' as const) : ('open' as const),
      status_changed_at: d.now,
      status_changed_by: 'demo',
    }));
    await trx.insertInto('districts').values(districts).execute();
    await trx
      .insertInto('wings')
      .values([...WINGS])
      .execute();
    await trx
      .insertInto('ranks')
      .values([...RANKS])
      .execute();

    const closedIds = districts.filter((x) => x.office_status === 'closed').map((x) => x.id);
    const openIds = districts.filter((x) => x.office_status === 'open').map((x) => x.id);
    // Lucknow first, so officer 1 (the demo officer) sits in a closed office; Hardoi first among open ones.
    closedIds.sort((a, b) => Number(b === 'lucknow') - Number(a === 'lucknow'));
    openIds.sort((a, b) => Number(b === 'hardoi') - Number(a === 'hardoi'));
    const placements: { district: string; i: number }[] = [];
    const closedCount = o.closedOfficers ?? DEMO_CLOSED_OFFICERS;
    for (let i = 0; i < closedCount; i++)
      placements.push({ district: closedIds[i % closedIds.length] ?? 'lucknow', i });
    const perOpen = o.officersPerOpenDistrict ?? 2;
    for (const [k, district] of openIds.entries()) {
      for (let j = 0; j < perOpen; j++) placements.push({ district, i: closedCount + k * perOpen + j });
    }
    // Closed-district officers come first (i < closedCount), then the open districts' (Hardoi first).
    placements.sort((a, b) => a.i - b.i);
    const officers = placements.map(({ district, i }) => {
      const [en, hi] = demoName(i);
      const rank = RANKS[2 + (i % 3)] ?? RANKS[4];
      return {
        employee_no: `UPCT${String(10001 + i)}`,
        name_en: en,
        name_hi: hi,
        rank_id: rank.id,
        wing_id: i % 2 === 0 ? 'adjudication' : 'enforcement',
        district_id: district,
        email: `officer${10001 + i}@ctd.up.example`,
        mobile: `9${String(400000000 + i * 7919).padStart(9, '0')}`,
        created_at: d.now,
      };
    });
    for (let i = 0; i < officers.length; i += 200) {
      await trx
        .insertInto('officers')
        .values(officers.slice(i, i + 200))
        .execute();
    }
    const officerId = async (employeeNo: string) =>
      (
        await trx
          .selectFrom('officers')
          .select('id')
          .where('employee_no', '=', employeeNo)
          .executeTakeFirstOrThrow()
      ).id;
    const firstOpen = officers.find((x) => x.district_id === 'hardoi');

    const account = (
      a: DemoAccount,
      extra: {
        officer_id?: number | null;
        display_name: string;
        scope_zone_id?: string | null;
        scope_district_id?: string | null;
        email?: string | null;
      },
    ) => ({
      user_id: a.userId,
      officer_id: extra.officer_id ?? null,
      display_name: extra.display_name,
      role: a.role,
      scope_zone_id: extra.scope_zone_id ?? null,
      scope_district_id: extra.scope_district_id ?? null,
      email: extra.email ?? null,
      status: 'active' as const,
      password_hash: hashes.get(a.userId) ?? null,
      totp_secret_enc: null,
      locked_until: null,
      valid_until: null,
      last_login_at: null,
      created_at: d.now,
      updated_at: d.now,
    });
    const first = officers[0];
    await trx
      .insertInto('accounts')
      .values([
        account(DEMO_ACCOUNTS.officer, {
          officer_id: first ? await officerId(first.employee_no) : null,
          display_name: first?.name_en ?? 'Officer',
        }),
        account(DEMO_ACCOUNTS.officerOpen, {
          officer_id: firstOpen ? await officerId(firstOpen.employee_no) : null,
          display_name: firstOpen?.name_en ?? 'Officer',
        }),
        account(DEMO_ACCOUNTS.zonalHead, {
          display_name: 'Zonal Additional Commissioner, Lucknow',
          scope_zone_id: 'lucknow',
          email: 'zonal.lucknow@ctd.up.example',
        }),
        account(DEMO_ACCOUNTS.hqAdmin, {
          display_name: 'HQ Administrator',
          email: 'hq.admin@ctd.up.example',
        }),
        account(DEMO_ACCOUNTS.hqApprover, {
          display_name: 'HQ Approver',
          email: 'hq.approver@ctd.up.example',
        }),
        account(DEMO_ACCOUNTS.jointCommissioner, {
          display_name: 'Joint Commissioner (Executive), Lucknow',
          scope_zone_id: 'lucknow',
          email: 'jc.lucknow@ctd.up.example',
        }),
        account(DEMO_ACCOUNTS.systemIntegrator, {
          display_name: 'System Integrator, Lucknow',
          scope_zone_id: 'lucknow',
          scope_district_id: 'lucknow',
          email: 'si.lucknow@ctd.up.example',
        }),
        account(DEMO_ACCOUNTS.auditor, { display_name: 'Auditor', email: 'auditor@ctd.up.example' }),
      ])
      .execute();

    await trx
      .insertInto('documents')
      .values([
        { ...DISCLAIMER_V1, published_at: d.now, content_hash: documentContentHash(DISCLAIMER_V1) },
        {
          ...CONFIDENTIALITY_V1,
          published_at: d.now,
          content_hash: documentContentHash(CONFIDENTIALITY_V1),
        },
      ])
      .execute();
    await acknowledgeAsActivated(trx, d.now);
    // Lucknow's system integrator, the officers' first call (issue 11); other districts get theirs in the
    // console (Helpdesk → Locations) or by CSV.
    await trx
      .insertInto('support_locations')
      .values({
        district_id: 'lucknow',
        si_name: 'Ravi Shankar (System Integrator, Lucknow)',
        si_phone: '0522-2286-101',
        si_email: 'si.lucknow@ctd.up.example',
        hours_en: 'Monday to Saturday, 10:00–18:00 (closed on second and fourth Saturdays)',
        hours_hi: 'सोमवार से शनिवार, 10:00–18:00 (दूसरे और चौथे शनिवार को बंद)',
        updated_at: d.now,
        updated_by: 'system',
      })
      .execute();
    await d.audit.append({ type: 'system.started', actor: 'system', detail: { seeded: 'demo' } }, trx);
  });
  return { seeded: true };
}

/**
 * The demo's active officers were activated before the demo starts, and activation is where an officer
 * accepts the section-133 clause: record that, so the demo policy (which requires it) lets them in.
 */
async function acknowledgeAsActivated(trx: Kysely<Database>, now: number): Promise<void> {
  const clause = await trx
    .selectFrom('documents')
    .select('id')
    .where('kind', '=', 'confidentiality')
    .where('version', '=', CONFIDENTIALITY_V1.version)
    .executeTakeFirstOrThrow();
  const officers = await trx
    .selectFrom('accounts')
    .select('id')
    .where('role', '=', 'officer')
    .where('status', '=', 'active')
    .execute();
  if (officers.length === 0) return;
  await trx
    .insertInto('acknowledgements')
    .values(
      officers.map((o) => ({
        account_id: o.id,
        document_id: clause.id,
        session_id: null,
        accepted_at: now,
        ip: null,
        channel: 'activation',
      })),
    )
    .execute();
}
