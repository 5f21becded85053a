/** Every error code Dwaar answers with, and the HTTP status each maps to. */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  CSRF_FAILED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  LOGIN_FAILED: 401,
  ACCOUNT_LOCKED: 423,
  ACCOUNT_NOT_ACTIVE: 403,
  SESSION_REQUIRED: 401,
  FLOW_EXPIRED: 440,
  STEP_REQUIRED: 409,
  RATE_LIMITED: 429,
  UPSTREAM_UNAVAILABLE: 502,
  UPSTREAM_TIMEOUT: 504,
  INTERNAL: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
