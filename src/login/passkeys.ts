import { generateRegistrationOptions, verifyRegistrationResponse } from '@simplewebauthn/server';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AccountRow } from '../accounts/index.ts';
import type { AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Keyring } from '../crypto/index.ts';
import type { SignInMeter } from '../metrics/index.ts';
import { composeMail, enqueueMail } from '../mail/index.ts';
import type { Database, Kv } from '../store/index.ts';
import {
  countPasskeys,
  deleteAllPasskeys,
  deletePasskeyRow,
  findOwnPasskey,
  findPasskeys,
  insertPasskey,
  passkeyIdTaken,
  renamePasskeyRow,
  type Passkey,
} from './passkeys-repository.ts';

/**
 * Passkeys and security keys (WebAuthn) as a second factor after the password. Every ceremony's challenge
 * is kept server-side in the kv, bound to what started it (the signed-in session for enrolment, the sign-in
 * flow and account for a sign-in), and taken once: a replayed or forged answer finds no challenge.
 */
export interface PasskeyDeps {
  readonly db: Kysely<Database>;
  readonly kv: Kv;
  readonly clock: Clock;
  readonly audit: AuditLog;
  readonly keyring: Keyring;
  readonly config: Pick<Config, 'publicUrl' | 'lockout'>;
  /** Sign-in results and lockouts, for `/metrics`. */
  readonly metrics?: SignInMeter | undefined;
}

/** How long a ceremony's challenge lasts (the brief's five minutes; WebAuthn's own timeout is shorter). */
export const PASSKEY_CHALLENGE_TTL_MS = 5 * 60_000;
export const CEREMONY_TIMEOUT_MS = 2 * 60_000;
export const PASSKEY_NAME_MAX = 60;

const Challenge = z.object({
  challenge: z.string().min(16).max(200),
  accountId: z.number().int().positive(),
});

/** The relying party: the portal's host name and origin (the console shares both). */
export function relyingParty(config: Pick<Config, 'publicUrl'>) {
  return { rpID: config.publicUrl.hostname, origin: config.publicUrl.origin, rpName: 'Dwaar' };
}

const b64url = z
  .string()
  .min(1)
  .max(4096)
  .regex(/^[\w-]+$/);
const bigB64url = z
  .string()
  .min(1)
  .max(65536)
  .regex(/^[\w-]+$/);

/** What a browser posts after `navigator.credentials.create` (checked here; the library checks the bytes). */
export const RegistrationSchema = z.object({
  id: b64url,
  rawId: b64url,
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: bigB64url,
    attestationObject: bigB64url,
    transports: z.array(z.string().max(20)).max(10).optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
});

/** What a browser posts after `navigator.credentials.get`. */
export const AssertionSchema = z.object({
  id: b64url,
  rawId: b64url,
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: bigB64url,
    authenticatorData: bigB64url,
    signature: bigB64url,
    userHandle: b64url.optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
});

/** A passkey's name as typed: trimmed, one line, not empty, at most `PASSKEY_NAME_MAX` characters. */
export function cleanPasskeyName(raw: string): string | undefined {
  // Control and bidi characters would let a name disguise itself in a list or an audit record.
  const name = raw
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return name.length === 0 || Array.from(name).length > PASSKEY_NAME_MAX ? undefined : name;
}

const enrolKey = (sessionId: string) => `passkey-enrol:${sessionId}`;

export async function takeChallenge(kv: Kv, key: string, accountId: number): Promise<string | undefined> {
  const stored = await kv.take(key);
  if (stored === undefined) return undefined;
  try {
    const parsed = Challenge.safeParse(JSON.parse(stored));
    return parsed.success && parsed.data.accountId === accountId ? parsed.data.challenge : undefined;
  } catch {
    return undefined;
  }
}

export { findPasskeys, countPasskeys, type Passkey };

// ————— Enrolment (a signed-in person adds a passkey) —————

/** Options for `navigator.credentials.create`; the challenge is kept for this session, once, 5 minutes. */
export async function startPasskeyEnrolment(
  d: PasskeyDeps,
  input: { account: Pick<AccountRow, 'id' | 'user_id' | 'display_name'>; sessionId: string },
) {
  const rp = relyingParty(d.config);
  const existing = await findPasskeys(d.db, input.account.id);
  const options = await generateRegistrationOptions({
    rpName: rp.rpName,
    rpID: rp.rpID,
    userName: input.account.user_id,
    userDisplayName: input.account.display_name,
    // A stable handle per account, so an authenticator replaces rather than duplicates its passkey.
    userID: new TextEncoder().encode(`dwaar-account-${input.account.id}`),
    timeout: CEREMONY_TIMEOUT_MS,
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({ id: p.id, transports: [...p.transports] })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
  const value = JSON.stringify({ challenge: options.challenge, accountId: input.account.id });
  await d.kv.set(enrolKey(input.sessionId), value, PASSKEY_CHALLENGE_TTL_MS);
  return options;
}

export type EnrolResult =
  | { readonly ok: true; readonly passkey: Passkey }
  | { readonly ok: false; readonly problem: 'no_challenge' | 'invalid' | 'duplicate' | 'name' };

/** Checks the authenticator's answer against this session's challenge (spent either way) and stores the key. */
export async function finishPasskeyEnrolment(
  d: PasskeyDeps,
  input: {
    account: Pick<AccountRow, 'id' | 'user_id'>;
    sessionId: string;
    response: unknown;
    name: string;
    ip: string;
  },
): Promise<EnrolResult> {
  const challenge = await takeChallenge(d.kv, enrolKey(input.sessionId), input.account.id);
  if (challenge === undefined) return { ok: false, problem: 'no_challenge' };
  const name = cleanPasskeyName(input.name);
  if (name === undefined) return { ok: false, problem: 'name' };
  const parsed = RegistrationSchema.safeParse(input.response);
  if (!parsed.success) return { ok: false, problem: 'invalid' };
  const rp = relyingParty(d.config);
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response: parsed.data,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: false,
    });
  } catch {
    return { ok: false, problem: 'invalid' };
  }
  if (!verified.verified) return { ok: false, problem: 'invalid' };
  const info = verified.registrationInfo;
  const now = d.clock.now();
  return d.db.transaction().execute(async (trx): Promise<EnrolResult> => {
    if (await passkeyIdTaken(trx, info.credential.id)) return { ok: false, problem: 'duplicate' };
    const passkey = await insertPasskey(trx, {
      id: info.credential.id,
      accountId: input.account.id,
      name,
      counter: info.credential.counter,
      transports: info.credential.transports ?? parsed.data.response.transports ?? [],
      publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
      deviceType: info.credentialDeviceType,
      backedUp: info.credentialBackedUp,
      createdAt: now,
    });
    await d.audit.append(
      {
        type: 'passkey.enrolled',
        actor: input.account.user_id,
        target: input.account.user_id,
        ip: input.ip,
        detail: { credential: shortId(passkey.id), name, deviceType: info.credentialDeviceType },
      },
      trx,
    );
    return { ok: true, passkey };
  });
}

/** Enough of a credential ID to tell two apart in the audit log. */
export function shortId(id: string): string {
  return id.slice(0, 16);
}

// ————— Managing one's own passkeys —————

/** Renames one of the account's own passkeys; another person's (or none) is refused and audited. */
export async function renamePasskey(
  d: Pick<PasskeyDeps, 'db' | 'audit'>,
  input: { account: Pick<AccountRow, 'id' | 'user_id'>; id: string; name: string; ip: string },
): Promise<'ok' | 'not_found' | 'name'> {
  const name = cleanPasskeyName(input.name);
  if (name === undefined) return 'name';
  return d.db.transaction().execute(async (trx) => {
    const before = await findOwnPasskey(trx, input.account.id, input.id);
    if (!before || !(await renamePasskeyRow(trx, input.account.id, input.id, name))) {
      await refused(d.audit, input, 'rename', trx);
      return 'not_found';
    }
    await d.audit.append(
      {
        type: 'passkey.renamed',
        actor: input.account.user_id,
        target: input.account.user_id,
        ip: input.ip,
        detail: { credential: shortId(input.id), from: before.name, to: name },
      },
      trx,
    );
    return 'ok';
  });
}

/** Removes one of the account's own passkeys; another person's (or none) is refused and audited. */
export async function removePasskey(
  d: Pick<PasskeyDeps, 'db' | 'audit'>,
  input: { account: Pick<AccountRow, 'id' | 'user_id'>; id: string; ip: string },
): Promise<'ok' | 'not_found'> {
  return d.db.transaction().execute(async (trx) => {
    const before = await findOwnPasskey(trx, input.account.id, input.id);
    if (!before || !(await deletePasskeyRow(trx, input.account.id, input.id))) {
      await refused(d.audit, input, 'remove', trx);
      return 'not_found';
    }
    await d.audit.append(
      {
        type: 'passkey.removed',
        actor: input.account.user_id,
        target: input.account.user_id,
        ip: input.ip,
        detail: { credential: shortId(input.id), name: before.name },
      },
      trx,
    );
    return 'ok';
  });
}

async function refused(
  audit: AuditLog,
  input: { account: Pick<AccountRow, 'user_id'>; id: string; ip: string },
  action: 'rename' | 'remove',
  trx: Parameters<AuditLog['append']>[1],
): Promise<void> {
  await audit.append(
    {
      type: 'passkey.refused',
      actor: input.account.user_id,
      ip: input.ip,
      detail: { action, credential: shortId(input.id) },
    },
    trx,
  );
}

// ————— An administrator's reset —————

/**
 * Removes every passkey of `account` on an administrator's word, with the reason, audited, and mails the
 * person (when they have an address) in the same transaction, so the mail goes only if the reset commits.
 */
export async function resetPasskeys(
  d: Pick<PasskeyDeps, 'db' | 'audit' | 'keyring' | 'clock'>,
  input: {
    account: Pick<AccountRow, 'id' | 'user_id' | 'display_name' | 'email'>;
    actor: string;
    reason: string;
    ip: string;
  },
): Promise<number> {
  return d.db.transaction().execute(async (trx) => {
    const removed = await deleteAllPasskeys(trx, input.account.id);
    await d.audit.append(
      {
        type: 'passkey.reset',
        actor: input.actor,
        target: input.account.user_id,
        ip: input.ip,
        detail: { reason: input.reason, removed },
      },
      trx,
    );
    if (input.account.email) {
      const mail = composeMail({
        subject: 'passkeys.resetMailSubject',
        vars: { name: input.account.display_name, reason: input.reason, n: removed },
        blocks: [
          { kind: 'paragraph', key: 'mail.bodyGreeting' },
          { kind: 'paragraph', key: 'passkeys.resetMailBody' },
          { kind: 'paragraph', key: 'passkeys.resetMailReason' },
          { kind: 'paragraph', key: 'passkeys.resetMailNotYou' },
        ],
      });
      await enqueueMail(trx, d.keyring, d.clock, {
        kind: 'passkey_reset',
        to: input.account.email,
        accountId: input.account.id,
        ...mail,
      });
    }
    return removed;
  });
}
