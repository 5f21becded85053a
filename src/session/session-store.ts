import type { Transaction } from 'kysely';
import { randomToken, safeEqual, sha256, splitToken } from '../crypto/index.ts';
import type { Database } from '../store/index.ts';
import type { BindingLookup, NewSession, SessionLookup, SessionStoreOptions } from './session-types.ts';
import { AppError } from '../errors.ts';
import { createSessionBus } from './session-bus.ts';
import { createSessionIds } from './session-id.ts';
import { createFactsRefresher, sessionFactsOf } from './session-facts.ts';
import {
  sessionEndedAt,
  sessionProblem,
  type EndReason,
  type LiveSession,
  type ResourceBinding,
} from './live-session.ts';
import {
  findBindingRow,
  findSessionRow,
  insertBinding,
  insertSession,
  lockAccountStatus,
  markSessionEnded,
  updateLastSeen,
} from './repository.ts';

/** lastSeenAt is written back at most this often, so busy sessions do not write on every request. */
const PERSIST_EVERY_MS = 60_000;

export type SessionStore = ReturnType<typeof createSessionStore>;

/**
 * Sessions live in the database and in memory. Reads come from memory; a miss (a session made on another
 * node, or before a restart) loads once from the database. Ending a session is broadcast over the kv bus,
 * so every node drops it at once.
 */
export function createSessionStore(o: SessionStoreOptions) {
  const sessions = new Map<string, LiveSession>();
  const bindings = new Map<string, ResourceBinding>();
  const bindingsBySession = new Map<string, Set<string>>();
  /**
   * Resource cookies already checked against their stored hash, by their full value. A browser sends the
   * same cookie on every request, so after the first one the proxy path is a single map lookup; the key is
   * the whole 256-bit secret, so a guess can only miss.
   */
  const verified = new Map<string, ResourceBinding>();
  const ids = createSessionIds(o.idKey);
  const facts = createFactsRefresher({
    db: o.db,
    kv: o.kv,
    onError: o.onError,
    sessions,
    loadSubject: (accountId) => o.loadSubject(accountId),
  });
  /** Told whenever a session leaves this node's memory as ended (the gateway closes its tunnels). */
  const endedListeners = new Set<(sessionId: string, reason: EndReason) => void>();
  const bus = createSessionBus({
    db: o.db,
    kv: o.kv,
    onError: o.onError,
    cachedIds: () => [...sessions.keys()],
    forget,
  });

  function forget(sessionId: string, reason: EndReason): void {
    const live = sessions.get(sessionId);
    if (live) {
      live.endReason = reason;
      live.endedAt ??= sessionEndedAt(live) ?? o.clock.now();
    }
    sessions.delete(sessionId);
    for (const bid of bindingsBySession.get(sessionId) ?? []) {
      const binding = bindings.get(bid);
      if (binding?.verifiedToken !== undefined) verified.delete(binding.verifiedToken);
      bindings.delete(bid);
    }
    bindingsBySession.delete(sessionId);
    for (const listener of endedListeners) listener(sessionId, reason);
  }

  function onEnded(listener: (sessionId: string, reason: EndReason) => void): () => void {
    endedListeners.add(listener);
    return () => endedListeners.delete(listener);
  }

  async function loadSession(id: string): Promise<LiveSession | undefined> {
    const row = await findSessionRow(o.db, id);
    if (!row) return undefined;
    const loaded = await o.loadSubject(row.account_id);
    if (!loaded) return undefined;
    const session: LiveSession = {
      id: row.id,
      secretHash: row.secret_hash,
      subject: loaded.subject,
      person: loaded.person,
      facts: sessionFactsOf(row),
      deviceId: row.device_id,
      stale: false,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      idleTimeoutMs: row.idle_timeout_s * 1000,
      lastSeenAt: row.last_seen_at,
      persistedLastSeenAt: row.last_seen_at,
      endReason: (row.end_reason as EndReason | null) ?? undefined,
      endedAt: row.ended_at ?? undefined,
    };
    if (!session.endReason) sessions.set(id, session);
    return session;
  }

  async function expire(session: LiveSession, reason: EndReason): Promise<void> {
    await end(session.id, reason, session.subject.userId);
  }

  /** Ends a session everywhere; idempotent. */
  async function end(sessionId: string, reason: EndReason, actor: string): Promise<void> {
    forget(sessionId, reason);
    const now = o.clock.now();
    const changed = await o.db.transaction().execute(async (trx) => {
      if (!(await markSessionEnded(trx, sessionId, reason, now))) return false;
      await o.audit.append({ type: 'session.ended', actor, target: sessionId, detail: { reason } }, trx);
      return true;
    });
    if (changed) await bus.publishEnded(sessionId, reason);
  }

  function touch(session: LiveSession, now: number): void {
    session.lastSeenAt = now;
    if (now - session.persistedLastSeenAt < PERSIST_EVERY_MS) return;
    session.persistedLastSeenAt = now;
    updateLastSeen(o.db, session.id, now).catch(o.onError);
  }

  /** Checks liveness, expiring the session (with its audit record) when a limit has passed. */
  function checkLive(session: LiveSession, now: number): EndReason | undefined {
    const problem = sessionProblem(session, now);
    if (problem && !session.endReason) {
      session.endReason = problem;
      expire(session, problem).catch(o.onError);
    }
    return problem;
  }

  /**
   * Creates a session for an active account. `record` runs inside the same transaction, after the session
   * row is written (the sign-in's acknowledgement and audit records), so they commit or fail together.
   */
  async function create(
    input: NewSession,
    record?: (trx: Transaction<Database>, session: LiveSession) => Promise<void>,
  ): Promise<{ session: LiveSession; token: string }> {
    const now = o.clock.now();
    const id = ids.issue();
    const secret = randomToken(32);
    const idleTimeoutS = input.idleTimeoutS ?? o.idleTimeoutS;
    const session: LiveSession = {
      id,
      secretHash: sha256(secret),
      subject: input.subject,
      person: input.person,
      facts: input.facts,
      deviceId: input.deviceId,
      stale: false,
      createdAt: now,
      expiresAt: now + (input.absoluteTimeoutS ?? o.absoluteTimeoutS) * 1000,
      idleTimeoutMs: idleTimeoutS * 1000,
      lastSeenAt: now,
      persistedLastSeenAt: now,
      endReason: undefined,
    };
    // The account is read and the session written in one transaction (the account row share-locked on
    // PostgreSQL), so a revocation committing meanwhile either comes first and stops this, or comes after
    // and finds this session to end.
    const written = await o.db.transaction().execute(async (trx) => {
      if ((await lockAccountStatus(trx, o.dialect, input.subject.accountId)) !== 'active') return false;
      await insertSession(trx, {
        id,
        secret_hash: session.secretHash,
        account_id: input.subject.accountId,
        created_at: now,
        last_seen_at: now,
        expires_at: session.expiresAt,
        idle_timeout_s: idleTimeoutS,
        ended_at: null,
        end_reason: null,
        ip: input.ip,
        user_agent: input.userAgent?.slice(0, 300) ?? null,
        device_id: input.deviceId,
        disclaimer_version: input.disclaimerVersion,
        mfa: input.facts.secondFactor === 'none' ? 0 : 1,
        mfa_method: input.facts.secondFactor === 'none' ? null : input.facts.secondFactor,
        posture: null,
        posture_at: null,
      });
      await record?.(trx, session);
      return true;
    });
    if (!written) throw new AppError('ACCOUNT_NOT_ACTIVE');
    sessions.set(id, session);
    return { session, token: `${id}.${secret}` };
  }

  /** Resolves the portal session cookie. Touches the session when it is live, unless only peeking. */
  async function authenticate(token: string | undefined, peek = false): Promise<SessionLookup> {
    const parts = splitToken(token);
    if (!parts) return { ok: false, reason: token ? 'invalid' : 'missing' };
    await bus.pending();
    const session =
      sessions.get(parts.id) ?? (ids.isGenuine(parts.id) ? await loadSession(parts.id) : undefined);
    if (!session || !safeEqual(sha256(parts.secret), session.secretHash))
      return { ok: false, reason: 'invalid' };
    const now = o.clock.now();
    const problem = checkLive(session, now);
    if (problem) return { ok: false, reason: problem };
    if (!peek) touch(session, now);
    if (session.stale) await facts.refresh(session);
    return { ok: true, session };
  }

  /** A live session by ID alone, for redeeming a hand-off code that already proves the bearer. */
  async function findLive(id: string): Promise<LiveSession | undefined> {
    await bus.pending();
    const session = sessions.get(id) ?? (await loadSession(id));
    if (!session || checkLive(session, o.clock.now())) return undefined;
    return session;
  }

  /** Issues a resource cookie for `host`, bound to `session`. */
  async function bind(session: LiveSession, host: string): Promise<string> {
    const id = ids.issue();
    const secret = randomToken(32);
    const binding: ResourceBinding = {
      id,
      secretHash: sha256(secret),
      host,
      session,
      assertion: undefined,
      assertionRefreshAt: 0,
      verifiedToken: undefined,
    };
    await insertBinding(o.db, {
      id,
      secret_hash: binding.secretHash,
      session_id: session.id,
      host,
      created_at: o.clock.now(),
    });
    remember(binding);
    return `${id}.${secret}`;
  }

  function remember(binding: ResourceBinding): void {
    bindings.set(binding.id, binding);
    let set = bindingsBySession.get(binding.session.id);
    if (!set) bindingsBySession.set(binding.session.id, (set = new Set()));
    set.add(binding.id);
  }

  async function loadBinding(id: string): Promise<ResourceBinding | undefined> {
    const row = await findBindingRow(o.db, id);
    if (!row) return undefined;
    const session = sessions.get(row.session_id) ?? (await loadSession(row.session_id));
    if (!session) return undefined;
    const binding: ResourceBinding = {
      id: row.id,
      secretHash: row.secret_hash,
      host: row.host,
      session,
      assertion: undefined,
      assertionRefreshAt: 0,
      verifiedToken: undefined,
    };
    if (!session.endReason) remember(binding);
    return binding;
  }

  function judgeBinding(
    binding: ResourceBinding | undefined,
    token: string,
    secret: string,
    host: string,
    peek: boolean,
  ): BindingLookup | Promise<BindingLookup> {
    if (!binding || binding.host !== host || !safeEqual(sha256(secret), binding.secretHash)) {
      return { ok: false, reason: 'invalid' };
    }
    if (!binding.session.endReason && sessions.has(binding.session.id)) {
      binding.verifiedToken = token;
      verified.set(token, binding);
    }
    return judgeLive(binding, host, peek);
  }

  function judgeLive(
    binding: ResourceBinding,
    host: string,
    peek = false,
  ): BindingLookup | Promise<BindingLookup> {
    if (binding.host !== host) return { ok: false, reason: 'invalid' };
    const now = o.clock.now();
    const problem = checkLive(binding.session, now);
    if (problem) return { ok: false, reason: problem, endedAt: sessionEndedAt(binding.session) };
    // The session bar's status poll peeks: reading the time left must not extend it.
    if (!peek) touch(binding.session, now);
    // Facts that changed since the last request are reloaded before the policy decides on them.
    if (binding.session.stale)
      return facts.refresh(binding.session).then(() => ({ ok: true, binding }) as const);
    return { ok: true, binding };
  }

  /**
   * The proxy path's check. Answers synchronously from memory when it can (the common case);
   * returns a promise only when the binding must be loaded from the database.
   */
  function resolveBinding(
    token: string | undefined,
    host: string,
    peek = false,
  ): BindingLookup | Promise<BindingLookup> {
    if (token === undefined) return { ok: false, reason: 'missing' };
    // Just after a bus reconnect, memory may hold sessions ended meanwhile: wait for the check.
    const pending = bus.pending();
    if (pending) return pending.then(() => resolveBinding(token, host, peek));
    const known = verified.get(token);
    if (known) return judgeLive(known, host, peek);
    const parts = splitToken(token);
    if (!parts) return { ok: false, reason: 'invalid' };
    const cached = bindings.get(parts.id);
    if (cached) return judgeBinding(cached, token, parts.secret, host, peek);
    if (!ids.isGenuine(parts.id)) return { ok: false, reason: 'invalid' };
    return loadBinding(parts.id).then((b) => judgeBinding(b, token, parts.secret, host, peek));
  }

  /**
   * Ends the sessions in memory whose idle or absolute limit has passed, so abandoned sessions are recorded
   * as ended and leave memory even when their browser never returns. Returns how many were ended.
   */
  async function sweep(): Promise<number> {
    const now = o.clock.now();
    const due = [...sessions.values()].filter((s) => !s.endReason && sessionProblem(s, now));
    for (const s of due) {
      const reason = sessionProblem(s, now);
      if (reason) {
        s.endReason = reason;
        await expire(s, reason);
      }
    }
    return due.length;
  }

  async function subscribe(): Promise<void> {
    await bus.subscribe();
    await facts.subscribe();
  }

  return {
    subscribe,
    refreshFacts: facts.refreshFacts,
    setPosture: facts.setPosture,
    /** Drops cached sessions that ended elsewhere (the periodic check; see session-bus.ts). */
    revalidate: bus.revalidate,
    onEnded,
    /** Whether a session held elsewhere (a live tunnel) is still live now; expires it when a limit passed. */
    stillLive: (session: LiveSession) => !checkLive(session, o.clock.now()) && sessions.has(session.id),
    create,
    authenticate,
    findLive,
    bind,
    resolveBinding,
    end,
    sweep,
    size: () => sessions.size,
  };
}
