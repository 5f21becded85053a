import { translator, type MessageKey } from './i18n/index.ts';

/**
 * Every failure Dwaar answers with: its HTTP status and the catalogue messages that explain it (a heading,
 * and the sentence beneath it). Services return or throw these codes; routes never pick a status or a
 * sentence of their own, so one refusal reads the same wherever it happens.
 */
export const ERRORS = {
  BAD_REQUEST: { status: 400, title: 'badRequestTitle', body: 'badRequestBody' },
  VALIDATION_FAILED: { status: 400, title: 'errorSummary', body: 'badRequestBody' },
  SESSION_REQUIRED: { status: 401, title: 'sessionRequiredTitle', body: 'sessionRequiredBody' },
  LOGIN_FAILED: { status: 401, title: 'loginTitle', body: 'errLoginFailed' },
  CSRF_FAILED: { status: 403, title: 'forbiddenTitle', body: 'errCsrf' },
  FORBIDDEN: { status: 403, title: 'forbiddenTitle', body: 'forbiddenBody' },
  ACCESS_DENIED: { status: 403, title: 'forbiddenTitle', body: 'forbiddenBody' },
  ACCOUNT_NOT_ACTIVE: { status: 403, title: 'loginTitle', body: 'errNotActive' },
  ACCOUNT_NOT_ACTIVATED: { status: 403, title: 'loginTitle', body: 'errNotActivated' },
  CONSOLE_NOT_ALLOWED: { status: 403, title: 'forbiddenTitle', body: 'consoleNotAllowed' },
  NOT_FOUND: { status: 404, title: 'notFoundTitle', body: 'notFoundBody' },
  CONFLICT: { status: 409, title: 'conflictTitle', body: 'conflictBody' },
  GONE: { status: 410, title: 'goneTitle', body: 'goneBody' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'badRequestTitle', body: 'tooLargeBody' },
  UNPROCESSABLE: { status: 422, title: 'errorSummary', body: 'badRequestBody' },
  ACCOUNT_LOCKED: { status: 423, title: 'loginTitle', body: 'errLockedShort' },
  RATE_LIMITED: { status: 429, title: 'loginTitle', body: 'errRateLimited' },
  FLOW_EXPIRED: { status: 440, title: 'loginTitle', body: 'errFlowExpired' },
  INTERNAL: { status: 500, title: 'serverErrorTitle', body: 'serverErrorBodyShort' },
  UPSTREAM_UNAVAILABLE: { status: 502, title: 'upstreamDownTitle', body: 'upstreamDownBody' },
  SERVICE_UNAVAILABLE: { status: 503, title: 'serverErrorTitle', body: 'unavailableBody' },
  UPSTREAM_TIMEOUT: { status: 504, title: 'upstreamDownTitle', body: 'upstreamTimeoutBody' },
  // Accounts, district offices, activation links and the guide: what their services refuse.
  ACCOUNT_SELF: { status: 409, title: 'conflictTitle', body: 'accounts.errSelf' },
  ACCOUNT_INVALID_TRANSITION: { status: 409, title: 'conflictTitle', body: 'accounts.noActions' },
  ACCOUNT_CHANGED: { status: 409, title: 'conflictTitle', body: 'accounts.errChanged' },
  ACCOUNT_NO_EMAIL: { status: 409, title: 'conflictTitle', body: 'accounts.errNoEmail' },
  OFFICE_STATUS_UNCHANGED: { status: 400, title: 'errorSummary', body: 'directory.errUnchanged' },
  LINK_UNKNOWN: { status: 404, title: 'provisioning.linkUnknownTitle', body: 'provisioning.linkUnknownBody' },
  LINK_USED: { status: 410, title: 'provisioning.linkUsedTitle', body: 'provisioning.linkUsedBody' },
  LINK_EXPIRED: { status: 410, title: 'provisioning.linkExpiredTitle', body: 'provisioning.linkExpiredBody' },
  LINK_SUPERSEDED: {
    status: 410,
    title: 'provisioning.linkSupersededTitle',
    body: 'provisioning.linkSupersededBody',
  },
  ACCOUNT_ALREADY_ACTIVE: {
    status: 409,
    title: 'provisioning.alreadyActiveTitle',
    body: 'provisioning.alreadyActiveBody',
  },
  LINK_WRONG_STATUS: {
    status: 409,
    title: 'provisioning.wrongStatusTitle',
    body: 'provisioning.wrongStatusBody',
  },
  ACTIVATION_STOPPED: {
    status: 440,
    title: 'provisioning.stateExpiredTitle',
    body: 'provisioning.stateExpiredBody',
  },
  CONFIDENTIALITY_UNPUBLISHED: { status: 503, title: 'serverErrorTitle', body: 'provisioning.noDocument' },
  GUIDE_PDF_UNAVAILABLE: {
    status: 503,
    title: 'guide.pdfUnavailableTitle',
    body: 'guide.pdfUnavailableBody',
  },

  FORM_NOT_UNDERSTOOD: {
    status: 400,
    title: 'proposals.workflow.badFormTitle',
    body: 'proposals.workflow.badFormBody',
  },
  SEPARATION_OF_DUTIES: {
    status: 403,
    title: 'proposals.workflow.ownTitle',
    body: 'proposals.workflow.ownBody',
  },
  PROPOSAL_NOT_FOUND: {
    status: 404,
    title: 'proposals.workflow.notFoundTitle',
    body: 'proposals.workflow.notFoundBody',
  },
  PROPOSAL_NOT_SUBMITTED: {
    status: 409,
    title: 'proposals.workflow.notSubmittedTitle',
    body: 'proposals.workflow.notSubmittedBody',
  },
  // Proposals: what the workflow, HQ review and the CSV import refuse (shown on the form they concern).
  PROPOSAL_NO_OFFICERS: { status: 400, title: 'errorSummary', body: 'proposals.workflow.errNoOfficers' },
  PROPOSAL_TOO_MANY_OFFICERS: { status: 400, title: 'errorSummary', body: 'proposals.workflow.errTooMany' },
  PROPOSAL_ZONE_REQUIRED: { status: 400, title: 'errorSummary', body: 'proposals.workflow.errUnknownZone' },
  PROPOSAL_OFFICERS_INELIGIBLE: {
    status: 400,
    title: 'errorSummary',
    body: 'proposals.workflow.errNothingCreated',
  },
  PROPOSAL_NOTHING_SELECTED: {
    status: 400,
    title: 'errorSummary',
    body: 'proposals.workflow.errNothingSelected',
  },
  PROPOSAL_EMPTY: { status: 400, title: 'errorSummary', body: 'proposals.workflow.errEmpty' },
  PROPOSAL_NOT_DRAFT: { status: 409, title: 'conflictTitle', body: 'proposals.workflow.errNotDraft' },
  PROPOSAL_DECISION_CONFLICT: { status: 409, title: 'conflictTitle', body: 'proposals.workflow.errConflict' },
  PROPOSAL_NONE_ELIGIBLE: { status: 409, title: 'conflictTitle', body: 'proposals.workflow.bulkNone' },
  IMPORT_FORM_UNREADABLE: { status: 400, title: 'errorSummary', body: 'proposals.import.errNoCsv' },
  IMPORT_CSV_MISSING: { status: 422, title: 'errorSummary', body: 'proposals.import.errNoCsv' },
  IMPORT_ZONE_REQUIRED: { status: 422, title: 'errorSummary', body: 'proposals.import.errZone' },
  IMPORT_FILE_REJECTED: { status: 422, title: 'errorSummary', body: 'proposals.import.errFile' },
  IMPORT_FILE_TOO_LARGE: { status: 413, title: 'errorSummary', body: 'proposals.import.errFile' },
  IMPORT_ROWS_REJECTED: { status: 422, title: 'errorSummary', body: 'proposals.import.errMustDrop' },
  IMPORT_NOTHING_VALID: { status: 422, title: 'errorSummary', body: 'proposals.import.errNothingValid' },
  IMPORT_DIRECTORY_CHANGED: { status: 409, title: 'conflictTitle', body: 'proposals.import.errChanged' },
  IMPORT_UPLOAD_EXPIRED: { status: 410, title: 'goneTitle', body: 'proposals.import.errExpired' },
  // Proxy and hand-off.
  MISDIRECTED_REQUEST: { status: 421, title: 'proxy.misdirectedTitle', body: 'proxy.misdirectedBody' },
  // Sign-in defences.
  UNLOCK_LINK_INVALID: { status: 410, title: 'signin.unlockTitle', body: 'signin.errUnlockInvalid' },
  // Operations: faults, readiness, storage.
  DATABASE_UNAVAILABLE: { status: 503, title: 'ops.unavailableTitle', body: 'ops.databaseUnavailableBody' },
  KV_UNAVAILABLE: { status: 503, title: 'ops.unavailableTitle', body: 'ops.kvUnavailableBody' },
  REPLICA_UNAVAILABLE: { status: 503, title: 'ops.unavailableTitle', body: 'ops.replicaUnavailableBody' },
  STORAGE_FULL: { status: 503, title: 'ops.unavailableTitle', body: 'ops.storageFullBody' },
  STORAGE_FAILED: { status: 503, title: 'ops.unavailableTitle', body: 'ops.storageFailedBody' },
  // Accounts and the console.
  // Devices and sessions: an administrator's end or revocation without a usable reason.
  SESSION_REASON_INVALID: { status: 400, title: 'errorSummary', body: 'devices.errReason' },
  // The access policy in the console: explain's form, and a reload that found errors in the file.
  POLICY_EXPLAIN_INVALID: { status: 400, title: 'errorSummary', body: 'policy.errForm' },
  POLICY_UNKNOWN_USER: { status: 404, title: 'errorSummary', body: 'policy.errUnknownUser' },
  POLICY_UNKNOWN_RESOURCE: { status: 404, title: 'errorSummary', body: 'policy.errUnknownResource' },
  POLICY_REJECTED: { status: 422, title: 'errorSummary', body: 'policy.rejectedLead' },
  // The endpoint inspector (dwaar-inspect): pairing and signed reports.
  INSPECTOR_MALFORMED: { status: 400, title: 'inspector.errTitle', body: 'inspector.errMalformed' },
  INSPECTOR_CODE_UNKNOWN: { status: 404, title: 'inspector.errTitle', body: 'inspector.errCodeUnknown' },
  INSPECTOR_NONCE_UNKNOWN: { status: 404, title: 'inspector.errTitle', body: 'inspector.errNonceUnknown' },
  INSPECTOR_PAIR_SIGNATURE: { status: 400, title: 'inspector.errTitle', body: 'inspector.errPairSignature' },
  INSPECTOR_BAD_SIGNATURE: { status: 403, title: 'inspector.errTitle', body: 'inspector.errBadSignature' },
  INSPECTOR_DEVICE_REVOKED: { status: 403, title: 'inspector.errTitle', body: 'inspector.errDeviceRevoked' },
  INSPECTOR_NOT_PAIRED: { status: 409, title: 'inspector.errTitle', body: 'inspector.errNotPaired' },
  INSPECTOR_ALREADY_PAIRED: { status: 409, title: 'inspector.errTitle', body: 'inspector.errAlreadyPaired' },
  INSPECTOR_SESSION_ENDED: { status: 410, title: 'inspector.errTitle', body: 'inspector.errSessionEnded' },
  INSPECTOR_STALE: { status: 422, title: 'inspector.errTitle', body: 'inspector.errStale' },
  // Circulars: drafting, issuing and attachments (issue 10).
  CIRCULAR_NOT_FOUND: { status: 404, title: 'notFoundTitle', body: 'circulars.errNotFound' },
  CIRCULAR_NOT_DRAFT: { status: 409, title: 'conflictTitle', body: 'circulars.errNotDraft' },
  CIRCULAR_NOT_ISSUED: { status: 409, title: 'conflictTitle', body: 'circulars.errNotIssued' },
  CIRCULAR_NO_RECIPIENTS: {
    status: 422,
    title: 'circulars.errIssueTitle',
    body: 'circulars.errResolvedNobody',
  },
  CIRCULAR_ALREADY_ATTESTED: { status: 409, title: 'conflictTitle', body: 'circulars.errAlreadyAttested' },
  CIRCULAR_ZONE_NOT_REACHED: {
    status: 422,
    title: 'circulars.errAttestTitle',
    body: 'circulars.errZoneNotReached',
  },
  CIRCULAR_ATTEST_INVALID: {
    status: 400,
    title: 'circulars.errAttestTitle',
    body: 'circulars.errAttestInvalid',
  },
  CIRCULAR_REASON_REQUIRED: { status: 400, title: 'errorSummary', body: 'circulars.errReason' },
  CIRCULAR_ATTACHMENT_TOO_LARGE: {
    status: 413,
    title: 'circulars.errAttachmentTitle',
    body: 'circulars.errTooLarge',
  },
  CIRCULAR_ATTACHMENT_TYPE: { status: 415, title: 'circulars.errAttachmentTitle', body: 'circulars.errType' },
  CIRCULAR_ATTACHMENT_MISSING: {
    status: 400,
    title: 'circulars.errAttachmentTitle',
    body: 'circulars.errNoFile',
  },
  CIRCULAR_ATTACHMENT_LIMIT: {
    status: 422,
    title: 'circulars.errAttachmentTitle',
    body: 'circulars.errTooMany',
  },
  CIRCULAR_PDF_UNAVAILABLE: {
    status: 503,
    title: 'circulars.pdfUnavailableTitle',
    body: 'circulars.pdfUnavailableBody',
  },
  // Circulars as their recipients meet them.
  CIRCULAR_INBOX_NOT_FOUND: { status: 404, title: 'notFoundTitle', body: 'circularInbox.errNotFound' },
  CIRCULAR_INBOX_NO_ACK: { status: 409, title: 'conflictTitle', body: 'circularInbox.errNoAck' },
  CIRCULAR_INBOX_WITHDRAWN: { status: 409, title: 'conflictTitle', body: 'circularInbox.errWithdrawn' },
  CIRCULAR_INBOX_UNCONFIRMED: { status: 400, title: 'errorSummary', body: 'circularInbox.errUnconfirmed' },
  // The audit trail in the console: search, timeline, checkpoints.
  AUDIT_QUERY_INVALID: { status: 400, title: 'errorSummary', body: 'auditView.errLink' },
  AUDIT_OUT_OF_SCOPE: { status: 403, title: 'auditView.refusedTitle', body: 'auditView.refusedBody' },
  // Tickets: the service's refusals (issue 11).
  TICKET_NOT_FOUND: { status: 404, title: 'notFoundTitle', body: 'tickets.errNotFound' },
  TICKET_FORBIDDEN: { status: 403, title: 'tickets.errForbiddenTitle', body: 'tickets.errForbidden' },
  TICKET_INVALID: { status: 400, title: 'errorSummary', body: 'tickets.errInvalid' },
  TICKET_STATE: { status: 409, title: 'conflictTitle', body: 'tickets.errState' },
  TICKET_ATTACHMENT_TOO_LARGE: {
    status: 413,
    title: 'tickets.errAttachmentTitle',
    body: 'tickets.errAttachmentTooLarge',
  },
  TICKET_ATTACHMENT_TYPE: {
    status: 415,
    title: 'tickets.errAttachmentTitle',
    body: 'tickets.errAttachmentType',
  },
  // The officer's help pages: identification by mailed code, diagnostics.
  HELP_IDENTIFY_REQUIRED: { status: 401, title: 'selfHelp.identifyTitle', body: 'selfHelp.errIdentify' },
  HELP_FORM_INVALID: { status: 400, title: 'errorSummary', body: 'selfHelp.errForm' },
  // Versioned documents and acknowledgement in a live session.
  DOCUMENT_UNKNOWN: { status: 404, title: 'notFoundTitle', body: 'documents.errUnknownKind' },
} as const satisfies Record<string, { status: number; title: MessageKey; body: MessageKey }>;

export type ErrorCode = keyof typeof ERRORS;

/** The HTTP status for a failure code. */
export function statusOf(code: ErrorCode): number {
  return ERRORS[code].status;
}

/** Placeholders for a failure's catalogue sentences. */
export type ErrorVars = Readonly<Record<string, string | number>>;

export interface AppErrorOptions {
  cause?: unknown;
  vars?: ErrorVars;
  /** A sentence that replaces the table's body for this one failure (already translated). */
  detail?: string;
  /** Where the refusal page offers to go back to. */
  back?: { readonly href: string; readonly label: MessageKey };
}

/**
 * A failure that stops the request. The central error handler answers it: JSON `{ error: { code, message } }`
 * for API callers, or one bilingual refusal page. `message` is the English sentence, for logs; `cause` is
 * logged and never shown.
 */
export class AppError extends Error {
  readonly status: number;
  readonly vars: ErrorVars | undefined;
  readonly detail: string | undefined;
  readonly back: AppErrorOptions['back'];
  constructor(
    readonly code: ErrorCode,
    options: AppErrorOptions = {},
  ) {
    super(translator('en')(ERRORS[code].body, options.vars), { cause: options.cause });
    this.name = 'AppError';
    this.status = ERRORS[code].status;
    this.vars = options.vars;
    this.detail = options.detail;
    this.back = options.back;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
