import type { FastifyRequest } from 'fastify';
import type { AccessDecider, ResourceRoute, ResourceTable } from '../gateway/index.ts';
import type { MessageKey } from '../i18n/index.ts';
import type { Decision, DenyReason } from '../policy/index.ts';
import type { LiveSession } from '../session/index.ts';

/** A resource with the policy's decision for this session now. */
export interface ResourceGrant {
  readonly resource: ResourceRoute;
  readonly decision: Decision;
}

/** The policy's decision on every resource, for the session making this request. */
export function grantsFor(
  deps: { readonly resources: ResourceTable; readonly access: AccessDecider },
  session: LiveSession,
  request: Pick<FastifyRequest, 'ip'>,
): ResourceGrant[] {
  return deps.resources
    .all()
    .map((resource) => ({ resource, decision: deps.access.decide(session, resource.id, request.ip) }));
}

/** What to tell the officer about each reason the policy can give, in their language. */
export const DENY_MESSAGE = {
  UNKNOWN_RESOURCE: 'denyGeneric',
  RESOURCE_DISABLED: 'denyGeneric',
  ACCOUNT_NOT_ACTIVE: 'denyGeneric',
  ACCESS_EXPIRED: 'denyExpired',
  DENIED_BY_RULE: 'denyGeneric',
  NO_RULES: 'denyGeneric',
  ROLE_NOT_GRANTED: 'denyRole',
  ZONE_NOT_GRANTED: 'access.denyZone',
  DISTRICT_NOT_GRANTED: 'access.denyDistrict',
  WING_NOT_GRANTED: 'denyWing',
  RANK_NOT_GRANTED: 'access.denyRank',
  OFFICE_OPEN: 'denyOfficeOpen',
  OFFICE_CLOSED: 'access.denyOfficeClosed',
  ACKNOWLEDGEMENT_REQUIRED: 'access.denyAcknowledgement',
  SECOND_FACTOR_REQUIRED: 'access.denySecondFactor',
  DEVICE_NOT_TRUSTED: 'access.denyDevice',
  POSTURE_REQUIRED: 'access.denyPostureRequired',
  POSTURE_FAILED: 'access.denyPostureFailed',
  OUTSIDE_HOURS: 'access.denyHours',
  NETWORK_NOT_ALLOWED: 'access.denyNetwork',
} as const satisfies Record<DenyReason, MessageKey>;
