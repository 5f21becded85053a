import type { AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import type { Keyring } from '../crypto/index.ts';
import { publishDocumentVersion } from '../documents/index.ts';
import { AppError } from '../errors.ts';
import { enqueueMail } from '../mail/index.ts';
import type { Database, Store } from '../store/index.ts';
import type { Transaction } from 'kysely';
import { circularLink, composeCircularMail } from './circular-mail.ts';
import { loadCandidates, resolveAudiences, type Resolved } from './recipients-query.ts';
import {
  findCircular,
  insertAttestation,
  insertRecipients,
  listAudiences,
  markIssued,
  reachedZone,
  setDocumentKind,
  setStatus,
  type CircularRow,
} from './repository.ts';
import type { Actor } from './draft-service.ts';

export interface IssueDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly audit: AuditLog;
  readonly keyring: Keyring;
  readonly config: { readonly publicUrl: URL };
  /** Told after a gating circular's document is published, so every node re-reads document versions. */
  readonly policy: { documentsChanged(): Promise<void> };
}

export interface IssueOutcome {
  readonly recipients: number;
  readonly copies: number;
  readonly mailed: number;
  readonly documentKind: string | null;
}

async function mailEach(
  trx: Transaction<Database>,
  deps: IssueDeps,
  c: CircularRow,
  people: readonly Resolved[],
) {
  const origin = deps.config.publicUrl.origin;
  const now = deps.clock.now();
  const mailed = new Set<number>();
  for (const p of people) {
    if (!p.email) continue;
    const mail = composeCircularMail(c, p.kind, circularLink(origin, c.id, p.role));
    await enqueueMail(trx, deps.keyring, deps.clock, {
      kind: 'circular',
      to: p.email,
      accountId: p.accountId,
      ...mail,
    });
    mailed.add(p.accountId);
  }
  await insertRecipients(
    trx,
    c.id,
    people.map((p) => ({
      accountId: p.accountId,
      kind: p.kind,
      zoneId: p.zoneId,
      districtId: p.districtId,
      mailedAt: mailed.has(p.accountId) ? now : null,
    })),
  );
  return mailed.size;
}

/**
 * Issues a draft: resolves its audiences to people (active or awaiting activation), and in one transaction
 * marks it issued, records each recipient and copy, queues one bilingual mail per person with an address,
 * publishes it as document `circular-<id>` when it gates access, and audits `circular.issued`. Refuses
 * (422, nothing changed, audited) when no recipient resolves; 409 when it is no longer a draft.
 */
export async function issueCircular(deps: IssueDeps, actor: Actor, id: number): Promise<IssueOutcome> {
  const db = deps.store.db;
  const circular = await findCircular(db, id);
  if (!circular) throw new AppError('CIRCULAR_NOT_FOUND');
  if (circular.status !== 'draft') throw new AppError('CIRCULAR_NOT_DRAFT');
  const audiences = await listAudiences(db, id);
  const people = resolveAudiences(audiences, await loadCandidates(db));
  const recipients = people.filter((p) => p.kind === 'recipient').length;
  if (recipients === 0) {
    await deps.audit.append({
      type: 'circular.refused',
      actor: actor.userId,
      ip: actor.ip,
      target: String(id),
      detail: { step: 'issue', reason: audiences.length ? 'resolved_to_nobody' : 'no_recipients' },
    });
    throw new AppError('CIRCULAR_NO_RECIPIENTS');
  }
  const now = deps.clock.now();
  const outcome = await db.transaction().execute(async (trx) => {
    if (!(await markIssued(trx, id, actor.userId, now))) throw new AppError('CIRCULAR_NOT_DRAFT');
    const issued = { ...circular, status: 'issued' as const, issued_at: now, issued_by: actor.userId };
    const mailed = await mailEach(trx, deps, issued, people);
    let documentKind: string | null = null;
    if (circular.gates_access === 1) {
      documentKind = `circular-${id}`;
      const doc = await publishDocumentVersion(trx, {
        kind: documentKind,
        title_en: `${circular.number}: ${circular.subject_en}`,
        title_hi: `${circular.number}: ${circular.subject_hi}`,
        body_en: circular.body_en,
        body_hi: circular.body_hi,
        publishedBy: actor.userId,
        publishedAt: now,
      });
      await setDocumentKind(trx, id, documentKind);
      await deps.audit.append(
        {
          type: 'document.published',
          actor: actor.userId,
          ip: actor.ip,
          target: documentKind,
          detail: { version: doc.version, hash: doc.content_hash ?? '' },
        },
        trx,
      );
    }
    await deps.audit.append(
      {
        type: 'circular.issued',
        actor: actor.userId,
        ip: actor.ip,
        target: String(id),
        detail: { number: circular.number, recipients, copies: people.length - recipients, mailed },
      },
      trx,
    );
    return { recipients, copies: people.length - recipients, mailed, documentKind };
  });
  if (outcome.documentKind) await deps.policy.documentsChanged();
  return outcome;
}

/** Withdraws an issued circular with a reason (banners stop: readers see the status). Audited. */
export async function withdrawCircular(deps: IssueDeps, actor: Actor, id: number, reason: string) {
  const db = deps.store.db;
  const circular = await findCircular(db, id);
  if (!circular) throw new AppError('CIRCULAR_NOT_FOUND');
  await db.transaction().execute(async (trx) => {
    if (!(await setStatus(trx, id, 'issued', 'withdrawn', deps.clock.now())))
      throw new AppError('CIRCULAR_NOT_ISSUED');
    await deps.audit.append(
      {
        type: 'circular.withdrawn',
        actor: actor.userId,
        ip: actor.ip,
        target: String(id),
        detail: { number: circular.number, reason },
      },
      trx,
    );
  });
}

/**
 * A zonal head attests, for their own zone, that its officers were informed. 403 for another zone (the
 * console audits it), 422 when the circular never reached the zone, 409 when the zone already attested.
 */
export async function attestCircular(
  deps: IssueDeps,
  actor: Actor & { accountId: number; zoneId: string | null },
  id: number,
  form: { zone: string; note: string },
) {
  const db = deps.store.db;
  if (actor.zoneId === null || form.zone !== actor.zoneId) throw new AppError('FORBIDDEN');
  const circular = await findCircular(db, id);
  if (!circular) throw new AppError('CIRCULAR_NOT_FOUND');
  if (circular.status !== 'issued') throw new AppError('CIRCULAR_NOT_ISSUED');
  if (!(await reachedZone(db, id, actor.zoneId))) throw new AppError('CIRCULAR_ZONE_NOT_REACHED');
  const zoneId = actor.zoneId;
  await db.transaction().execute(async (trx) => {
    const at = deps.clock.now();
    const fresh = await insertAttestation(trx, {
      circularId: id,
      zoneId,
      accountId: actor.accountId,
      at,
      note: form.note,
    });
    if (!fresh) throw new AppError('CIRCULAR_ALREADY_ATTESTED');
    await deps.audit.append(
      {
        type: 'circular.attested',
        actor: actor.userId,
        ip: actor.ip,
        target: String(id),
        detail: { zone: zoneId, number: circular.number, note: form.note },
      },
      trx,
    );
  });
}
