import { generateAuthenticationOptions, verifyAuthenticationResponse } from '@simplewebauthn/server';
import type { AccountRow, Role } from '../accounts/index.ts';
import type { PolicyRuntime, SecondFactorNeed } from '../policy/index.ts';
import type { SignInChannel } from './flow.ts';
import {
  AssertionSchema,
  CEREMONY_TIMEOUT_MS,
  PASSKEY_CHALLENGE_TTL_MS,
  relyingParty,
  takeChallenge,
  type PasskeyDeps,
} from './passkeys.ts';
import { findOwnPasskey, findPasskeys, recordPasskeyUse } from './passkeys-repository.ts';
import { acceptSecondFactor } from './repository.ts';
import { lockedUntil, recordSecondFactorFailure } from './second-factor.ts';

const signInKey = (channel: SignInChannel, flowNonce: string) => `passkey-signin:${channel}:${flowNonce}`;

// ————— Sign-in with a passkey (the second factor) —————

/**
 * Options for `navigator.credentials.get`, naming the account's own passkeys; the challenge is bound to this
 * sign-in flow, this channel and this account, once, 5 minutes. Undefined when the account has none.
 */
export async function startPasskeySignIn(
  d: PasskeyDeps,
  input: { accountId: number; channel: SignInChannel; flowNonce: string },
) {
  const passkeys = await findPasskeys(d.db, input.accountId);
  if (passkeys.length === 0) return undefined;
  const options = await generateAuthenticationOptions({
    rpID: relyingParty(d.config).rpID,
    allowCredentials: passkeys.map((p) => ({ id: p.id, transports: [...p.transports] })),
    timeout: CEREMONY_TIMEOUT_MS,
    userVerification: 'preferred',
  });
  const value = JSON.stringify({ challenge: options.challenge, accountId: input.accountId });
  await d.kv.set(signInKey(input.channel, input.flowNonce), value, PASSKEY_CHALLENGE_TTL_MS);
  return options;
}

export type PasskeySignInResult =
  | { readonly kind: 'ok'; readonly method: 'passkey' }
  | { readonly kind: 'failed'; readonly attemptsLeft: number }
  | { readonly kind: 'locked'; readonly until: number };

/** Why a passkey sign-in failed, for the audit record only (never for the person: that names no factor). */
type FailReason = 'no_challenge' | 'malformed' | 'unknown_credential' | 'invalid' | 'counter' | 'raced';

/**
 * Checks a passkey's assertion for the account whose password was accepted: the challenge of this flow
 * (spent either way), a credential of this account, the signature, and a signature counter that moved on
 * (a cloned authenticator shows an old one). Failures count towards the same lockout as wrong codes.
 */
export async function finishPasskeySignIn(
  d: PasskeyDeps,
  input: { account: AccountRow; channel: SignInChannel; flowNonce: string; response: unknown; ip: string },
): Promise<PasskeySignInResult> {
  const { account } = input;
  const until = lockedUntil(d, account);
  if (until !== undefined) {
    await d.audit.append({
      type: 'login.rejected_locked',
      actor: account.user_id,
      ip: input.ip,
      detail: { until, factor: 'second' },
    });
    d.metrics?.signIn('locked');
    return { kind: 'locked', until };
  }
  const checked = await checkAssertion(d, input);
  if (checked.ok) {
    await d.kv.del(`fail:${account.user_id}`);
    await d.kv.del(`mfa-fail:${account.user_id}`);
    await acceptSecondFactor(d.db, account.id);
    return { kind: 'ok', method: 'passkey' };
  }
  return recordPasskeyFailure(d, account, input.ip, checked.why, input.channel);
}

async function checkAssertion(
  d: PasskeyDeps,
  input: { account: AccountRow; channel: SignInChannel; flowNonce: string; response: unknown },
): Promise<{ ok: true } | { ok: false; why: FailReason }> {
  const challenge = await takeChallenge(d.kv, signInKey(input.channel, input.flowNonce), input.account.id);
  if (challenge === undefined) return { ok: false, why: 'no_challenge' };
  const parsed = AssertionSchema.safeParse(input.response);
  if (!parsed.success) return { ok: false, why: 'malformed' };
  // Only this account's credentials count: another person's passkey is as good as none.
  const passkey = await findOwnPasskey(d.db, input.account.id, parsed.data.id);
  if (!passkey) return { ok: false, why: 'unknown_credential' };
  const rp = relyingParty(d.config);
  let verified;
  try {
    verified = await verifyAuthenticationResponse({
      response: parsed.data,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      credential: {
        id: passkey.id,
        publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')),
        counter: passkey.counter,
        transports: [...passkey.transports],
      },
      requireUserVerification: false,
    });
  } catch (error) {
    const counter = error instanceof Error && /counter/i.test(error.message);
    return { ok: false, why: counter ? 'counter' : 'invalid' };
  }
  if (!verified.verified) return { ok: false, why: 'invalid' };
  const next = verified.authenticationInfo.newCounter;
  // Authenticators that keep no counter send 0 every time; one that keeps one must move it forward.
  if ((next !== 0 || passkey.counter !== 0) && next <= passkey.counter) return { ok: false, why: 'counter' };
  const recorded = await recordPasskeyUse(d.db, {
    id: passkey.id,
    accountId: input.account.id,
    previousCounter: passkey.counter,
    counter: next,
    now: d.clock.now(),
  });
  return recorded ? { ok: true } : { ok: false, why: 'raced' };
}

/** Counts a failed passkey like a wrong code: the same counts, the same lockout. */
async function recordPasskeyFailure(
  d: PasskeyDeps,
  account: AccountRow,
  ip: string,
  why: FailReason,
  channel: SignInChannel,
): Promise<PasskeySignInResult> {
  const deps = {
    db: d.db,
    kv: d.kv,
    clock: d.clock,
    audit: d.audit,
    keyring: d.keyring,
    lockout: d.config.lockout,
    metrics: d.metrics,
  };
  const result = await recordSecondFactorFailure(
    deps,
    account,
    ip,
    { method: 'passkey', why, channel },
    'login.passkey_failed',
  );
  return result.kind === 'ok' ? { kind: 'failed', attemptsLeft: 0 } : result;
}

/** What the channel's access profile asks of this role's second factor. */
export function secondFactorNeed(
  policy: Pick<PolicyRuntime, 'current'>,
  channel: SignInChannel,
  role: Role,
): SecondFactorNeed {
  return policy.current().profile(channel).secondFactorFor(role);
}
