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
export type {
  AccessRequest,
  AgentPosture,
  Channel,
  CompiledPolicy,
  CurrentDocuments,
  Decision,
  DenyReason,
  ExplainLine,
  Explanation,
  PersonFacts,
  PolicyLoad,
  PolicyRuntime,
  ReloadResult,
  ReloadTrigger,
  PolicyProblem,
  PostureCheck,
  PostureValue,
  ProfileSpec,
  ResourceSpec,
  SecondFactorNeed,
  SecondFactorUsed,
  SessionFacts,
  SignInStep,
} from './model.ts';
export { POSTURE_CHECKS, SIGN_IN_STEPS } from './model.ts';
export type { PolicyVersionTable } from './table.ts';
export { loadPolicyText } from './policy-load.ts';
export { createPolicyRuntime, PolicyFileError, type PolicyRuntimeOptions } from './runtime.ts';
export { indiaClock } from './conditions.ts';
export {
  AgentReportSchema,
  PairRequestSchema,
  REPORT_MAX_AGE_MS,
  checkPairRequest,
  verifyAgentReport,
  type AgentReport,
  type ReportRejection,
} from './agent-report.ts';
