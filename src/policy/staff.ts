import type { FastifyRequest } from 'fastify';
import type { Role } from '../accounts/table.ts';
import { AppError } from '../errors.ts';
import type { Permission, Scope } from './permissions.ts';

/** The signed-in administrator, and the reach of the permission the route declared. */
export interface Staff {
  readonly sessionId: string;
  readonly accountId: number;
  readonly userId: string;
  readonly displayName: string;
  readonly role: Role;
  readonly zoneId: string | null;
  readonly districtId: string | null;
  /** The permission the route declared (or `console.use`), and how far it reaches for this person. */
  readonly permission: Permission;
  readonly scope: Scope;
  /** CSRF token for this staff member's forms. */
  readonly csrf: string;
}

/** Where a record sits in the directory, for scope checks. */
export interface Placement {
  readonly zoneId: string | null;
  readonly districtId: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the console scope before any console route runs; undefined everywhere else. */
    staff: Staff | undefined;
  }
  interface FastifyContextConfig {
    /** What a console route needs; routes that name none need `console.use`. */
    permission?: Permission;
  }
}

/** True when `staff`'s scope reaches `target`. Missing placement data never passes a zone or district scope. */
export function reaches(staff: Pick<Staff, 'scope' | 'zoneId' | 'districtId'>, target: Placement): boolean {
  switch (staff.scope) {
    case 'all':
      return true;
    case 'zone':
      return staff.zoneId !== null && target.zoneId === staff.zoneId;
    case 'district':
      return staff.districtId !== null && target.districtId === staff.districtId;
  }
}

/**
 * The staff member the console scope resolved for this request. A route registered outside that scope has
 * none, and fails closed here rather than running as nobody.
 */
export function staffOf(request: FastifyRequest): Staff {
  if (!request.staff) throw new AppError('SESSION_REQUIRED');
  return request.staff;
}

/**
 * Refuses a record the staff member's scope does not reach. The console scope audits every FORBIDDEN it
 * answers, naming the permission.
 */
export function requireReach(staff: Staff, target: Placement): void {
  if (!reaches(staff, target)) throw new AppError('FORBIDDEN');
}
