import { z } from 'zod';
import type { SettingsDeps } from './holidays-admin.ts';
import { TICKET_PRIORITIES, type TicketPriority } from './model.ts';
import { listSlaTargets, upsertSlaTarget, type SlaTargetRow } from './sla-targets-repository.ts';

/** The longest target: 60 working days of eight hours. */
export const SLA_MAX_MINUTES = 60 * 8 * 60;

/** The form's fields: `response_<priority>` and `resolution_<priority>`, minutes as typed. */
export const SlaForm = z.record(z.string().max(40), z.string().max(200));

export type SlaField = `${'response' | 'resolution'}_${TicketPriority}`;
/** Each problem has its sentence: `helpdesk.sla_err_<code>`. */
export type SlaProblem = { readonly field: SlaField; readonly code: 'minutes' | 'order' };

/**
 * Checks the targets of every priority: whole minutes from 1 to `SLA_MAX_MINUTES`, and a response no later
 * than the resolution.
 */
export function checkSlaTargets(
  typed: Readonly<Record<string, string>>,
): { ok: true; rows: SlaTargetRow[] } | { ok: false; problems: SlaProblem[] } {
  const problems: SlaProblem[] = [];
  const rows: SlaTargetRow[] = [];
  const minutes = (field: SlaField) => {
    const text = (typed[field] ?? '').trim();
    const n = /^\d{1,6}$/.test(text) ? Number(text) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > SLA_MAX_MINUTES) {
      problems.push({ field, code: 'minutes' });
      return undefined;
    }
    return n;
  };
  for (const p of TICKET_PRIORITIES) {
    const response = minutes(`response_${p}`);
    const resolution = minutes(`resolution_${p}`);
    if (response === undefined || resolution === undefined) continue;
    if (response > resolution) problems.push({ field: `response_${p}`, code: 'order' });
    else rows.push({ priority: p, responseMinutes: response, resolutionMinutes: resolution });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}

/**
 * Saves every priority's targets in one transaction, audited with the old and new minutes. Tickets already
 * open keep the due times they were given; new ones and the next tier's clock use these.
 */
export async function saveSlaTargets(
  deps: SettingsDeps,
  actor: { readonly userId: string; readonly ip: string | null },
  rows: readonly SlaTargetRow[],
): Promise<void> {
  await deps.store.db.transaction().execute(async (trx) => {
    const before = await listSlaTargets(trx);
    for (const row of rows) await upsertSlaTarget(trx, row);
    await deps.audit.append(
      {
        type: 'support.changed',
        actor: actor.userId,
        ip: actor.ip,
        target: 'sla_targets',
        detail: {
          what: 'sla_targets_saved',
          before: before.map((r) => `${r.priority}:${r.responseMinutes}/${r.resolutionMinutes}`).join(' '),
          after: rows.map((r) => `${r.priority}:${r.responseMinutes}/${r.resolutionMinutes}`).join(' '),
        },
      },
      trx,
    );
  });
}
