import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import { listDistricts, listZones } from '../directory/index.ts';
import type { Database } from '../store/index.ts';
import { insertDraft, numberTaken, updateDraft } from './repository.ts';
import { parseCircularForm, type CircularDraft, type FieldProblem } from './schemas.ts';

export interface DraftDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly audit: AuditLog;
}

export interface Actor {
  readonly userId: string;
  readonly ip: string;
}

export type SaveResult =
  | { readonly ok: true; readonly id: number; readonly draft: CircularDraft }
  | {
      readonly ok: false;
      /** 400 for a form that cannot be saved as it is; 409 when only the number is taken. */
      readonly status: 400 | 409;
      readonly problems: readonly FieldProblem[];
    };

/** Zones and which zone each district belongs to, for checking audiences. */
export async function loadDirectoryShape(db: Kysely<Database>) {
  const [zones, districts] = await Promise.all([listZones(db), listDistricts(db, { order: 'name' })]);
  return {
    zones: new Set(zones.map((z) => z.id)),
    districtZone: new Map(districts.map((d) => [d.id, d.zoneId])),
  };
}

/** Parses the form without saving: for the preview, which shows the same problems a save would. */
export async function checkCircularForm(db: Kysely<Database>, form: Record<string, unknown>) {
  return parseCircularForm(form, await loadDirectoryShape(db));
}

/**
 * Saves a new draft (`id` undefined) or replaces a draft's content. Nothing is saved when any field is
 * wrong, a body holds raw HTML or an unsafe link, an audience is malformed or missing, or the number is
 * another circular's; the refusal is audited (`circular.refused`) with the fields at fault.
 */
export async function saveDraft(
  deps: DraftDeps,
  actor: Actor,
  form: Record<string, unknown>,
  id: number | undefined,
): Promise<SaveResult> {
  const parsed = await checkCircularForm(deps.db, form);
  const refuse = async (status: 400 | 409, problems: readonly FieldProblem[]): Promise<SaveResult> => {
    await deps.audit.append({
      type: 'circular.refused',
      actor: actor.userId,
      ip: actor.ip,
      target: id === undefined ? 'new' : String(id),
      detail: { step: 'draft', fields: [...new Set(problems.map((p) => p.field))].join(',') },
    });
    return { ok: false, status, problems };
  };
  if (!parsed.ok) return refuse(400, parsed.problems);
  const draft = parsed.draft;
  const taken: FieldProblem[] = [
    { field: 'number', key: 'circulars.errNumberTaken', vars: { number: draft.number } },
  ];
  if (await numberTaken(deps.db, draft.number, id)) return refuse(409, taken);
  const now = deps.clock.now();
  try {
    const saved = await deps.db.transaction().execute(async (trx) => {
      const savedId = id === undefined ? await insertDraft(trx, draft, actor.userId, now) : id;
      if (id !== undefined && !(await updateDraft(trx, id, draft, now))) return undefined;
      await deps.audit.append(
        {
          type: id === undefined ? 'circular.drafted' : 'circular.updated',
          actor: actor.userId,
          ip: actor.ip,
          target: String(savedId),
          detail: { number: draft.number, audiences: draft.audiences.length },
        },
        trx,
      );
      return savedId;
    });
    if (saved === undefined) return await refuse(409, [{ field: 'number', key: 'circulars.errNotDraft' }]);
    return { ok: true, id: saved, draft };
  } catch (error) {
    // Two saves racing for one number: the unique index decides, and the loser hears it plainly.
    if (await numberTaken(deps.db, draft.number, id)) return refuse(409, taken);
    throw error;
  }
}
