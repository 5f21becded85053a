export {
  decideAccess,
  type AccessDecision,
  type AccessResource,
  type AccessSubject,
  type DenyReason,
} from './access.ts';
export {
  InspectionReportSchema,
  MIN_BROWSER,
  inspectDevice,
  type CheckId,
  type CheckResult,
  type InspectionReport,
} from './inspection.ts';
export { PERMISSIONS, PERMISSION_NAMES, scopeOf, type Permission, type Scope } from './permissions.ts';
export { reaches, requireReach, staffOf, type Placement, type Staff } from './staff.ts';
