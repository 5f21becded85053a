import type { Clock } from '../clock.ts';
import type { Decision, PersonFacts, PolicyRuntime, SessionFacts } from '../policy/index.ts';
import type { LiveSession } from '../session/index.ts';

/** Decides, per request, whether a session may use a resource: the live policy on the session's facts. */
export interface AccessDecider {
  decide(session: LiveSession, resourceId: string, ip: string): Decision;
}

export function createAccessDecider(policy: PolicyRuntime, clock: Clock): AccessDecider {
  // Deciding is synchronous, so one request object is reused rather than made per request.
  const request: { person: PersonFacts; session: SessionFacts; ip: string; now: number } = {
    person: undefined as unknown as PersonFacts,
    session: undefined as unknown as SessionFacts,
    ip: '',
    now: 0,
  };
  return {
    decide(session, resourceId, ip) {
      request.person = session.person;
      request.session = session.facts;
      request.ip = ip;
      request.now = clock.now();
      return policy.current().decide(resourceId, request, policy.documents());
    },
  };
}
